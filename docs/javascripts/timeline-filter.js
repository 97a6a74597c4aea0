/* Timeline filters: narrow the events by government and by person.
   Progressive enhancement: without JavaScript the form stays hidden and every event shows. */
(function () {
  function setup() {
    var form = document.querySelector("form.tl-filters");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    form.hidden = false;
    var events = Array.prototype.slice.call(document.querySelectorAll(".tl-event"));
    var count = form.querySelector(".tl-count");

    function apply() {
      var positions = Array.prototype.slice
        .call(form.querySelectorAll('input[name="position"]:checked'))
        .map(function (box) { return box.value; });
      var actor = form.querySelector('select[name="actor"]').value;
      var shown = 0;
      events.forEach(function (event) {
        var own = (event.dataset.positions || "").split(" ").filter(Boolean);
        var actors = (event.dataset.actors || "").split(" ");
        var byPosition = own.length === 0 || own.some(function (p) { return positions.indexOf(p) !== -1; });
        var byActor = !actor || actors.indexOf(actor) !== -1;
        var visible = byPosition && byActor;
        event.hidden = !visible;
        if (visible) shown += 1;
      });
      count.textContent = shown + " of " + events.length + " events shown";
    }

    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    apply();
    // An event addressed by its permanent link must stay visible.
    if (location.hash) {
      var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (target && target.closest(".tl-event")) target.closest(".tl-event").hidden = false;
    }
  }
  if (window.document$) { window.document$.subscribe(setup); } else { document.addEventListener("DOMContentLoaded", setup); }
})();
