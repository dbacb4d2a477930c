// Keyboard shortcuts and answer timing for the study pages.
// Everything here is an extra: without JavaScript the same forms work by mouse, touch
// and the browser's own keyboard handling.
(function () {
  "use strict";

  // Key hints beside choices and buttons only make sense once the shortcuts work, and
  // only where there is a keyboard: a fine pointer that hovers (a desktop), or any key
  // pressed (a tablet with a keyboard). Phones never see them.
  var root = document.documentElement;
  root.classList.add("js");
  if (window.matchMedia && window.matchMedia("(hover: hover) and (pointer: fine)").matches) {
    root.classList.add("has-keyboard");
  }
  document.addEventListener("keydown", function (event) {
    if (event.key && event.key.length === 1) root.classList.add("has-keyboard");
  }, true);

  // Undo (the last-answer bar, or the feedback page): U, outside text fields.
  var undo = document.getElementById("undo");
  if (undo) {
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      if (event.key === "u" || event.key === "U") {
        event.preventDefault();
        undo.click();
      }
    });
  }

  // -- a timed test: a countdown that finishes the test when time is up -------------------
  var timer = document.getElementById("test-timer");
  if (timer) {
    // The server's clock, not the device's: count down the time the page says is left.
    var left = Date.parse(timer.dataset.endsAt) - Date.parse(timer.dataset.now);
    var started = Date.now();
    var finishForm = document.getElementById("finish-form");
    var tick = function () {
      var remaining = Math.max(0, left - (Date.now() - started));
      var seconds = Math.ceil(remaining / 1000);
      var text = Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
      timer.textContent = text + " left";
      timer.classList.toggle("ending", seconds <= 30);
      if (remaining <= 0) {
        window.clearInterval(interval);
        if (finishForm) finishForm.submit();
      }
    };
    var interval = window.setInterval(tick, 1000);
    tick();
  }

  // -- ordering: drag and drop, with arrow buttons as the keyboard way --------------------
  var orderList = document.getElementById("order-items");
  if (orderList) setUpOrdering(orderList);

  function setUpOrdering(list) {
    var status = document.getElementById("order-status");
    var noJsHelp = document.getElementById("ordering-help");
    var dragHelp = document.getElementById("ordering-drag-help");
    if (noJsHelp) noJsHelp.hidden = true;
    if (dragHelp) dragHelp.hidden = false;
    list.classList.add("draggable");
    var items = Array.prototype.slice.call(list.children);
    items.forEach(function (li) {
      li.querySelector(".drag-handle").hidden = false;
      li.querySelector(".move").hidden = false;
      var input = li.querySelector("input.position");
      input.type = "hidden";
      input.removeAttribute("autofocus");
      li.setAttribute("draggable", "true");
      li.querySelector(".move-up").addEventListener("click", function () { move(li, -1); });
      li.querySelector(".move-down").addEventListener("click", function () { move(li, 1); });
      li.addEventListener("dragstart", function (event) {
        dragging = li;
        li.classList.add("dragging");
        if (event.dataTransfer) {
          event.dataTransfer.effectAllowed = "move";
          event.dataTransfer.setData("text/plain", li.dataset.index);
        }
      });
      li.addEventListener("dragend", function () {
        li.classList.remove("dragging");
        dragging = null;
        number();
      });
    });
    var dragging = null;
    list.addEventListener("dragover", function (event) {
      if (!dragging) return;
      event.preventDefault();
      var after = itemAfter(event.clientY);
      if (after === null) list.appendChild(dragging);
      else if (after !== dragging) list.insertBefore(dragging, after);
    });
    // Touch screens: press on an item's handle and slide it.
    list.addEventListener("pointerdown", function (event) {
      var handle = event.target.closest && event.target.closest(".drag-handle, label");
      if (!handle || event.pointerType === "mouse") return;
      var li = handle.closest("li");
      dragging = li;
      li.classList.add("dragging");
      list.setPointerCapture(event.pointerId);
      event.preventDefault();
    });
    list.addEventListener("pointermove", function (event) {
      if (!dragging || event.pointerType === "mouse") return;
      var after = itemAfter(event.clientY);
      if (after === null) list.appendChild(dragging);
      else if (after !== dragging) list.insertBefore(dragging, after);
    });
    list.addEventListener("pointerup", function (event) {
      if (!dragging || event.pointerType === "mouse") return;
      dragging.classList.remove("dragging");
      dragging = null;
      number();
    });

    function itemAfter(y) {
      var others = Array.prototype.slice.call(list.querySelectorAll("li:not(.dragging)"));
      for (var i = 0; i < others.length; i++) {
        var box = others[i].getBoundingClientRect();
        if (y < box.top + box.height / 2) return others[i];
      }
      return null;
    }

    function move(li, step) {
      var target = step < 0 ? li.previousElementSibling : li.nextElementSibling;
      if (!target) return;
      if (step < 0) list.insertBefore(li, target);
      else list.insertBefore(target, li);
      number();
      var button = li.querySelector(step < 0 ? ".move-up" : ".move-down");
      if (button.disabled) button = li.querySelector(step < 0 ? ".move-down" : ".move-up");
      button.focus();
      if (status) {
        var place = Array.prototype.indexOf.call(list.children, li) + 1;
        status.textContent = li.querySelector("label").textContent.trim() + ": " + place +
          " of " + list.children.length;
      }
    }

    function number() {
      Array.prototype.forEach.call(list.children, function (li, i) {
        li.querySelector("input.position").value = String(i + 1);
        li.querySelector(".move-up").disabled = i === 0;
        li.querySelector(".move-down").disabled = i === list.children.length - 1;
      });
    }
    number();
    var firstButton = list.querySelector(".move-down");
    if (firstButton && !document.getElementById("answer-error")) firstButton.focus();
  }

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
    if (hints) hints.hidden = false;  // the stylesheet still hides it without a keyboard

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
