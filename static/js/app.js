// Only what htmx cannot do by itself: when a quiz panel or an error arrives, move keyboard focus
// to it, so keyboard and screen-reader users land on the feedback, the next question or the error.
// (htmx:load fires on the new element; the swapped-out one no longer bubbles events.)
document.addEventListener("htmx:load", (event) => {
  const root = event.target;
  if (root.id !== "panel" && root.id !== "error") return;
  const next = root.querySelector(".verdict") || root.querySelector("#question-heading") || root;
  if (!next.hasAttribute("tabindex")) next.setAttribute("tabindex", "-1");
  next.focus();
});
