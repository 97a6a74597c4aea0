/* Timeline filters: narrow the events by government and by person, and dim their marks in the figure.
   Progressive enhancement: without JavaScript the form stays hidden and every event shows. */
(function () {
  function setup() {
    var form = document.querySelector("form.tl-filters");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    form.hidden = false;
    var events = Array.prototype.slice.call(document.querySelectorAll(".tl-event"));
    var marks = Array.prototype.slice.call(document.querySelectorAll(".fg-timeline a.fg-mark"));
    var count = form.querySelector(".tl-count");
    var pinned = "";   // the event addressed by the page's #anchor stays shown until the filters change

    function eventId(event) {
      var heading = event.querySelector("[id]");
      return heading ? heading.id : "";
    }

    function apply() {
      var positions = Array.prototype.slice
        .call(form.querySelectorAll('input[name="position"]:checked'))
        .map(function (box) { return box.value; });
      var actor = form.querySelector('select[name="actor"]').value;
      var shown = 0;
      var hidden = {};
      events.forEach(function (event) {
        var own = (event.dataset.positions || "").split(" ").filter(Boolean);
        var actors = (event.dataset.actors || "").split(" ");
        var byPosition = own.length === 0 || own.some(function (p) { return positions.indexOf(p) !== -1; });
        var byActor = !actor || actors.indexOf(actor) !== -1;
        var id = eventId(event);
        var visible = (byPosition && byActor) || (pinned !== "" && id === pinned);
        event.hidden = !visible;
        if (visible) shown += 1; else hidden[id] = true;
      });
      marks.forEach(function (mark) {
        var target = decodeURIComponent((mark.getAttribute("href") || "").split("#")[1] || "");
        mark.classList.toggle("fg-dim", hidden[target] === true);
      });
      count.textContent = shown + " of " + events.length + " events shown";
    }

    // An event addressed by its permanent link (on arrival, or from a mark of the figure) must show.
    function follow() {
      var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
      var event = target && target.closest(".tl-event");
      var wasHidden = Boolean(event && event.hidden);
      pinned = event ? target.id : "";
      apply();
      if (wasHidden) target.scrollIntoView();   // the browser could not scroll to it while it was hidden
    }

    form.addEventListener("change", function () { pinned = ""; apply(); });
    form.addEventListener("reset", function () { pinned = ""; setTimeout(apply, 0); });
    window.addEventListener("hashchange", follow);
    if (location.hash) follow(); else apply();
  }
  if (window.document$) { window.document$.subscribe(setup); } else { document.addEventListener("DOMContentLoaded", setup); }
})();
