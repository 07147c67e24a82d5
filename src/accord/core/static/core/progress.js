// Work in the background (a report, a copy of personal data): the page fetches itself every few seconds and
// replaces only its progress region ([data-progress-region], a polite live region), so a screen reader hears the
// progress and nothing else on the page moves. It never reloads the page (WCAG 2.2.1: no timed refresh).
// Without script, the page's "Check progress" link does the same by hand.
(function () {
  'use strict';
  var region = document.querySelector('[data-progress-region]');
  if (!region || region.dataset.working !== 'yes') { return; }
  var every = Number(region.dataset.every || 3) * 1000;

  function tick() {
    fetch(window.location.href, {credentials: 'same-origin', headers: {'Accept': 'text/html'}})
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html) {
          var page = new DOMParser().parseFromString(html, 'text/html');
          var fresh = page.querySelector('[data-progress-region]');
          if (fresh) {
            region.innerHTML = fresh.innerHTML;
            region.dataset.working = fresh.dataset.working;
            document.title = page.title;
          }
        }
      })
      .catch(function () { /* the link still works */ })
      .then(function () {
        if (region.dataset.working === 'yes') { window.setTimeout(tick, every); }
      });
  }
  window.setTimeout(tick, every);
})();
