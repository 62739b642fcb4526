/* The one store of a site opened from file:// (assets/storage.html, loaded in a hidden frame
   by site.js). Firefox gives every file:// page a localStorage of its own, so progress saved
   on one page would be invisible on the next; a frame of this one file has the same store
   whichever page embeds it. Pages read and write it with postMessage. Only keys under
   "metodika:" are touched. */
(function () {
  "use strict";
  var PREFIX = "metodika:";
  window.addEventListener("message", function (event) {
    var m = event.data;
    if (!m || m.metodika !== "store" || !event.source) return;
    var reply = { metodika: "store-reply", id: m.id, ok: true };
    try {
      var s = window.localStorage;
      var key = String(m.key || "");
      if (m.op === "all") {
        reply.data = {};
        for (var i = 0; i < s.length; i++) {
          var k = s.key(i);
          if (k && k.indexOf(PREFIX) === 0) reply.data[k] = s.getItem(k);
        }
      } else if (m.op === "set" && key.indexOf(PREFIX) === 0) {
        s.setItem(key, String(m.value));
      } else if (m.op === "remove" && key.indexOf(PREFIX) === 0) {
        s.removeItem(key);
      }
    } catch (e) {
      reply.ok = false;
    }
    event.source.postMessage(reply, "*");
  });
})();
