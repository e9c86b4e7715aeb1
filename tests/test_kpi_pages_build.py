"""KPI data joined with pages in whole builds: charts, tables, downloads, markers, data errors."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BuildResult, edit

OBS = "data/kpi-observations.csv"
KPIS = ["participation-rate", "training-coverage", "service-integration", "cooperation-projects"]


def _html(site: BuildResult, page: str) -> str:
    return (site.site / page).read_text(encoding="utf-8")


def _islands(html: str) -> dict[str, dict]:
    return {m.group(1): json.loads(m.group(2)) for m in
            re.finditer(r'<template id="([^"]+)"><script type="application/json">(.*?)</script></template>',
                        html, re.S)}


@pytest.mark.parametrize("kpi", KPIS)
def test_kpi_page_has_chart_summary_table_and_downloads(demo_site: BuildResult, kpi: str) -> None:
    html = _html(demo_site, f"kpis/{kpi}/index.html")
    islands = _islands(html)
    assert list(islands) == [f"chart-{kpi}-1-data"]
    figure = islands[f"chart-{kpi}-1-data"]
    assert {t["meta"]["role"] for t in figure["data"]} == {"actual", "target"}
    assert f'<figure class="plan-chart" id="chart-{kpi}-1"' in html
    assert "<figcaption" in html and 'class="plan-chart__summary"' in html
    assert html.count("<caption>") >= (2 if kpi in ("participation-rate", "training-coverage") else 1)
    assert 'scope="col"' in html
    assert f'href="../../data/kpis/{kpi}.csv"' in html and f'href="../../data/kpis/{kpi}.json"' in html
    assert re.search(r"\((CSV), [\d.,]+ (bytes|KB)\)", html)
    assert "illustrative demonstration data" in html  # the notice travels with the figures
    assert "Computed status" in html and "Latest figure" in html
    # no inline script code in the page's content: its only scripts are JSON data islands
    article = html[html.index("<article"): html.index("</article>")]
    assert re.findall(r"<script\b[^>]*>", article) == ['<script type="application/json">']
    assert f'<template id="chart-{kpi}-1-data"><script type="application/json">' in article


def test_chart_numbers_match_the_table(demo_site: BuildResult) -> None:
    html = _html(demo_site, "kpis/service-integration/index.html")
    figure = _islands(html)["chart-service-integration-1-data"]
    actual = next(t for t in figure["data"] if t["meta"]["role"] == "actual")
    rows = re.findall(r'<tr><th scope="row">(\d{4}-Q\d)</th><td class="num">([\d,]+)</td>', html)
    assert [(p, float(v.replace(",", ""))) for p, v in rows] == list(zip(actual["x"], actual["y"], strict=True))


def test_objective_pages_show_their_kpis_charts(demo_site: BuildResult) -> None:
    html = _html(demo_site, "objectives/capacity-building/index.html")
    assert list(_islands(html)) == ["chart-training-coverage-1-data"]
    assert "Computed from the figures" in html and "The two statuses disagree." in html


def test_plotly_is_served_once_from_the_site_and_only_charts_load_it(demo_site: BuildResult) -> None:
    bundle = demo_site.site / "assets/javascripts/vendor/plotly-basic.min.js"
    assert bundle.is_file() and bundle.stat().st_size > 500_000
    assert "cdn" not in _html(demo_site, "kpis/participation-rate/index.html").lower()
    assert 'data-plotly-src="../../assets/javascripts/vendor/plotly-basic.min.js"' in _html(
        demo_site, "kpis/participation-rate/index.html")
    assert "plotly" not in _html(demo_site, "priority-areas/ip-analytics/index.html").lower()


def test_open_data_package_is_valid(demo_site: BuildResult) -> None:
    package = demo_site.site / "data/datapackage.json"
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    paths = [r["path"] for r in descriptor["resources"]]
    assert "kpi-observations.csv" in paths and "budget-spending.csv" in paths
    assert all((package.parent / p).is_file() for p in paths)
    result = subprocess.run([sys.executable, "-m", "frictionless", "validate", "--json", str(package)],
                            capture_output=True, text=True, check=False)
    report = json.loads(result.stdout)
    assert report["valid"] is True, result.stdout[:3000]


def test_editor_can_place_a_chart_with_a_marker(project: Path, build: Callable[[Path], BuildResult]) -> None:
    page = project / "content/en/priority-areas/ip-analytics.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[[kpi-chart service-integration]]\n", encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.output
    html = (result.site / "priority-areas/ip-analytics/index.html").read_text(encoding="utf-8")
    assert list(_islands(html)) == ["chart-service-integration-1-data"]
    assert "[[kpi-chart" not in html


@pytest.mark.parametrize(("marker", "words"), [
    ("[[kpi-chart service-integraton]]",
     ["chart marker names unknown KPI 'service-integraton'", "service-integration"]),
    ("[[chart service-integration]]", ["malformed chart marker", "[[kpi-chart KPI-ID]]"]),
])
def test_bad_chart_marker_fails_the_build(project: Path, build: Callable[[Path], BuildResult],
                                          marker: str, words: list[str]) -> None:
    page = project / "content/en/priority-areas/ip-analytics.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    page.write_text("\n".join([*lines, "", marker]) + "\n", encoding="utf-8")
    result = build(project)
    assert result.returncode != 0 and "Traceback" not in result.output
    assert f"content/en/priority-areas/ip-analytics.md:{len(lines) + 2}" in result.output, result.output
    for word in words:
        assert word in result.output


@pytest.mark.parametrize(("old", "new", "location", "words"), [
    ("participation-rate,2024-Q2,11,", "participation-rate,2024-Q2,eleven,", f"{OBS}:3:3", ["value", "'eleven'"]),
    ("participation-rate,2024-Q2,11,", "participation-rate,2024-Q2,11.5,", f"{OBS}:3:3", ["value"]),
    ("participation-rate,2024-Q2,11,", "participation-rte,2024-Q2,11,", f"{OBS}:3:1", ["kpi", "participation-rate"]),
    ("participation-rate,2024-Q2,11,", "participation-rate,2023-Q2,11,", f"{OBS}:3:2", ["period", "outside"]),
])
def test_bad_data_row_fails_the_build(project: Path, build: Callable[[Path], BuildResult],
                                      old: str, new: str, location: str, words: list[str]) -> None:
    edit(project / OBS, old, new)
    result = build(project)
    assert result.returncode != 0 and "Traceback" not in result.output, result.output
    assert location in result.output, result.output
    for word in words:
        assert word in result.output, result.output
    assert not (project / "site/index.html").exists()
