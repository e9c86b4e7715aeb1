"""MkDocs adapter: load the KPI figures and budget spending from data/, and publish them.

Events used:
- on_config (after hooks/plan_pages.py, which loads the pages): read and validate the CSV
  files against the KPIs and budget categories the pages declare; any bad row stops the build
  with file:row:column. Build each KPI's view (figures, summary, computed status).
- on_files: add the open-data downloads (whole files, one CSV and JSON per KPI, and
  datapackage.json) as generated files, so they are part of the build like any page.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from transparency import build as build_state
from transparency import schemas
from transparency.budget_view import build_budget_view
from transparency.cycle_delta import cycle_delta
from transparency.cycles import previous_report
from transparency.datasets import load_budget_spending, load_observations
from transparency.errors import ContentError
from transparency.kpi_view import build_kpi_view, points_from_rows
from transparency.objective_view import build_objective_view
from transparency.open_data import (
    MEDIATYPES,
    ResourceTexts,
    datapackage_descriptor,
    datapackage_json,
    open_data_files,
)

log = get_plugin_logger("kpi_data")

OBSERVATIONS = "data/kpi-observations.csv"
SPENDING = "data/budget-spending.csv"
DATA_DIR = "data"  # where the open data is published in the site
COLUMN_NAMES = ("kpi", "period", "value", "data_status", "not_reported_reason", "note", "source",
                "category", "year", "planned_usd", "actual_usd")


def last_changed(root: Path, paths: list[str]) -> dt.date | None:
    """The date of the last commit that changed the data files: deterministic for a given commit.

    None outside a git checkout (e.g. a copied folder); the page then shows its own date only.
    """
    try:
        found = subprocess.run(["git", "log", "-1", "--format=%cs", "--", *paths], cwd=root, capture_output=True,
                               text=True, check=False, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    text = found.stdout.strip()
    return dt.date.fromisoformat(text) if found.returncode == 0 and text else None


def _records(frame: Any) -> list[dict[str, Any]]:
    """DataFrame rows as plain dicts, pandas' missing values as None."""
    # Column by column: pandas converts a column to Python values much faster than a row.
    columns = frame.to_dict(orient="list")
    values = [[None if _missing(value) else value for value in column] for column in columns.values()]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def _missing(value: Any) -> bool:
    # The common types first, with the answer the general test below gives them.
    kind = type(value)
    if value is None:
        return True
    if kind is str:
        return value == "<NA>"
    if kind is float:
        return value != value
    if kind is int:
        return False
    try:
        return bool(value is None or value != value or str(value) == "<NA>")
    except TypeError:
        return False


# Read and validate the data files, then compute what each KPI's charts and status show.
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    state = build_state.current()
    site = state.site
    root = Path(config.config_file_path).resolve().parent
    period = (site.home.period.start, site.home.period.end)
    kpis = site.of_type(schemas.KpiPage)
    budget = site.one(schemas.BudgetPage)
    try:
        observations = load_observations(root / OBSERVATIONS, OBSERVATIONS, {k.id: k.unit for k in kpis}, period)
        spending = load_budget_spending(root / SPENDING, SPENDING,
                                        [c.id for c in budget.categories] if budget else [], period)
    except ContentError as exc:
        raise PluginError(str(exc)) from None
    if state.cycle is not None:
        # A cycle's site shows the figures known at that cycle, never later ones.
        limit = schemas.cycle_key(state.cycle.cycle)
        observations = observations[[schemas.cycle_key(p) <= limit for p in observations["period"]]]
    rows_of: dict[str, list[dict[str, Any]]] = {}
    for row in _records(observations):
        rows_of.setdefault(row["kpi"], []).append(row)
    for kpi in kpis:
        mine = rows_of.get(kpi.id, [])
        illustrative = any(row["data_status"] == "illustrative" for row in mine)
        state.views[kpi.id] = build_kpi_view(kpi, points_from_rows(mine), illustrative, period, state.words)
    for objective in site.of_type(schemas.ObjectivePage):
        view = build_objective_view(objective, [state.views[k.id] for k in site.kpis_of(objective.id)])
        state.objectives[objective.id] = view
        if view.disagreement:
            # Not fatal: the page says so plainly; the log lists it for the reviewers of the change.
            log.info("%s: declared status %r, computed %r from the figures and key actions",
                     site.entry(objective.id).path, objective.status.value, view.computed.value)
    kpis_of = {o.id: [k.id for k in site.kpis_of(o.id)] for o in site.of_type(schemas.ObjectivePage)}
    as_of: dict[Any, Any] = {}  # statuses as of each cycle: a report's "before" is the previous one's "after"
    for report in site.of_type(schemas.ReportPage):
        before = previous_report(site, report.cycle)
        state.extra.setdefault("deltas", {})[report.id] = cycle_delta(
            report.cycle, before.cycle if before else None, site.of_type(schemas.ObjectivePage), state.views,
            kpis_of, period, as_of)
    if budget is not None:
        state.extra["budget_view"] = build_budget_view(budget, _records(spending), state.words)
    state.extra["data_changed"] = last_changed(root, [OBSERVATIONS, SPENDING])
    state.extra["observations"] = observations
    state.extra["spending"] = spending
    return config


# Publish the open data: the whole files, one CSV and JSON per KPI, and the data package describing them.
def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    state = build_state.current()
    site, words = state.site, state.words
    kpis = site.of_type(schemas.KpiPage)
    budget = site.one(schemas.BudgetPage)
    texts = ResourceTexts(
        observations=words.t("data.observations_title"), budget_spending=words.t("data.spending_title"),
        kpi_csv=words.t("data.kpi_csv_title"), kpi_json=words.t("data.kpi_json_title"),
        field_titles={name: words.t(f"data.column.{name}") for name in COLUMN_NAMES},
    )
    published = open_data_files(
        state.extra["observations"], state.extra["spending"],
        [{"id": k.id, "name": k.name, "unit": k.unit, "measure": k.measure,
          "target": k.target.model_dump(mode="json", exclude_none=True)} for k in kpis],
        [c.id for c in budget.categories] if budget else [],
        (site.home.period.start, site.home.period.end), texts)
    licence = config.extra.get("open_data", {}).get("license")
    descriptor = datapackage_descriptor(published, name="wipo-cooperation-action-plan",
                                        title=words.t("data.package_title"), licenses=[licence] if licence else [],
                                        created=site.latest_update())
    package = File.generated(config, f"{DATA_DIR}/datapackage.json", content=datapackage_json(descriptor))
    files.append(package)
    labels = {"csv": "chart.download_csv", "json": "chart.download_json"}
    for item in published:
        site_path = f"{DATA_DIR}/{item.path}"
        files.append(File.generated(config, site_path, content=item.content))
        download = {"path": site_path, "mediatype": MEDIATYPES[item.format],
                    "label": words.t(labels[item.format], name=item.title),
                    "info": words.t("chart.file_info", format=item.format.upper(),
                                    size=words.file_size(len(item.content)))}
        key = item.path.removeprefix("kpis/").rsplit(".", 1)[0] if item.path.startswith("kpis/") else (
            "budget" if "spending" in item.name else "all")
        state.downloads.setdefault(key, []).append(download)
    return files
