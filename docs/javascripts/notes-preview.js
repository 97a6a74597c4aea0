/* Note previews: hovering or focusing a note mark shows that note beside it.

   Nothing is set up at load, however many notes a page has: a few listeners on the document wait for
   the first hover or focus of a mark (a.footnote-ref, made by scripts/treatysite/notes.py), and only
   then is the one preview box made and filled with a copy of that note. The box is the mark's
   description for screen readers (aria-describedby), stays while the pointer is over it (its links
   can be followed), and closes with Escape, on leaving, or when the page jumps to a note. */
(function () {
  var HIDE_DELAY = 200;     // ms: time to move the pointer from the mark onto the preview
  var preview = null;       // the preview box, made on first use
  var shownFor = null;      // the mark it is showing
  var hideTimer = 0;

  function markIn(node) {
    return node instanceof Element ? node.closest("a.footnote-ref") : null;
  }

  function noteOf(mark) {
    var id = decodeURIComponent(mark.hash.slice(1));
    return id ? document.getElementById(id) : null;
  }

  function makePreview() {
    preview = document.createElement("div");
    preview.id = "note-preview";
    preview.className = "md-typeset note-preview";
    preview.setAttribute("role", "tooltip");
    preview.hidden = true;
    preview.addEventListener("pointerenter", function () { clearTimeout(hideTimer); });
    preview.addEventListener("pointerleave", hideSoon);
    document.body.appendChild(preview);
  }

  function fill(note) {
    var copy = note.cloneNode(true);
    copy.querySelectorAll(".footnote-backref").forEach(function (link) { link.remove(); });
    copy.querySelectorAll("[id]").forEach(function (element) { element.removeAttribute("id"); });
    preview.replaceChildren.apply(preview, Array.prototype.slice.call(copy.childNodes));
  }

  // Below the mark, or above it when the viewport has no room below; always inside the viewport.
  function place(mark) {
    var box = mark.getBoundingClientRect();
    var width = preview.offsetWidth, height = preview.offsetHeight;
    var margin = 8;
    var left = Math.min(Math.max(margin, box.left + box.width / 2 - width / 2), document.documentElement.clientWidth - width - margin);
    var below = box.bottom + margin;
    var top = below + height > window.innerHeight && box.top - margin - height > 0 ? box.top - margin - height : below;
    preview.style.left = Math.max(margin, left) + window.scrollX + "px";
    preview.style.top = top + window.scrollY + "px";
  }

  function show(mark) {
    clearTimeout(hideTimer);
    if (shownFor === mark) return;
    var note = noteOf(mark);
    if (!note) return;
    if (!preview) makePreview();
    hide();
    fill(note);
    preview.hidden = false;
    mark.setAttribute("aria-describedby", preview.id);
    shownFor = mark;
    place(mark);
  }

  function hide() {
    clearTimeout(hideTimer);
    if (!shownFor) return;
    shownFor.removeAttribute("aria-describedby");
    shownFor = null;
    preview.hidden = true;
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, HIDE_DELAY);
  }

  document.addEventListener("pointerover", function (event) {
    var mark = markIn(event.target);
    if (mark && event.pointerType !== "touch") show(mark);   // a tap follows the mark to its note
  });
  document.addEventListener("pointerout", function (event) {
    var mark = markIn(event.target);
    if (mark && mark === shownFor && !mark.contains(event.relatedTarget)) hideSoon();
  });
  document.addEventListener("focusin", function (event) {
    var mark = markIn(event.target);
    if (mark) show(mark);
  });
  document.addEventListener("focusout", function (event) {
    if (markIn(event.target) === shownFor && !(preview && preview.contains(event.relatedTarget))) hide();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && shownFor) hide();
  });
  addEventListener("hashchange", hide);
})();
