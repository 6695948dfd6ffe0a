// Accord: fills each hidden "browser time zone" field with the zone the browser reports
// (Intl), so that a new partnership starts in its creator's zone. Without JavaScript the
// field stays empty and the operator's zone applies. No inline script: CSP.
(function () {
  "use strict";
  function fill() {
    var zone = "";
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      return;
    }
    var fields = document.querySelectorAll("input[data-browser-time-zone]");
    for (var i = 0; i < fields.length; i++) {
      if (!fields[i].value) {
        fields[i].value = zone;
      }
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fill);
  } else {
    fill();
  }
})();
