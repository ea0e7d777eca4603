// <vp-search endpoint="https://host" locality="Hà Nội" placeholder="..."> : an embeddable search box.
// Results come from endpoint + /api/search (CORS); without JavaScript the element's own
// children (a plain <form action="https://host/search">) are shown instead.
(function () {
  "use strict";
  if (!window.customElements || customElements.get("vp-search")) return;
  var script = document.currentScript;
  var SCRIPT_ORIGIN = script && script.src ? new URL(script.src, location.href).origin : "";
  var DELAY = 200;
  var MIN_LENGTH = 2;
  var CSS = [
    ":host { display: block; position: relative; max-width: var(--vp-width, 36rem);",
    "  font-family: var(--vp-font, system-ui, sans-serif); color: var(--vp-fg, #1d1d1f); }",
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
    "  box-shadow: 0 6px 18px rgba(0,0,0,.15); max-height: 70vh; overflow: auto; }",
    "[role=listbox][hidden] { display: none; }",
    "[role=option] { padding: .5rem .75rem; border-bottom: 1px solid var(--vp-border, #eee); cursor: pointer; }",
    "[role=option][aria-selected=true] { background: var(--vp-active-bg, #f3ece4); box-shadow: inset 4px 0 0 var(--vp-accent, #a3171b); }",
    "a { color: var(--vp-accent, #a3171b); font-weight: 600; text-decoration: none; }",
    "[role=option][aria-selected=true] a { text-decoration: underline; }",
    ".meta { display: block; font-size: .8rem; color: var(--vp-muted, #666); }",
    ".snippet { display: block; font-size: .875rem; }",
    "mark { background: var(--vp-mark, #ffe58a); color: inherit; }",
    ".all a { font-weight: 400; }",
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
      this.controller = null;
      this.active = -1;
      this.build(root);
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
        spellcheck: "false", part: "input",
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
      button.addEventListener("click", this.openAll.bind(this));
      // Keep focus in the box while a result is clicked, so the list stays open.
      this.list.addEventListener("mousedown", function (e) { e.preventDefault(); });
      this.input.addEventListener("blur", this.onBlur.bind(this));
    }

    params(extra) {
      var params = new URLSearchParams({ q: this.input.value.trim() });
      var locality = this.getAttribute("locality");
      if (locality) params.set("locality", locality);
      Object.keys(extra || {}).forEach(function (k) { params.set(k, extra[k]); });
      return params.toString();
    }

    onInput() {
      clearTimeout(this.timer);
      this.timer = setTimeout(this.fetchResults.bind(this), DELAY);
    }

    fetchResults() {
      var q = this.input.value.trim();
      if (this.controller) this.controller.abort();
      if (q.length < MIN_LENGTH) { this.close(); return; }
      this.controller = new AbortController();
      var url = this.endpoint + "/api/search?" + this.params({ hitsPerPage: this.getAttribute("hits") || "5" });
      var self = this;
      fetch(url, { signal: this.controller.signal, mode: "cors" })
        .then(function (r) { return r.json(); })
        .then(function (data) { self.show(data, q); })
        .catch(function (error) {
          if (error.name !== "AbortError") self.status.textContent = "Không tải được kết quả.";
        });
    }

    show(data, q) {
      this.list.replaceChildren();
      this.active = -1;
      this.input.removeAttribute("aria-activedescendant");
      if (data.ok === false) { this.status.textContent = data.error; this.close(); return; }
      var self = this;
      data.hits.forEach(function (hit, i) { self.list.appendChild(self.option(hit, q, i)); });
      var all = el("li", { role: "option", id: "vp-opt-" + data.hits.length, class: "all", "aria-selected": "false" });
      all.appendChild(this.link(this.endpoint + "/search?" + this.params(),
        data.totalHits ? "Xem tất cả " + data.totalHits + " kết quả" : "Không có kết quả. Tìm trên trang đầy đủ"));
      this.list.appendChild(all);
      this.status.textContent = data.totalHits + " kết quả";
      this.open();
    }

    option(hit, q, i) {
      var li = el("li", { role: "option", id: "vp-opt-" + i, "aria-selected": "false", part: "option" });
      li.appendChild(this.link(this.endpoint + "/article/" + encodeURIComponent(hit.id) + "?q=" + encodeURIComponent(q),
        hit.title || "(Không có tiêu đề)"));
      var meta = [vnDate(hit.date), hit.locality, hit.source].filter(Boolean).join(" · ");
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

    options() { return this.list.querySelectorAll("[role=option]"); }

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
        if (option) option.querySelector("a").click();
        else this.openAll();
      } else if (e.key === "Escape") {
        if (!this.list.hidden) { e.preventDefault(); this.close(); }
        else if (this.input.value) { e.preventDefault(); this.input.value = ""; }
      }
    }

    onBlur(e) {
      if (!e.relatedTarget || !this.shadowRoot.contains(e.relatedTarget)) this.close();
    }

    openAll() {
      if (!this.input.value.trim()) { this.input.focus(); return; }
      var url = this.endpoint + "/search?" + this.params();
      if (this.getAttribute("target") === "_blank") window.open(url, "_blank", "noopener");
      else window.location.assign(url);
    }
  }

  customElements.define("vp-search", VpSearch);
})();
