"""Editors publish a quarter without reading code (issue 7).

- ``cycle_tool.py new-cycle``, run as editors run it, on a copy of the repository: the report
  page it writes, the figures it lists, the cycles it refuses, and a strict build of the result;
- ``check-figures`` and ``completeness.missing_figures``: what counts as a figure for a cycle;
- the examples in EDITING.md: every one of them is valid, and the quarterly update it describes builds;
- ``mkdocs serve``: a CSV edit reaches the served page, an invalid edit prints its message and
  the next valid edit recovers.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import REPO, copy_project, edit, run_build
from transparency import schemas as s
from transparency.completeness import missing_figures
from transparency.content import Site, load_site
from transparency.cycle_tool import cycle_name_problem, guess_report_type, suggested_publication_date, with_pending
from transparency.datasets import load_observations
from transparency.frontmatter import parse_page
from transparency.markers import find_markers

TOOL = "hooks/transparency/cycle_tool.py"
OBS = "data/kpi-observations.csv"
REPORTS = "content/en/reports"
KPIS = ["participation-rate", "training-coverage", "service-integration", "cooperation-projects"]  # declared order
PLACEHOLDER_WORDS = re.compile(r"\b(tbd|todo|coming soon|lorem)\b", re.IGNORECASE)
GUIDE = REPO / "EDITING.md"


def run_tool(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The cycle tool exactly as `make new-cycle` runs it, from the copy's own folder."""
    return subprocess.run([sys.executable, TOOL, *args], cwd=root, capture_output=True, text=True, timeout=120,
                          check=False, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def append(path: Path, lines: list[str]) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "".join(f"{line}\n" for line in lines), encoding="utf-8")


def line_number(path: Path, prefix: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(prefix):
            return number
    raise AssertionError(f"no line starting {prefix!r} in {path}")


def load(root: Path) -> tuple[Site, pd.DataFrame]:
    site = load_site(root / "content" / "en", root)
    kpis = {k.id: k.unit for k in site.of_type(s.KpiPage)}
    return site, load_observations(root / OBS, OBS, kpis, (site.home.period.start, site.home.period.end))


def guide_blocks(language: str) -> list[str]:
    """The fenced code blocks of EDITING.md written in ``language`` (``csv``, ``yaml``, ``markdown``)."""
    text = GUIDE.read_text(encoding="utf-8")
    return re.findall(rf"^```{language}\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One untouched copy for the tests that only read (each asserts it wrote nothing)."""
    return copy_project(tmp_path_factory.mktemp("editors"))


def _listing(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in (root / "content").rglob("*") if p.is_file())


# --- new-cycle ---------------------------------------------------------------------------------


def test_new_cycle_writes_a_valid_report_page_and_lists_every_missing_figure(project: Path) -> None:
    result = run_tool(project, "new-cycle", "2026-Q4")
    assert result.returncode == 0, result.stdout + result.stderr
    page = project / REPORTS / "2026-q4.md"
    assert page.is_file()

    entry = load_site(project / "content" / "en", project).entry("2026-q4")  # raises on any problem
    meta = entry.meta
    assert isinstance(meta, s.ReportPage) and entry.src_uri == "reports/2026-q4.md"
    assert (meta.cycle, meta.report_type, meta.content_status) == ("2026-Q4", s.ReportType.ANNUAL,
                                                                   s.StatusSource.OFFICIAL)
    assert meta.published == meta.updated == dt.date(2027, 1, 15)  # from the cycle, not from the clock
    assert "set 'published:' to the real publication date (it says 2027-01-15 for now)" in result.stdout
    text = page.read_text(encoding="utf-8")
    assert "SET THE REAL PUBLICATION DATE" in text
    assert not PLACEHOLDER_WORDS.search(text), text

    assert "Figures still missing for 2026-Q4 (4 of 4 KPIs)" in result.stdout
    for kpi in KPIS:
        assert f"\n  {kpi},2026-Q4,,official,,,\n" in result.stdout, result.stdout
    # other languages list the new page as awaiting translation, so the site keeps building
    for pending in project.glob("content/i18n/pending-*.yml"):
        assert "2026-q4" in yaml.safe_load(pending.read_text(encoding="utf-8"))["pending"]

    # Deterministic: the same cycle and content give the same page.
    first = page.read_bytes()
    page.unlink()
    assert run_tool(project, "new-cycle", "2026-Q4").returncode == 0
    assert page.read_bytes() == first


@pytest.mark.parametrize(("command", "cycle", "message"), [
    ("new-cycle", "2026-q4", "'2026-q4' is not a reporting cycle (did you mean 2026-Q4?): write the year and "
                             "the quarter as YYYY-Qn"),
    ("new-cycle", "2026-Q5", "'2026-Q5' is not a reporting cycle: write the year and the quarter as YYYY-Qn"),
    ("new-cycle", "Q4 2026", "'Q4 2026' is not a reporting cycle"),
    ("new-cycle", "2028-Q1", "2028-Q1 is outside the plan period: cycles from 2024-Q1 to 2027-Q4"),
    ("new-cycle", "2023-Q4", "2023-Q4 is outside the plan period"),
    ("new-cycle", "2026-Q3", "2026-Q3 is already reported by content/en/reports/2026-q3.md: edit that page instead"),
    ("check-figures", "2026-Q5", "'2026-Q5' is not a reporting cycle"),
    ("check-figures", "2031-Q1", "2031-Q1 is outside the plan period"),
])
def test_a_cycle_that_cannot_be_used_is_refused(pristine: Path, command: str, cycle: str, message: str) -> None:
    before = _listing(pristine)
    result = run_tool(pristine, command, cycle)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith("Refused: ") and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert _listing(pristine) == before, "a refused cycle writes nothing"


def test_new_cycle_reports_content_problems_instead_of_scaffolding(project: Path) -> None:
    edit(project / OBS, "participation-rate,2026-Q3,14,", "participation-rate,2026-Q3,14.5,")
    result = run_tool(project, "new-cycle", "2026-Q4")
    row = line_number(project / OBS, "participation-rate,2026-Q3,")
    assert result.returncode == 1
    assert f"{OBS}:{row}:3: value: 14.5 is not a whole number" in result.stderr
    assert "Fix these first" in result.stderr and "Traceback" not in result.stderr
    assert not (project / REPORTS / "2026-q4.md").exists()


@pytest.mark.parametrize(("cycle", "report_type", "published"), [
    ("2026-Q4", s.ReportType.ANNUAL, dt.date(2027, 1, 15)),
    ("2027-Q2", s.ReportType.SEMI_ANNUAL, dt.date(2027, 7, 15)),
    ("2027-Q1", s.ReportType.QUARTERLY, dt.date(2027, 4, 15)),
    ("2027-Q3", s.ReportType.QUARTERLY, dt.date(2027, 10, 15)),
])
def test_report_type_and_date_follow_the_quarter(cycle: str, report_type: s.ReportType, published: dt.date) -> None:
    assert guess_report_type(cycle) is report_type
    assert suggested_publication_date(cycle) == published


@pytest.mark.parametrize("name", ["2026-Q1", "2027-Q4"])
def test_well_formed_cycle_names(name: str) -> None:
    assert cycle_name_problem(name) is None


@pytest.mark.parametrize("name", ["2026-q1", "2026-Q0", "2026-Q3\n", " 2026-Q3", "२०२६-Q3", "2026Q3", "latest", ""])
def test_malformed_cycle_names(name: str) -> None:
    assert "is not a reporting cycle" in (cycle_name_problem(name) or "")


def test_the_new_page_is_listed_in_sorted_place_keeping_comments() -> None:
    text = "# Pages awaiting translation.\npending:\n  - 2026-q3\n  - budget\n"
    expected = "# Pages awaiting translation.\npending:\n  - 2026-q3\n  - 2026-q4\n  - budget\n"
    assert with_pending(text, "2026-q4") == expected
    assert with_pending("pending: []\n", "2026-q4") == "pending:\n  - 2026-q4\n"
    assert with_pending("pending: [budget]\n", "2026-q4") is None  # not the usual layout: the editor is told


# --- check-figures and missing_figures ------------------------------------------------------------


def test_check_figures_passes_for_a_complete_cycle(pristine: Path) -> None:
    result = run_tool(pristine, "check-figures", "2026-Q3")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "2026-Q3: every KPI (4) has a figure, or a reason it is not reported.\n"


def test_check_figures_fails_listing_every_missing_kpi(pristine: Path) -> None:
    result = run_tool(pristine, "check-figures", "2026-Q4")
    assert result.returncode == 1
    assert "2026-Q4: 4 of 4 KPI figures are missing, so the cycle cannot be published." in result.stderr
    listed = re.findall(r"^  ([a-z-]+),2026-Q4,,official,,,$", result.stderr, re.MULTILINE)
    assert listed == KPIS


def test_a_not_reported_row_with_a_reason_counts_as_present(project: Path) -> None:
    append(project / OBS, ["participation-rate,2026-Q4,16,official,,,", "training-coverage,2026-Q4,240,official,,,",
                           "service-integration,2026-Q4,6,official,,,"])
    result = run_tool(project, "check-figures", "2026-Q4")
    assert result.returncode == 1
    assert re.findall(r"^  ([a-z-]+),2026-Q4,,official,,,$", result.stderr, re.MULTILINE) == ["cooperation-projects"]
    assert "1 of 4 KPI figures are missing" in result.stderr

    append(project / OBS, ["cooperation-projects,2026-Q4,,official,Project reports had not arrived,,"])
    result = run_tool(project, "check-figures", "2026-Q4")
    assert result.returncode == 0, result.stderr
    assert "every KPI (4) has a figure, or a reason it is not reported" in result.stdout


def test_the_unfilled_line_is_a_data_error_not_a_figure(project: Path) -> None:
    """Pasting the printed line without a figure or a reason is refused by the data checks, with its row."""
    append(project / OBS, ["cooperation-projects,2026-Q4,,official,,,"])
    row = line_number(project / OBS, "cooperation-projects,2026-Q4,")
    result = run_tool(project, "check-figures", "2026-Q4")
    assert result.returncode == 1
    assert (f"{OBS}:{row}:3: value: is empty and not_reported_reason is empty too (allowed: a value, or an empty "
            "value with the reason in not_reported_reason)") in result.stderr
    assert "Traceback" not in result.stderr


def _frame(rows: list[tuple[str, str, float | None, str | None]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["kpi", "period", "value", "not_reported_reason"])
    frame["value"] = frame["value"].astype("Float64")
    frame["not_reported_reason"] = frame["not_reported_reason"].astype("string")
    return frame


def test_missing_figures_judges_each_row(pristine: Path) -> None:
    site, observations = load(pristine)
    assert missing_figures(site, observations, "2026-Q3") == []
    assert [m.kpi for m in missing_figures(site, observations, "2026-Q4")] == KPIS
    assert [m.kpi for m in missing_figures(site, _frame([]), "2026-Q4")] == KPIS

    frame = _frame([
        ("participation-rate", "2026-Q4", 0.0, None),  # zero is a figure
        ("training-coverage", "2026-Q4", None, "Late"),  # not reported, with a reason
        ("service-integration", "2026-Q4", None, "  "),  # a blank reason is no reason
        ("cooperation-projects", "2026-Q3", 3.0, None),  # another quarter
    ])
    missing = missing_figures(site, frame, "2026-Q4")
    assert [m.kpi for m in missing] == ["service-integration", "cooperation-projects"]
    assert missing[0].csv_line == "service-integration,2026-Q4,,official,,,"
    assert missing[0].name == "Service Integration"
    assert missing[0].allowed == "a whole number of 0 or more (unit count)"


# --- the editors' guide ----------------------------------------------------------------------------


def _with_row(text: str, line: str) -> str:
    """The data file with ``line`` replacing the row of the same KPI and period, or appended."""
    key = next(csv.reader([line]))[:2]
    lines = text.splitlines()
    for index, existing in enumerate(lines):
        if next(csv.reader([existing]))[:2] == key:
            lines[index] = line
            return "\n".join(lines) + "\n"
    return "\n".join([*lines, line]) + "\n"


def test_every_data_line_in_the_guide_is_a_valid_row(pristine: Path, tmp_path: Path) -> None:
    site, _ = load(pristine)
    kpis = {k.id: k.unit for k in site.of_type(s.KpiPage)}
    demo = (pristine / OBS).read_text(encoding="utf-8")
    lines = [line for block in guide_blocks("csv") for line in block.splitlines() if line]
    assert len(lines) >= 5
    for line in lines:
        path = tmp_path / "observations.csv"
        path.write_text(_with_row(demo, line), encoding="utf-8")
        load_observations(path, OBS, kpis, (2024, 2027))  # raises ContentError naming the problem


def test_the_guides_key_action_examples_are_valid(pristine: Path) -> None:
    site, _ = load(pristine)
    known = {a.id for o in site.of_type(s.ObjectivePage) for a in o.key_actions}
    blocks = [yaml.safe_load(block) for block in guide_blocks("yaml")]
    assert len(blocks) >= 2 and all(set(block) == {"key_actions"} for block in blocks)
    actions = [s.KeyAction.model_validate(item) for block in blocks for item in block["key_actions"]]
    assert {a.status for a in actions} >= {s.KeyActionStatus.IN_PROGRESS, s.KeyActionStatus.COMPLETED}
    assert {a.id for a in actions} <= known


def test_the_guides_report_page_is_valid_and_documents_every_field(project: Path) -> None:
    (page_text,) = guide_blocks("markdown")
    path = project / REPORTS / "2026-q4.md"
    path.write_text(page_text, encoding="utf-8")
    site = load_site(project / "content" / "en", project)  # raises on any problem
    parsed, problems = parse_page(page_text, "example")
    assert parsed is not None and not problems
    assert set(parsed.meta) == set(s.ReportPage.model_fields), "the guide's example shows every report field"
    table = GUIDE.read_text(encoding="utf-8")
    for name in s.ReportPage.model_fields:
        assert f"| `{name}` |" in table, f"the report's field table in EDITING.md lacks {name}"
    markers = [kpi for _, kpi, _ in find_markers(parsed.body, parsed.body_first_line)]
    assert markers == ["participation-rate"] and "participation-rate" in site.by_id


def _apply_guide(root: Path, *, report: bool) -> None:
    """The quarterly update as EDITING.md shows it: the figures, a completed key action, the report."""
    append(root / OBS, [line for line in guide_blocks("csv")[0].splitlines() if line])
    completed = guide_blocks("yaml")[1]
    assert "status: completed" in completed
    edit(root / "content/en/objectives/digital-infrastructure.md",
         "    title: \"Adoption of WIPO IP Portal for international filings\"\n    status: in-progress",
         "    title: \"Adoption of WIPO IP Portal for international filings\"\n    status: completed\n"
         "    completed: 2026-Q4")
    if report:
        (root / REPORTS / "2026-q4.md").write_text(guide_blocks("markdown")[0], encoding="utf-8")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.slow
def test_a_scaffolded_cycle_with_the_guides_figures_builds(project: Path) -> None:
    assert run_tool(project, "new-cycle", "2026-Q4").returncode == 0
    _apply_guide(project, report=False)
    check = run_tool(project, "check-figures", "2026-Q4")
    assert check.returncode == 0, check.stderr

    result = run_build(project)
    assert result.returncode == 0, result.output
    assert "WARNING" not in result.output, result.output
    html = (result.site / "reports/2026-q4/index.html").read_text(encoding="utf-8")
    text = _text(html)
    assert "This report covers 2026-Q4, the months October to December 2026." in text
    assert "note for the editor" not in html, "the scaffold's note never reaches readers"
    assert not PLACEHOLDER_WORDS.search(text)
    assert "What changed since the previous report (2026-Q3)" in text
    kpi = _text((result.site / "kpis/cooperation-projects/index.html").read_text(encoding="utf-8"))
    assert ("2026-Q4 Not reported: Project reports from WIPO for the quarter had not arrived when this report "
            "was prepared.") in kpi


@pytest.mark.slow
def test_the_guides_quarterly_update_builds(project: Path) -> None:
    assert run_tool(project, "new-cycle", "2026-Q4").returncode == 0  # then the editor writes the report
    _apply_guide(project, report=True)
    result = run_build(project)
    assert result.returncode == 0, result.output
    assert "WARNING" not in result.output, result.output
    html = (result.site / "reports/2026-q4/index.html").read_text(encoding="utf-8")
    assert 'id="chart-participation-rate-1"' in html, "the chart marker became a chart"
    assert ("Adoption of WIPO IP Portal for international filings (Digital Infrastructure Modernization, 2026-Q4)"
            in _text(html))


# --- make serve -------------------------------------------------------------------------------------


@dataclass
class Served:
    root: Path
    url: str
    log: Path
    process: subprocess.Popen[bytes]

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str, timeout: float = 30) -> str | None:
    """The page's HTML, or None if the server does not answer it in time."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, TimeoutError, ConnectionError):
        return None


def wait_for(condition: Callable[[], bool], what: str, served: Served, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if served.process.poll() is not None:
            raise AssertionError(f"mkdocs serve exited ({served.process.returncode}):\n{served.output()}")
        time.sleep(0.3)
    raise AssertionError(f"timed out after {timeout:g} s waiting for {what}; server output:\n{served.output()}")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    """`make serve` on a copy of the site, on a free port; always stopped, with Ctrl+C as a person would."""
    root = copy_project(tmp_path / "project")
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    env.pop("SITE_CYCLE", None)
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Served(root, f"http://127.0.0.1:{port}", log, process)
    try:
        wait_for(lambda: fetch(server.url + "/", timeout=5) is not None, "the first build to be served", server,
                 timeout=180)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)  # lets serve remove its temporary site folder
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=20)


KPI_PAGE = "/kpis/participation-rate/"
ROW = "participation-rate,2026-Q3,"


def figure_2026_q3(served: Served, timeout: float = 30) -> str | None:
    """The 2026-Q3 figure in the participation rate's quarterly table, as served."""
    html = fetch(served.url + KPI_PAGE, timeout=timeout)
    if html is None:
        return None
    found = set(re.findall(r'<th scope="row">2026-Q3</th>\s*<td class="num">([^<]*)</td>', html))
    assert len(found) <= 1, found
    return found.pop() if found else None


def set_figure(served: Served, old: str, new: str) -> None:
    edit(served.root / OBS, f"{ROW}{old},", f"{ROW}{new},")


@pytest.mark.slow
def test_serve_rebuilds_on_a_data_edit_and_recovers_from_an_invalid_one(served: Served) -> None:
    assert figure_2026_q3(served) == "14"

    set_figure(served, "14", "41")
    wait_for(lambda: figure_2026_q3(served) == "41", "the edited figure 41 to be served", served)

    row = line_number(served.root / OBS, ROW)
    set_figure(served, "41", "forty")
    message = f"{OBS}:{row}:3: value: 'forty' is not a number"
    wait_for(lambda: message in served.output(), "the validation message in the terminal", served)
    assert served.process.poll() is None, "serve keeps running after an invalid edit"
    assert "Traceback" not in served.output()

    set_figure(served, "forty", "43")
    wait_for(lambda: figure_2026_q3(served) == "43", "the next valid edit to be served", served)


@pytest.mark.slow
def test_serve_keeps_answering_with_the_last_good_build_while_an_edit_is_invalid(served: Served) -> None:
    row = line_number(served.root / OBS, ROW)
    set_figure(served, "14", "forty")
    wait_for(lambda: f"{OBS}:{row}:3: value: 'forty' is not a number" in served.output(),
             "the validation message in the terminal", served)
    assert figure_2026_q3(served, timeout=10) == "14", "the last good build is served meanwhile"
