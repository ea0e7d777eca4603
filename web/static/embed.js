// <vp-search endpoint="https://host" locality="Hà Nội" placeholder="..."> : an embeddable search box.
// Results come from endpoint + /api/search (CORS); without JavaScript the element's own
// children (a plain <form action="https://host/search">) are shown instead.
(function () {
  "use strict";
  if (!window.customElements || customElements.get("vp-search")) return;
  var script = document.currentScript;
  var SCRIPT_ORIGIN = script && script.src ? new URL(script.src, location.href).origin : "";
  var INTERVAL = 150;    // while typing, at most one request per interval: results keep up
  var MIN_LENGTH = 2;
  var MAX_IN_FLIGHT = 2;
  var STORE = "vp-search:";  // sessionStorage key prefix: the query survives Back
  var ERRORS = {
    query_too_long: "Từ khóa quá dài. Hãy rút gọn rồi thử lại.",
    index_missing: "Máy chủ tìm kiếm chưa sẵn sàng. Vui lòng thử lại sau.",
    index_outdated: "Máy chủ tìm kiếm chưa sẵn sàng. Vui lòng thử lại sau.",
    invalid_parameter: "Yêu cầu tìm kiếm không hợp lệ (kiểm tra thuộc tính của <vp-search>).",
    offline: "Không kết nối được máy chủ tìm kiếm. Vui lòng thử lại sau.",
    other: "Máy chủ tìm kiếm đang gặp sự cố. Vui lòng thử lại sau."
  };
  var CSS = [
    ":host { display: block; position: relative; max-width: var(--vp-width, 36rem);",
    "  font-family: var(--vp-font, system-ui, sans-serif); color: var(--vp-fg, #1d1d1f); line-height: 1.45; }",
    ":host([hidden]) { display: none; }",
    "label { display: block; font-weight: 600; margin-bottom: .25rem; }",
    ":host([hide-label]) label { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }",
    ".row { display: flex; gap: .4rem; }",
    "input { flex: 1 1 auto; min-width: 0; font: inherit; padding: .5rem .65rem; color: inherit;",
    "  background: var(--vp-bg, #fff); border: 2px solid var(--vp-border, #ccc); border-radius: var(--vp-radius, 6px); }",
    "input:focus-visible, a:focus-visible, button:focus-visible { outline: 3px solid var(--vp-focus, #1a5fb4); outline-offset: 1px; }",
    "button { font: inherit; font-weight: 600; border: 0; border-radius: var(--vp-radius, 6px);",
    "  padding: .5rem 1rem; background: var(--vp-accent, #a3171b); color: var(--vp-on-accent, #fff); cursor: pointer; }",
    "[role=listbox] { position: absolute; left: 0; right: 0; z-index: 1000; margin: .25rem 0 0; padding: 0; list-style: none;",
    "  background: var(--vp-bg, #fff); border: 1px solid var(--vp-border, #ccc); border-radius: var(--vp-radius, 6px);",
    "  box-shadow: 0 6px 18px rgba(0,0,0,.15); max-height: min(70vh, 40rem); overflow: auto; }",
    "[role=listbox][hidden] { display: none; }",
    "[role=option] { padding: .5rem .75rem; border-bottom: 1px solid var(--vp-border, #eee); cursor: pointer; }",
    "[role=option][aria-selected=true] { background: var(--vp-active-bg, #f3ece4); box-shadow: inset 4px 0 0 var(--vp-accent, #a3171b); }",
    "a { color: var(--vp-accent, #a3171b); font-weight: 600; text-decoration: none; }",
    "[role=option][aria-selected=true] a { text-decoration: underline; }",
    ".meta { display: block; font-size: .8rem; color: var(--vp-muted, #666); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }",
    ".snippet { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 3; overflow: hidden; font-size: .875rem; }",
    "@media (max-width: 40rem) { [role=option] { padding: .35rem .6rem; } .snippet { -webkit-line-clamp: 2; font-size: .8125rem; }",
    "  [part=option] > a { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; overflow: hidden; font-size: .95rem; } }",
    "mark { background: var(--vp-mark, #ffe58a); color: inherit; }",
    ".all { position: sticky; bottom: 0; background: var(--vp-bg, #fff); border-top: 1px solid var(--vp-border, #ccc); border-bottom: 0; }",
    ".all a, .suggestion a { font-weight: 400; }",
    ".suggestion { font-size: .9rem; }",
    ".suggestion a { font-weight: 600; }",
    ".message { padding: .6rem .75rem; color: var(--vp-fg, #1d1d1f); cursor: default; }",
    ".status { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }"
  ].join("\n");

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) node.textContent = text;
    return node;
  }

  // Copy only text and <mark> out of the snippet, so no markup from the network runs.
  function markedText(html) {
    var doc = new DOMParser().parseFromString("<body>" + html, "text/html");
    var out = document.createDocumentFragment();
    doc.body.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") out.appendChild(el("mark", {}, node.textContent));
      else out.appendChild(document.createTextNode(node.textContent));
    });
    return out;
  }

  // 3785 -> "3.785", as Vietnamese writes it
  function vnNumber(value) {
    return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  // "2019-10-07T12:50:00+07:00" -> "07/10/2019"
  function vnDate(value) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value || "");
    return m ? m[3] + "/" + m[2] + "/" + m[1] : value;
  }

  function applyStyles(root) {
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } catch (e) {
      root.appendChild(el("style", {}, CSS));
    }
  }

  class VpSearch extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) return;
      var root = this.attachShadow({ mode: "open" });
      applyStyles(root);
      this.timer = null;
      this.lastSent = 0;
      this.sent = 0;       // tickets of requests sent...
      this.shown = 0;      // ...and of the answer on screen: an older one never replaces it
      this.inFlight = {};
      this.lastQuery = "";
      this.active = -1;
      this.build(root);
      this.restore();
    }

    get endpoint() {
      return (this.getAttribute("endpoint") || SCRIPT_ORIGIN).replace(/\/+$/, "");
    }

    build(root) {
      var box = el("div", { role: "search", part: "container" });
      var label = el("label", { for: "vp-input", part: "label" },
        this.getAttribute("label") || "Tìm kiếm bài viết");
      var row = el("div", { class: "row" });
      this.input = el("input", {
        id: "vp-input", type: "search", role: "combobox", "aria-expanded": "false",
        "aria-autocomplete": "list", "aria-controls": "vp-listbox", autocomplete: "off",
        spellcheck: "false", part: "input", enterkeyhint: "search",
        placeholder: this.getAttribute("placeholder") || "Nhập từ khóa, có thể gõ không dấu"
      });
      var button = el("button", { type: "button", part: "button" }, "Tìm");
      this.list = el("ul", { id: "vp-listbox", role: "listbox", "aria-label": "Kết quả tìm kiếm", part: "listbox" });
      this.list.hidden = true;
      this.status = el("p", { class: "status", role: "status", "aria-live": "polite" });
      row.append(this.input, button);
      box.append(label, row, this.list, this.status);
      root.appendChild(box);
      this.input.addEventListener("input", this.onInput.bind(this));
      this.input.addEventListener("keydown", this.onKey.bind(this));
      this.input.addEventListener("focus", this.onFocus.bind(this));
      button.addEventListener("click", this.openAll.bind(this));
      // Keep focus in the box while a result is clicked, so the list stays open.
      this.list.addEventListener("mousedown", function (e) { e.preventDefault(); });
      this.list.addEventListener("click", this.onListClick.bind(this));
      this.input.addEventListener("blur", this.onBlur.bind(this));
    }

    // The query is kept per page and widget for this tab, so Back finds it in the box.
    storeKey() {
      var index = Array.prototype.indexOf.call(document.querySelectorAll("vp-search"), this);
      return STORE + location.pathname + location.search + "#" + index;
    }

    restore() {
      var entry = window.performance && performance.getEntriesByType &&
        performance.getEntriesByType("navigation")[0];
      if (!entry || entry.type !== "back_forward") return;
      try { this.input.value = sessionStorage.getItem(this.storeKey()) || ""; } catch (e) { /* storage off */ }
    }

    remember() {
      try { sessionStorage.setItem(this.storeKey(), this.input.value); } catch (e) { /* storage off */ }
    }

    params(extra, q) {
      var params = new URLSearchParams({ q: q === undefined ? this.input.value.trim() : q });
      var locality = this.getAttribute("locality");
      if (locality) params.set("locality", locality);
      Object.keys(extra || {}).forEach(function (k) { params.set(k, extra[k]); });
      return params.toString();
    }

    onInput() {
      this.remember();
      clearTimeout(this.timer);
      var wait = this.lastSent + INTERVAL - Date.now();
      if (wait <= 0) this.fetchResults();
      else this.timer = setTimeout(this.fetchResults.bind(this), wait);
    }

    onFocus() {
      if (this.input.value.trim().length >= MIN_LENGTH && !this.options().length) this.fetchResults(true);
    }

    abortOlder(ticket) {
      var inFlight = this.inFlight;
      Object.keys(inFlight).forEach(function (t) {
        if (Number(t) < ticket) { inFlight[t].abort(); delete inFlight[t]; }
      });
    }

    fetchResults(again) {
      var q = this.input.value.trim();
      if (q.length < MIN_LENGTH) { this.abortOlder(Infinity); this.lastQuery = ""; this.close(); return; }
      if (q === this.lastQuery && !again) return;
      this.lastQuery = q;
      this.lastSent = Date.now();
      var ticket = ++this.sent;
      var tickets = Object.keys(this.inFlight).map(Number).sort(function (a, b) { return a - b; });
      if (tickets.length >= MAX_IN_FLIGHT) this.abortOlder(tickets[tickets.length - MAX_IN_FLIGHT + 1]);
      var controller = new AbortController();
      this.inFlight[ticket] = controller;
      var url = this.endpoint + "/api/search?" + this.params({ hitsPerPage: this.getAttribute("hits") || "5" });
      var self = this;
      fetch(url, { signal: controller.signal, mode: "cors" })
        .then(function (r) {
          return r.json().catch(function () { return { ok: false, code: "other" }; });
        })
        .then(function (data) { if (self.settle(ticket)) self.show(data, q); })
        .catch(function (error) {
          if (error.name !== "AbortError" && self.settle(ticket)) self.showMessage(ERRORS.offline);
        });
    }

    // Decide whether the answer to ticket may be shown: only if nothing newer is on screen.
    settle(ticket) {
      delete this.inFlight[ticket];
      if (ticket <= this.shown) return false;
      this.shown = ticket;
      this.abortOlder(ticket);
      return true;
    }

    clearList() {
      this.list.replaceChildren();
      this.active = -1;
      this.input.removeAttribute("aria-activedescendant");
    }

    showMessage(text) {
      this.clearList();
      this.list.appendChild(el("li", { role: "option", "aria-disabled": "true", class: "message", id: "vp-msg" }, text));
      this.status.textContent = text;
      this.open();
    }

    show(data, q) {
      if (data.ok === false || !Array.isArray(data.hits)) {
        this.showMessage(ERRORS[data.code] || ERRORS.other);
        return;
      }
      this.clearList();
      var self = this;
      if (data.suggestion && data.suggestion !== q) this.list.appendChild(this.suggestion(data.suggestion));
      data.hits.forEach(function (hit, i) { self.list.appendChild(self.option(hit, q, i)); });
      var all = el("li", { role: "option", id: "vp-opt-all", class: "all", "aria-selected": "false" });
      all.appendChild(this.link(this.endpoint + "/search?" + this.params({}, q),
        data.totalHits ? "Xem tất cả " + vnNumber(data.totalHits) + " kết quả" : "Không có kết quả. Tìm trên trang đầy đủ"));
      this.list.appendChild(all);
      this.status.textContent = data.totalHits ? vnNumber(data.totalHits) + " kết quả" : "Không có kết quả";
      this.open();
    }

    suggestion(text) {
      var li = el("li", { role: "option", id: "vp-opt-suggestion", class: "suggestion", "aria-selected": "false" },
        "Có phải bạn muốn tìm: ");
      var a = el("a", { href: this.endpoint + "/search?" + new URLSearchParams({ q: text }), tabindex: "-1", "data-suggestion": text }, text);
      li.appendChild(a);
      return li;
    }

    option(hit, q, i) {
      var li = el("li", { role: "option", id: "vp-opt-" + i, "aria-selected": "false", part: "option" });
      var link = this.link(this.endpoint + "/article/" + encodeURIComponent(hit.id) + "?" + this.params({}, q), "");
      link.appendChild(hit.titleHtml ? markedText(hit.titleHtml) : document.createTextNode(hit.title || "(Không có tiêu đề)"));
      li.appendChild(link);
      var copies = hit.similar && hit.similar.length ? vnNumber(hit.similar.length) + " bài tương tự" : "";
      var meta = [vnDate(hit.date), hit.locality, hit.source, copies].filter(Boolean).join(" · ");
      if (meta) li.appendChild(el("span", { class: "meta" }, meta));
      var snippet = el("span", { class: "snippet" });
      snippet.appendChild(markedText(hit.snippet || ""));
      li.appendChild(snippet);
      return li;
    }

    link(href, text) {
      var a = el("a", { href: href, tabindex: "-1", part: "link" }, text);
      var target = this.getAttribute("target");
      if (target) { a.target = target; a.rel = "noopener"; }
      return a;
    }

    // Take the suggestion in the box instead of leaving the page.
    useSuggestion(text) {
      this.input.value = text;
      this.remember();
      this.fetchResults();
      this.input.focus();
    }

    onListClick(e) {
      var a = e.target.closest && e.target.closest("a[data-suggestion]");
      if (!a) return;
      e.preventDefault();
      this.useSuggestion(a.getAttribute("data-suggestion"));
    }

    options() { return this.list.querySelectorAll("[role=option]:not([aria-disabled=true])"); }

    open() { this.list.hidden = false; this.input.setAttribute("aria-expanded", "true"); }

    close() {
      this.list.hidden = true;
      this.input.setAttribute("aria-expanded", "false");
      this.input.removeAttribute("aria-activedescendant");
      this.setActive(-1);
    }

    setActive(index) {
      var options = this.options();
      options.forEach(function (o, i) { o.setAttribute("aria-selected", String(i === index)); });
      this.active = index;
      if (index >= 0 && options[index]) {
        this.input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      }
    }

    onKey(e) {
      var count = this.options().length;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (!count) return;
        e.preventDefault();
        if (this.list.hidden) this.open();
        var step = e.key === "ArrowDown" ? 1 : -1;
        this.setActive((this.active + step + count + (this.active < 0 && step < 0 ? 1 : 0)) % count);
      } else if (e.key === "Enter") {
        e.preventDefault();
        var option = !this.list.hidden && this.options()[this.active];
        var a = option && option.querySelector("a");
        if (a && a.hasAttribute("data-suggestion")) this.useSuggestion(a.getAttribute("data-suggestion"));
        else if (a) a.click();
        else this.openAll();
      } else if (e.key === "Escape") {
        if (!this.list.hidden) { e.preventDefault(); this.close(); }
        else if (this.input.value) { e.preventDefault(); this.input.value = ""; this.remember(); }
      }
    }

    onBlur(e) {
      if (!e.relatedTarget || !this.shadowRoot.contains(e.relatedTarget)) this.close();
    }

    openAll() {
      if (!this.input.value.trim()) { this.input.focus(); return; }
      this.remember();
      var url = this.endpoint + "/search?" + this.params();
      if (this.getAttribute("target") === "_blank") window.open(url, "_blank", "noopener");
      else window.location.assign(url);
    }
  }

  customElements.define("vp-search", VpSearch);
})();
