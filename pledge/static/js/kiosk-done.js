/* The kiosk's done screen goes back to a clean form by itself, so that the next person
   in the queue never finds the last signer's number. "More time" starts the count
   again: a time limit the person can extend (WCAG 2.2.1), which a meta refresh is not.
   Without scripts the screen stays until someone taps "Next signer". */
(function () {
  "use strict";
  var screen = document.getElementById("kiosk-done");
  if (!screen) { return; }
  var seconds = parseInt(screen.getAttribute("data-seconds"), 10) || 60;
  var next = screen.getAttribute("data-next");
  var remaining = seconds;
  window.setInterval(function () {
    remaining -= 1;
    if (remaining <= 0) { window.location.replace(next); }
  }, 1000);
  var more = document.getElementById("kiosk-more-time");
  if (more) {
    more.hidden = false;
    more.addEventListener("click", function () { remaining = seconds; });
  }
})();
