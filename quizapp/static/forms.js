// A second click on a form's button while its first submission is still on its way is
// ignored, so a double click does not create a class, a question or a draft twice.
// The server stays the judge (answers carry one-time tokens); this only spares a request.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || (form.method || "").toLowerCase() !== "post") return;
    if (form.dataset.submitting) {
      event.preventDefault();
      return;
    }
    form.dataset.submitting = "1";
    // A submission the browser hands to a download, or that fails, must not lock the form.
    window.setTimeout(function () { delete form.dataset.submitting; }, 8000);
  });
  // Coming back with the Back button restores the page as it was: unlock its forms.
  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(document.forms, function (form) {
      delete form.dataset.submitting;
    });
  });
})();
