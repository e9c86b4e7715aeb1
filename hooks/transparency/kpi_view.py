"""Everything a page shows about one KPI, computed once per build from its page and its data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .figures import annual_figure, island_json, level_figure
from .i18n import Catalogue
from .progress import Assessment, assess
from .schemas import KpiPage, TargetKind
from .series import Point, YearTotal, annual_totals, chart_points
from .summaries import annual_summary, level_summary


@dataclass(frozen=True)
class KpiView:
    kpi: KpiPage
    points: list[Point]  # every quarter with a row, reported or not, oldest first
    totals: list[YearTotal]  # per calendar year (annual-total targets only)
    drawn: list[Point]  # the level or running total drawn (level and cumulative targets)
    figure_json: str
    summary: list[str]
    illustrative: bool  # any row of this KPI is illustrative
    assessment: Assessment  # computed status with the inputs of its computation

    @property
    def annual(self) -> bool:
        return self.kpi.target.kind is TargetKind.ANNUAL_TOTAL

    @property
    def point_count(self) -> int:
        """How many data points the actual-values trace draws (browser tests count them)."""
        return len(self.totals) if self.annual else len(self.drawn)


def build_kpi_view(kpi: KpiPage, points: list[Point], illustrative: bool, plan_years: tuple[int, int],
                   words: Catalogue) -> KpiView:
    assessment = assess(kpi, points, *plan_years)
    if kpi.target.kind is TargetKind.ANNUAL_TOTAL:
        totals = annual_totals(points)
        figure = annual_figure(kpi, totals, words)
        return KpiView(kpi, points, totals, [], island_json(figure), annual_summary(kpi, totals, words),
                       illustrative, assessment)
    drawn = chart_points(kpi.target.kind, points)
    figure = level_figure(kpi, drawn, words)
    return KpiView(kpi, points, [], drawn, island_json(figure), level_summary(kpi, drawn, words),
                   illustrative, assessment)


def points_from_rows(rows: list[dict[str, Any]]) -> list[Point]:
    """Quarterly points from validated observation rows (missing cells as None), oldest first."""
    def text(value: Any) -> str:
        return "" if value is None else str(value)

    return [Point(row["period"], None if row["value"] is None else float(row["value"]),
                  text(row.get("note")), text(row.get("not_reported_reason"))) for row in rows]
