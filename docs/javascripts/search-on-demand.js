/* Search costs nothing until a reader uses it.

   Material's bundle starts its search worker and requests the search index (search_index.json online,
   search/search_index.js in the offline copy) as soon as a page loads. This script, loaded just before
   the bundle (overrides/main.html), holds back those three things until the reader first opens search
   (the search field, its icon, or a keyboard shortcut) or arrives from a search result (?h=..., which
   Material's highlighting needs the index for). Then everything proceeds exactly as Material wrote it. */
(function () {
  var INDEX = /\/search\/search_index\.js(on)?$/;
  var WORKER = /\/workers\/search\.[^/]*\.js$/;
  var released = new URLSearchParams(location.search).has("h");
  var waiting = [];

  function path(url) {
    try { return new URL(url, document.baseURI).pathname; } catch (error) { return ""; }
  }

  function whenUsed(go) {
    if (released) go(); else waiting.push(go);
  }

  function release() {
    if (released) return;
    released = true;
    waiting.splice(0).forEach(function (go) { go(); });
  }

  // Online: the index is fetched with XMLHttpRequest; its send waits.
  var indexRequests = new WeakSet();
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    if (INDEX.test(path(url))) indexRequests.add(this); else indexRequests.delete(this);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments;
    if (!indexRequests.has(request)) return send.apply(request, args);
    whenUsed(function () { send.apply(request, args); });
  };

  // Offline (file://): the index is a script Material adds to <head>; adding it waits.
  var append = document.head.appendChild;
  document.head.appendChild = function (node) {
    if (node instanceof HTMLScriptElement && INDEX.test(path(node.src)) && !released) {
      whenUsed(function () { append.call(document.head, node); });
      return node;
    }
    return append.call(this, node);
  };

  // The search worker: a stand-in that keeps Material's messages until the real worker is started.
  var RealWorker = window.Worker;
  if (RealWorker) {
    var OnDemandWorker = function (url, options) {
      var stand = new EventTarget();   // Material only listens on it and posts to it
      var worker = null, queue = [];
      stand.postMessage = function (message) {
        if (worker) worker.postMessage(message); else queue.push(message);
      };
      stand.terminate = function () {
        if (worker) worker.terminate();
        queue = [];
      };
      whenUsed(function () {
        worker = new RealWorker(url, options);
        ["message", "messageerror", "error"].forEach(function (type) {
          worker.addEventListener(type, function (event) {
            stand.dispatchEvent(type === "error" ? new ErrorEvent("error", event) : new MessageEvent(type, {data: event.data}));
          });
        });
        queue.splice(0).forEach(function (message) { worker.postMessage(message); });
      });
      return stand;
    };
    window.Worker = function (url, options) {
      return WORKER.test(path(url)) ? OnDemandWorker(url, options) : new RealWorker(url, options);
    };
    window.Worker.prototype = RealWorker.prototype;
  }

  // First use: the search toggle opens (icon, field or shortcut) or the search field gets focus.
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search" && event.target.checked) release();
  }, true);
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("[data-md-component=search-query]")) release();
  }, true);
})();
