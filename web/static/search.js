// As-you-type results for the search page. Without this script the form submits as usual.
(function () {
  "use strict";
  var DELAY = 250;
  var input = document.querySelector("input[data-live-search]");
  var region = document.getElementById("results-body");
  var count = document.getElementById("result-count");
  if (!input || !region || !count || !window.fetch || !window.DOMParser) return;
  var form = input.form;
  var timer = null;
  var latest = 0;
  var lastQuery = input.value.trim();

  function searchUrl() {
    var params = new URLSearchParams(new FormData(form));
    return form.action + "?" + params.toString();
  }

  function swap(html, url) {
    // The server escapes everything; scripts in parsed markup never run.
    var doc = new DOMParser().parseFromString(html, "text/html");
    var body = doc.getElementById("results-body");
    var newCount = doc.getElementById("result-count");
    var message = doc.querySelector(".error-message");
    if (body && newCount) {
      region.replaceWith(document.importNode(body, true));
      region = document.getElementById("results-body");
      count.textContent = newCount.textContent.trim();
      document.title = doc.title;
      history.replaceState(null, "", url);
    } else if (message) {
      count.textContent = message.textContent.trim();
    }
  }

  function run() {
    var q = input.value.trim();
    if (q === lastQuery || q.length < 2) return;
    lastQuery = q;
    var ticket = ++latest;
    var url = searchUrl();
    fetch(url, { headers: { Accept: "text/html" } })
      .then(function (response) { return response.text(); })
      .then(function (html) { if (ticket === latest) swap(html, url); })
      .catch(function () { /* keep the current results; submitting still works */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, DELAY);
  });
})();
