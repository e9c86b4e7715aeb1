/*
 * Draws the KPI charts from their JSON data islands. Loaded on every page (it is small); it
 * loads plotly.js itself, once, and only when a page has a chart close to the viewport.
 * Re-draws after Material's instant navigation (document$) and after a palette switch.
 * No inline script, no eval: works under `script-src 'self'`.
 */
(function () {
  "use strict";

  var plotlyLoading = null;

  function loadPlotly(src) {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (!plotlyLoading) {
      plotlyLoading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.async = true;
        script.onload = function () { resolve(window.Plotly); };
        script.onerror = function () { plotlyLoading = null; reject(new Error("plotly.js failed to load")); };
        document.head.appendChild(script);
      });
    }
    return plotlyLoading;
  }

  // Indian digit grouping (12,34,567) for English and Hindi pages alike, as the tables use
  // (Babel's en_IN and hi_IN). d3 cycles the group sizes, so [3, 2] would give 3, 2, 3, 2...:
  // the Indian system needs a 3 followed by enough 2s for any number.
  var INDIAN = { decimal: ".", thousands: ",", grouping: [3, 2, 2, 2, 2, 2, 2, 2, 2, 2], currency: ["₹", ""] };
  var registered = false;
  function registerLocales(Plotly) {
    if (registered) return;
    registered = true;
    Plotly.register({ moduleType: "locale", name: "en-IN", dictionary: {}, format: INDIAN });
    Plotly.register({ moduleType: "locale", name: "hi", dictionary: {}, format: INDIAN });
  }
  function pageLocale() {
    return (document.documentElement.getAttribute("lang") || "en").indexOf("hi") === 0 ? "hi" : "en-IN";
  }

  function cssVar(name, fallback) {
    var value = getComputedStyle(document.body).getPropertyValue(name).trim();
    return value || fallback;
  }

  // Colours come from the theme so that charts follow the light/dark palette.
  function themed(figure) {
    // The high-contrast mode (a11y-controls.js) is dark too: light lines on black.
    var dark = document.body.getAttribute("data-md-color-scheme") === "slate" ||
      document.documentElement.getAttribute("data-plan-contrast") === "high";
    var fg = cssVar("--md-default-fg-color", dark ? "#e2e4e9" : "#000000de");
    var grid = dark ? "rgba(255,255,255,0.15)" : "rgba(0,0,0,0.12)";
    var actual = dark ? "#8fa8ff" : "#3949ab";
    var target = dark ? "#ffb74d" : "#8a4b00";
    var layout = Object.assign({}, figure.layout, {
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
      font: { color: fg, family: getComputedStyle(document.body).fontFamily, size: 13 },
      hoverlabel: { bgcolor: dark ? "#1e2129" : "#ffffff", font: { color: fg } }
    });
    ["xaxis", "yaxis"].forEach(function (axis) {
      layout[axis] = Object.assign({}, figure.layout[axis], { gridcolor: grid, linecolor: grid, zerolinecolor: grid });
    });
    var colours = { target: target, phase: dark ? "#80cbc4" : "#00695c", objective: actual, actual: actual };
    if (figure.layout.shapes) {
      layout.shapes = figure.layout.shapes.map(function (shape) {
        return Object.assign({}, shape, { line: Object.assign({}, shape.line, { color: fg }) });
      });
    }
    var data = figure.data.map(function (trace) {
      var colour = colours[(trace.meta && trace.meta.role) || "actual"] || actual;
      var copy = Object.assign({}, trace);
      if (copy.type === "bar") copy.marker = Object.assign({}, copy.marker, { color: colour });
      else copy.line = Object.assign({}, copy.line, { color: colour });
      if (copy.mode && copy.mode.indexOf("markers") >= 0) copy.marker = Object.assign({}, copy.marker, { color: colour, size: 7 });
      return copy;
    });
    return { data: data, layout: layout };
  }

  // Library and each chart in tasks of their own: no single long task (total blocking time).
  function yieldToMain() {
    if (window.scheduler && typeof window.scheduler.yield === "function") return window.scheduler.yield();
    return new Promise(function (resolve) { setTimeout(resolve, 0); });
  }

  function draw(element) {
    // The figure's JSON sits in a <script type="application/json"> inside an inert <template>.
    var holder = document.getElementById(element.getAttribute("data-chart"));
    var island = holder && holder.content ? holder.content.querySelector("script") : holder;
    if (!island || !element.isConnected) return Promise.resolve();
    var figure = JSON.parse(island.textContent);
    return loadPlotly(element.getAttribute("data-plotly-src")).then(yieldToMain).then(function () {
      if (!element.isConnected) return null;  // the reader left the page (instant navigation)
      var Plotly = window.Plotly;
      registerLocales(Plotly);
      var themedFigure = themed(figure);
      return Plotly.react(element, themedFigure.data, themedFigure.layout, {
        displayModeBar: false, responsive: true, scrollZoom: false, doubleClick: false, locale: pageLocale()
      }).then(function () {
        element.setAttribute("data-rendered", "true");
      });
    });
  }

  // Charts waiting to be drawn, one after the other.
  var queue = [];
  var drawing = false;
  function enqueue(element) {
    if (queue.indexOf(element) < 0) queue.push(element);
    if (drawing) return;
    drawing = true;
    (function next() {
      var element = queue.shift();
      if (!element) { drawing = false; return; }
      draw(element).catch(function (error) {
        if (window.console) window.console.error(error);
      }).then(next);
    })();
  }

  var observer = null;
  function drawAll(onlyDrawn) {
    var charts = document.querySelectorAll(".plan-chart__plot[data-chart]");
    if (onlyDrawn) {
      charts.forEach(function (chart) { if (chart.getAttribute("data-rendered") === "true") enqueue(chart); });
      return;
    }
    queue = [];  // a new page (instant navigation): the previous page's charts are gone
    if (observer) observer.disconnect();
    if (!charts.length) return;
    if (!("IntersectionObserver" in window)) {
      charts.forEach(enqueue);
      return;
    }
    // Load plotly.js and draw a chart only when it comes within 200 px of the viewport.
    observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          enqueue(entry.target);
        }
      });
    }, { rootMargin: "200px" });
    charts.forEach(function (chart) { observer.observe(chart); });
  }

  // A palette switch changes an attribute on <body>: redraw what is already drawn.
  new MutationObserver(function () { drawAll(true); })
    .observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { drawAll(false); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { drawAll(false); });
  } else {
    drawAll(false);
  }
})();
