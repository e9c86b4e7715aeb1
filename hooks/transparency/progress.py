"""Where a KPI stands against its target: the progress method, as pure functions.

The approach follows Open SDG's progress measure: compare the pace observed so far with the
pace needed to reach the target in time, and read the ratio against two thresholds.

    ratio = observed pace / required pace
    ratio >= ON_TRACK  -> on track
    ratio >= AT_RISK   -> at risk
    otherwise          -> off track

adapted to the three kinds of target and to quarterly data:

- annual total: the pace is per quarter. Required: the annual target / 4. Observed: the latest
  year's total / the quarters reported in it, so partial years are judged on their pace. A full
  year at or above the target is "target achieved".
- level by a date: the pace is change per quarter from the baseline (declared in the KPI page,
  else the first observation). Required: (target - baseline) / quarters from the baseline to the
  last quarter of the due year. Observed: (latest - baseline) / quarters elapsed. A latest level
  at or above the target is "target achieved"; a due date passed without it is "off track".
- cumulative: the running total since the plan began. Required: target / quarters from the
  plan's first quarter to the due quarter (the end of `by`, else of the plan). Observed:
  running total / quarters from the plan's first quarter to the latest.

"Not enough data" when there is nothing to measure a pace on: no figures at all, or a level
target with a single figure and no declared baseline. For targets where lower is better, the
same rules apply to the reduction.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .schemas import Direction, KpiPage, TargetKind, cycle_key
from .series import Point, annual_totals, reported, running_totals

ON_TRACK = 0.95
AT_RISK = 0.6


class Progress(StrEnum):
    ACHIEVED = "achieved"
    ON_TRACK = "on-track"
    AT_RISK = "at-risk"
    OFF_TRACK = "off-track"
    NOT_ENOUGH_DATA = "not-enough-data"


# From best to worst, for roll-ups.
RANK = [Progress.ACHIEVED, Progress.ON_TRACK, Progress.AT_RISK, Progress.OFF_TRACK]


@dataclass(frozen=True)
class Assessment:
    """A status with the inputs of its computation, so a page can show how it was reached."""

    status: Progress
    baseline: float | None = None
    baseline_period: str | None = None
    latest: float | None = None
    latest_period: str | None = None
    required_pace: float | None = None  # per quarter
    observed_pace: float | None = None  # per quarter
    ratio: float | None = None
    due_period: str | None = None


def quarter_index(period: str) -> int:
    year, quarter = cycle_key(period)
    return year * 4 + quarter - 1


def from_ratio(ratio: float) -> Progress:
    if ratio >= ON_TRACK:
        return Progress.ON_TRACK
    if ratio >= AT_RISK:
        return Progress.AT_RISK
    return Progress.OFF_TRACK


def assess(kpi: KpiPage, points: list[Point], plan_start: int, plan_end: int) -> Assessment:
    """The status of one KPI from its quarterly points (oldest first)."""
    values = reported(points)
    if not values:
        return Assessment(Progress.NOT_ENOUGH_DATA)
    sign = 1 if kpi.direction is Direction.INCREASE else -1
    kind = kpi.target.kind
    target = kpi.target.value
    if kind is TargetKind.ANNUAL_TOTAL:
        latest_year = annual_totals(values)[-1]
        required = target / 4
        observed = latest_year.total / latest_year.quarters
        common = dict(latest=latest_year.total, latest_period=latest_year.last_period,
                      required_pace=required, observed_pace=observed)
        if sign * (latest_year.total - target) >= 0 and (latest_year.complete or sign > 0):
            return Assessment(Progress.ACHIEVED, ratio=observed / required, **common)
        ratio = observed / required if sign > 0 else required / observed if observed else 0.0
        return Assessment(from_ratio(ratio), ratio=ratio, **common)

    due_year = kpi.target.by if kpi.target.by is not None else plan_end
    due_period = f"{due_year}-Q4"
    latest = values[-1]
    if kind is TargetKind.CUMULATIVE:
        total = running_totals(values)[-1]
        assert total.value is not None
        start_index = plan_start * 4
        elapsed = quarter_index(total.period) - start_index + 1
        window = quarter_index(due_period) - start_index + 1
        required = target / window
        observed = total.value / elapsed
        common = dict(baseline=0.0, latest=total.value, latest_period=total.period, required_pace=required,
                      observed_pace=observed, due_period=due_period)
        if total.value >= target:
            return Assessment(Progress.ACHIEVED, ratio=observed / required, **common)
        if quarter_index(total.period) >= quarter_index(due_period):
            return Assessment(Progress.OFF_TRACK, ratio=observed / required, **common)
        ratio = observed / required
        return Assessment(from_ratio(ratio), ratio=ratio, **common)

    # Level by a date.
    assert latest.value is not None
    if kpi.baseline is not None:
        baseline, baseline_period = kpi.baseline.value, kpi.baseline.period
    else:
        first = values[0]
        assert first.value is not None
        baseline, baseline_period = first.value, first.period
    common = dict(baseline=baseline, baseline_period=baseline_period, latest=latest.value,
                  latest_period=latest.period, due_period=due_period)
    if sign * (latest.value - target) >= 0:
        return Assessment(Progress.ACHIEVED, **common)
    if quarter_index(latest.period) >= quarter_index(due_period):
        return Assessment(Progress.OFF_TRACK, **common)
    elapsed = quarter_index(latest.period) - quarter_index(baseline_period)
    if elapsed <= 0:
        return Assessment(Progress.NOT_ENOUGH_DATA, **common)
    required = sign * (target - baseline) / (quarter_index(due_period) - quarter_index(baseline_period))
    observed = sign * (latest.value - baseline) / elapsed
    ratio = observed / required if required > 0 else 1.0
    return Assessment(from_ratio(ratio), required_pace=required, observed_pace=observed, ratio=ratio, **common)


def roll_up(kpi_statuses: list[Progress], actions_done: int, actions_total: int, actions_delayed: int) -> Progress:
    """An objective's computed status from its KPIs and key actions.

    The worst status among KPIs with enough data; a delayed key action caps it at "at risk";
    "target achieved" only when every KPI achieved its target and every key action is completed.
    With no KPI data, key actions alone decide: all completed is achieved, any delayed at risk,
    otherwise not enough data.
    """
    measured = [s for s in kpi_statuses if s is not Progress.NOT_ENOUGH_DATA]
    if not measured:
        if actions_total and actions_done == actions_total:
            return Progress.ACHIEVED
        return Progress.AT_RISK if actions_delayed else Progress.NOT_ENOUGH_DATA
    worst = max(measured, key=RANK.index)
    if worst is Progress.ACHIEVED and actions_done < actions_total:
        worst = Progress.ON_TRACK
    if actions_delayed and RANK.index(worst) < RANK.index(Progress.AT_RISK):
        worst = Progress.AT_RISK
    return worst


# What each declared status claims about progress, to compare it with the computed one.
DECLARED_CLAIMS: dict[str, frozenset[Progress]] = {
    "on-track": frozenset({Progress.ACHIEVED, Progress.ON_TRACK, Progress.NOT_ENOUGH_DATA}),
    "active": frozenset({Progress.ACHIEVED, Progress.ON_TRACK, Progress.NOT_ENOUGH_DATA}),
    "in-progress": frozenset({Progress.ACHIEVED, Progress.ON_TRACK, Progress.NOT_ENOUGH_DATA}),
    "planning": frozenset({Progress.ACHIEVED, Progress.ON_TRACK, Progress.NOT_ENOUGH_DATA}),
    "at-risk": frozenset({Progress.AT_RISK}),
    "delayed": frozenset({Progress.AT_RISK, Progress.OFF_TRACK}),
    "completed": frozenset({Progress.ACHIEVED}),
}


def disagrees(declared: str, computed: Progress) -> bool:
    """True when the editors' declared status claims something the figures do not show."""
    return computed not in DECLARED_CLAIMS[declared]
