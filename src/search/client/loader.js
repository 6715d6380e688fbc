// beleid search loader: the only search script every page runs. It loads
// the search engine (search-engine.js, named by this script's
// data-engine attribute) when the reader opens search: on focus of, or
// typing in, a search box, with the `/` and Ctrl+K (Cmd+K) shortcuts, and
// at once on the search page. Until then a page fetches nothing for
// search. The engine is an ordinary script of the site's own origin, so it
// loads under the site's Content-Security-Policy (`script-src 'self'`).
(function () {
  "use strict";
  var script = document.currentScript;
  var engine = script && script.getAttribute("data-engine");
  var forms = document.querySelectorAll("form.search[data-index]");
  if (!engine || !forms.length) return;
  var requested = false;
  function load() {
    if (requested) return;
    requested = true;
    var tag = document.createElement("script");
    tag.src = engine;
    // Not loaded (offline, say): the next focus tries again.
    tag.onerror = function () { requested = false; tag.remove(); };
    document.head.appendChild(tag);
  }
  forms.forEach(function (form) {
    var input = form.querySelector(".search-input");
    if (!input) return;
    input.addEventListener("focus", load);
    input.addEventListener("input", load);
    if (document.activeElement === input) load();
    // `/` (outside text fields) and Ctrl+K or Cmd+K go to the search box.
    document.addEventListener("keydown", function (event) {
      var target = event.target, tag = target && target.tagName;
      var typing = tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
      if ((event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) ||
          (String(event.key).toLowerCase() === "k" && (event.ctrlKey || event.metaKey))) {
        event.preventDefault();
        input.focus();
        input.select();
      }
    });
  });
  // The search page runs the query in its address (`?q=`) at once.
  if (document.body.classList.contains("kind-search") && new URLSearchParams(window.location.search).get("q")) load();
})();
