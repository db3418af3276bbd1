// The studio's own small script: post the page's forms in the background and swap the
// server-rendered part of the page in place. Without it, the same forms post and reload.
(function () {
  "use strict";
  var app = document.getElementById("app");
  var busy = document.getElementById("busy");
  if (!app || !window.fetch) { return; }

  // Parts drawn after the rest (the graph of a large model) come in a second request.
  function fill() {
    var parts = app.querySelectorAll("[data-part]");
    Array.prototype.forEach.call(parts, function (part) {
      fetch(part.getAttribute("data-part"), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) { if (html !== null && part.isConnected) { part.outerHTML = html; } });
    });
  }

  function swap(html) {
    var y = window.scrollY;
    app.innerHTML = html;
    window.scrollTo(0, y);
    fill();
  }

  function send(form) {
    var body = new URLSearchParams(new FormData(form));
    if (busy) { busy.hidden = false; }
    document.body.classList.add("working");
    return fetch(form.action, {
      method: "POST",
      body: body,
      headers: { "X-Studio": "fragment" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.text().then(function (text) {
        if (response.status === 403) { throw new Error(text); }
        swap(text);
      });
    }).catch(function (error) {
      window.alert(String(error.message || error));
    }).finally(function () {
      if (busy) { busy.hidden = true; }
      document.body.classList.remove("working");
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-studio")) { return; }
    if (form.getAttribute("action") === "/lang") { return; }  // a new page in the other language
    event.preventDefault();
    send(form);
  });
}());
