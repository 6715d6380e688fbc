// The theme's behaviour: the colour scheme toggle, the menu on small
// screens, print buttons, link addresses on paper, keyboard access to wide
// code, and the current heading in the table of contents. No framework, no
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
    // A choice made in another tab applies here too.
    window.addEventListener("storage", function (event) {
      if (event.key !== "beleid-theme") return;
      if (event.newValue === "light" || event.newValue === "dark") root.setAttribute("data-theme", event.newValue);
      else root.removeAttribute("data-theme");
      sync();
    });
  }

  // On small screens the navigation is a panel under the header, opened by
  // the menu button. While it is open the page behind it is inert, so
  // keyboard focus cannot wander off behind the panel.
  var menu = document.querySelector(".menu-button");
  var sidebar = document.getElementById("sidebar");
  var header = document.querySelector(".site-header");
  if (menu && sidebar) {
    var small = window.matchMedia("(max-width: 50rem)");
    var behind = Array.prototype.slice.call(document.querySelectorAll("main, .toc, .site-footer"));
    var setOpen = function (open) {
      sidebar.classList.toggle("open", open);
      menu.setAttribute("aria-expanded", String(open));
      document.body.classList.toggle("menu-open", open);
      if (open && header) {
        var bottom = Math.max(0, Math.round(header.getBoundingClientRect().bottom));
        root.style.setProperty("--menu-top", bottom + "px");
      }
      behind.forEach(function (el) { el.inert = open; });
    };
    var update = function () {
      menu.hidden = !small.matches;
      if (!small.matches && sidebar.classList.contains("open")) setOpen(false);
    };
    update();
    small.addEventListener("change", update);
    menu.addEventListener("click", function () {
      setOpen(!sidebar.classList.contains("open"));
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && sidebar.classList.contains("open")) {
        setOpen(false);
        menu.focus();
      }
    });
  }

  // In a long navigation the current page's link may be below the
  // sidebar's fold: scroll the sidebar (never the page) to show it, only
  // when it is out of view, so a short navigation never jumps.
  var revealCurrent = function () {
    var current = sidebar && sidebar.querySelector("a[aria-current='page']");
    if (!current || sidebar.scrollHeight <= sidebar.clientHeight) return;
    var box = sidebar.getBoundingClientRect(), link = current.getBoundingClientRect();
    if (link.top >= box.top && link.bottom <= box.bottom) return;
    sidebar.scrollTop += link.top - box.top - (sidebar.clientHeight - link.height) / 3;
  };
  revealCurrent();
  if (menu) menu.addEventListener("click", revealCurrent);

  // "Print or save as PDF" buttons: they need scripts, so they start hidden.
  Array.prototype.forEach.call(document.querySelectorAll(".print-button"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // On paper a link shows where it goes: the full address after the link
  // text (see the print styles), unless the text already is the address.
  Array.prototype.forEach.call(document.querySelectorAll(".prose a[href]"), function (a) {
    var href = a.getAttribute("href");
    if (href.charAt(0) === "#") return;
    var url = a.href;
    if (/^mailto:/i.test(url)) url = decodeURIComponent(url.slice(7).split("?")[0]);
    var text = a.textContent.trim().replace(/\/$/, "");
    var bare = url.replace(/^https?:\/\//, "").replace(/\/$/, "");
    a.setAttribute("data-print-url", text === url.replace(/\/$/, "") || text === bare ? "" : url);
  });

  // Code wider than its box scrolls sideways; keyboard users need to be
  // able to focus it to scroll it.
  var scrollers = Array.prototype.slice.call(document.querySelectorAll(".prose pre"));
  var markScrollable = function () {
    scrollers.forEach(function (pre) {
      if (pre.scrollWidth > pre.clientWidth + 1) pre.setAttribute("tabindex", "0");
      else pre.removeAttribute("tabindex");
    });
  };
  if (scrollers.length) {
    markScrollable();
    window.addEventListener("resize", markScrollable);
  }

  // Mark the table-of-contents entry of the section being read: the last
  // heading above the top quarter of the window (the first one at the top
  // of the page, the last one at its bottom).
  var tocLinks = Array.prototype.slice.call(document.querySelectorAll(".toc a[href^='#']"));
  var tocTargets = tocLinks.map(function (a) {
    return document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
  });
  if (tocLinks.length && tocTargets.every(Boolean)) {
    var currentLink = null;
    var markCurrent = function () {
      var line = window.innerHeight * 0.25;
      var index = 0;
      for (var i = 0; i < tocTargets.length; i++) {
        if (tocTargets[i].getBoundingClientRect().top <= line) index = i;
        else break;
      }
      var scroller = document.scrollingElement;
      if (scroller.scrollTop > 0 && scroller.scrollTop + window.innerHeight >= scroller.scrollHeight - 2) {
        index = tocTargets.length - 1;
      }
      var link = tocLinks[index];
      if (link === currentLink) return;
      if (currentLink) currentLink.removeAttribute("aria-current");
      link.setAttribute("aria-current", "true");
      currentLink = link;
    };
    var queued = false;
    var onScroll = function () {
      if (queued) return;
      queued = true;
      window.requestAnimationFrame(function () { queued = false; markCurrent(); });
    };
    window.addEventListener("scroll", onScroll, { passive: true });
    window.addEventListener("resize", onScroll);
    markCurrent();
  }
})();
