/* Addresses with a #fragment (an event, a note, a section) land where they should on long pages.

   Parts of long pages are drawn only when they come near the screen (site.css: content-visibility);
   until then each holds an estimated height. The browser scrolls to an address's target first, and
   the parts around it are drawn just after, which can move the target: put it back each time that
   happens, until the reader scrolls, types or a second has passed. */
(function () {
  var READER_INPUT = ["wheel", "touchstart", "keydown", "pointerdown"];
  var stopCurrent = function () {};

  function keepInPlace() {
    stopCurrent();
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    var realign = function () { target.scrollIntoView(); };
    var stop = function () {
      document.removeEventListener("contentvisibilityautostatechange", realign, true);
      READER_INPUT.forEach(function (type) { removeEventListener(type, stop, true); });
      clearTimeout(timer);
    };
    document.addEventListener("contentvisibilityautostatechange", realign, true);
    READER_INPUT.forEach(function (type) { addEventListener(type, stop, {capture: true, passive: true}); });
    var timer = setTimeout(stop, 1000);
    stopCurrent = stop;
  }

  addEventListener("hashchange", keepInPlace);
  keepInPlace();
})();
