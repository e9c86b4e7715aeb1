"""Search loads on demand (overrides/assets/javascripts/search-on-demand.js): a page load downloads
neither Material's search worker nor the search index; reaching for search (hover, focus, a search
or highlight in the address) downloads both, once, and search then works as Material wrote it.

The negative control takes the script out of the page: Material then fetches both on load, as the
script expects it to (a Material upgrade that loads them another way fails here).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from browser_harness import THEME_SCRIPTS_RAN, SiteServer
from playwright.sync_api import Browser, Page

pytest_plugins = ("browser_harness",)

SCRIPT_TAG = "search-on-demand.js\"></script>"


def _is_search(url: str) -> bool:
    return url.split("?")[0].endswith("/search/search_index.json") or "/assets/javascripts/workers/search." in url


@contextmanager
def _page(browser: Browser, url: str, *, without_script: bool = False,
          viewport: dict[str, int] | None = None) -> Iterator[tuple[Page, list[str], list[str]]]:
    """The page, the URLs of the search files it requested so far, and its errors."""
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 800}, has_touch=viewport is not None)
    requested: list[str] = []
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("request", lambda request: requested.append(request.url) if _is_search(request.url) else None)
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        if without_script:
            def strip(route: object) -> None:
                response = route.fetch()  # type: ignore[attr-defined]
                body = response.text()
                assert SCRIPT_TAG in body, "the page no longer loads search-on-demand.js"
                start = body.rindex("<script", 0, body.index(SCRIPT_TAG))
                route.fulfill(response=response, body=body[:start] + body[body.index(SCRIPT_TAG) + len(SCRIPT_TAG):])  # type: ignore[attr-defined]

            page.route(url, strip)
        page.goto(url, wait_until="load")
        page.wait_for_function(THEME_SCRIPTS_RAN)
        page.wait_for_timeout(1500)  # Material fetches its search files right after load, if at all
        yield page, requested, errors
    finally:
        context.close()


@pytest.mark.browser
def test_a_page_load_downloads_no_search_until_the_reader_reaches_for_it(chromium: Browser,
                                                                          site_server: SiteServer) -> None:
    with _page(chromium, site_server.url("/kpis/participation-rate/")) as (page, requested, errors):
        assert requested == []
        page.hover(".md-search__input")  # a mouse on its way to the search box
        page.wait_for_timeout(500)
        assert len(requested) == 2, requested
        page.click(".md-search__input")
        page.keyboard.type("budget")
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
        links = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
        assert any("/budget/" in link for link in links), links
        assert len(requested) == 2, requested  # each once
        assert errors == []


@pytest.mark.browser
def test_on_a_phone_the_search_button_loads_search(chromium: Browser, site_server: SiteServer) -> None:
    with _page(chromium, site_server.url("/"), viewport={"width": 412, "height": 823}) as (page, requested, errors):
        assert requested == []
        page.tap("label.md-header__button[for='__search']")
        page.keyboard.type("budget")
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
        assert len(requested) == 2, requested
        assert errors == []


@pytest.mark.browser
@pytest.mark.parametrize("query", ["?q=budget", "?h=budget"])
def test_a_search_in_the_address_loads_search_at_once(chromium: Browser, site_server: SiteServer, query: str) -> None:
    """?q= opens search with the query (Material); ?h= highlights a search result's words on the page."""
    with _page(chromium, site_server.url("/budget/") + query) as (page, requested, errors):
        assert len(requested) == 2, requested
        if query.startswith("?q="):
            page.wait_for_selector(".md-search-result__item", timeout=10_000)
        else:
            page.wait_for_selector("article mark", timeout=10_000)
        assert errors == []


@pytest.mark.browser
def test_without_the_script_material_downloads_search_on_every_load(chromium: Browser,
                                                                    site_server: SiteServer) -> None:
    with _page(chromium, site_server.url("/kpis/participation-rate/"), without_script=True) as (_, requested, _errors):
        assert sorted(url.rsplit("/", 1)[1].split(".")[0] for url in requested) == ["search", "search_index"], requested
