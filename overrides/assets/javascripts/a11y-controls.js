/* Accessibility controls of the header, and Material's single-key shortcuts turned off.

   1. Text size (DBIM 5.4 header controls; GIGW 3.0 5.2.15): the buttons in
      partials/plan-a11y-controls.html step the root font size, on which every size of the theme
      depends (rem), from 90% up to 200%. High contrast (GIGW 5.2.14): white and yellow on black,
      every text at 7:1 or more (assets/stylesheets/gigw.css). Both are attributes on <html>
      (`data-plan-text`, `data-plan-contrast`) that the stylesheet reads, and both are remembered in
      localStorage (`plan.textSize`, `plan.contrast`) for the next page and the next visit.
   2. Material opens search on `f`, `s` and `/` and turns pages on `p`, `,`, `n` and `.`, with no
      way to turn that off; WCAG 2.1.4 (GIGW 5.2.23) forbids such single-character shortcuts.
      Material listens on `window` for keydown in the bubbling phase; a listener on `window` in
      the capturing phase runs before it, whatever the order of the scripts, and stops these keys.
      Search stays one click (or Tab and Enter) away, and typing in the search box is untouched.
   3. and 4. Two fixes to Material's page for the layout duties (GIGW 5.1.16, 5.2.17): see below.

   First-party and loaded from the site itself: the Content-Security-Policy (hooks/csp.py) allows
   no inline script or event handler, so everything is wired here. Clicks are handled on the
   document, so the controls keep working whatever Material's instant navigation replaces. This
   script runs at the end of <body>, so a stored size or contrast is applied just after the first
   paint of a fresh page load: a short flash on the first page of a visit; instant navigation keeps
   <html>, so later pages do not flash. */
(function () {
  "use strict";

  var root = document.documentElement;
  var TEXT_KEY = "plan.textSize";
  var CONTRAST_KEY = "plan.contrast";
  var SMALLEST = -1; // steps from the theme's size; gigw.css gives each step its scale
  var LARGEST = 5; // 200%

  function read(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (error) {
      return null; // storage disabled: the controls still work for this page
    }
  }

  function write(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, value);
    } catch (error) {
      /* storage disabled or full: nothing to remember */
    }
  }

  var textStep = parseInt(read(TEXT_KEY), 10);
  if (isNaN(textStep) || textStep < SMALLEST || textStep > LARGEST) textStep = 0;
  var highContrast = read(CONTRAST_KEY) === "high";

  function apply() {
    if (textStep === 0) root.removeAttribute("data-plan-text");
    else root.setAttribute("data-plan-text", String(textStep));
    if (highContrast) root.setAttribute("data-plan-contrast", "high");
    else root.removeAttribute("data-plan-contrast");
    var toggles = document.querySelectorAll("[data-plan-contrast]");
    for (var i = 0; i < toggles.length; i++) {
      if (toggles[i] !== root) toggles[i].setAttribute("aria-pressed", highContrast ? "true" : "false");
    }
  }

  apply();

  // On narrow screens the controls fold behind one button (a disclosure): it opens and closes
  // them; Escape or a click elsewhere closes them.
  function setOpen(group, open) {
    group.classList.toggle("plan-a11y--open", open);
    var toggle = group.querySelector(".plan-a11y__toggle");
    if (toggle) toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function closeAll(except) {
    var open = document.querySelectorAll(".plan-a11y--open");
    for (var i = 0; i < open.length; i++) if (open[i] !== except) setOpen(open[i], false);
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var group = document.querySelector(".plan-a11y--open");
    if (!group) return;
    setOpen(group, false);
    var toggle = group.querySelector(".plan-a11y__toggle");
    if (toggle && group.contains(document.activeElement)) toggle.focus();
  });

  document.addEventListener("click", function (event) {
    var target = event.target;
    var group = target && target.closest ? target.closest(".plan-a11y") : null;
    closeAll(group);
    if (group && target.closest(".plan-a11y__toggle")) {
      setOpen(group, !group.classList.contains("plan-a11y--open"));
      return;
    }
    var button = group ? target.closest("button[data-plan-text], button[data-plan-contrast]") : null;
    if (!button) return;
    var action = button.getAttribute("data-plan-text");
    if (action === "up") textStep = Math.min(LARGEST, textStep + 1);
    else if (action === "down") textStep = Math.max(SMALLEST, textStep - 1);
    else if (action === "reset") textStep = 0;
    else highContrast = !highContrast;
    write(TEXT_KEY, textStep === 0 ? null : String(textStep));
    write(CONTRAST_KEY, highContrast ? "high" : null);
    apply();
    if (!action) redrawCharts();
  });

  // Charts (charts.js) redraw in the palette's colours when the palette attribute on <body> changes:
  // setting it again, unchanged, redraws them in the contrast's colours.
  function redrawCharts() {
    var scheme = document.body.getAttribute("data-md-color-scheme");
    if (scheme !== null) document.body.setAttribute("data-md-color-scheme", scheme);
  }

  // 3. Without style sheets (GIGW 5.1.16) the page still reads in order: Material's own skip link
  //    (ours, in the header, replaces it on every page) and its two state checkboxes are hidden by
  //    its stylesheet only, and came first without it; `hidden` keeps them out of sight and out of
  //    the tab order either way (a label still toggles a hidden checkbox).
  // 4. Material wraps each Markdown table in a box that scrolls sideways on narrow screens
  //    (GIGW 5.2.17): the box becomes a region that takes keyboard focus, named by the table's
  //    caption or else by the heading of its section.
  //    And Material's icons are sized by its stylesheet only: without it each one filled the
  //    page's width (1264 px square at 1280 px), a dozen screens of icons before the content. Their
  //    own size (the icons' 24 px grid) keeps them icons; with styles the stylesheet sizes them.
  function tidyTheme() {
    var hidden = document.querySelectorAll(".md-skip, input.md-toggle");
    for (var i = 0; i < hidden.length; i++) hidden[i].hidden = true;
    var icons = document.querySelectorAll("svg[viewBox]:not([width])");
    for (var k = 0; k < icons.length; k++) {
      icons[k].setAttribute("width", "24");
      icons[k].setAttribute("height", "24");
    }
    var boxes = document.querySelectorAll(".md-typeset__scrollwrap:not([role])");
    for (var j = 0; j < boxes.length; j++) labelScrollBox(boxes[j]);
  }

  function labelScrollBox(box) {
    var table = box.querySelector("table");
    var caption = table && table.caption ? table.caption.textContent.trim() : "";
    var heading = null;
    for (var node = box.previousElementSibling; !caption && !heading && node; node = node.previousElementSibling) {
      if (/^H[1-6]$/.test(node.tagName) && node.id) heading = node;
    }
    if (caption) box.setAttribute("aria-label", caption);
    else if (heading) box.setAttribute("aria-labelledby", heading.id);
    else return; // nothing to name it by: left as Material made it
    box.setAttribute("role", "region");
    box.tabIndex = 0;
  }

  tidyTheme();

  // Pages swapped in by instant navigation carry the header's buttons in their initial state.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(apply);
    window.document$.subscribe(tidyTheme);
  }

  var SHORTCUTS = { f: true, s: true, "/": true, p: true, n: true, ",": true, ".": true };

  function typing(element) {
    if (!element || element === document.body) return false;
    var tag = element.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || element.isContentEditable;
  }

  window.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (!Object.prototype.hasOwnProperty.call(SHORTCUTS, event.key)) return;
    var search = document.getElementById("__search");
    if (search && search.checked) return; // the search dialog is open: keys belong to it
    if (typing(event.target) || typing(document.activeElement)) return;
    event.stopPropagation(); // Material's listener on window never sees the key; the browser's default is kept
  }, true);
})();
