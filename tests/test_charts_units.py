"""Figures, data islands and summaries, without a build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markupsafe import Markup
from test_progress import kpi, quarters
from transparency.budget_view import SpendingRow
from transparency.figures import annual_figure, chart_text, island_json, level_figure
from transparency.i18n import Catalogue, load_catalogue
from transparency.schemas import BudgetCategory, ObjectivePage, PhasePage, YearSpan
from transparency.series import annual_totals, chart_points
from transparency.summaries import allocation_summary, annual_summary, level_summary, spending_summary, timeline_summary

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


# Whole numbers skip Babel's Decimal arithmetic (i18n._WholeNumberFormat): the same text as Babel
# writes, in the site's locales and others with other signs, separators and groupings.
@pytest.mark.parametrize("locale", ["en_IN", "hi_IN", "en_US", "de_CH", "fr_FR", "ar_EG", "fa_IR", "sv_SE"])
def test_whole_numbers_are_written_as_babel_writes_them(locale: str) -> None:
    from transparency.i18n import _number_format, _whole_number_format

    values = [1, -1, 9, 10, 999, 1000, -1000, 12345, 1234567, -1234567, 10**14 + 7, -(10**15 - 1), 2.0, -3.0,
              123456789.0, *(int("9" * n) for n in range(1, 16)), *(-int("1" + "0" * n) for n in range(15))]
    whole = _whole_number_format(locale, 0)
    assert whole is not None
    babel_locale, pattern = _number_format(locale, 0)
    for value in values:
        assert whole.apply(int(value)) == pattern.apply(value, babel_locale, decimal_quantization=True,
                                                        group_separator=True, numbering_system="latn"), value
    assert _whole_number_format(locale, 2) is None  # numbers with decimals: Babel itself
    words = Catalogue("en", locale, {})
    for value in (0, -0.0, 0.5, 1e15, -1e16, 12.25, float("nan")):  # Babel's path, as before
        assert words.number(value) == pattern.apply(value, babel_locale, decimal_quantization=True,
                                                    group_separator=True, numbering_system="latn"), value


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


# The timeline's and the budget's summaries: sentences from the catalogue, facts from the data.

@pytest.fixture(scope="module")
def hindi() -> Catalogue:
    catalogue, problems = load_catalogue(REPO / "content/i18n/hi.yml", "content/i18n/hi.yml")
    assert catalogue is not None and not problems
    return catalogue


def _phase(number: int, start: int, end: int) -> PhasePage:
    return PhasePage.model_construct(number=number, title=f"Phase {number}", years=YearSpan(start=start, end=end))


def _objective(title: str, start: int, end: int) -> ObjectivePage:
    return ObjectivePage.model_construct(title=title, timeline=YearSpan(start=start, end=end))


PLAN = YearSpan(start=2024, end=2027)
PHASES = [_phase(1, 2024, 2024), _phase(2, 2025, 2025), _phase(3, 2026, 2027)]
OBJECTIVES = [_objective("Governance", 2024, 2025), _objective("Training", 2024, 2027)]


def test_timeline_summary_names_phases_objectives_and_the_current_phase(words: Catalogue) -> None:
    assert timeline_summary(PHASES, OBJECTIVES, PLAN, "2026-Q3", words) == [
        "The plan runs from 2024 to 2027 in 3 phases: Phase 1 (2024); Phase 2 (2025); Phase 3 (2026–2027).",
        "Its 2 strategic objectives and their years: Governance (2024–2025); Training (2024–2027).",
        "As of 2026-Q3, Phase 3 is under way.",
        "In 2026, 1 of the 2 strategic objectives are within their planned years.",
    ]


def test_timeline_summary_one_phase_no_cycle(words: Catalogue) -> None:
    assert timeline_summary([_phase(1, 2024, 2027)], [], PLAN, None, words) == [
        "The plan runs from 2024 to 2027 in one phase: Phase 1 (2024–2027)."]


@pytest.mark.parametrize(("phases", "cycle", "expected"), [
    ([_phase(1, 2024, 2025), _phase(2, 2025, 2026)], "2025-Q1", "As of 2025-Q1, these phases are under way: "
                                                                "Phase 1 and Phase 2."),
    ([_phase(1, 2024, 2024), _phase(2, 2025, 2025)], "2027-Q1", "As of 2027-Q1, all phases have ended."),
    ([_phase(1, 2025, 2025), _phase(2, 2026, 2026)], "2024-Q4", "As of 2024-Q4, no phase has started yet."),
    ([_phase(1, 2024, 2024), _phase(2, 2026, 2026)], "2025-Q2", "As of 2025-Q2, no phase is under way."),
])
def test_timeline_summary_at_the_cycle(words: Catalogue, phases: list[PhasePage], cycle: str, expected: str) -> None:
    sentences = timeline_summary(phases, [], PLAN, cycle, words)
    assert sentences[-1] == expected, sentences


def test_timeline_summary_in_hindi(hindi: Catalogue) -> None:
    sentences = timeline_summary(PHASES, OBJECTIVES, PLAN, "2026-Q3", hindi)
    assert sentences[0] == "योजना 2024 से 2027 तक 3 चरणों में चलती है: Phase 1 (2024); Phase 2 (2025); Phase 3 (2026–2027)।"
    assert sentences[2] == "2026-Q3 की स्थिति में Phase 3 जारी है।"


def _category(name: str, share: float, amount: int) -> BudgetCategory:
    return BudgetCategory(id=name.lower(), name=name, share_percent=share, annual_amount_usd=amount, purpose="x")


def test_allocation_summary_largest_and_smallest(words: Catalogue) -> None:
    categories = [_category("Systems", 35, 2_500_000), _category("Training", 55, 3_900_000),
                  _category("Review", 10, 700_000)]
    assert allocation_summary(categories, words) == [
        "Of the annual budget of US$7.1 million, the largest share, 55%, goes to Training (US$3.9 million).",
        "The smallest share, 10%, goes to Review (US$0.7 million).",
    ]


def test_allocation_summary_names_ties_together(words: Catalogue) -> None:
    categories = [_category("A", 40, 4_000_000), _category("B", 40, 4_000_000), _category("C", 10, 1_000_000),
                  _category("D", 10, 1_000_000)]
    assert allocation_summary(categories, words) == [
        "Of the annual budget of US$10.0 million, the largest shares, 40% each, go to A and B.",
        "The smallest shares, 10% each, go to C and D.",
    ]
    equal = [_category("A", 25, 1_000_000) for _ in range(3)] + [_category("B", 25, 1_000_000)]
    assert allocation_summary(equal, words) == [
        "The annual budget of US$4.0 million is shared equally, 25% each, between A, A, A and B."]


def test_allocation_summary_one_category_indian_grouping(words: Catalogue, hindi: Catalogue) -> None:
    only = [_category("Everything", 100, 123_456_000_000)]
    assert allocation_summary(only, words) == ["The whole annual budget of US$1,23,456.0 million goes to Everything."]
    assert allocation_summary(only, hindi) == ["1,23,456.0 मिलियन अमेरिकी डॉलर का पूरा वार्षिक बजट Everything को जाता है।"]


def _year(year: int, planned: int, actual: int) -> SpendingRow:
    return SpendingRow(year, "", "Total", planned, actual)


def test_spending_summary_latest_year_so_far_then_the_year_before(words: Catalogue) -> None:
    years = [_year(2024, 7_100_000, 6_000_000), _year(2025, 7_100_000, 6_830_000), _year(2026, 7_100_000, 4_940_000)]
    assert spending_summary(years, True, "2026-Q3", words) == [
        "In 2026, a year not yet over at 2026-Q3, US$4.9 million has been spent so far of US$7.1 million planned "
        "(69.6%).",
        "In 2025, US$6.8 million was spent of US$7.1 million planned (96.2%).",
        "These spending figures are illustrative, not official.",
    ]
    # A cycle after the last year: every year is over; official figures carry no illustrative sentence.
    assert spending_summary(years[:1], False, "2027-Q1", words) == [
        "In 2024, US$6.0 million was spent of US$7.1 million planned (84.5%)."]
    assert spending_summary([_year(2025, 0, 1_000_000)], False, None, words) == [
        "In 2025, US$1.0 million was spent, with no spending planned."]


def test_spending_summary_without_data(words: Catalogue, hindi: Catalogue) -> None:
    assert spending_summary([], True, "2026-Q3", words) == ["No spending has been reported yet."]
    assert spending_summary([], False, None, hindi) == ["अभी तक कोई व्यय रिपोर्ट नहीं किया गया है।"]
