// The search box: results as options of a list box under it, built with
// DOM APIs and textContent only (page text and queries never reach
// innerHTML), keyboard navigation, other languages when this one finds
// little. loader.js loads the engine when the reader opens search.

// The engine's parts, for tests and for other scripts of a site.
global.BeleidSearch = {
  fold: fold, tokens: tokens, queryWords: queryWords, stopwords: stopwords, shardKey: shardKey,
  decodeShard: decodeShard, decodeFragment: decodeFragment, inflate: inflate, withinOneEdit: withinOneEdit,
  Index: Index, Store: Store, snippet: snippet, matcher: matcher
};

if (typeof document === "undefined") return;

function element(tag, className, text) {
  var el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

function resultLink(fragment, hit, result, id, language) {
  var section = fragment.s[hit.section] || ["", "", ""];
  var a = element("a", "search-result");
  a.href = fragment.u + (section[0] ? "#" + section[0] : "");
  a.id = id;
  a.setAttribute("role", "option");
  a.setAttribute("aria-selected", "false");
  // Options are reached with the arrow keys from the box (the combobox
  // pattern), so Tab goes on to "show all" rather than through the list.
  a.tabIndex = -1;
  if (language) a.setAttribute("lang", language);
  a.appendChild(element("span", "search-result-title", fragment.t));
  if (section[1]) a.appendChild(element("span", "search-result-section", section[1]));
  var text = section[2] || (fragment.s[0] && fragment.s[0][2]) || "";
  if (text) {
    var p = element("span", "search-result-snippet");
    snippet(text, matcher(result), 24).forEach(function (piece) {
      p.appendChild(piece.mark ? element("mark", "", piece.text) : document.createTextNode(piece.text));
    });
    a.appendChild(p);
  }
  return a;
}

function setUp(form) {
  var input = form.querySelector(".search-input");
  var list = form.querySelector(".search-results");
  var status = form.querySelector(".search-status");
  if (!input || !list) return;
  // "No results" shows next to the list box, not in it (a list box holds
  // options only), in the same place and style. The live region says it
  // too, with every result count.
  var message = element("p", "search-results search-empty");
  if (list.id) message.id = list.id + "-empty";
  message.hidden = true;
  list.after(message);
  var d = form.dataset;
  // Under the list: how many pages match and, when only the first few
  // are listed, a button that lists them all. Outside the list box (it
  // holds options only), in one positioned popup with it.
  var more = element("div", "search-more");
  var counted = element("span", "search-count");
  var showAll = element("button", "search-show-all");
  showAll.type = "button";
  more.append(counted, showAll);
  more.hidden = true;
  var popup = element("div", "search-popup");
  list.before(popup);
  popup.append(list, message, more);
  var FIRST = 8, limit = FIRST, total = 0;
  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (all, k) { return Object.prototype.hasOwnProperty.call(values, k) ? values[k] : all; });
  }
  var base = d.index;
  var others = (d.others || "").split(" ").filter(Boolean).map(function (pair) {
    var i = pair.indexOf("="); return { lang: pair.slice(0, i), base: pair.slice(i + 1) };
  });
  var sequence = 0, selected = -1;

  function options() { return list.querySelectorAll("[role=option]"); }

  function select(i) {
    var all = options();
    if (!all.length) { selected = -1; input.removeAttribute("aria-activedescendant"); return; }
    selected = (i + all.length) % all.length;
    all.forEach(function (o, j) { o.setAttribute("aria-selected", String(j === selected)); });
    input.setAttribute("aria-activedescendant", all[selected].id);
    all[selected].scrollIntoView({ block: "nearest" });
  }

  function close() {
    list.hidden = true;
    message.hidden = true;
    more.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    selected = -1;
  }

  // Shows the list when it has options, else the message when it says something.
  function open() {
    if (options().length) {
      list.hidden = false;
      more.hidden = false;
      input.setAttribute("aria-expanded", "true");
    } else if (message.textContent) {
      message.hidden = false;
    }
  }

  function clear() {
    list.replaceChildren();
    message.textContent = "";
    close();
  }

  function announce(text) { if (status) status.textContent = text; }

  async function run() {
    var query = input.value;
    var mine = ++sequence;
    // A newer query makes this one stale: it stops at the next step.
    var stale = function () { return mine !== sequence; };
    if (!query.trim()) { clear(); announce(""); return; }
    try {
      var index = await openIndex(base);
      if (stale()) return;
      var result = await index.search(query, limit, stale);
      if (!result || stale()) return;
      var groups = [{ index: index, result: result, lang: null }];
      // This language's pages are fetched while other languages are searched.
      var own = Promise.all(result.hits.map(function (hit) { return index.fragment(hit.page); }));
      own.catch(noop);
      if (result.hits.length < 3 && others.length) {
        var more = await Promise.all(others.map(function (other) {
          return openIndex(other.base).then(function (o) {
            return stale() ? null : o.search(query, 4, stale).then(function (r) { return { index: o, result: r, lang: other.lang }; });
          }).catch(function () { return null; }); // that language has no index
        }));
        if (stale()) return;
        more.forEach(function (g) { if (g && g.result && g.result.hits.length) groups.push(g); });
      }
      var rendered = await Promise.all(groups.map(function (g, gi) {
        return gi === 0 ? own : Promise.all(g.result.hits.map(function (hit) { return g.index.fragment(hit.page); }));
      }));
      if (stale()) return;
      var nodes = [], count = 0;
      groups.forEach(function (g, gi) {
        if (g.lang && g.result.hits.length) {
          var label = element("p", "search-group", d.otherLanguage + ": " + (d["lang" + g.lang.replace(/^./, function (c) { return c.toUpperCase(); })] || g.lang));
          label.setAttribute("role", "presentation");
          nodes.push(label);
        }
        g.result.hits.forEach(function (hit, hi) {
          nodes.push(resultLink(rendered[gi][hi], hit, g.result, "search-result-" + count, g.lang));
          count++;
        });
      });
      var none = d.noResults + " “" + query.trim() + "”";
      list.replaceChildren.apply(list, nodes);
      message.textContent = count ? "" : none;
      // The real number of pages found, not only the ones listed.
      total = Math.max(result.total || 0, result.hits.length);
      var partial = total > result.hits.length;
      var counting = partial ? fill(d.showing, { shown: result.hits.length, n: total }) :
        count === 1 ? d.oneResult : count + " " + d.manyResults;
      counted.textContent = counting;
      showAll.textContent = fill(d.showAll, { n: total });
      showAll.hidden = !partial;
      close();
      open();
      announce(count ? counting : none);
    } catch (e) {
      if (!stale()) announce(d.unavailable || "");
    }
  }

  input.addEventListener("input", function () { limit = FIRST; run(); });
  // Lists every page found; the first newly listed one becomes the
  // active option, so keyboard and screen reader users continue there.
  showAll.addEventListener("click", function () {
    var before = options().length;
    limit = Math.max(total, FIRST);
    run().then(function () {
      input.focus();
      if (options().length > before) select(before);
    });
  });
  input.addEventListener("focus", function () {
    // The store opens while the reader types, not on the first query.
    var kept = theStore();
    if (kept) kept.open();
    if (input.value.trim()) open();
  });
  input.addEventListener("keydown", function (event) {
    var all = options();
    if (event.key === "ArrowDown") { event.preventDefault(); if (list.hidden && input.value.trim()) run(); select(selected + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); select(selected - 1); }
    else if (event.key === "Enter") {
      if (all.length) { event.preventDefault(); window.location.href = all[Math.max(selected, 0)].href; }
    } else if (event.key === "Escape") {
      if (!list.hidden || !message.hidden) { event.preventDefault(); close(); }
      else if (input.value) { event.preventDefault(); input.value = ""; clear(); announce(""); }
      else input.blur();
    }
  });
  form.addEventListener("submit", function (event) { if (!options().length) event.preventDefault(); });
  document.addEventListener("click", function (event) { if (!form.contains(event.target)) close(); });
  // The search page (search/<lang>/?q=...) fills the box from the address.
  var q = new URLSearchParams(window.location.search).get("q");
  if (q && document.body.classList.contains("kind-search")) { input.value = q; input.focus(); run(); }
  else if (document.activeElement === input) {
    // The engine arrives once the reader is in the box, maybe typing.
    var kept = theStore();
    if (kept) kept.open();
    if (input.value.trim()) run();
  }
}

document.querySelectorAll("form.search[data-index]").forEach(setUp);
