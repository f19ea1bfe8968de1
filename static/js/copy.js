/* Copy buttons (a desk's WeChat ID): <button class="copy-button" data-copy="…" data-done="…" hidden>.
   The button is hidden in the HTML, so a browser without JavaScript shows only the text, which
   can be selected; here it is shown and copies its text. The Clipboard API needs a secure context
   (HTTPS), which WeChat's browser on a plain-HTTP test site lacks: then the text is selected and
   copied with execCommand. The status next to the button says it is done (role="status").
   Loaded once per WeChat block (deferred); it binds each button once. */
(function () {
  "use strict";

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "copy-scratch";
    document.body.appendChild(area);
    area.select();
    area.setSelectionRange(0, text.length);
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (error) {
      ok = false;
    }
    document.body.removeChild(area);
    return ok;
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; },
        function () { return fallbackCopy(text); });
    }
    return Promise.resolve(fallbackCopy(text));
  }

  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function bind(button) {
    if (button.dataset.bound) {
      return;
    }
    button.dataset.bound = "1";
    button.hidden = false;
    button.addEventListener("click", function () {
      var line = button.parentNode;
      var status = line.querySelector(".copy-status");
      var shown = line.querySelector(".wechat-id");
      copy(button.dataset.copy).then(function (ok) {
        if (!ok && shown) {
          selectText(shown);  // could not copy: leave it selected for the visitor's own copy
        }
        if (status) {
          status.textContent = ok ? button.dataset.done : "";
        }
      });
    });
  }

  function bindAll() {
    Array.prototype.forEach.call(document.querySelectorAll(".copy-button[data-copy]"), bind);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", bindAll);
  } else {
    bindAll();
  }
}());
