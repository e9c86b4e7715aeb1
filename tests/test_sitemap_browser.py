"""The sitemaps of a published version, read by the theme in Chromium.

Built as .ci/publish.py has mike build a cycle (each language alone, SITE_VERSION set, the public
address in SITE_PUBLIC_URL) and served as mike lays it out (``/<version>/``, ``/hi/<version>/``).
Material's instant navigation swaps in only the pages its sitemap lists, by their address: if the
sitemap's URLs left the version or the language tree, every click would be an ordinary page load.
"""

from __future__ import annotations

import pytest
from browser_harness import SiteServer, open_page, wait_for_quiet
from playwright.sync_api import Browser

pytest_plugins = ("browser_harness",)


# In each language's tree, a click on the navigation swaps the page in: the sitemap lists it there.
@pytest.mark.browser
@pytest.mark.parametrize("start, target", [("/", "/budget/"), ("/hi/", "/hi/budget/")])
def test_published_sitemap_drives_instant_navigation(chromium: Browser, published_site_server: SiteServer,
                                                     start: str, target: str) -> None:
    with open_page(chromium, published_site_server.url(start)) as (page, log):
        page.evaluate("window.__sameDocument = true")
        before = page.title()
        page.locator(f".md-nav--primary a.md-nav__link[href='{published_site_server.url(target)}']").first.click()
        page.wait_for_url(published_site_server.url(target))
        page.wait_for_function("(before) => document.title !== before", arg=before)
        wait_for_quiet(page, log)
        assert page.evaluate("window.__sameDocument") is True, f"{target} was reloaded, not swapped in"
        assert log.problems() == [], log.report()
