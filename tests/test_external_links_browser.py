"""GIGW 3.0 5.4.4: following a link to a website that no government runs asks the reader first.

assets/javascripts/external-links.js, in headless Chromium, on the demo site as published (both
language trees): a non-government link raises the browser's confirm() dialog in the page's
language, by mouse and by keyboard, and cancelling it stays on the page; links inside the site and
to government hosts raise none.
"""

from __future__ import annotations

import pytest
from browser_harness import SiteServer, open_page
from playwright.sync_api import Browser, Page

pytest_plugins = ("browser_harness",)

# Words of the question (content/i18n/<language>.yml, a11y.external_confirm) that show its language.
QUESTION = {"en": "a website not run by the Government of India", "hi": "जो भारत सरकार की वेबसाइट नहीं है"}
HELP = {"en": "/help/", "hi": "/hi/help/"}  # links to www.nvaccess.org (content) and github.com (edit links)

# Counts the questions asked instead of showing them, answers `answer`, and records for each click
# whether the script cancelled it; the listener on window runs last and stops every navigation, so
# that the page stays put whatever the script decided.
_RECORD = """(answer) => {
  window.__asked = [];
  window.__cancelled = [];
  window.confirm = (text) => { window.__asked.push(text); return answer; };
  window.addEventListener("click", (event) => {
    window.__cancelled.push(event.defaultPrevented);
    event.preventDefault();
  });
}"""


def _click(page: Page, selector: str) -> None:
    link = page.locator(selector).first
    assert link.count() == 1, f"no link {selector}"
    link.dispatch_event("click")  # no scrolling or hit-testing: the footer and header links alike


@pytest.mark.browser
@pytest.mark.gigw("5.4.4")
@pytest.mark.parametrize("language", ["en", "hi"])
def test_5_4_4_non_government_link_asks_before_leaving(chromium: Browser, site_server: SiteServer,
                                                     language: str) -> None:
    url = site_server.url(HELP[language])
    with open_page(chromium, url) as (page, log):
        # By keyboard, with the browser's own dialog: the harness answers "Cancel" and records it.
        link = page.locator("a[href^='https://www.nvaccess.org']")
        link.focus()
        page.keyboard.press("Enter")
        page.wait_for_timeout(300)
        assert len(log.dialogs) == 1, log.report()
        assert log.dialogs[0].startswith("confirm: ") and "www.nvaccess.org" in log.dialogs[0], log.dialogs
        assert QUESTION[language] in log.dialogs[0], f"not in the page's language: {log.dialogs[0]}"
        assert page.url == url, "cancelling must stay on the page"
        log.dialogs.clear()
        assert log.problems() == [], log.report()


@pytest.mark.browser
@pytest.mark.gigw("5.4.4")
@pytest.mark.parametrize("language", ["en", "hi"])
def test_5_4_4_only_non_government_links_ask(chromium: Browser, site_server: SiteServer, language: str) -> None:
    with open_page(chromium, site_server.url(HELP[language])) as (page, log):
        page.evaluate(_RECORD, True)
        # Inside the site (navigation, footer) and government hosts (the National Portal): no question.
        for selector in (".md-nav--primary a.md-nav__link[href]", "[data-plan-footer='contact']",
                         "[data-plan-footer='national-portal']", "a.md-header__button.md-logo"):
            _click(page, selector)
        assert page.evaluate("window.__asked") == []
        assert page.evaluate("window.__cancelled") == [False] * 4
        # Other websites: the content's link, an edit link, the theme's repository link. Answered
        # "OK", the link is followed (not cancelled).
        for selector in ("a[href^='https://www.nvaccess.org']", "a.plan-external[href^='https://github.com']",
                         "a.md-source"):
            _click(page, selector)
        asked = page.evaluate("window.__asked")
        assert [("www.nvaccess.org" in a, "github.com" in a) for a in asked] == [(True, False), (False, True),
                                                                             (False, True)], asked
        assert all(QUESTION[language] in a and "{host}" not in a for a in asked), asked
        assert page.evaluate("window.__cancelled") == [False] * 7
        # Answered "Cancel": the click is cancelled.
        page.evaluate("window.confirm = (text) => { window.__asked.push(text); return false; }")
        _click(page, "a.md-source")
        assert page.evaluate("window.__cancelled")[-1] is True
        assert log.problems() == [], log.report()


@pytest.mark.browser
@pytest.mark.gigw("5.4.4")
@pytest.mark.parametrize("language", ["en", "hi"])
def test_5_4_4_a_middle_click_asks_too_and_cancelling_opens_no_tab(chromium: Browser, site_server: SiteServer,
                                                                   language: str) -> None:
    url = site_server.url(HELP[language])
    with open_page(chromium, url) as (page, log):
        pages_before = len(page.context.pages)
        page.locator("a[href^='https://www.nvaccess.org']").click(button="middle")
        page.wait_for_timeout(300)
        assert len(log.dialogs) == 1 and "www.nvaccess.org" in log.dialogs[0], log.report()
        assert QUESTION[language] in log.dialogs[0]
        assert len(page.context.pages) == pages_before and page.url == url, "cancelled: no new tab, same page"
        log.dialogs.clear()
        # A middle click on a link inside the site asks nothing.
        page.locator("[data-plan-footer='contact']").click(button="middle")
        page.wait_for_timeout(300)
        assert log.dialogs == [], log.report()
        assert log.problems() == [], log.report()
