// Light behaviour only; every page works without it.
document.addEventListener("DOMContentLoaded", () => {
  // "/" focuses the search box.
  document.addEventListener("keydown", (e) => {
    const tag = (e.target && e.target.tagName) || "";
    if (e.key === "/" && !/INPUT|TEXTAREA|SELECT/.test(tag)) {
      const box = document.querySelector(".searchbox input");
      if (box) { e.preventDefault(); box.focus(); }
    }
  });
  // Article page: show only the removed lines of the original.
  const toggle = document.getElementById("only-removed");
  const lines = document.getElementById("original-lines");
  if (toggle && lines) {
    toggle.addEventListener("change", () => lines.classList.toggle("only-removed", toggle.checked));
  }
});
