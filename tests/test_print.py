"""Reports (and every page type) print cleanly: no navigation, the tables visible, A4 pages."""

from __future__ import annotations

import pytest
from browser_harness import SiteServer, open_page
from playwright.sync_api import Browser

pytest_plugins = ("browser_harness",)

PRINTED = ["/reports/2026-q3/", "/reports/2026-q2/", "/kpis/participation-rate/", "/budget/", "/"]


@pytest.mark.gigw("5.1.20")
@pytest.mark.browser
@pytest.mark.parametrize("path", PRINTED)
def test_5_1_20_page_prints_without_navigation_and_with_its_tables(chromium: Browser, site_server: SiteServer,
                                                                 path: str) -> None:
    with open_page(chromium, site_server.url(path)) as (page, log):
        page.emulate_media(media="print")
        hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary',
            '.md-footer', '.plan-chart__plot'].map(s => [...document.querySelectorAll(s)]
            .every(e => getComputedStyle(e).display === 'none'))""")
        assert hidden == [True] * 5, "navigation, footer and the drawn charts do not print"
        tables = page.evaluate("""() => [...document.querySelectorAll('article table.plan-table')]
            .map(t => [getComputedStyle(t).display, t.getBoundingClientRect().width])""")
        assert tables and all(display == "table" and width > 0 for display, width in tables)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        # A4 at 96 dpi minus the @page margins is about 680 CSS px; nothing may be wider than the page.
        page.set_viewport_size({"width": 680, "height": 1000})
        assert page.evaluate("() => document.querySelector('article').scrollWidth") <= 680, width
        pdf = page.pdf(format="A4", print_background=False)
        assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
        assert log.problems() == [], log.report()
