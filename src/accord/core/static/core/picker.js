// The searchable picker (accord.lib.formfields.use_picker): a text box for a choice among thousands. As the
// person types, suggestions for the text come from the partnership's own search (data-picker, a same-site JSON
// address) into the box's <datalist>; choosing one keeps its id (one choice: the hidden field beside the box;
// several: a ticked box added to the chosen list, and the text box cleared for the next). Without script,
// the server finds what the typed text names when the form is sent, and lists the matches when several do.
(function () {
  'use strict';
  function setUp(box) {
    if (box.dataset.pickerReady) { return; }  // each picker's script tag runs this file once
    box.dataset.pickerReady = 'yes';
    var list = document.getElementById(box.getAttribute('list'));
    var many = box.dataset.pickerMany === 'yes';
    var name = box.dataset.pickerName;
    var hidden = many ? null : box.form && box.form.querySelector('[data-picker-value="' + box.id + '"]');
    var chosen = many ? document.querySelector('[data-picker-chosen="' + box.id + '"]') : null;
    var known = {};
    var timer = null;
    var asked = '';

    function fill(results) {
      known = {};
      list.textContent = '';
      results.forEach(function (r) {
        known[r.label] = r.id;
        var option = document.createElement('option');
        option.value = r.label;
        list.appendChild(option);
      });
    }

    function ask() {
      var text = box.value.trim();
      if (text.length < 2 || text === asked) { return; }
      asked = text;
      fetch(box.dataset.picker + '?q=' + encodeURIComponent(text),
            {credentials: 'same-origin', headers: {'Accept': 'application/json'}})
        .then(function (response) { return response.ok ? response.json() : {results: []}; })
        .then(function (data) { if (box.value.trim() === text) { fill(data.results || []); } })
        .catch(function () { /* the server still finds the name when the form is sent */ });
    }

    function picked() {
      var id = known[box.value];
      if (!many) {
        if (hidden) { hidden.value = id === undefined ? '' : id; }
        return;
      }
      if (id === undefined || !chosen) { return; }
      if (!chosen.querySelector('input[value="' + id + '"]')) {
        var row = document.createElement('div');
        row.className = 'choice';
        var tick = document.createElement('input');
        tick.type = 'checkbox'; tick.name = name; tick.value = id; tick.checked = true; tick.id = box.id + '_' + id;
        var label = document.createElement('label');
        label.htmlFor = tick.id; label.textContent = box.value;
        row.appendChild(tick); row.appendChild(document.createTextNode(' ')); row.appendChild(label);
        chosen.appendChild(row);
      }
      box.value = '';
    }

    box.addEventListener('input', function () {
      picked();
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 200);
    });
    box.addEventListener('change', picked);
  }
  document.querySelectorAll('input[data-picker]').forEach(setUp);
}());
