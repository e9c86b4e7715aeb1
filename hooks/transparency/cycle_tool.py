#!/usr/bin/env python3
"""Reporting cycles for editors: start one, and check its figures before it is published.

    python hooks/transparency/cycle_tool.py new-cycle 2026-Q4       (make new-cycle CYCLE=2026-Q4)
    python hooks/transparency/cycle_tool.py check-figures 2026-Q4   (make check-figures CYCLE=2026-Q4)

``new-cycle`` checks the cycle's name (YYYY-Qn, inside the plan period, not reported yet), writes
the cycle's report page ``content/en/reports/<yyyy-qn>.md`` with valid front matter and a starter
paragraph, and lists the KPI figures still missing for the cycle with the CSV line to add for each.
``check-figures`` prints the same list and exits 1 while it is not empty: the release flow runs it
before publishing a cycle. Both read the repository this file is in (two folders up), never the
current directory, and write nothing but the new report page.

The written page is the same for the same cycle and content: its dates come from the cycle (the
15th of the month after the quarter, as the reports so far), not from the clock; the editor sets
the real publication date.

Exit codes: 0 done (check-figures: nothing missing); 1 figures missing, or the content or data has
problems to fix first; 2 the cycle cannot be used (malformed, outside the plan period, already
reported) or the command line is wrong.
"""

from __future__ import annotations

import sys
from pathlib import Path

if not __package__:  # run as a script: make `transparency` importable, as it is for the hooks
    # The script's own folder would make every core module a top-level name (build, csp, errors...).
    if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
        sys.path.pop(0)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import datetime as dt
import json
import re
from collections.abc import Sequence
from typing import TextIO

import pandas as pd
import yaml

from transparency.completeness import MissingFigure, missing_figures
from transparency.content import Site, load_site
from transparency.datasets import load_observations
from transparency.errors import ContentError
from transparency.schemas import KpiPage, ReportPage, ReportType, cycle_key

ROOT = Path(__file__).resolve().parents[2]  # the repository: hooks/transparency/cycle_tool.py
DOCS_DIR = "content/en"  # mkdocs.yml's docs_dir
REPORTS_DIR = "reports"  # where report pages live (schemas.PAGE_FOLDERS["report"])
OBSERVATIONS = "data/kpi-observations.csv"  # as hooks/kpi_data.py reads it
# Each other language lists the pages still awaiting translation (read by hooks/plan_pages.py); a
# page neither translated nor listed fails the build, so a new report page is listed at once.
PENDING_TRANSLATIONS = "content/i18n/pending-*.yml"
# ASCII digits and fullmatch: `\d` would accept other scripts' digits, `$` a trailing newline.
CYCLE_NAME = re.compile(r"[0-9]{4}-Q[1-4]")

EXIT_OK, EXIT_INCOMPLETE, EXIT_REFUSED = 0, 1, 2

# The report a quarter usually closes, after the reporting schedule: Q4 ends the year (annual
# report), Q2 the half year (semi-annual review), other quarters a quarterly report.
REPORT_TYPE_BY_QUARTER = {1: ReportType.QUARTERLY, 2: ReportType.SEMI_ANNUAL, 3: ReportType.QUARTERLY,
                          4: ReportType.ANNUAL}
TITLES = {
    ReportType.QUARTERLY: "Quarterly progress report: {cycle}",
    ReportType.SEMI_ANNUAL: "Semi-annual review: {cycle}",
    ReportType.ANNUAL: "Annual report: {cycle}",
    ReportType.MID_TERM: "Mid-term evaluation: {cycle}",
}
# English, whatever the machine's locale: the page is the same wherever it is scaffolded.
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
KINDS = {
    ReportType.QUARTERLY: "quarterly progress report",
    ReportType.SEMI_ANNUAL: "semi-annual review",
    ReportType.ANNUAL: "annual report",
    ReportType.MID_TERM: "mid-term evaluation",
}


class Refused(Exception):
    """The cycle cannot be used; the message says why and what to do."""


# --- Pure helpers (unit-tested) ------------------------------------------------------------------


def cycle_name_problem(name: str) -> str | None:
    """Why ``name`` is not a cycle name, or None."""
    if CYCLE_NAME.fullmatch(name):
        return None
    upper = name.strip().upper()
    hint = f" (did you mean {upper}?)" if CYCLE_NAME.fullmatch(upper) else ""
    return (f"{name!r} is not a reporting cycle{hint}: write the year and the quarter as YYYY-Qn, "
            "e.g. 2026-Q4 (quarters Q1 to Q4, capital Q)")


def report_id(cycle: str) -> str:
    """The report page's id and file name: ``2026-Q4`` -> ``2026-q4``."""
    return cycle.lower()


def guess_report_type(cycle: str) -> ReportType:
    return REPORT_TYPE_BY_QUARTER[cycle_key(cycle)[1]]


def quarter_months(cycle: str) -> tuple[str, str]:
    """The first and last month of the quarter, e.g. ('October', 'December')."""
    quarter = cycle_key(cycle)[1]
    return MONTHS[3 * quarter - 3], MONTHS[3 * quarter - 1]


def suggested_publication_date(cycle: str) -> dt.date:
    """The 15th of the month after the quarter: a valid placeholder the editor replaces."""
    year, quarter = cycle_key(cycle)
    return dt.date(year + 1, 1, 15) if quarter == 4 else dt.date(year, 3 * quarter + 1, 15)


def _yaml_text(text: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(text, ensure_ascii=False)


def report_page(cycle: str, plan_title: str) -> str:
    """The scaffolded report page: valid front matter, a true starter paragraph, a note for the editor.

    The note is an HTML comment: the editor reads it in the file; the build's sanitiser drops
    comments, so readers never see it even if it is left in.
    """
    report_type = guess_report_type(cycle)
    date = suggested_publication_date(cycle).isoformat()
    first, last = quarter_months(cycle)
    year = cycle_key(cycle)[0]
    kind = KINDS[report_type]
    description = (f"The {kind} of the {plan_title} for {cycle}: what was done under each objective, "
                   "and the indicator figures for the quarter.")
    return f"""---
id: {report_id(cycle)}
type: report
title: {_yaml_text(TITLES[report_type].format(cycle=cycle))}
description: {_yaml_text(description)}
keywords:
  - {kind}
  - progress report
updated: {date}  # set to the day you last changed this page
cycle: {cycle}
report_type: {report_type.value}  # guessed from the quarter: quarterly, semi-annual, annual or mid-term
published: {date}  # SET THE REAL PUBLICATION DATE (YYYY-MM-DD) before the cycle is published
content_status: official
---

This report covers {cycle}, the months {first} to {last} {year}. The indicator figures and the computed
status of each objective at the end of the quarter are shown below, and each indicator's page has its
full series of figures.

<!--
A note for the editor. It is never shown on the site, and you may delete it.

Replace the paragraph above with the report itself, in plain words and short paragraphs:
- what was done under each strategic objective this quarter, and what did not go as planned;
- anything that explains a figure (a meeting moved to the next quarter, a change of method);
- what comes next.

The figures are not typed here: they come from data/kpi-observations.csv. To show a chart of an
indicator, put its chart marker on a line of its own (EDITING.md shows how). Check the page with
make serve before you open the pull request.
-->
"""


def figures_lines(missing: Sequence[MissingFigure]) -> list[str]:
    """How to add each missing figure: the CSV line, and how to fill it in."""
    lines = []
    for figure in missing:
        lines += [
            f"  {figure.csv_line}",
            f"      {figure.name}: write the figure for {figure.cycle} between the second and third commas,",
            f"      as {figure.allowed}, e.g. {figure.kpi},{figure.cycle},12,official,,,",
            "      No figure this quarter? Leave it empty and write why after 'official,', e.g.",
            f"      {figure.kpi},{figure.cycle},,official,Figures from the regional offices are late,,",
        ]
    return lines


def with_pending(text: str, page_id: str) -> str | None:
    """A pending-translations file with ``page_id`` added to its ``pending:`` list in sorted place,
    comments and layout kept; None when the file is not laid out as expected (the editor adds it)."""
    before = yaml.safe_load(text)
    if not isinstance(before, dict) or not isinstance(before.get("pending") or [], list):
        return None
    lines = text.splitlines(keepends=True)
    heads = [i for i, line in enumerate(lines) if re.fullmatch(r"pending:\s*(\[\s*\])?\s*", line.rstrip("\n"))]
    if len(heads) != 1:
        return None
    head = heads[0]
    lines[head] = "pending:\n"
    position, indent = head + 1, "  "
    for index in range(head + 1, len(lines)):
        item = re.fullmatch(r"(\s+)-\s+(\S+)\s*", lines[index].rstrip("\n"))
        if item is None:
            break
        indent = item.group(1)
        if item.group(2) < page_id:
            position = index + 1
    lines.insert(position, f"{indent}- {page_id}\n")
    if position == len(lines) - 1 and not lines[position - 1].endswith("\n"):
        lines[position - 1] += "\n"
    after_text = "".join(lines)
    after = yaml.safe_load(after_text)
    expected = [*(before.get("pending") or []), page_id]
    if not isinstance(after, dict) or sorted(after.get("pending") or []) != sorted(expected):
        return None
    return after_text


# --- Reading the repository ------------------------------------------------------------------------


def load(root: Path) -> tuple[Site, pd.DataFrame]:
    """The validated pages and KPI figures; ContentError lists every problem to fix first."""
    site = load_site(root / DOCS_DIR, root)
    period = (site.home.period.start, site.home.period.end)
    kpis = {k.id: k.unit for k in site.of_type(KpiPage)}
    return site, load_observations(root / OBSERVATIONS, OBSERVATIONS, kpis, period)


def check_cycle(site: Site, cycle: str) -> None:
    """Refuse a cycle outside the plan period."""
    period = site.home.period
    year = cycle_key(cycle)[0]
    if not period.start <= year <= period.end:
        raise Refused(f"{cycle} is outside the plan period: cycles from {period.start}-Q1 to {period.end}-Q4 "
                      "(the period is set on the home page, content/en/index.md)")


def check_not_reported(site: Site, root: Path, cycle: str) -> Path:
    """Refuse a cycle that has a report page already; return where the new page goes."""
    for entry in site.entries.values():
        if isinstance(entry.meta, ReportPage) and entry.meta.cycle == cycle:
            raise Refused(f"{cycle} is already reported by {entry.path}: edit that page instead")
    target = root / DOCS_DIR / REPORTS_DIR / f"{report_id(cycle)}.md"
    if target.exists():
        raise Refused(f"{target.relative_to(root).as_posix()} exists already: edit it, or rename it first")
    return target


# --- Commands --------------------------------------------------------------------------------------


def new_cycle(root: Path, cycle: str, out: TextIO) -> int:
    site, observations = load(root)
    check_cycle(site, cycle)
    target = check_not_reported(site, root, cycle)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(report_page(cycle, site.home.plan_title), encoding="utf-8", newline="\n")
    report_type = guess_report_type(cycle)
    date = suggested_publication_date(cycle)
    shown = target.relative_to(root).as_posix()
    lines = [
        f"Created {shown}, the report page of {cycle}. In that file:",
        f"  - set 'published:' to the real publication date (it says {date.isoformat()} for now) and 'updated:'"
        " to the day you last changed the page;",
        f"  - check 'report_type: {report_type.value}' (guessed from the quarter; it can also be quarterly,"
        " semi-annual, annual or mid-term);",
        "  - replace the starter paragraph with the report; the note at the end of the file says what to write.",
        "",
        *list_as_pending(root, report_id(cycle)),
    ]
    missing = missing_figures(site, observations, cycle)
    if missing:
        lines += [f"Figures still missing for {cycle} ({len(missing)} of {len(site.of_type(KpiPage))} KPIs). "
                  f"Add one line per KPI at the end of {OBSERVATIONS}:", *figures_lines(missing), ""]
    else:
        lines += [f"Every KPI has a figure for {cycle} (or a reason it is not reported).", ""]
    lines += ["Preview with 'make serve', then open a pull request (EDITING.md explains each step)."]
    out.write("\n".join(lines) + "\n")
    return EXIT_OK


def list_as_pending(root: Path, page_id: str) -> list[str]:
    """Add the new page to every other language's pending translations; what was done, for the editor."""
    lines = []
    for path in sorted(root.glob(PENDING_TRANSLATIONS)):
        shown = path.relative_to(root).as_posix()
        language = path.stem.removeprefix("pending-")
        text = path.read_text(encoding="utf-8")
        listed = yaml.safe_load(text)
        if isinstance(listed, dict) and page_id in (listed.get("pending") or []):
            continue
        updated = with_pending(text, page_id)
        if updated is None:
            lines.append(f"Add '{page_id}' to the 'pending:' list in {shown}, or translate the page into "
                         f"content/{language}/: the build needs one or the other.")
            continue
        path.write_text(updated, encoding="utf-8", newline="\n")
        lines.append(f"Listed '{page_id}' in {shown}: the '{language}' site shows the report in English, marked "
                     f"as such, until its translation is added as content/{language}/{REPORTS_DIR}/{page_id}.md "
                     "(then remove it from that list).")
    return [*lines, ""] if lines else []


def check_figures(root: Path, cycle: str, out: TextIO, err: TextIO) -> int:
    site, observations = load(root)
    check_cycle(site, cycle)
    missing = missing_figures(site, observations, cycle)
    total = len(site.of_type(KpiPage))
    if not missing:
        out.write(f"{cycle}: every KPI ({total}) has a figure, or a reason it is not reported.\n")
        return EXIT_OK
    err.write("\n".join([
        f"{cycle}: {len(missing)} of {total} KPI figures are missing, so the cycle cannot be published.",
        f"Add one line per KPI at the end of {OBSERVATIONS} (a figure, or an empty figure with the reason):",
        *figures_lines(missing),
    ]) + "\n")
    return EXIT_INCOMPLETE


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="cycle_tool.py", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (("new-cycle", "create the cycle's report page and list the missing KPI figures"),
                       ("check-figures", "list the KPI figures missing for the cycle; exit 1 if any")):
        command = commands.add_parser(name, help=text, description=text)
        command.add_argument("cycle", help="the reporting cycle, YYYY-Qn, e.g. 2026-Q4")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None, root: Path = ROOT) -> int:
    options = parse_args(argv)
    if problem := cycle_name_problem(options.cycle):
        sys.stderr.write(f"Refused: {problem}.\n")
        return EXIT_REFUSED
    try:
        if options.command == "new-cycle":
            return new_cycle(root, options.cycle, sys.stdout)
        return check_figures(root, options.cycle, sys.stdout, sys.stderr)
    except Refused as exc:
        sys.stderr.write(f"Refused: {exc}.\n")
        return EXIT_REFUSED
    except ContentError as exc:
        sys.stderr.write(f"{exc}\nFix these first (EDITING.md explains each message), then run this again.\n")
        return EXIT_INCOMPLETE


if __name__ == "__main__":
    sys.exit(main())
