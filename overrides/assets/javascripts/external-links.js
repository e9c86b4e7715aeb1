/* GIGW 3.0 5.4.4: a reader about to leave for a website that is not a government one is told so,
   and may stay.

   The build already marks every link to another host (class `plan-external`, an icon and visually
   hidden words, hooks/transparency/links.py); this script adds the alert the guideline asks for
   when such a link is followed. On a click (a mouse, a tap, or Enter on a focused link: all are
   click events; and a middle click, which opens a new tab) on a link to an http(s) host that is neither this site's host nor a government
   domain, it asks with the browser's own confirm() dialog, which every screen reader announces
   and the keyboard operates; "Cancel" stays on the page. Links inside the site, to government
   hosts (the domains and their subdomains), mailto: and tel: links are left alone.

   The question, in the page's language, and the government domains come from
   partials/plan-external-notice.html: a <template> (inert: never shown, never read out) whose
   text has `{host}` where the link's host goes. First-party and loaded from the site itself: the
   Content-Security-Policy allows no inline script. The listener is on the document, in the
   capturing phase, so it runs before Material's own click handling and keeps working whatever
   Material's instant navigation replaces. Without JavaScript, the marks on the links remain. A
   link opened from the browser's context menu ("Open in new tab") cannot be asked about: no page
   event announces it. */
(function () {
  "use strict";

  var NOTICE_ID = "plan-external-notice";

  function notice() {
    var template = document.getElementById(NOTICE_ID);
    if (!template) return null;
    var domains = (template.getAttribute("data-plan-government") || "").toLowerCase().split(/\s+/);
    return {
      text: (template.content || template).textContent.trim(),
      domains: domains.filter(function (domain) { return domain !== ""; }),
    };
  }

  function isGovernment(host, domains) {
    for (var i = 0; i < domains.length; i++) {
      var domain = domains[i].replace(/^\.+/, "");
      if (host === domain || host.slice(-(domain.length + 1)) === "." + domain) return true;
    }
    return false;
  }

  // The host the link leads to, if it is another website that no government runs; else null.
  function foreignHost(link, domains) {
    var url;
    try {
      url = new URL(link.href, document.baseURI);
    } catch (error) {
      return null;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    var host = url.hostname.toLowerCase().replace(/\.$/, "");
    if (host === "" || host === window.location.hostname.toLowerCase()) return null;
    return isGovernment(host, domains) ? null : host;
  }

  function ask(event) {
    if (event.defaultPrevented || !(event.target instanceof Element)) return;
    var link = event.target.closest("a[href]");
    if (!link) return;
    var words = notice();
    if (!words || !words.text) return;
    var host = foreignHost(link, words.domains);
    if (host === null) return;
    if (!window.confirm(words.text.split("{host}").join(host))) event.preventDefault();
  }

  document.addEventListener("click", ask, true);
  // A middle click opens the link in a new tab without a click event; it asks the same.
  document.addEventListener("auxclick", function (event) {
    if (event.button === 1) ask(event);
  }, true);
})();
