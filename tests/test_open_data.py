"""Published open data: per-KPI CSV and JSON, whole files, datapackage.json, CSV-injection safety."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from frictionless import validate
from transparency import open_data
from transparency import schemas as s
from transparency.content import load_site
from transparency.data_schema import BUDGET_SPENDING, OBSERVATIONS, FieldType, observations_schema, table_schema
from transparency.datasets import load_budget_spending, load_observations
from transparency.open_data import (
    PublishedFile,
    ResourceTexts,
    budget_spending_csv,
    datapackage_descriptor,
    datapackage_json,
    format_number,
    kpi_json,
    kpi_observations_csv,
    neutralise_formula,
    observations_csv,
    open_data_files,
)

REPO = Path(__file__).resolve().parent.parent
TEXTS = ResourceTexts(observations="Observations of every KPI", budget_spending="Budget spending",
                      kpi_csv="{name}: observations (CSV)", kpi_json="{name}: indicator and observations (JSON)")
LICENCE = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/", "title": "CC BY 4.0"}
KPIS = [
    {"id": "participation-rate", "name": "Participation Rate", "unit": "count",
     "target": {"kind": "annual-total", "value": 50.0, "by": None, "wording": "50+ annually"}},
    {"id": "satisfaction", "name": "Satisfaction", "unit": "percent",
     "target": {"kind": "level-by-date", "value": 80.0, "by": 2027, "wording": "80%"}},
]


def observations(*rows: dict[str, Any]) -> pd.DataFrame:
    """A frame shaped like load_observations' result (without the derived year/quarter)."""
    defaults = {"value": None, "data_status": "illustrative", "not_reported_reason": None, "note": None,
                "source": None}
    records = [{**defaults, **r} for r in rows]
    return pd.DataFrame({
        name: pd.array([r[name] for r in records],
                       dtype="Float64" if name == "value" else "string")
        for name in OBSERVATIONS.names
    })


def parse_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


# --- formula injection -------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://x\",\"y\")"])
def test_formula_triggers_are_neutralised(text: str) -> None:
    assert neutralise_formula(text) == "'" + text


@pytest.mark.parametrize("text", ["", "plain note", "12", "a=b", "'quoted", " =1"])
def test_other_text_is_left_alone(text: str) -> None:
    assert neutralise_formula(text) == text


def test_text_cells_are_neutralised_and_numbers_stay_numbers() -> None:
    frame = observations(
        {"kpi": "participation-rate", "period": "2024-Q1", "value": -5.0, "note": "=cmd|' /C calc'!A0"},
        {"kpi": "participation-rate", "period": "2024-Q2", "value": 12.0, "source": "@office", "note": "-2 on 2023"},
        {"kpi": "participation-rate", "period": "2024-Q3", "not_reported_reason": "+ under audit"},
    )
    rows = parse_csv(observations_csv(frame))
    assert rows[0] == list(OBSERVATIONS.names)
    assert rows[1] == ["participation-rate", "2024-Q1", "-5", "illustrative", "", "'=cmd|' /C calc'!A0", ""]
    assert rows[2] == ["participation-rate", "2024-Q2", "12", "illustrative", "", "'-2 on 2023", "'@office"]
    assert rows[3] == ["participation-rate", "2024-Q3", "", "illustrative", "'+ under audit", "", ""]
    # the number is written bare, so a spreadsheet reads it as the number -5
    assert "\n" + "participation-rate,2024-Q1,-5,illustrative" in observations_csv(frame)


def test_budget_notes_are_neutralised() -> None:
    frame = pd.DataFrame({
        "category": pd.array(["capacity-building"], dtype="string"), "year": pd.array([2024], dtype="Int64"),
        "planned_usd": pd.array([2_100_000], dtype="Int64"), "actual_usd": pd.array([1_950_000], dtype="Int64"),
        "data_status": pd.array(["official"], dtype="string"), "note": pd.array(["=1+1"], dtype="string"),
    })
    assert budget_spending_csv(frame) == ("category,year,planned_usd,actual_usd,data_status,note\n"
                                          "capacity-building,2024,2100000,1950000,official,'=1+1\n")


def test_json_keeps_text_as_written() -> None:
    frame = observations({"kpi": "participation-rate", "period": "2024-Q1", "value": 3.0, "note": "=x"})
    assert json.loads(kpi_json(KPIS[0], frame))["observations"][0]["note"] == "=x"


# --- numbers and determinism ---------------------------------------------------------------------


@pytest.mark.parametrize(("value", "text"), [(12.0, "12"), (12, "12"), (12.5, "12.5"), (0.1, "0.1"), (-5.0, "-5"),
                                             (1e16, "10000000000000000"), (1.5e-7, "0.00000015"),
                                             (2_500_000, "2500000"), (0.0, "0")])
def test_numbers_without_float_noise(value: float, text: str) -> None:
    assert format_number(value) == text


@pytest.mark.parametrize("value", [float("nan"), float("inf"), True])
def test_no_nan_or_infinity_in_output(value: float) -> None:
    with pytest.raises(ValueError):
        format_number(value)


def test_rows_are_sorted_by_key_and_output_is_stable() -> None:
    shuffled = observations(
        {"kpi": "satisfaction", "period": "2025-Q1", "value": 81.25},
        {"kpi": "participation-rate", "period": "2024-Q2", "value": 9.0},
        {"kpi": "satisfaction", "period": "2024-Q4", "value": 70.0},
        {"kpi": "participation-rate", "period": "2024-Q1", "value": 11.0},
    )
    text = observations_csv(shuffled)
    assert [r[:3] for r in parse_csv(text)[1:]] == [
        ["satisfaction", "2024-Q4", "70"], ["satisfaction", "2025-Q1", "81.25"],
        ["participation-rate", "2024-Q1", "11"], ["participation-rate", "2024-Q2", "9"]]
    assert "\r" not in text and text.endswith("\n")
    assert observations_csv(shuffled.copy()) == text
    assert kpi_observations_csv(shuffled, "satisfaction") == ("kpi,period,value,data_status,not_reported_reason,"
                                                              "note,source\nsatisfaction,2024-Q4,70,illustrative,,,\n"
                                                              "satisfaction,2025-Q1,81.25,illustrative,,,\n")


def test_kpi_json_layout() -> None:
    frame = observations(
        {"kpi": "participation-rate", "period": "2024-Q2", "value": 12.0, "note": "Délégation à Genève"},
        {"kpi": "participation-rate", "period": "2024-Q1", "not_reported_reason": "Records lost"},
        {"kpi": "satisfaction", "period": "2024-Q1", "value": 70.5},
    )
    text = kpi_json(KPIS[0], frame)
    assert "Délégation à Genève" in text  # UTF-8, not \u escapes
    assert text.endswith("}\n") and "\r" not in text
    document = json.loads(text)
    assert list(document) == ["kpi", "observations"]
    assert document["kpi"] == {"id": "participation-rate", "name": "Participation Rate", "unit": "count",
                               "target": {"kind": "annual-total", "value": 50, "by": None,
                                          "wording": "50+ annually"}}
    assert '"value": 50,' in text  # a whole float is written as an integer
    assert document["observations"] == [
        {"period": "2024-Q1", "value": None, "data_status": "illustrative", "not_reported_reason": "Records lost",
         "note": None, "source": None},
        {"period": "2024-Q2", "value": 12, "data_status": "illustrative", "not_reported_reason": None,
         "note": "Délégation à Genève", "source": None},
    ]
    assert kpi_json(KPIS[0], frame.iloc[::-1]) == text


# The files are written without the csv module's writer and json.dumps' indenting encoder (both slow
# for thousands of files): byte for byte what those write.
@pytest.mark.parametrize("cells", [
    ["a", "b"], ["", ""], [""], ["a"], ["a,b", "c"], ['say "hi"', "x"], ["line\nbreak", "x"], ["cr\rx", "y"],
    ["'=1", "-5", "Délégation à Genève", "२०२६"], [" spaced ", "\ttab"],
])
def test_csv_lines_are_what_the_csv_module_writes(cells: list[str]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    assert open_data._csv_line(cells) == buffer.getvalue()[:-2] + "\n"


def test_kpi_json_is_what_json_dumps_writes() -> None:
    notes = [None, "Délégation à Genève", 'quote " and \\ backslash', "tab\tand\u2028separator", "", "१२,३४"]
    frame = observations(*[
        {"kpi": "participation-rate", "period": f"{2020 + index}-Q1", "value": value, "note": note,
         "not_reported_reason": None if value is not None else "Records lost", "source": "=x" if index else None}
        for index, (value, note) in enumerate(zip([12.0, None, 0.1, -5.0, 1e16, 2.5e-7], notes, strict=True))])
    for kpi, rows in ((KPIS[0], frame), (KPIS[1], frame.iloc[0:0])):
        ordered = frame.sort_values("period") if len(rows) else rows
        expected = json.dumps({"kpi": open_data._plain(kpi), "observations": [
            {name: open_data._json_cell(value, column.type) for name, column, value in
             zip(OBSERVATIONS.names, OBSERVATIONS.columns, record, strict=True) if name != "kpi"}
            for record in ordered.itertuples(index=False, name=None)]},
            ensure_ascii=False, indent=2, allow_nan=False) + "\n"
        assert kpi_json(kpi, frame) == expected


@pytest.mark.parametrize("value", [
    {"a": [1, 2.5, -0.0, 1e16, 2.5e-7, True, False, None], "b": {}, "c": [], "d": {"e": [[], {}, [{}]]}},
    [], {}, "x", 0, None, [[[]]], ("t", ["u"]), {"Délégation": "à Genève \u2028 \" \\ \t", "२०२६": ["१२"]},
    {"non-text keys": {1: "one", 2.5: "two", False: "no", None: "none"}, "after": [1]},
])
def test_indented_json_is_what_json_dumps_writes(value: object) -> None:
    assert open_data.indented_json(value) == json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False)


@pytest.mark.parametrize("value", [[float("nan")], {"a": float("inf")}, [object()]])
def test_indented_json_refuses_what_json_dumps_refuses(value: object) -> None:
    with pytest.raises((ValueError, TypeError)):
        json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False)
    with pytest.raises((ValueError, TypeError)):
        open_data.indented_json(value)


# --- schemas in the package ----------------------------------------------------------------------


def test_table_schema_follows_the_declared_columns() -> None:
    descriptor = table_schema(OBSERVATIONS)
    assert [f["name"] for f in descriptor["fields"]] == list(OBSERVATIONS.names)
    assert descriptor["primaryKey"] == ["kpi", "period"] and descriptor["missingValues"] == [""]
    status = descriptor["fields"][3]
    assert status["constraints"] == {"required": True, "enum": ["official", "illustrative"]}
    spending = table_schema(BUDGET_SPENDING, titles={"year": "Année"}, descriptions={"year": "L'année civile."})
    year = spending["fields"][1]
    assert (year["title"], year["description"], year["type"]) == ("Année", "L'année civile.", "integer")
    assert spending["fields"][2]["unit"] == "usd" and spending["fields"][2]["constraints"]["minimum"] == 0


def test_value_column_follows_the_units() -> None:
    count = observations_schema([s.Unit.COUNT]).column("value")
    assert (count.type, count.minimum, count.maximum, count.unit) == (FieldType.INTEGER, 0, None, "count")
    percent = observations_schema([s.Unit.PERCENT]).column("value")
    assert (percent.type, percent.minimum, percent.maximum) == (FieldType.NUMBER, 0, 100)
    mixed = observations_schema([s.Unit.COUNT, s.Unit.PERCENT]).column("value")
    assert (mixed.type, mixed.minimum, mixed.maximum, mixed.unit) == (FieldType.NUMBER, 0, None, None)


# --- the data package ----------------------------------------------------------------------------


def test_descriptor_records_size_and_hash_of_each_file() -> None:
    files = [PublishedFile("a.csv", b"x\n1\n", "a", "A", schema={"fields": [{"name": "x", "type": "integer"}]}),
             PublishedFile("b/c.json", "{\"é\": 1}\n".encode(), "c", "C", description="Details")]
    descriptor = datapackage_descriptor(files, name="plan-data", title="Plan data", licenses=[LICENCE])
    assert list(descriptor) == ["profile", "name", "title", "licenses", "resources"]
    first, second = descriptor["resources"]
    assert first == {"name": "a", "path": "a.csv", "profile": "tabular-data-resource", "title": "A", "format": "csv",
                     "mediatype": "text/csv", "encoding": "utf-8", "bytes": 4,
                     "hash": "sha256:" + hashlib.sha256(b"x\n1\n").hexdigest(),
                     "schema": {"fields": [{"name": "x", "type": "integer"}]}}
    assert (second["profile"], second["mediatype"], second["bytes"]) == ("data-resource", "application/json", 10)
    assert second["description"] == "Details" and "schema" not in second
    assert descriptor["licenses"] == [LICENCE]
    assert "created" not in descriptor  # never the clock
    assert datapackage_descriptor(files, name="p", title="P", licenses=[], created=dt.date(2026, 10, 15))["created"] \
        == "2026-10-15T00:00:00Z"
    ist = dt.timezone(dt.timedelta(hours=5, minutes=30))
    moment = dt.datetime(2026, 10, 15, 9, 0, tzinfo=ist)
    assert datapackage_descriptor(files, name="p", title="P", licenses=[], created=moment)["created"] \
        == "2026-10-15T03:30:00Z"


def test_descriptor_refuses_repeated_names_or_paths() -> None:
    files = [PublishedFile("a.csv", b"", "a", "A"), PublishedFile("b.csv", b"", "a", "B")]
    with pytest.raises(ValueError, match="repeated: a"):
        datapackage_descriptor(files, name="p", title="P", licenses=[])


@pytest.fixture(scope="module")
def repo_files() -> list[PublishedFile]:
    """The open-data files of the repository's own content and data."""
    site = load_site(REPO / "content/en", REPO)
    kpis = site.of_type(s.KpiPage)
    budget = site.one(s.BudgetPage)
    assert kpis and budget is not None
    period = (site.home.period.start, site.home.period.end)
    categories = [c.id for c in budget.categories]
    observations_frame = load_observations(REPO / "data/kpi-observations.csv", "data/kpi-observations.csv",
                                           {k.id: k.unit for k in kpis}, period)
    spending = load_budget_spending(REPO / "data/budget-spending.csv", "data/budget-spending.csv", categories, period)
    metadata = [{"id": k.id, "name": k.name, "unit": k.unit, "target": k.target.model_dump(mode="json")}
                for k in kpis]
    return open_data_files(observations_frame, spending, metadata, categories, period, TEXTS)


def write_package(files: list[PublishedFile], folder: Path) -> Path:
    for file in files:
        target = folder / file.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(file.content)
    descriptor = datapackage_descriptor(files, name="india-wipo-action-plan", title="Plan figures",
                                        licenses=[LICENCE], created=dt.date(2026, 10, 15))
    path = folder / "datapackage.json"
    path.write_text(datapackage_json(descriptor), encoding="utf-8", newline="\n")
    return path


def test_repository_package_lists_every_file(repo_files: list[PublishedFile]) -> None:
    assert [f.path for f in repo_files] == [
        "kpi-observations.csv", "budget-spending.csv",
        "kpis/participation-rate.csv", "kpis/participation-rate.json",
        "kpis/training-coverage.csv", "kpis/training-coverage.json",
        "kpis/service-integration.csv", "kpis/service-integration.json",
        "kpis/cooperation-projects.csv", "kpis/cooperation-projects.json",
    ]
    by_path = {f.path: f for f in repo_files}
    assert by_path["kpis/training-coverage.csv"].title == "Training Coverage: observations (CSV)"
    one = parse_csv(by_path["kpis/service-integration.csv"].content.decode())
    assert [r[2] for r in one[1:]] == ["1", "1", "2", "2", "2", "3", "3", "4", "4", "4", "5"]
    schema = by_path["kpis/service-integration.csv"].schema
    assert schema is not None and schema["fields"][2]["type"] == "integer"
    document = json.loads(by_path["kpis/cooperation-projects.json"].content)
    assert document["kpi"]["target"] == {"kind": "level-by-date", "value": 15, "by": 2027,
                                         "wording": "15+ projects"}
    assert len(document["observations"]) == 11


def test_repository_package_is_deterministic(repo_files: list[PublishedFile], tmp_path: Path) -> None:
    first = write_package(repo_files, tmp_path / "one").read_bytes()
    second = write_package(repo_files, tmp_path / "two").read_bytes()
    assert first == second
    for file in repo_files:
        assert b"\r" not in file.content


def test_frictionless_validates_the_package(repo_files: list[PublishedFile], tmp_path: Path) -> None:
    descriptor = write_package(repo_files, tmp_path)
    report = validate(str(descriptor))
    assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])
    assert len(report.tasks) == len(repo_files)
    # the command-line tool, as a reader of the published package would run it
    completed = subprocess.run([str(Path(sys.executable).parent / "frictionless"), "validate", "--json",
                                descriptor.name], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert json.loads(completed.stdout)["valid"] is True


def test_frictionless_notices_a_changed_file(repo_files: list[PublishedFile], tmp_path: Path) -> None:
    """The validation above can fail: a file that no longer matches its size, hash or schema is reported."""
    descriptor = write_package(repo_files, tmp_path)
    target = tmp_path / "kpis/participation-rate.csv"
    target.write_text(target.read_text(encoding="utf-8").replace(",9,", ",-9,"), encoding="utf-8")
    report = validate(str(descriptor))
    assert not report.valid
    kinds = {error[0] for error in report.flatten(["type"])}
    assert {"hash-count", "byte-count", "constraint-error"} <= kinds
