/* Projector: htmx polls the state fragment; when the network drops the last state stays on screen
   and a discreet marker says so. The marker clears on the next successful answer. */
(function () {
  "use strict";
  var marker = document.getElementById("offline");
  if (window.htmx) { window.htmx.config.timeout = 1500; }
  function offline() { if (marker) { marker.hidden = false; } }
  document.body.addEventListener("htmx:sendError", offline);
  document.body.addEventListener("htmx:timeout", offline);
  document.body.addEventListener("htmx:responseError", offline);
  // A login page (expired session) or an error page must never replace the last good state.
  document.body.addEventListener("htmx:beforeSwap", function (e) {
    var url = (e.detail.xhr && e.detail.xhr.responseURL) || "";
    if (url.indexOf("/accounts/login") !== -1 || e.detail.xhr.status !== 200) {
      e.detail.shouldSwap = false;
      offline();
    }
  });
  document.body.addEventListener("htmx:afterRequest", function (e) {
    var url = (e.detail.xhr && e.detail.xhr.responseURL) || "";
    if (e.detail.successful && url.indexOf("/accounts/login") === -1 && marker) { marker.hidden = true; }
  });

  /* Election results fit the screen whole. Up to 15 names are scaled to the height left (between 1.4vw,
     at least 14 px, and 2.6vw); more names, or names that would not fit at that smallest size, are shown
     a page at a time in pages of (nearly) even length, the pager ("Trang 1/2") turning every 8 s from page 1
     when the result first appears. The fragment is replaced every second: the layout is kept by result
     and size so the swap re-applies it without measuring, and the page follows the clock. */
  var PAGE_MS = 8000, MAX_ROWS = 15, MIN_PX = 14, MIN_VW = 1.4, MAX_VW = 2.6;
  var firstSeen = {}, layouts = {};

  function rowsFit(list, rows, from, to, gap) {
    var used = 0;
    rows.forEach(function (li, i) { li.hidden = i < from || i >= to; });
    for (var i = from; i < to; i++) {
      var name = rows[i].firstElementChild;
      if (name && name.scrollWidth > name.clientWidth + 1) { return false; }
      used += rows[i].getBoundingClientRect().height;  // fractional: 15 rounded heights drift
    }
    return used + gap * (to - from - 1) <= list.getBoundingClientRect().height - 1;
  }

  // Page p (from 0) of `pages` shows rows start(p) to start(p + 1): page lengths differ by one at most.
  function start(n, pages, p) { return Math.floor(p * n / pages); }

  function allFit(list, rows, font, pages) {
    list.style.fontSize = font + "px";
    var gap = parseFloat(window.getComputedStyle(list).rowGap) || 0, n = rows.length;
    for (var p = 0; p < pages; p++) {
      if (!rowsFit(list, rows, start(n, pages, p), start(n, pages, p + 1), gap)) { return false; }
    }
    return true;
  }

  function measure(list, rows, unit) {
    var n = rows.length, low = Math.max(MIN_PX, MIN_VW * unit), high = Math.max(low, MAX_VW * unit);
    var pages = Math.max(1, Math.ceil(n / MAX_ROWS));
    while (pages < n && !allFit(list, rows, low, pages)) { pages += 1; }
    var font = low;
    if (allFit(list, rows, high, pages)) {
      font = high;
    } else {
      for (var step = 0, bad = high; step < 8; step++) {
        var mid = (font + bad) / 2;
        if (allFit(list, rows, mid, pages)) { font = mid; } else { bad = mid; }
      }
    }
    return { font: font, pages: pages };
  }

  function fitElection(section) {
    var list = section.querySelector(".p-bars");
    if (!list) { return; }
    var rows = Array.prototype.slice.call(list.children), n = rows.length;
    var stage = section.closest(".stage");
    var unit = (stage ? stage.clientWidth : window.innerWidth) / 100;
    var key = section.dataset.election + "/" + section.dataset.round;
    var pager = section.querySelector(".p-pager");
    function signature() {
      return [key, n, list.clientWidth, list.clientHeight, list.textContent.length].join(":");
    }
    var sig = signature();
    var layout = layouts[sig];
    if (!layout) {
      layout = measure(list, rows, unit);
      // Showing (or hiding) the pager takes (or frees) a line above the list: measure again with the
      // pager as it will be shown, or the last row overflows until the next measure (issue 15's suite).
      if (pager && pager.hidden !== (layout.pages < 2)) {
        pager.hidden = layout.pages < 2;
        sig = signature();
        layout = layouts[sig] || measure(list, rows, unit);
      }
      layouts[sig] = layout;
    }
    if (!(key in firstSeen)) { firstSeen[key] = Date.now(); }
    var page = Math.floor((Date.now() - firstSeen[key]) / PAGE_MS) % layout.pages;
    var from = start(n, layout.pages, page), to = start(n, layout.pages, page + 1);
    list.style.fontSize = layout.font + "px";
    rows.forEach(function (li, i) { li.hidden = i < from || i >= to; });
    section.dataset.page = String(page + 1);
    section.dataset.pages = String(layout.pages);
    if (pager) {
      pager.hidden = layout.pages < 2;
      pager.textContent = (pager.dataset.format || "{page}/{pages}")
        .replace("{page}", String(page + 1)).replace("{pages}", String(layout.pages));
    }
  }

  function fitAll() {
    Array.prototype.forEach.call(document.querySelectorAll(".p-election"), fitElection);
  }
  fitAll();
  document.body.addEventListener("htmx:afterSwap", fitAll);
  window.addEventListener("resize", fitAll);
  window.setInterval(fitAll, 500);
})();
