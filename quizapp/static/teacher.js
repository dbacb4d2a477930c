// Extras for teachers' pages; every page works without them.
(function () {
  "use strict";

  // The question editor: show only the fields that apply to the chosen question type.
  // Without JavaScript every field is shown, each saying which types it is for.
  var editor = document.querySelector(".question-editor");
  var type = editor && editor.querySelector("select[name=type]");
  if (type) {
    var update = function () {
      editor.querySelectorAll("[data-types]").forEach(function (block) {
        var types = block.getAttribute("data-types").split(" ");
        block.hidden = types.indexOf(type.value) === -1;
      });
    };
    type.addEventListener("change", update);
    update();
  }

  // "Copy link" beside a read-only field (a class's join link). Without JavaScript the
  // button stays hidden and the field can be selected and copied by hand.
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector(".copy-status");
    if (!field) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      function done(ok) {
        if (status) status.textContent = ok ? "Copied." : "Select the link and copy it.";
      }
      field.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(function () { done(true); },
                                                        function () { done(false); });
      } else {
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
        done(ok);
      }
    });
  });
})();
