/* Participe: the communes a "Près de" field suggests as one types. Without this file the field
   is a plain text field that the server reads (a name or a postal code); with it, the field's
   <datalist> offers the communes whose name or postal code starts with what is typed. */
(function () {
  "use strict";

  function attach(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var url = input.getAttribute("data-commune-suggest");
    if (!list || !url) return;
    var timer = null;
    var asked = "";
    var cache = {};

    function show(communes) {
      list.textContent = "";
      communes.forEach(function (commune) {
        var option = document.createElement("option");
        option.value = commune.label;
        if (commune.postal_codes.length) {
          option.label = commune.label + " · " + commune.postal_codes.slice(0, 3).join(", ");
        }
        list.appendChild(option);
      });
    }

    function ask() {
      var prefix = input.value.trim();
      if (prefix.length < 2 || prefix === asked) return;
      asked = prefix;
      if (cache[prefix]) {
        show(cache[prefix]);
        return;
      }
      fetch(url + "?q=" + encodeURIComponent(prefix), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { communes: [] }; })
        .then(function (data) {
          cache[prefix] = data.communes || [];
          // An answer to an older prefix is dropped: the student typed on.
          if (input.value.trim() === prefix) show(cache[prefix]);
        })
        .catch(function () { /* Offline: the plain field still works. */ });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 120);
    });
  }

  function start() {
    document.querySelectorAll("input[data-commune-suggest]").forEach(attach);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
