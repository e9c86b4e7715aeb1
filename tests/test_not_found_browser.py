"""The 404 page of a published cycle, shown by the host at a deep missing address, in Chromium.

Built as .ci/publish.py has mike build a cycle (SITE_VERSION, SITE_PUBLIC_URL) and served as mike
lays it out; the server answers a missing address with its language tree's 404.html and status 404,
as GitHub Pages and the nginx configuration of DEPLOYMENT.md do. Before hooks/not_found.py the page
linked the unversioned layout (``/assets/...``): unstyled, its scripts and every link a 404.
"""

from __future__ import annotations

import pytest
from browser_harness import SiteServer, open_page
from playwright.sync_api import Browser

pytest_plugins = ("browser_harness",)

# Every same-origin link and resource of the page (not places in the page), fetched: the status of each
# that is not 200.
_BROKEN = """async () => {
  const urls = [...document.querySelectorAll("a[href], link[href], script[src], img[src]")]
    .map((element) => new URL(element.href || element.src, location.href))
    .filter((url) => url.origin === location.origin && !(url.pathname === location.pathname && url.hash))
    .map((url) => url.origin + url.pathname);
  const answers = await Promise.all([...new Set(urls)].map(async (url) => [url, (await fetch(url)).status]));
  return answers.filter(([, status]) => status !== 200);
}"""


@pytest.mark.browser
@pytest.mark.parametrize(("missing", "language", "other"), [("/no/such/page/", "en", "hi"),
                                                            ("/hi/no/such/page/", "hi", "en")])
def test_the_404_page_is_styled_and_its_links_work_at_any_depth(chromium: Browser, published_site_server: SiteServer,
                                                                missing: str, language: str, other: str) -> None:
    url = published_site_server.url(missing)
    with open_page(chromium, url, status=404) as (page, log):
        assert page.evaluate("document.documentElement.lang") == language
        assert page.locator("h1").count() == 1
        # Material's stylesheet is applied: its header is sticky and coloured (unstyled: static, transparent).
        header = page.evaluate("""(() => { const style = getComputedStyle(document.querySelector(".md-header"));
                                  return [style.position, style.backgroundColor]; })()""")
        assert header[0] == "sticky" and header[1] not in ("rgba(0, 0, 0, 0)", "transparent"), header
        assert page.evaluate("getComputedStyle(document.querySelector('.plan-skip')).position") == "absolute"
        # The page's own answer is a 404, which Chromium also logs; nothing else may fail.
        own = {f"failed request: GET {url}: HTTP 404", "console error: Failed to load resource: the server "
               f"responded with a status of 404 (Not Found) ({url}:0)"}
        problems = [problem for problem in log.problems() if problem not in own]
        assert problems == [], "\n".join(problems)
        assert page.evaluate(_BROKEN) == []
        link = page.locator(f"a.plan-language__link[hreflang='{other}']")
        home = published_site_server.url("/hi/" if other == "hi" else "/")
        assert link.evaluate("(a) => a.href") == home
        with page.expect_navigation():
            link.click()
        assert page.url == home
        assert page.evaluate("document.documentElement.lang") == other
