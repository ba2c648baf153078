// The offer form's description preview (offers/admin_forms.py, DescriptionWidget): as the
// publisher types, the server renders the text the way the offer page will show it.
// The admin loads form media in the page's head: wait for the form.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var token = document.querySelector("input[name=csrfmiddlewaretoken]");
  document.querySelectorAll("[data-description-preview]").forEach(function (preview) {
    var box = document.getElementById(preview.dataset.descriptionPreview);
    var timer = null;
    var sent = 0;
    if (!box || !token) return;
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var body = new FormData();
        var number = ++sent;
        body.append("text", box.value);
        fetch(preview.dataset.url, {
          method: "POST",
          body: body,
          credentials: "same-origin",
          headers: { "X-CSRFToken": token.value },
        })
          .then(function (response) { return response.ok ? response.text() : null; })
          .then(function (html) {
            // Only the answer to the latest text: an older, slower one must not win.
            if (html !== null && number === sent) preview.innerHTML = html;
          })
          .catch(function () {});
      }, 300);
    });
  });
});
