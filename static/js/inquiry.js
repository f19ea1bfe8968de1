/* The inquiry form names the desk its answers go to, as the visitor changes them.
   It asks /<lang>/inquiry/route (the same routing function the server stores the lead with)
   and writes the answer into the notice and the hidden field "route_shown", so the server
   knows what the page showed. Without this script the server asks before sending instead. */
(function () {
  "use strict";
  var form = document.querySelector("form.inquiry[data-route]");
  if (!form || !window.fetch || !window.URLSearchParams) {
    return;
  }
  var notice = document.getElementById("route-notice");
  var shown = form.elements.namedItem("route_shown");
  var fields = ["item", "industry", "region", "desk"];
  var asked = 0;

  function update() {
    var query = new URLSearchParams();
    fields.forEach(function (name) {
      var field = form.elements.namedItem(name);
      query.set(name, field ? field.value : "");
    });
    var mine = ++asked;
    fetch(form.getAttribute("data-route") + "?" + query.toString(), {
      credentials: "same-origin", headers: {"Accept": "application/json"}
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("route " + response.status);
      }
      return response.json();
    }).then(function (route) {
      if (mine !== asked) {
        return;  // a later change is on its way
      }
      notice.textContent = route.text;
      notice.setAttribute("data-desk", route.desk);
      shown.value = route.fingerprint;
    }).catch(function () {
      /* The page keeps its last notice; the server asks before sending if it is out of date. */
    });
  }

  ["item", "industry", "region"].forEach(function (name) {
    var field = form.elements.namedItem(name);
    if (field) {
      field.addEventListener("change", update);
    }
  });
})();
