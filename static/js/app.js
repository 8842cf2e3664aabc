// Only what htmx cannot do by itself: after a swap, move keyboard focus to the new content so
// keyboard and screen-reader users land on the feedback, the next question or the error.
document.addEventListener("htmx:afterSwap", () => {
  const next = document.querySelector("#panel .verdict, #panel #question-heading, #error");
  if (next && document.activeElement !== next) {
    if (!next.hasAttribute("tabindex")) next.setAttribute("tabindex", "-1");
    next.focus();
  }
});
