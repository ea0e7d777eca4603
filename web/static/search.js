// Enhancements of the search page; without this script every link and form still works.
// - results update while typing, newest answer wins, one history entry per settled query;
// - on phones the filters fold under "Lọc kết quả"; long facet lists get a filter box.
(function () {
  "use strict";
  var INTERVAL = 250;   // at most one request per interval while typing
  var SETTLE = 1000;    // a query unchanged this long gets its own history entry
  var MAX_IN_FLIGHT = 2;
  var PHONE = window.matchMedia ? window.matchMedia("(max-width: 47.99rem)") : null;

  // "Quảng Ngãi" -> "quang ngai", so the facet box matches typing without accents.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "d").toLowerCase().trim();
  }

  function enhanceFilters(root) {
    var filters = root.querySelector("details.filters");
    if (filters && PHONE) filters.open = !PHONE.matches;
    root.querySelectorAll("[data-facet-group]").forEach(function (group) {
      if (!group.querySelector("details.more")) return;
      var heading = group.querySelector("h3");
      var box = document.createElement("input");
      box.type = "search";
      box.className = "facet-filter";
      box.placeholder = "Lọc " + heading.textContent.trim().toLowerCase();
      box.setAttribute("aria-label", box.placeholder);
      box.setAttribute("autocomplete", "off");
      var empty = document.createElement("p");
      empty.className = "facet-empty";
      empty.textContent = "Không có giá trị nào khớp.";
      empty.hidden = true;
      heading.after(box);
      group.querySelector("ul").after(empty);
      box.addEventListener("input", function () { filterFacet(group, fold(box.value), empty); });
    });
  }

  function filterFacet(group, wanted, empty) {
    var more = group.querySelector("details.more");
    var shown = 0;
    group.querySelectorAll("li").forEach(function (li) {
      // Words are matched from their start: "ha" finds "Hà Nội", not "Thái Bình".
      var match = !wanted || (" " + fold(li.textContent)).indexOf(" " + wanted) >= 0;
      li.hidden = !match;
      if (match) shown += 1;
    });
    if (wanted) more.open = true;
    more.querySelector("summary").hidden = !!wanted;
    empty.hidden = shown > 0;
  }

  if (PHONE) {
    PHONE.addEventListener("change", function () {
      var filters = document.querySelector("details.filters");
      if (filters) filters.open = !PHONE.matches;
    });
  }
  enhanceFilters(document);

  var input = document.querySelector("input[data-live-search]");
  var region = document.getElementById("results-body");
  var count = document.getElementById("result-count");
  if (!input || !region || !count || !window.fetch || !window.DOMParser) return;
  var form = input.form;
  var timer = null, settleTimer = null;
  var lastSent = 0, sent = 0, shown = 0;
  var inFlight = {};
  var settled = true;
  var lastQuery = input.value.trim();
  var shownSearch = location.search;  // the address whose results are on screen

  function searchUrl() {
    return form.action + "?" + new URLSearchParams(new FormData(form)).toString();
  }

  function swap(html) {
    // The server escapes everything; scripts in parsed markup never run.
    var doc = new DOMParser().parseFromString(html, "text/html");
    var body = doc.getElementById("results-body");
    var newCount = doc.getElementById("result-count");
    var message = doc.querySelector(".error-message");
    if (body && newCount) {
      region.replaceWith(document.importNode(body, true));
      region = document.getElementById("results-body");
      count.replaceChildren.apply(count, Array.prototype.map.call(newCount.childNodes,
        function (node) { return document.importNode(node, true); }));
      document.title = doc.title;
      enhanceFilters(region);
      return true;
    }
    if (message) count.textContent = message.textContent.trim();
    return false;
  }

  function remember(url) {
    shownSearch = new URL(url, location.href).search;
    if (settled) history.pushState({ vpLive: true }, "", url);
    else history.replaceState({ vpLive: true }, "", url);
    settled = false;
  }

  function send() {
    var q = input.value.trim();
    if (q === lastQuery || q.length < 2) return;
    lastQuery = q;
    lastSent = Date.now();
    var ticket = ++sent;
    var url = searchUrl();
    var tickets = Object.keys(inFlight).map(Number).sort(function (a, b) { return a - b; });
    if (tickets.length >= MAX_IN_FLIGHT) { inFlight[tickets[0]].abort(); delete inFlight[tickets[0]]; }
    var controller = new AbortController();
    inFlight[ticket] = controller;
    fetch(url, { headers: { Accept: "text/html" }, signal: controller.signal })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        delete inFlight[ticket];
        if (ticket <= shown) return;  // a newer answer is already on screen
        shown = ticket;
        Object.keys(inFlight).forEach(function (t) {
          if (Number(t) < ticket) { inFlight[t].abort(); delete inFlight[t]; }
        });
        if (swap(html)) remember(url);
      })
      .catch(function () { delete inFlight[ticket]; /* submitting still works */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    clearTimeout(settleTimer);
    settleTimer = setTimeout(function () { settled = true; }, SETTLE);
    var wait = lastSent + INTERVAL - Date.now();
    if (wait <= 0) send();
    else timer = setTimeout(send, wait);
  });

  // Back and Forward between live entries: show the results of the entry's address.
  window.addEventListener("popstate", function () {
    if (location.search === shownSearch) return;  // e.g. the skip link's #main
    shownSearch = location.search;
    clearTimeout(timer);
    var q = new URLSearchParams(location.search).get("q") || "";
    input.value = q;
    lastQuery = q.trim();
    settled = true;
    var ticket = ++sent;
    fetch(location.href, { headers: { Accept: "text/html" } })
      .then(function (response) { return response.text(); })
      .then(function (html) { if (ticket > shown) { shown = ticket; swap(html); } })
      .catch(function () { location.reload(); });
  });
})();
