"""Row-level validation of the data files: every mistake names file:row:column and what is allowed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from transparency import schemas as s
from transparency.content import load_site
from transparency.data_schema import BUDGET_SPENDING, OBSERVATIONS
from transparency.datasets import load_budget_spending, load_observations
from transparency.errors import ContentError

REPO = Path(__file__).resolve().parent.parent
OBS = "data/kpi-observations.csv"
SPEND = "data/budget-spending.csv"
PERIOD = (2024, 2027)
KPIS = {"participation-rate": s.Unit.COUNT, "satisfaction": s.Unit.PERCENT, "grants": s.Unit.USD}
CATEGORIES = ["technical-infrastructure", "capacity-building"]
HEADER = "kpi,period,value,data_status,not_reported_reason,note,source\n"
BUDGET_HEADER = "category,year,planned_usd,actual_usd,data_status,note\n"


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "data.csv"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def observation_problems(tmp_path: Path, text: str | bytes) -> list[str]:
    """Every problem the loader reports, as an editor reads it; fails if the file is accepted."""
    with pytest.raises(ContentError) as caught:
        load_observations(write(tmp_path, text), OBS, KPIS, PERIOD)
    return [str(p) for p in caught.value.problems]


def budget_problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_budget_spending(write(tmp_path, text), SPEND, CATEGORIES, PERIOD)
    return [str(p) for p in caught.value.problems]


def row(kpi: str = "participation-rate", period: str = "2024-Q1", value: str = "12",
        status: str = "illustrative", reason: str = "", note: str = "", source: str = "") -> str:
    return ",".join([kpi, period, value, status, reason, note, source]) + "\n"


def only(problems: list[str]) -> str:
    assert len(problems) == 1, problems
    return problems[0]


# --- a valid file ------------------------------------------------------------------------------


def test_a_valid_file_gives_typed_sorted_rows(tmp_path: Path) -> None:
    text = HEADER + row("satisfaction", "2024-Q2", "87.5") + row(period="2025-Q1") + row(value="9") \
        + row("grants", "2024-Q1", "1250000", note="first tranche")
    frame = load_observations(write(tmp_path, text), OBS, KPIS, PERIOD)
    assert list(frame.columns) == [*OBSERVATIONS.names, "year", "quarter"]
    assert list(zip(frame["kpi"], frame["period"], strict=True)) == [
        ("participation-rate", "2024-Q1"), ("participation-rate", "2025-Q1"),
        ("satisfaction", "2024-Q2"), ("grants", "2024-Q1")]  # the KPI order given, then period
    assert frame["value"].tolist() == [9, 12, 87.5, 1_250_000]
    assert frame["year"].tolist() == [2024, 2025, 2024, 2024] and frame["quarter"].tolist() == [1, 1, 2, 1]
    assert frame["note"].isna().tolist() == [True, True, True, False]
    assert str(frame["value"].dtype) == "Float64" and str(frame["year"].dtype) == "Int64"


def test_header_only_is_an_empty_table(tmp_path: Path) -> None:
    frame = load_observations(write(tmp_path, HEADER), OBS, KPIS, PERIOD)
    assert frame.empty and list(frame.columns) == [*OBSERVATIONS.names, "year", "quarter"]


def test_windows_line_endings_are_read(tmp_path: Path) -> None:
    text = (HEADER + row() + row(period="2024-Q2")).replace("\n", "\r\n")
    assert len(load_observations(write(tmp_path, text), OBS, KPIS, PERIOD)) == 2


def test_quoted_cells_with_commas_are_text(tmp_path: Path) -> None:
    frame = load_observations(write(tmp_path, HEADER + row(note='"one, two ""three"""')), OBS, KPIS, PERIOD)
    assert frame["note"].tolist() == ['one, two "three"']


# --- values (issue 3, item 4) ------------------------------------------------------------------


def test_non_numeric_value(tmp_path: Path) -> None:
    problem = only(observation_problems(tmp_path, HEADER + row() + row(period="2024-Q2", value="twelve")))
    assert problem.startswith(f"{OBS}:3:3: value: 'twelve' is not a number")
    assert "allowed: digits with an optional '.' decimal part" in problem


@pytest.mark.parametrize("value", ["NaN", "nan", "Infinity", "-Infinity", "inf", "+inf"])
def test_nan_and_infinity(tmp_path: Path, value: str) -> None:
    problem = only(observation_problems(tmp_path, HEADER + row(value=value)))
    assert problem.startswith(f"{OBS}:2:3: value: '{value}' is not a finite number")
    assert "not NaN or Infinity" in problem


@pytest.mark.parametrize("value", ["12,5", "1,000"])
def test_comma_in_a_number(tmp_path: Path, value: str) -> None:
    problem = only(observation_problems(tmp_path, HEADER + row(value=f'"{value}"')))
    assert problem.startswith(f"{OBS}:2:3: value: '{value}' contains a comma (decimal comma or thousands separator)")
    assert "no decimal comma" in problem


@pytest.mark.parametrize(("value", "words"), [
    ("1e3", "'1e3' is in exponent notation"),
    ("+5", "'+5' is not a number"),
    (".5", "'.5' is not a number"),
    ("5.", "'5.' is not a number"),
    ("1 000", "'1 000' is not a number"),
    ("1_000", "'1_000' is not a number"),
    ("\u0661\u0662", "is not a number"),  # Arabic-Indic digits: Python's float() would accept them
])
def test_other_number_spellings_are_refused(tmp_path: Path, value: str, words: str) -> None:
    problem = only(observation_problems(tmp_path, HEADER + row(value=value)))
    assert problem.startswith(f"{OBS}:2:3: value: ") and words in problem


@pytest.mark.parametrize("value", [" 12", "12 "])
def test_spaces_around_a_value(tmp_path: Path, value: str) -> None:
    problem = only(observation_problems(tmp_path, HEADER + row(value=value)))
    assert problem.startswith(f"{OBS}:2:3: value: '{value}' has spaces around it")


@pytest.mark.parametrize(("kpi", "value", "words", "allowed"), [
    ("participation-rate", "-5", "-5 is negative", "a whole number of 0 or more (unit count)"),
    ("grants", "-0.5", "-0.5 is negative", "a number of 0 or more (unit usd)"),
    ("satisfaction", "-1", "-1 is negative", "a number from 0 to 100 (unit percent)"),
    ("satisfaction", "100.5", "100.5 is more than 100", "a number from 0 to 100 (unit percent)"),
])
def test_values_the_unit_forbids(tmp_path: Path, kpi: str, value: str, words: str, allowed: str) -> None:
    problem = only(observation_problems(tmp_path, HEADER + row(kpi=kpi, value=value)))
    assert problem == f"{OBS}:2:3: value: {words} (allowed: {allowed})"


@pytest.mark.parametrize("value", ["12.5", "12.0"])
def test_a_count_is_a_whole_number(tmp_path: Path, value: str) -> None:
    problem = only(observation_problems(tmp_path, HEADER + row(value=value)))
    assert problem.startswith(f"{OBS}:2:3: value: {value} is not a whole number")
    assert "allowed: a whole number of 0 or more (unit count)" in problem


def test_percent_and_usd_may_have_decimals(tmp_path: Path) -> None:
    text = HEADER + row("satisfaction", value="0") + row("satisfaction", "2024-Q2", "100") + row("grants", value="0.25")
    assert load_observations(write(tmp_path, text), OBS, KPIS, PERIOD)["value"].tolist() == [0, 100, 0.25]


# --- ids, periods, duplicates ------------------------------------------------------------------


def test_unknown_kpi_id(tmp_path: Path) -> None:
    problem = only(observation_problems(tmp_path, HEADER + row(kpi="participation")))
    assert problem == (f"{OBS}:2:1: kpi: unknown kpi 'participation' "
                       "(allowed: participation-rate, satisfaction, grants)")


@pytest.mark.parametrize("period", ["2024Q1", "2024-Q5", "2024-q1", "24-Q1", "2024-Q1 ", "Q1 2024", "2024-01"])
def test_malformed_period(tmp_path: Path, period: str) -> None:
    problem = only(observation_problems(tmp_path, HEADER + row(period=period)))
    assert problem.startswith(f"{OBS}:2:2: period: '{period}'")
    assert "is malformed (allowed: a quarter like 2026-Q3)" in problem or "spaces around it" in problem


@pytest.mark.parametrize("period", ["2023-Q4", "2028-Q1"])
def test_period_outside_the_plan_years(tmp_path: Path, period: str) -> None:
    problem = only(observation_problems(tmp_path, HEADER + row(period=period)))
    assert problem == (f"{OBS}:2:2: period: '{period}' is outside the plan period "
                       "(allowed: quarters of the years 2024 to 2027, e.g. 2027-Q1)")


def test_duplicate_kpi_and_period(tmp_path: Path) -> None:
    problem = only(observation_problems(tmp_path, HEADER + row() + row(period="2024-Q2") + row(value="13")))
    assert problem == (f"{OBS}:4:2: period: duplicate row: kpi 'participation-rate' and period '2024-Q1' "
                       "already on row 2 (allowed: one row per kpi and period)")


def test_same_period_for_different_kpis_is_fine(tmp_path: Path) -> None:
    text = HEADER + row() + row("grants", value="5")
    assert len(load_observations(write(tmp_path, text), OBS, KPIS, PERIOD)) == 2


# --- data_status and not-reported rows ---------------------------------------------------------


@pytest.mark.parametrize(("status", "words"), [("draft", "unknown data_status 'draft'"),
                                               ("Official", "unknown data_status 'Official'"),
                                               ("", "is empty")])
def test_data_status_is_illustrative_or_official(tmp_path: Path, status: str, words: str) -> None:
    problem = only(observation_problems(tmp_path, HEADER + row(status=status)))
    assert problem.startswith(f"{OBS}:2:4: data_status: {words}")
    assert "illustrative" in problem and "official" in problem


def test_an_empty_value_with_a_reason_is_not_reported(tmp_path: Path) -> None:
    text = HEADER + row(value="", reason="Records for the quarter are being audited", status="official")
    frame = load_observations(write(tmp_path, text), OBS, KPIS, PERIOD)
    assert frame["value"].isna().all()
    assert frame["not_reported_reason"].tolist() == ["Records for the quarter are being audited"]


def test_an_empty_value_needs_a_reason(tmp_path: Path) -> None:
    problem = only(observation_problems(tmp_path, HEADER + row(value="")))
    assert problem == (f"{OBS}:2:3: value: is empty and not_reported_reason is empty too "
                       "(allowed: a value, or an empty value with the reason in not_reported_reason)")


def test_a_value_with_a_reason_is_refused(tmp_path: Path) -> None:
    problem = only(observation_problems(tmp_path, HEADER + row(value="12", reason="late")))
    assert problem == (f"{OBS}:2:5: not_reported_reason: gives a reason although value is given (12) "
                       "(allowed: not_reported_reason only when value is empty)")


def test_a_blank_reason_made_of_spaces_is_not_a_reason(tmp_path: Path) -> None:
    problem = only(observation_problems(tmp_path, HEADER + row(value="", reason="   ")))
    assert problem.startswith(f"{OBS}:2:5: not_reported_reason: '   ' contains only spaces")


# --- text cells ---------------------------------------------------------------------------------


def test_markup_and_control_characters_in_text(tmp_path: Path) -> None:
    text = HEADER + row(note="<script>x</script>") + row(period="2024-Q2", source='"two\nlines"') \
        + row(period="2024-Q3", reason="", note="x" * 501)
    problems = observation_problems(tmp_path, text)
    assert problems[0].startswith(f"{OBS}:2:6: note: contains '<' and '>'")
    assert problems[1].startswith(f"{OBS}:3:7: source: 'two\\nlines' contains a line break")
    # the two-line record ends on line 4, so the next row is line 5
    assert problems[2] == f"{OBS}:5:6: note: is 501 characters long (allowed: at most 500 characters)"


def test_formula_like_text_is_accepted_in_the_source_data(tmp_path: Path) -> None:
    # Neutralised when published (open_data); the data itself may start a note with "-".
    frame = load_observations(write(tmp_path, HEADER + row(note="-2 compared with last year")), OBS, KPIS, PERIOD)
    assert frame["note"].tolist() == ["-2 compared with last year"]


# --- the file and its header -------------------------------------------------------------------


def test_byte_order_mark(tmp_path: Path) -> None:
    problem = only(observation_problems(tmp_path, b"\xef\xbb\xbf" + (HEADER + row()).encode()))
    assert problem.startswith(f"{OBS}:1:1: starts with a UTF-8 byte-order mark (BOM)")
    assert "UTF-8 without a byte-order mark" in problem


def test_utf16_is_refused(tmp_path: Path) -> None:
    problem = only(observation_problems(tmp_path, (HEADER + row()).encode("utf-16")))
    assert problem.startswith(f"{OBS}:1:1: starts with a UTF-16 byte-order mark")


def test_not_utf8(tmp_path: Path) -> None:
    problem = only(observation_problems(tmp_path, (HEADER + row(note="caf\xe9")).encode("latin-1")))
    assert problem == f"{OBS}:2: is not UTF-8 text (byte 0xe9) (allowed: UTF-8 text)"


@pytest.mark.parametrize(("delimiter", "words"), [(";", "uses ';' as the delimiter"),
                                                  ("\t", "uses a tab as the delimiter")])
def test_semicolon_or_tab_delimiter(tmp_path: Path, delimiter: str, words: str) -> None:
    text = (HEADER + row()).replace(",", delimiter)
    problem = only(observation_problems(tmp_path, text))
    assert problem.startswith(f"{OBS}:1:1: {words}")
    assert "commas between cells" in problem


@pytest.mark.parametrize("text", ["", "\n", "  \n\n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    problem = only(observation_problems(tmp_path, text))
    assert problem.startswith(f"{OBS}:1: is empty (allowed: a header row kpi,period,value,")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        load_observations(tmp_path / "nowhere.csv", OBS, KPIS, PERIOD)
    assert str(caught.value.problems[0]).startswith(f"{OBS}: is missing")


def test_missing_header_column(tmp_path: Path) -> None:
    text = HEADER.replace(",source", "") + row().removesuffix(",\n") + "\n"
    problem = only(observation_problems(tmp_path, text))
    assert problem == (f"{OBS}:1:7: source: column 'source' is missing "
                       "(allowed: the header kpi,period,value,data_status,not_reported_reason,note,source)")


def test_extra_header_column(tmp_path: Path) -> None:
    text = HEADER.replace("\n", ",unit\n") + row().replace("\n", ",count\n")
    problem = only(observation_problems(tmp_path, text))
    assert problem.startswith(f"{OBS}:1:8: unit: unknown column 'unit' (allowed: the header kpi,period,")


def test_misspelt_and_spaced_header_columns(tmp_path: Path) -> None:
    problems = observation_problems(tmp_path, HEADER.replace("value", "Value").replace(",note", ", note") + row())
    assert problems == [
        f"{OBS}:1:3: Value: unknown column 'Value' (allowed: the header {OBSERVATIONS.header})",
        f"{OBS}:1:3: value: column 'value' is missing (allowed: the header {OBSERVATIONS.header})",
        f"{OBS}:1:6:  note: unknown column ' note' (it has spaces around it) (allowed: the header "
        f"{OBSERVATIONS.header})",
        f"{OBS}:1:6: note: column 'note' is missing (allowed: the header {OBSERVATIONS.header})",
    ]


def test_misordered_header(tmp_path: Path) -> None:
    text = ("period,kpi,value,data_status,not_reported_reason,note,source\n"
            "2024-Q1,participation-rate,12,illustrative,,,\n")
    problem = only(observation_problems(tmp_path, text))
    assert problem.startswith(f"{OBS}:1:1: period: column 'period' is out of order: 'kpi' belongs here")


def test_duplicated_header_column(tmp_path: Path) -> None:
    problems = observation_problems(tmp_path, HEADER.replace("source", "note") + row())
    assert f"{OBS}:1:7: note: column 'note' appears twice (allowed: the header {OBSERVATIONS.header})" in problems
    assert any(p.startswith(f"{OBS}:1:7: source: column 'source' is missing") for p in problems)


def test_no_header_row(tmp_path: Path) -> None:
    problem = only(observation_problems(tmp_path, row() + row(period="2024-Q2")))
    assert problem.startswith(f"{OBS}:1:1: has no header row (line 1 is 'participation-rate,2024-Q1,12,")


# --- rows ---------------------------------------------------------------------------------------


def test_rows_with_too_few_or_too_many_cells(tmp_path: Path) -> None:
    text = HEADER + "participation-rate,2024-Q1,12\n" + row(period="2024-Q2").replace("\n", ",extra\n") \
        + "participation-rate;2024-Q3;12;illustrative;;;\n"
    problems = observation_problems(tmp_path, text)
    assert problems[0].startswith(f"{OBS}:2:4: data_status: has 3 cells, expected 7 (allowed: 7 comma-separated")
    assert problems[1].startswith(f"{OBS}:3:8: has 8 cells, expected 7")
    assert problems[2].startswith(f"{OBS}:4:2: period: has 1 cells, expected 7 (the cells seem to be separated by ';'")


def test_blank_line_between_rows(tmp_path: Path) -> None:
    problem = only(observation_problems(tmp_path, HEADER + row() + "\n" + row(period="2024-Q2")))
    assert problem == f"{OBS}:3: is an empty line (allowed: one data row per line, no blank lines)"


def test_broken_quoting(tmp_path: Path) -> None:
    problem = only(observation_problems(tmp_path, HEADER + row(note='"unclosed')))
    assert problem.startswith(f"{OBS}:2: cannot be read as CSV")


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = HEADER + row(value='"12,5"') + row(kpi="nope", period="2024-Q2") + row(period="2030-Q1", value="-1") \
        + row(period="2024-Q4", status="draft")
    problems = observation_problems(tmp_path, text)
    assert [p.split(": ")[0] for p in problems] == [f"{OBS}:2:3", f"{OBS}:3:1", f"{OBS}:4:2", f"{OBS}:4:3",
                                                    f"{OBS}:5:4"]


def test_content_error_message_lists_every_problem(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        load_observations(write(tmp_path, HEADER + row(value="x") + row(kpi="y")), OBS, KPIS, PERIOD)
    assert str(caught.value).splitlines()[0] == "2 content problems found:"
    problem = caught.value.problems[0]
    assert (problem.path, problem.line, problem.column, problem.field) == (OBS, 2, 3, "value")


# --- budget spending -----------------------------------------------------------------------------


def budget_row(category: str = "capacity-building", year: str = "2024", planned: str = "2100000",
               actual: str = "1950000", status: str = "illustrative", note: str = "") -> str:
    return ",".join([category, year, planned, actual, status, note]) + "\n"


def test_budget_spending_loads(tmp_path: Path) -> None:
    text = BUDGET_HEADER + budget_row(year="2025") + budget_row() + budget_row("technical-infrastructure")
    frame = load_budget_spending(write(tmp_path, text), SPEND, CATEGORIES, PERIOD)
    assert list(frame.columns) == list(BUDGET_SPENDING.names)
    assert list(zip(frame["category"], frame["year"], strict=True)) == [
        ("technical-infrastructure", 2024), ("capacity-building", 2024), ("capacity-building", 2025)]
    assert str(frame["planned_usd"].dtype) == "Int64"


@pytest.mark.parametrize(("cells", "where", "words"), [
    ({"category": "travel"}, "2:1: category", "unknown category 'travel' (allowed: technical-infrastructure, "
                                              "capacity-building)"),
    ({"year": "2023"}, "2:2: year", "2023 is outside the plan period (allowed: a year from 2024 to 2027)"),
    ({"year": "24"}, "2:2: year", "24 is outside the plan period"),
    ({"year": "2024.0"}, "2:2: year", "'2024.0' is not a whole number"),
    ({"planned": "-5"}, "2:3: planned_usd", "-5 is less than 0 (allowed: 0 or more)"),
    ({"planned": '"2,100,000"'}, "2:3: planned_usd", "'2,100,000' contains a comma"),
    ({"actual": "1950000.50"}, "2:4: actual_usd", "'1950000.50' is not a whole number"),
    ({"actual": ""}, "2:4: actual_usd", "is empty"),
    ({"status": "estimate"}, "2:5: data_status", "unknown data_status 'estimate'"),
])
def test_budget_spending_problems(tmp_path: Path, cells: dict[str, str], where: str, words: str) -> None:
    problem = only(budget_problems(tmp_path, BUDGET_HEADER + budget_row(**cells)))
    assert problem.startswith(f"{SPEND}:{where}: {words}")


def test_budget_duplicate_category_and_year(tmp_path: Path) -> None:
    problem = only(budget_problems(tmp_path, BUDGET_HEADER + budget_row() + budget_row(actual="1")))
    assert problem.startswith(f"{SPEND}:3:2: year: duplicate row: category 'capacity-building' and year '2024' "
                              "already on row 2")


def test_budget_header_is_checked(tmp_path: Path) -> None:
    problem = only(budget_problems(tmp_path, BUDGET_HEADER.replace(",note", "") + "x,2024,1,1,official\n"))
    assert problem.startswith(f"{SPEND}:1:6: note: column 'note' is missing")


# --- the repository's own data ------------------------------------------------------------------


@dataclass(frozen=True)
class RepoData:
    observations: pd.DataFrame
    spending: pd.DataFrame
    kpis: list[s.KpiPage]
    budget: s.BudgetPage


@pytest.fixture(scope="module")
def repo_data() -> RepoData:
    """The repository's own data files, loaded against the KPIs and categories its pages declare."""
    site = load_site(REPO / "content/en", REPO)
    kpis = site.of_type(s.KpiPage)
    budget = site.one(s.BudgetPage)
    assert kpis and budget is not None
    period = (site.home.period.start, site.home.period.end)
    observations = load_observations(REPO / OBS, OBS, {k.id: k.unit for k in kpis}, period)
    spending = load_budget_spending(REPO / SPEND, SPEND, [c.id for c in budget.categories], period)
    return RepoData(observations, spending, kpis, budget)


def test_repository_observations_cover_every_kpi_and_quarter(repo_data: RepoData) -> None:
    observations, kpis = repo_data.observations, repo_data.kpis
    quarters = [f"{y}-Q{q}" for y in (2024, 2025, 2026) for q in (1, 2, 3, 4)][:11]  # 2024-Q1 to 2026-Q3
    for kpi in kpis:
        mine = observations[observations["kpi"] == kpi.id]
        assert mine["period"].tolist() == quarters, kpi.id
        assert mine["value"].notna().all(), kpi.id
    assert set(observations["data_status"]) == {"illustrative"}  # demo figures are marked, row by row
    assert observations["not_reported_reason"].isna().all()
    assert observations["note"].notna().sum() == 1


def test_repository_observations_tell_a_mixed_story(repo_data: RepoData) -> None:
    observations = repo_data.observations

    def values(kpi_id: str) -> list[float]:
        return observations[observations["kpi"] == kpi_id]["value"].tolist()

    participation, training = values("participation-rate"), values("training-coverage")
    assert sum(participation[0:4]) < 50 < sum(participation[4:8])  # a year below target, a year above
    assert sum(participation[8:11]) * 4 / 3 >= 50 * 0.95  # 2026 pace near the target
    assert all(sum(training[i:i + 4]) < 1000 for i in (0, 4)) and sum(training[8:11]) * 4 / 3 < 1000 * 0.8
    assert values("service-integration")[-1] == 5  # 8 by 2026 is out of reach
    cooperation = values("cooperation-projects")
    assert cooperation == sorted(cooperation) and 10 <= cooperation[-1] < 15  # on the way to 15 by 2027


def test_repository_budget_spending_matches_the_plan(repo_data: RepoData) -> None:
    spending, budget = repo_data.spending, repo_data.budget
    planned = {c.id: c.annual_amount_usd for c in budget.categories}
    assert len(spending) == 4 * 3
    assert sorted(set(spending["year"])) == [2024, 2025, 2026]
    for record in spending.itertuples():
        assert record.planned_usd == planned[record.category]
        assert 0 < record.actual_usd <= record.planned_usd
        assert record.data_status == "illustrative"
    notes = spending[spending["year"] == 2026]["note"]
    assert notes.notna().all() and all("to date" in n for n in notes)
