// The theme's behaviour: colour scheme toggle, the menu on small screens,
// and the current heading in the table of contents. No framework, no
// inline handlers (pages run under a strict Content-Security-Policy).
(function () {
  "use strict";
  var root = document.documentElement;
  var dark = window.matchMedia("(prefers-color-scheme: dark)");

  function isDark() {
    var chosen = root.getAttribute("data-theme");
    return chosen ? chosen === "dark" : dark.matches;
  }

  var toggle = document.querySelector(".theme-toggle");
  if (toggle) {
    var sync = function () { toggle.setAttribute("aria-pressed", String(isDark())); };
    toggle.hidden = false;
    sync();
    toggle.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("beleid-theme", next); } catch (e) { /* not remembered */ }
      sync();
    });
    dark.addEventListener("change", sync);
  }

  var menu = document.querySelector(".menu-button");
  var sidebar = document.getElementById("sidebar");
  if (menu && sidebar) {
    var small = window.matchMedia("(max-width: 50rem)");
    var update = function () { menu.hidden = !small.matches; };
    update();
    small.addEventListener("change", update);
    menu.addEventListener("click", function () {
      var open = sidebar.classList.toggle("open");
      menu.setAttribute("aria-expanded", String(open));
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && sidebar.classList.contains("open")) {
        sidebar.classList.remove("open");
        menu.setAttribute("aria-expanded", "false");
        menu.focus();
      }
    });
  }

  // Mark the table-of-contents entry of the heading being read.
  var tocLinks = Array.prototype.slice.call(document.querySelectorAll(".toc a[href^='#']"));
  if (tocLinks.length && "IntersectionObserver" in window) {
    var byId = {};
    tocLinks.forEach(function (a) { byId[decodeURIComponent(a.getAttribute("href").slice(1))] = a; });
    var headings = Object.keys(byId).map(function (id) { return document.getElementById(id); }).filter(Boolean);
    var visible = new Set();
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) { if (e.isIntersecting) visible.add(e.target); else visible.delete(e.target); });
      var current = headings.find(function (h) { return visible.has(h); });
      if (!current) return;
      tocLinks.forEach(function (a) { a.removeAttribute("aria-current"); });
      byId[current.id].setAttribute("aria-current", "true");
    }, { rootMargin: "-10% 0px -70% 0px" });
    headings.forEach(function (h) { observer.observe(h); });
  }
})();
