// Keyboard shortcuts and answer timing for the study pages.
// Everything here is an extra: without JavaScript the same forms work by mouse, touch
// and the browser's own keyboard handling.
(function () {
  "use strict";

  // Key hints beside choices and buttons only make sense once the shortcuts work.
  document.documentElement.classList.add("js");

  function typing(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toLowerCase();
    if (tag === "textarea" || target.isContentEditable) return true;
    if (tag !== "input") return false;
    var type = (target.getAttribute("type") || "text").toLowerCase();
    return ["radio", "checkbox", "button", "submit"].indexOf(type) === -1;
  }

  function modified(event) {
    return event.ctrlKey || event.metaKey || event.altKey;
  }

  function submit(form, submitter) {
    if (form.requestSubmit) form.requestSubmit(submitter || undefined);
    else if (submitter) submitter.click();
    else form.submit();
  }

  // -- the question page ------------------------------------------------------------------
  var form = document.getElementById("answer-form");
  if (form) {
    var shownAt = performance.now();
    var elapsed = form.querySelector("input[name=elapsed_ms]");
    var sent = false;
    form.addEventListener("submit", function (event) {
      if (sent) {
        // A second Enter or click while the first answer is on its way: the server
        // would record it once anyway, but there is no need to send it.
        event.preventDefault();
        return;
      }
      sent = true;
      if (elapsed) elapsed.value = String(Math.round(performance.now() - shownAt));
    });

    var hints = document.getElementById("shortcuts");
    if (hints) hints.hidden = false;

    var type = form.getAttribute("data-type");
    var radios = Array.prototype.slice.call(form.querySelectorAll("input[type=radio]"));
    var reveal = document.getElementById("reveal");

    document.addEventListener("keydown", function (event) {
      if (modified(event) || typing(event.target)) return;
      var key = event.key;
      if (type === "flashcard" && reveal) {
        if ((key === " " || key === "Spacebar") && !reveal.open) {
          event.preventDefault();
          reveal.open = true;
          var good = form.querySelector(".grade-good");
          if (good) good.focus();
          return;
        }
        if (reveal.open && /^[1-4]$/.test(key)) {
          var button = form.querySelector('.grade[data-key="' + key + '"]');
          if (button) {
            event.preventDefault();
            submit(form, button);
          }
        }
        return;
      }
      if (radios.length && /^[1-9]$/.test(key)) {
        var radio = radios[Number(key) - 1];
        if (radio) {
          event.preventDefault();
          radio.checked = true;
          radio.focus();
        }
        return;
      }
      if (key === "Enter" && radios.length && event.target.type !== "submit") {
        if (radios.some(function (r) { return r.checked; })) {
          event.preventDefault();
          submit(form);
        }
      }
    });

    if (reveal) {
      reveal.addEventListener("toggle", function () {
        if (reveal.open) {
          var good = form.querySelector(".grade-good");
          if (good && document.activeElement === reveal.querySelector("summary")) good.focus();
        }
      });
    }

    var error = document.getElementById("answer-error");
    if (error) {
      var field = form.querySelector("[aria-invalid=true], input[type=radio], input[type=number]");
      if (field) field.focus();
    }
  }

  // -- the feedback page ------------------------------------------------------------------
  var feedback = document.getElementById("feedback");
  var next = document.getElementById("next");
  if (feedback && next) {
    // Content present when the page loads is not announced by every screen reader;
    // text written into the live region afterwards is.
    var announce = document.getElementById("announce");
    var verdict = document.getElementById("verdict");
    if (announce && verdict) {
      var note = feedback.querySelector(".note");
      window.setTimeout(function () {
        announce.textContent = verdict.textContent.trim() + (note ? ". " + note.textContent : "");
      }, 100);
    }
    next.focus();
    document.addEventListener("keydown", function (event) {
      if (modified(event) || typing(event.target)) return;
      if (event.key === "Enter" && document.activeElement !== next &&
          !(event.target.closest && event.target.closest("a, button, summary"))) {
        event.preventDefault();
        next.click();
      }
    });
  }
})();
