// Code blocks: a toolbar above each with the code's language and a copy
// button. The button is a real <button> (keyboard and screen readers reach
// it); "Copied" is said through a live region, since a changed button
// label is not announced everywhere. No inline handlers or styles (pages
// run under a strict Content-Security-Policy).
(function () {
  "use strict";
  var blocks = document.querySelectorAll(".prose pre.code");
  if (!blocks.length) return;
  var strings = document.body.dataset;
  var SVG = "http://www.w3.org/2000/svg";

  // One polite live region for every block's "Copied".
  var status = document.createElement("p");
  status.className = "visually-hidden code-copy-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  document.body.appendChild(status);

  function icon() {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", "icon");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    [["rect", { x: "8", y: "8", width: "12", height: "12", rx: "2" }], ["path", { d: "M16 8V5.5A1.5 1.5 0 0 0 14.5 4h-9A1.5 1.5 0 0 0 4 5.5v9A1.5 1.5 0 0 0 5.5 16H8" }]]
      .forEach(function (shape) {
        var el = document.createElementNS(SVG, shape[0]);
        Object.keys(shape[1]).forEach(function (k) { el.setAttribute(k, shape[1][k]); });
        el.setAttribute("fill", "none");
        el.setAttribute("stroke", "currentColor");
        el.setAttribute("stroke-width", "1.8");
        svg.appendChild(el);
      });
    return svg;
  }

  // The clipboard API where allowed, else a selected, off-screen text area.
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return legacyCopy(text); });
    }
    return legacyCopy(text);
  }

  function legacyCopy(text) {
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "visually-hidden";
      document.body.appendChild(area);
      area.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
      area.remove();
      if (done) resolve(); else reject(new Error("copy refused"));
    });
  }

  function say(text) {
    // Emptied first, so the same words twice in a row are announced twice.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function addToolbar(pre) {
    var code = pre.querySelector("code") || pre;
    var frame = document.createElement("div");
    frame.className = "code-block";
    var bar = document.createElement("div");
    bar.className = "code-toolbar";
    var lang = pre.getAttribute("data-lang");
    if (lang) {
      var label = document.createElement("span");
      label.className = "code-language";
      // Screen readers hear "Code in rust"; the eye sees "rust".
      var spoken = document.createElement("span");
      spoken.className = "visually-hidden";
      spoken.textContent = (strings.codeLanguage || "") + " ";
      var name = document.createElement("span");
      name.textContent = lang;
      label.append(spoken, name);
      bar.appendChild(label);
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "code-copy";
    var text = document.createElement("span");
    text.textContent = strings.copy || "Copy";
    button.append(icon(), text);
    var reset = 0;
    button.addEventListener("click", function () {
      copy(code.textContent).then(function () {
        text.textContent = strings.copied || "Copied";
        button.setAttribute("data-state", "copied");
        say(strings.copied || "Copied");
      }, function () {
        say(strings.copyFailed || "");
      });
      window.clearTimeout(reset);
      reset = window.setTimeout(function () {
        text.textContent = strings.copy || "Copy";
        button.removeAttribute("data-state");
      }, 2000);
    });
    bar.appendChild(button);
    pre.before(frame);
    frame.append(bar, pre);
  }

  Array.prototype.forEach.call(blocks, addToolbar);
})();
