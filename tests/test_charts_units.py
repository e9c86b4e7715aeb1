"""Figures, data islands and summaries, without a build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markupsafe import Markup
from test_progress import kpi, quarters
from transparency.figures import annual_figure, chart_text, island_json, level_figure
from transparency.i18n import Catalogue, load_catalogue
from transparency.series import annual_totals, chart_points
from transparency.summaries import annual_summary, level_summary

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def words() -> Catalogue:
    catalogue, problems = load_catalogue(REPO / "content/i18n/en.yml", "content/i18n/en.yml")
    assert catalogue is not None and not problems
    return catalogue


@pytest.mark.parametrize("hostile", ["</script><script>alert(1)</script>", "a\u2028b\u2029c", "x & <!-- y -->"])
def test_data_island_cannot_break_out(hostile: str) -> None:
    text = island_json({"title": hostile})
    assert "<" not in text and ">" not in text and "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"title": hostile}


def test_chart_text_is_not_markup() -> None:
    assert chart_text('<a href="javascript:x">b</a> & c') == '&lt;a href="javascript:x"&gt;b&lt;/a&gt; &amp; c'


def test_annual_figure_marks_partial_year_and_target(words: Catalogue) -> None:
    totals = annual_totals(quarters("2025-Q1", [10, 12, 14, 16, 11, 13, 12]))
    figure = annual_figure(kpi("annual-total", 50), totals, words)
    bars, target = figure["data"]
    assert bars["x"] == ["2025", "2026 (to 2026-Q3)"] and bars["y"] == [52, 36]
    assert target["y"] == [50, 50] and target["meta"] == {"role": "target"}
    assert "template" not in figure["layout"]


def test_level_figure_extends_to_the_due_quarter(words: Catalogue) -> None:
    level = kpi("level-by-date", 8, by=2026)
    figure = level_figure(level, chart_points(level.target.kind, quarters("2026-Q1", [3, 4, 5])), words)
    actual, target = figure["data"]
    assert actual["x"] == ["2026-Q1", "2026-Q2", "2026-Q3"]
    assert target["x"][-1] == "2026-Q4" and figure["layout"]["xaxis"]["categoryarray"][-1] == "2026-Q4"


def test_summaries_state_latest_change_and_distance(words: Catalogue) -> None:
    level = kpi("level-by-date", 8, by=2026)
    points = chart_points(level.target.kind, quarters("2025-Q3", [2, 3, 3, 4, 5]))
    text = " ".join(level_summary(level, points, words))
    assert "At the end of 2026-Q3 the figure stood at 5 things." in text
    assert "up 1 on the previous quarter, and up 3 on a year earlier" in text
    assert "3 more are needed to reach the target of 8 by the end of 2026." in text
    annual = kpi("annual-total", 1000)
    totals = annual_totals(quarters("2025-Q1", [200, 250, 250, 230, 150, 160, 170]))
    text = " ".join(annual_summary(annual, totals, words))
    assert "In 2026 up to 2026-Q3, 480 things were recorded: 48% of the annual target of 1,000." in text
    assert "In 2025 the total was 930, 70 short of the target." in text
    assert annual_summary(annual, [], words) == ["No figures have been reported yet."]


def test_indian_digit_grouping(words: Catalogue) -> None:
    assert words.number(1234567) == "12,34,567"
    assert words.number(2.5, 1) == "2.5"


# Formatted numbers and texts are remembered per catalogue: what is remembered must not stand in
# for a value that is equal but written differently (0 and -0.0, 12 and 12.0 with decimals, text and markup).
def test_remembered_formatting_keeps_values_apart() -> None:
    words, _ = load_catalogue(REPO / "content/i18n/en.yml", "content/i18n/en.yml")
    assert words is not None
    fresh = lambda: load_catalogue(REPO / "content/i18n/en.yml", "content/i18n/en.yml")[0]  # noqa: E731
    for value, decimals in ((0, 0), (-0.0, 0), (-0.0, 1), (12, 1), (12.0, 1), (1234567, 0), (1234567.5, 2)):
        assert words.number(value, decimals) == fresh().number(value, decimals)
    assert words.number(-0.0, 1) == fresh().number(-0.0, 1) and words.number(0, 1) == fresh().number(0, 1)
    key = "chart.caption"
    assert words.markup(key, name="a < b") == fresh().markup(key, name="a < b")
    assert "a &lt; b" in words.markup(key, name="a < b")
    assert "a <b>" in words.markup(key, name=Markup("a <b>"))  # markup stays markup after the text was remembered
    assert "1" in words.markup(key, name=1) and "True" in words.markup(key, name=True)  # 1 == True, not the same text
