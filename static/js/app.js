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

// A live session's phone: when a new question or its answer arrives, move focus to it, so a
// screen reader reads it out.
document.addEventListener("htmx:load", (event) => {
  if (event.target.id !== "live") return;
  const next = event.target.querySelector(".live-focus");
  if (!next) return;
  if (!next.hasAttribute("tabindex")) next.setAttribute("tabindex", "-1");
  next.focus({ preventScroll: false });
});

// The projector: → or Page Down (what a presenter's clicker sends) takes the teacher's next step.
document.addEventListener("keydown", (event) => {
  if (!["ArrowRight", "PageDown"].includes(event.key)) return;
  if (event.target.closest("input, select, textarea, [contenteditable]")) return;
  const next = document.querySelector("[data-live-next]");
  if (!next) return;
  event.preventDefault();
  next.click();
});
