// Runs before the page is painted (loaded without `defer` in <head>): applies
// the colour scheme the reader chose last time, so the page never flashes
// in the wrong one, and marks that scripts run.
(function () {
  var root = document.documentElement;
  root.classList.add("js");
  try {
    var chosen = localStorage.getItem("beleid-theme");
    if (chosen === "light" || chosen === "dark") root.setAttribute("data-theme", chosen);
  } catch (e) { /* storage blocked: follow the system setting */ }
})();
