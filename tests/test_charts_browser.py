"""Every chart is drawn, with the expected number of points, and follows the palette."""

from __future__ import annotations

import pytest
from browser_harness import SiteServer, open_page
from playwright.sync_api import Browser, Page

pytest_plugins = ("browser_harness",)

CHART_PAGES = ["/", "/objectives/capacity-building/", "/kpis/participation-rate/", "/kpis/training-coverage/",
               "/kpis/service-integration/", "/kpis/cooperation-projects/", "/budget/",
               "/hi/kpis/service-integration/", "/hi/budget/"]

# Points expected from the figure's own data: one per bar, one per marker; a lines-only trace (a target) has none.
COUNT = """(plot) => {
  const holder = document.getElementById(plot.dataset.chart);
  const figure = JSON.parse(holder.content.querySelector('script').textContent);
  const expected = figure.data.reduce((n, t) => n + (t.type === 'bar' || (t.mode || '').includes('markers')
      ? (t.x || t.y).length : 0), 0);
  const drawn = plot.querySelectorAll('.barlayer .point').length
      + plot.querySelectorAll('.scatterlayer .points .point').length;
  return [expected, drawn];
}"""


def _draw_all(page: Page) -> list[list[int]]:
    counts = []
    for plot in page.locator(".plan-chart__plot").all():
        plot.scroll_into_view_if_needed()
        page.wait_for_function("(el) => el.dataset.rendered === 'true'", arg=plot.element_handle(), timeout=20_000)
        counts.append(plot.evaluate(COUNT))
    return counts


@pytest.mark.browser
@pytest.mark.parametrize("path", CHART_PAGES)
def test_every_chart_is_drawn_with_its_points(chromium: Browser, site_server: SiteServer, path: str) -> None:
    with open_page(chromium, site_server.url(path)) as (page, _log):
        counts = _draw_all(page)
    assert counts, f"{path}: no chart"
    for expected, drawn in counts:
        assert expected > 0 and drawn == expected, counts


@pytest.mark.browser
def test_charts_follow_the_palette(chromium: Browser, site_server: SiteServer) -> None:
    with open_page(chromium, site_server.url("/kpis/participation-rate/")) as (page, log):
        _draw_all(page)
        colour = "() => getComputedStyle(document.querySelector('.plan-chart__plot .barlayer .point path')).fill"
        light = page.evaluate(colour)
        page.locator("label[for='__palette_1']").click()
        page.wait_for_function(f"(before) => ({colour})() !== before", arg=light, timeout=10_000)
        dark = page.evaluate(colour)
        assert page.evaluate("() => document.body.dataset.mdColorScheme") == "slate"
        assert light != dark
        assert log.problems() == [], log.report()
