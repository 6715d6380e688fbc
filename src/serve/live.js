// beleid dev server: live reload. Added to pages by `beleid serve` only.
(function () {
  "use strict";
  var script = document.currentScript;
  var build = script && script.getAttribute("data-build");
  var key = "beleid-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var restore = function () { window.scrollTo(0, Number(saved) || 0); };
    if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
  }

  function reload() {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  }

  function showErrors(errors) {
    var old = document.getElementById("beleid-overlay");
    if (old) old.remove();
    if (!errors || !errors.length) return;
    var overlay = document.createElement("div");
    overlay.id = "beleid-overlay";
    overlay.setAttribute("role", "alert");
    var box = document.createElement("div");
    box.className = "beleid-overlay-box";
    var title = document.createElement("p");
    title.className = "beleid-overlay-title";
    title.textContent = "The last change could not be built. You see the last good version.";
    box.appendChild(title);
    var list = document.createElement("ul");
    errors.forEach(function (e) {
      var item = document.createElement("li");
      var where = document.createElement("code");
      where.textContent = e.location;
      item.appendChild(where);
      item.appendChild(document.createTextNode(" " + e.message));
      if (e.hint) {
        item.appendChild(document.createElement("br"));
        var hint = document.createElement("span");
        hint.className = "beleid-overlay-hint";
        hint.textContent = e.hint;
        item.appendChild(hint);
      }
      list.appendChild(item);
    });
    box.appendChild(list);
    overlay.appendChild(box);
    document.body.appendChild(overlay);
  }

  var source = new EventSource("/__beleid/events");
  source.addEventListener("hello", function (e) {
    var data = JSON.parse(e.data);
    if (build && data.build !== build) { reload(); return; }
    showErrors(data.errors);
  });
  source.addEventListener("reload", function () { reload(); });
  source.addEventListener("css", function (e) {
    var data = JSON.parse(e.data);
    build = data.build;
    data.swaps.forEach(function (swap) {
      document.querySelectorAll("link[rel=stylesheet]").forEach(function (link) {
        if (link.getAttribute("href") === swap.from) link.setAttribute("href", swap.to);
      });
    });
    showErrors([]);
  });
  source.addEventListener("build-error", function (e) { showErrors(JSON.parse(e.data).errors); });
  window.__beleidLive = { source: source };
})();
