"""The Hindi site in Chromium: Devanagari search finds Hindi pages; charts group digits the Indian way."""

from __future__ import annotations

import pytest
from browser_harness import SiteServer, open_page
from playwright.sync_api import Browser
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytest_plugins = ("browser_harness",)


@pytest.mark.gigw("5.4.10", "5.1.13")
@pytest.mark.browser
def test_5_4_10_a_devanagari_query_finds_the_hindi_page(chromium: Browser, site_server: SiteServer) -> None:
    with open_page(chromium, site_server.url("/hi/")) as (page, _log):
        assert page.evaluate("() => document.documentElement.lang") == "hi"
        # Material runs the query on key events; Playwright enters Devanagari as text without them, so
        # the text is filled in and a key pressed, as after typing with a Hindi keyboard. The index
        # loads in a worker: try again until it is ready.
        for _ in range(6):
            page.fill(".md-search__input", "बजट")
            page.keyboard.press("End")
            try:
                page.wait_for_selector(".md-search-result__item", timeout=5_000)
                break
            except PlaywrightTimeout:
                continue
        links = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
        titles = page.inner_text(".md-search-result__list")
    assert any(link.split("?")[0].endswith("/budget/") and "/hi/" in link for link in links), links
    assert "संसाधन आवंटन एवं बजट" in titles


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/kpis/training-coverage/", "/hi/kpis/training-coverage/"])
def test_charts_group_digits_like_the_tables(chromium: Browser, site_server: SiteServer, path: str) -> None:
    """Plotly's number format, with the site's locale, writes 12,34,567 as Babel does in the tables."""
    with open_page(chromium, site_server.url(path)) as (page, _log):
        chart = page.locator(".plan-chart__plot").first
        chart.scroll_into_view_if_needed()
        page.wait_for_selector(".plan-chart__plot[data-rendered='true']", timeout=20_000)
        ticks = page.evaluate("""async () => {
            const div = document.createElement('div');
            div.style.width = '600px'; div.style.height = '300px';
            document.body.appendChild(div);
            const locale = document.querySelector('.plan-chart__plot')._context.locale;
            await Plotly.newPlot(div, [{type: 'bar', x: ['a'], y: [1234567]}],
                {yaxis: {tickformat: ',d', tickvals: [1234567]}}, {locale: locale, staticPlot: true});
            return [locale, [...div.querySelectorAll('.ytick text')].map(t => t.textContent)];
        }""")
    locale, labels = ticks
    assert locale == ("hi" if path.startswith("/hi/") else "en-IN")
    assert labels == ["12,34,567"], labels
