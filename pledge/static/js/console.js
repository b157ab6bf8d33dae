/* Console helpers: a button that copies a prepared invitation message. */
(function () {
  "use strict";
  var buttons = document.querySelectorAll(".js-copy");
  Array.prototype.forEach.call(buttons, function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.value).then(function () {
        button.classList.add("copied");
      });
    });
  });
})();
