/* Participe: progressive enhancement only. Every page works without this file; with it, a
   student can save offers in this browser (localStorage) and see them on one page. */
(function () {
  "use strict";
  var KEY = "participe.saved";

  function load() {
    try {
      var value = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(value) ? value : [];
    } catch (error) {
      return [];
    }
  }

  function store(items) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(items));
      return true;
    } catch (error) {
      return false; // Private browsing or storage full: the buttons stay hidden next time.
    }
  }

  function isSaved(items, slug) {
    return items.some(function (item) { return item.slug === slug; });
  }

  function announce(message) {
    var region = document.querySelector("[data-announcer]");
    if (!region || !message) return;
    // Emptied first so that the same message twice is still read out.
    region.textContent = "";
    window.setTimeout(function () { region.textContent = message; }, 50);
  }

  function showCount(items) {
    // The badge keeps its width when empty (participe.css): the header does not move.
    document.querySelectorAll("[data-saved-count]").forEach(function (badge) {
      badge.textContent = items.length ? "(" + items.length + ")" : "";
    });
  }

  function paint(button, saved) {
    button.setAttribute("aria-pressed", saved ? "true" : "false");
    button.querySelector(".save-button__label").textContent =
      saved ? button.dataset.labelRemove : button.dataset.labelAdd;
    button.querySelector(".save-button__star").textContent = saved ? "★" : "☆";
  }

  function setUpButtons() {
    var items = load();
    document.querySelectorAll("[data-save-slug]").forEach(function (button) {
      paint(button, isSaved(items, button.dataset.saveSlug));
      button.hidden = false;
      button.addEventListener("click", function () {
        var current = load();
        var slug = button.dataset.saveSlug;
        var saved = isSaved(current, slug);
        if (saved) {
          current = current.filter(function (item) { return item.slug !== slug; });
        } else {
          current.push({
            slug: slug,
            title: button.dataset.saveTitle,
            url: button.dataset.saveUrl,
            organisation: button.dataset.saveOrg
          });
        }
        if (!store(current)) return;
        paint(button, !saved);
        showCount(current);
        announce(saved ? button.dataset.announceRemove : button.dataset.announceAdd);
      });
    });
    showCount(items);
  }

  function renderSavedPage(container) {
    var items = load();
    var list = container.querySelector("[data-saved-items]");
    var empty = container.querySelector("[data-saved-empty]");
    var clearWrap = container.querySelector("[data-saved-clear-wrap]");
    container.querySelector("[data-saved-nojs]").hidden = true;
    list.textContent = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.dataset.savedSlug = item.slug;
      var link = document.createElement("a");
      link.href = item.url; // Written by our own pages: always a path on this site.
      if (link.origin !== window.location.origin) return;
      link.textContent = item.title;
      link.lang = "fr";
      li.appendChild(link);
      if (item.organisation) {
        var org = document.createElement("span");
        org.className = "saved__org";
        org.lang = "fr";
        org.textContent = " · " + item.organisation;
        li.appendChild(org);
      }
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "button-secondary";
      remove.textContent = container.dataset.labelRemove;
      // "Retirer : <titre>", "Remove: <title>" to a screen reader (the site writes the colon).
      remove.setAttribute("aria-label", container.dataset.labelRemoveTitle.replace("%(title)s", item.title));
      remove.addEventListener("click", function () {
        store(load().filter(function (other) { return other.slug !== item.slug; }));
        renderSavedPage(container);
        showCount(load());
        announce(container.dataset.announceRemove);
        var heading = document.querySelector("h1");
        if (heading) { heading.tabIndex = -1; heading.focus(); }
      });
      li.appendChild(remove);
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
    empty.hidden = items.length !== 0;
    clearWrap.hidden = items.length === 0;
    checkStatus(container, items);
  }

  /* Asks the site which saved offers are still online (alerts/reminders.py): an offer taken
     down says so instead of linking to a 404; the others get their calendar links, and the
     page a calendar URL with reminders for all of them. The site keeps none of it. */
  function checkStatus(container, items) {
    var calendar = container.querySelector("[data-saved-calendar]");
    calendar.hidden = true;
    var limit = parseInt(container.dataset.statusLimit, 10) || 0;
    var slugs = items.map(function (item) { return item.slug; }).slice(0, limit);
    if (!slugs.length || !window.fetch) return;
    var url = container.dataset.statusUrl + "?offres=" + encodeURIComponent(slugs.join(","));
    window.fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (!answer) return;
        container.querySelectorAll("[data-saved-slug]").forEach(function (li) {
          var state = answer.offers[li.dataset.savedSlug];
          if (state) showState(container, li, state);
        });
        if (answer.calendar) {
          calendar.querySelector("[data-calendar-webcal]").href = answer.calendar.webcal;
          calendar.querySelector("[data-calendar-https]").value = answer.calendar.https;
          calendar.hidden = false;
        }
      })
      .catch(function () { /* Offline or the site is down: the list stays as it is. */ });
  }

  function showState(container, li, state) {
    if (li.querySelector(".saved__facts, .saved__offline")) return;
    if (!state.online) {
      var link = li.querySelector("a");
      var title = document.createElement("span");
      title.lang = "fr";
      title.textContent = link.textContent;
      li.replaceChild(title, link);
      var offline = document.createElement("p");
      offline.className = "saved__offline";
      offline.textContent = container.dataset.labelOffline;
      li.insertBefore(offline, li.querySelector("button"));
      return;
    }
    // Whether it still takes applications, and until when (the site's words, in the page's language).
    var facts = document.createElement("p");
    facts.className = "saved__facts";
    var status = document.createElement("strong");
    status.className = "status " + (state.open ? "status--open" : "status--closed");
    status.textContent = state.status;
    facts.appendChild(status);
    facts.appendChild(document.createElement("br"));
    facts.appendChild(document.createTextNode(state.deadline_text));
    li.insertBefore(facts, li.querySelector("button"));
    // Reminders only for a deadline still to come.
    if (!state.ics && !state.google) return;
    var links = document.createElement("ul");
    links.className = "saved__links";
    [[state.ics, container.dataset.labelIcs], [state.google, container.dataset.labelGoogle]]
      .forEach(function (pair) {
        if (!pair[0]) return;
        var item = document.createElement("li");
        var anchor = document.createElement("a");
        anchor.href = pair[0];
        anchor.textContent = pair[1];
        item.appendChild(anchor);
        links.appendChild(item);
      });
    li.insertBefore(links, li.querySelector("button"));
  }

  function setUpSavedPage() {
    var container = document.querySelector("[data-saved-list]");
    if (!container) return;
    renderSavedPage(container);
    var clear = container.querySelector("[data-saved-clear]");
    clear.addEventListener("click", function () {
      store([]);
      renderSavedPage(container);
      showCount([]);
      announce(clear.dataset.announce);
    });
  }

  /* A search form sends only what restricts the list: "?kind=stage", not "?q=&kind=stage&…".
     Without this script the server still reads the empty values as no filter. */
  function setUpSearchForms() {
    document.querySelectorAll("form[data-drop-empty]").forEach(function (form) {
      form.addEventListener("submit", function () {
        Array.prototype.forEach.call(form.elements, function (field) {
          if (field.name && field.value === "" && !field.disabled) {
            field.disabled = true;
            field.dataset.droppedEmpty = "";
          }
        });
      });
    });
    // Back to a page kept in the history (bfcache): its fields work again.
    window.addEventListener("pageshow", function () {
      document.querySelectorAll("[data-dropped-empty]").forEach(function (field) {
        field.disabled = false;
        delete field.dataset.droppedEmpty;
      });
    });
  }

  /* The filters fold away on a phone; on a wide screen, where they sit beside the results,
     they start open. */
  function setUpFilters() {
    if (!window.matchMedia || !window.matchMedia("(min-width: 56rem)").matches) return;
    document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
      details.open = true;
    });
  }

  /* "Créer une alerte", beside the count: opens the alert's form after the results and puts
     the cursor in its e-mail field. Without this script the link still leads to the form. */
  function setUpAlertLinks() {
    document.querySelectorAll("a[data-open-alert]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var form = document.getElementById(link.getAttribute("href").slice(1));
        if (!form) return;
        event.preventDefault();
        var details = form.closest("details");
        if (details) details.open = true;
        var field = form.querySelector("input[type=email]");
        form.scrollIntoView({ block: "start" });
        if (field) field.focus();
        if (window.history && window.history.replaceState) {
          window.history.replaceState(null, "", link.getAttribute("href"));
        }
      });
    });
  }

  /* "Copier l'adresse" beside "Postuler": shown only where the browser can copy. Without it the
     address stays plain, selectable text. */
  function setUpCopyButtons() {
    if (!navigator.clipboard || !window.isSecureContext) return;
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(button.dataset.copy).then(
          function () { announce(button.dataset.announce); },
          function () { /* Refused by the browser: the address is still there to select. */ }
        );
      });
    });
  }

  setUpButtons();
  setUpAlertLinks();
  setUpCopyButtons();
  setUpSavedPage();
  setUpSearchForms();
  setUpFilters();
})();
