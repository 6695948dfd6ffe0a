// Accord: a search box above each long select marked `data-filter="<label>"` (the SDG
// targets, for one). Typing narrows the options to those whose text, or whose group's
// label, holds every typed word, ignoring case and accents; options already chosen always
// stay in view, so filtering never hides (or drops) a choice. Without JavaScript the select
// works as it is: a plain grouped select. No inline script: CSP.
(function () {
  "use strict";

  function fold(text) {
    return (text || "")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase();
  }

  function apply(select, words, status) {
    var shown = 0;
    var groups = select.querySelectorAll("optgroup");
    var options = select.querySelectorAll("option");
    for (var i = 0; i < options.length; i++) {
      var option = options[i];
      var group = option.parentNode.tagName === "OPTGROUP" ? option.parentNode.label : "";
      var haystack = fold(option.text + " " + group);
      var match = words.every(function (word) {
        return haystack.indexOf(word) !== -1;
      });
      option.hidden = !(match || option.selected);
      if (!option.hidden) {
        shown += 1;
      }
    }
    for (var j = 0; j < groups.length; j++) {
      groups[j].hidden = !groups[j].querySelector("option:not([hidden])");
    }
    status.textContent = words.length ? status.dataset.template.replace("%s", shown) : "";
  }

  function enhance(select) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "filter-select";
    box.setAttribute("aria-label", select.dataset.filter);
    box.placeholder = select.dataset.filter;
    box.setAttribute("aria-controls", select.id);
    var status = document.createElement("span");
    status.className = "muted filter-select-status";
    status.setAttribute("role", "status");
    status.dataset.template = select.dataset.filterCount || "%s";
    select.parentNode.insertBefore(box, select);
    select.parentNode.insertBefore(status, select);
    box.addEventListener("input", function () {
      var words = fold(box.value).split(/\s+/).filter(Boolean);
      apply(select, words, status);
    });
    // Enter in the box must not send the form half-filled.
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
      }
    });
  }

  function start() {
    var selects = document.querySelectorAll("select[data-filter]");
    for (var i = 0; i < selects.length; i++) {
      enhance(selects[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
