/* Share the public verification link with the phone's own share sheet (Web Share
   API) where it has one; the WhatsApp link stays for phones that do not. */
(function () {
  "use strict";
  var button = document.getElementById("share-button");
  if (!button || !navigator.share) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.share({
      title: button.getAttribute("data-title"),
      text: button.getAttribute("data-text"),
      url: button.getAttribute("data-url")
    })["catch"](function () { /* the person closed the share sheet */ });
  });
})();
