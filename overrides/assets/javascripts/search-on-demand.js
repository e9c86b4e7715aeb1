/*
 * Material's search worker and index, downloaded when the reader reaches for search (hover,
 * touch or focus on the search box, or ?q= / ?h= in the address), not on every page load.
 * Runs before Material's bundle and holds back only `new Worker(<search worker>)` and the
 * XMLHttpRequest for search/search_index.json; tests/test_search_on_demand.py checks that
 * Material still loads them so (bench/LIGHTHOUSE.md: 27 KB gzipped less per first visit).
 */
(function () {
  "use strict";

  var config = document.getElementById("__config");
  if (!config || !document.forms.namedItem("search") || !window.Worker || !window.XMLHttpRequest ||
      typeof EventTarget !== "function" || typeof WeakSet !== "function") return;
  var settings = JSON.parse(config.textContent);
  var base = new URL(settings.base, location.href);
  var workerUrl = new URL(settings.search, location.href).href;
  var indexUrl = new URL("search/search_index.json", base).href;

  var wanted = false;
  var waiting = [];
  function want() {
    if (wanted) return;
    wanted = true;
    waiting.splice(0).forEach(function (go) { go(); });
  }
  function whenWanted(go) {
    if (wanted) go(); else waiting.push(go);
  }
  function resolves(url, expected) {
    try { return new URL(String(url), location.href).href === expected; } catch (error) { return false; }
  }

  // A stand-in for the worker: queues Material's messages until the real one starts.
  var RealWorker = window.Worker;
  function onDemandWorker(url, options) {
    var events = new EventTarget();
    var queue = [];
    var worker = null;
    whenWanted(function () {
      worker = new RealWorker(url, options);
      worker.addEventListener("message", function (event) {
        events.dispatchEvent(new MessageEvent("message", { data: event.data }));
      });
      worker.addEventListener("error", function () { events.dispatchEvent(new Event("error")); });
      queue.splice(0).forEach(function (message) { worker.postMessage(message); });
    });
    events.postMessage = function (message) {
      if (worker) worker.postMessage(message); else queue.push(message);
    };
    events.terminate = function () {
      if (worker) worker.terminate();
      queue = [];
    };
    return events;
  }
  window.Worker = function Worker(url, options) {
    return resolves(url, workerUrl) ? onDemandWorker(url, options) : new RealWorker(url, options);
  };
  window.Worker.prototype = RealWorker.prototype;

  var held = new WeakSet();
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    if (!wanted && String(method).toUpperCase() === "GET" && resolves(url, indexUrl)) held.add(this);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this;
    var args = arguments;
    if (!held.has(request)) return send.apply(request, args);
    held.delete(request);
    whenWanted(function () {
      try { send.apply(request, args); } catch (error) { /* aborted meanwhile */ }
    });
  };

  var params = new URLSearchParams(location.search);
  if (params.has("q") || params.has("h")) want();
  function onSearch(event) {
    var target = event.target;
    if (target && target.closest && target.closest("label[for='__search'], .md-search")) want();
  }
  ["pointerover", "pointerdown", "focusin"].forEach(function (type) {
    document.addEventListener(type, onSearch, { passive: true, capture: true });
  });
})();
