// The time zone the browser knows, proposed at registration and in the settings, so that
// a study day starts at 04:00 where the learner lives, not in UTC.
(function () {
  "use strict";
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  if (!zone) return;
  // Registration: a hidden field, sent with the form.
  var hidden = document.querySelector("input[type=hidden][name=timezone]");
  if (hidden && !hidden.value) hidden.value = zone;
  // Settings: propose the browser's zone when it differs from the one saved.
  var select = document.querySelector("select[name=timezone]");
  var proposal = document.getElementById("timezone-proposal");
  if (select && proposal && select.value !== zone) {
    var option = Array.prototype.find.call(select.options, function (o) { return o.value === zone; });
    if (!option) return;
    proposal.querySelector(".zone").textContent = option.textContent;
    proposal.hidden = false;
    proposal.querySelector("button").addEventListener("click", function () {
      select.value = zone;
      proposal.hidden = true;
      select.focus();
    });
  }
})();
