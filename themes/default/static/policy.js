// Policies stay right after the build: the status of a policy (not yet in
// force, in force, review overdue) is worked out again from the dates on the
// page, in the reader's own calendar, so a site that was not rebuilt after
// a review date still says so. And the language switcher keeps the clause a
// reader is on (#art-5.2 is the same clause in every language).
(function () {
  "use strict";

  // Today in the reader's time zone, as YYYY-MM-DD: a policy takes effect on
  // a calendar day, not at a moment in UTC.
  function today() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function statusOn(day, effective, review) {
    if (effective && day < effective) return "not-yet-in-force";
    if (review && day > review) return "review-overdue";
    return "in-force";
  }

  function dateOf(scope, name) {
    var time = scope.querySelector("time[data-policy-date='" + name + "']");
    return time ? time.getAttribute("datetime") : "";
  }

  Array.prototype.forEach.call(document.querySelectorAll(".policy-meta"), function (meta) {
    var cell = meta.querySelector(".policy-status");
    if (!cell) return;
    var status = statusOn(today(), dateOf(meta, "effective"), dateOf(meta, "review"));
    cell.setAttribute("data-status", status);
    Array.prototype.forEach.call(cell.querySelectorAll("[data-status-text]"), function (span) {
      span.hidden = span.getAttribute("data-status-text") !== status;
    });
    var banner = meta.nextElementSibling;
    if (banner && banner.classList.contains("policy-overdue")) banner.hidden = status !== "review-overdue";
  });

  // The language switcher carries the fragment along: the reader of
  // #art-5.2 lands on #art-5.2 of the translation. Without scripts the
  // links still go to the translated page.
  var switches = Array.prototype.slice.call(document.querySelectorAll(".language-switcher a[href][hreflang]:not([data-missing])"));
  function carryFragment() {
    switches.forEach(function (a) {
      var base = a.getAttribute("href").split("#")[0];
      a.setAttribute("href", base + window.location.hash);
    });
  }
  if (switches.length) {
    carryFragment();
    window.addEventListener("hashchange", carryFragment);
  }
})();

// A policy's versions: which one is in force follows the reader's clock
// too, so a version scheduled for 1 January shows as in force on that day
// without a rebuild (the notice on a version's page, and the version table).
(function () {
  "use strict";
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  var d = new Date();
  var today = d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());

  Array.prototype.forEach.call(document.querySelectorAll(".version-notice"), function (notice) {
    var date = function (name) {
      var time = notice.querySelector("time[data-version-date='" + name + "']");
      return time ? time.getAttribute("datetime") : "";
    };
    var effective = date("effective");
    var replaced = date("replaced");
    var state = effective && today < effective ? "scheduled" : replaced && today >= replaced ? "replaced" : "in-force";
    notice.setAttribute("data-state", state);
    Array.prototype.forEach.call(notice.querySelectorAll("[data-version-state]"), function (p) {
      p.hidden = p.getAttribute("data-version-state") !== state;
    });
  });

  Array.prototype.forEach.call(document.querySelectorAll(".versions tr[data-from]"), function (row) {
    var from = row.getAttribute("data-from");
    var until = row.getAttribute("data-until");
    var label = row.querySelector(".version-in-force");
    if (label) label.hidden = !(from && from <= today && (!until || today <= until));
  });
})();
