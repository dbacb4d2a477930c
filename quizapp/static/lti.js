// Send a deep linking response back to the LMS without waiting for a click.
document.querySelectorAll("form[data-autosubmit]").forEach((form) => form.submit());
