"""Is a reporting cycle complete? Every KPI needs a figure for the cycle, or a reason it has none.

A cycle is published only when each KPI has a row for its quarter in ``data/kpi-observations.csv``:
either a value, or an empty value with a ``not_reported_reason`` (the site then shows "Not reported"
with the reason). ``missing_figures`` lists the KPIs that have neither; ``cycle_tool.py`` prints
them for editors (``make new-cycle``, ``make check-figures``) and the release flow refuses to
publish while the list is not empty.

Pure Python: MkDocs is not imported. Illustrative rows count as present; whether a figure is
official is a separate matter, shown on every page that uses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from .content import Site
from .data_schema import OBSERVATIONS, UNIT_RULES
from .schemas import KpiPage, StatusSource, Unit


@dataclass(frozen=True)
class MissingFigure:
    """A KPI without a row for a cycle: what an editor needs to add it."""

    kpi: str  # the KPI's id, as written in the data file's first column
    name: str  # the KPI's short name, for people
    unit: Unit
    cycle: str  # e.g. 2026-Q4

    @property
    def csv_line(self) -> str:
        """The row to add, with the value still to fill in (between the second and third commas)."""
        cells = {name: "" for name in OBSERVATIONS.names}
        cells.update(kpi=self.kpi, period=self.cycle, data_status=StatusSource.OFFICIAL.value)
        return ",".join(cells[name] for name in OBSERVATIONS.names)

    @property
    def allowed(self) -> str:
        """The values the KPI's unit allows, in words, e.g. 'a whole number of 0 or more (unit count)'."""
        return UNIT_RULES[self.unit].allowed(self.unit)


def missing_figures(site: Site, observations: pd.DataFrame, cycle: str) -> list[MissingFigure]:
    """The KPIs (in their declared order) with no figure and no not-reported reason for ``cycle``.

    ``observations`` is the frame ``datasets.load_observations`` returns (columns ``kpi``, ``period``,
    ``value``, ``not_reported_reason``). A row counts as present when it has a value, or an empty
    value and a non-empty reason; the loader refuses any other row, but a frame built another way is
    judged by the same rule.
    """
    present = {str(row["kpi"]) for row in _rows(observations) if row["period"] == cycle and _reported(row)}
    return [MissingFigure(kpi.id, kpi.name, kpi.unit, cycle)
            for kpi in site.of_type(KpiPage) if kpi.id not in present]


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    columns = ["kpi", "period", "value", "not_reported_reason"]
    return frame[columns].to_dict(orient="records") if len(frame) else []


def _reported(row: dict[str, Any]) -> bool:
    """A value, or the reason there is none."""
    if not _is_missing(row["value"]):
        return True
    reason = row["not_reported_reason"]
    return not _is_missing(reason) and bool(str(reason).strip())


def _is_missing(value: Any) -> bool:
    return value is None or bool(pd.isna(value))
