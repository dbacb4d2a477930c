// The question editor: show only the fields that apply to the chosen question type.
// Without JavaScript every field is shown, each saying which types it is for.
(function () {
  "use strict";
  var editor = document.querySelector(".question-editor");
  if (!editor) return;
  var type = editor.querySelector("select[name=type]");
  if (!type) return;
  function update() {
    editor.querySelectorAll("[data-types]").forEach(function (block) {
      var types = block.getAttribute("data-types").split(" ");
      block.hidden = types.indexOf(type.value) === -1;
    });
  }
  type.addEventListener("change", update);
  update();
})();
