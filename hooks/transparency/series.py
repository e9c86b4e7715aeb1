"""A KPI's quarterly observations turned into the series its target is read against.

Annual-total targets are read per calendar year (the sum of its quarters); level targets read
the latest quarterly level; cumulative targets read the running total since the first quarter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .schemas import TargetKind, cycle_key


@dataclass(frozen=True)
class Point:
    period: str  # e.g. 2026-Q3
    value: float | None  # None: not reported for this period
    note: str = ""
    not_reported_reason: str = ""


@dataclass(frozen=True)
class YearTotal:
    year: int
    total: float
    quarters: int  # how many quarters are reported (4 for a full year)
    last_period: str  # the last reported quarter, e.g. 2026-Q3

    @property
    def complete(self) -> bool:
        return self.quarters == 4


def annual_totals(points: list[Point]) -> list[YearTotal]:
    """Sum the reported quarters of each calendar year, oldest first."""
    totals: dict[int, list[Point]] = {}
    for point in points:
        if point.value is not None:
            totals.setdefault(cycle_key(point.period)[0], []).append(point)
    return [YearTotal(year, sum(p.value or 0 for p in items), len(items), items[-1].period)
            for year, items in sorted(totals.items())]


def running_totals(points: list[Point]) -> list[Point]:
    """The cumulative sum at each reported quarter."""
    total = 0.0
    result = []
    for point in points:
        if point.value is not None:
            total += point.value
            result.append(Point(point.period, total, point.note))
    return result


def reported(points: list[Point]) -> list[Point]:
    return [p for p in points if p.value is not None and not math.isnan(p.value)]


def chart_points(kind: TargetKind, points: list[Point]) -> list[Point]:
    """What a level or cumulative chart draws, one point per reported quarter."""
    return running_totals(points) if kind is TargetKind.CUMULATIVE else reported(points)


def previous_period(period: str, quarters: int = 1) -> str:
    year, quarter = cycle_key(period)
    index = year * 4 + (quarter - 1) - quarters
    return f"{index // 4}-Q{index % 4 + 1}"
