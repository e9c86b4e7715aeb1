"""What changed between two reporting cycles, computed from the data and front matter.

Everything is recomputed "as of" each cycle: KPI figures up to that quarter, key actions as
they stood (an action completed in a later cycle was still under way), and the statuses that
follow. Nothing here is typed by an editor.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from .kpi_view import KpiView
from .objective_view import build_objective_view
from .progress import Assessment, Progress, assess
from .schemas import KeyAction, KeyActionStatus, KpiPage, ObjectivePage, TargetKind, cycle_key
from .series import Point


def points_until(points: list[Point], cycle: str) -> list[Point]:
    limit = cycle_key(cycle)
    return [p for p in points if cycle_key(p.period) <= limit]


def action_as_of(action: KeyAction, cycle: str) -> KeyAction:
    """A completed action was still in progress before the cycle it was completed in."""
    later = action.completed is not None and cycle_key(action.completed) > cycle_key(cycle)
    if action.status is KeyActionStatus.COMPLETED and later:
        return action.model_copy(update={"status": KeyActionStatus.IN_PROGRESS, "completed": None})
    return action


def objective_as_of(objective: ObjectivePage, cycle: str) -> ObjectivePage:
    return objective.model_copy(update={"key_actions": [action_as_of(a, cycle) for a in objective.key_actions]})


@dataclass(frozen=True)
class KpiChange:
    kpi: KpiPage
    before: Assessment
    after: Assessment

    @property
    def change(self) -> float | None:
        """The change in the figure, when both figures measure the same thing (same year for annual totals)."""
        if self.before.latest is None or self.after.latest is None:
            return None
        if self.kpi.target.kind is TargetKind.ANNUAL_TOTAL and (
                (self.before.latest_period or "")[:4] != (self.after.latest_period or "")[:4]):
            return None
        return self.after.latest - self.before.latest


@dataclass(frozen=True)
class ObjectiveChange:
    objective: ObjectivePage
    before: Progress
    after: Progress


@dataclass(frozen=True)
class CycleDelta:
    cycle: str
    previous: str | None
    kpis: list[KpiChange]
    objectives: list[ObjectiveChange]
    completed: list[tuple[ObjectivePage, KeyAction]]  # key actions completed after `previous`, up to `cycle`


def cycle_delta(cycle: str, previous: str | None, objectives: list[ObjectivePage], views: dict[str, KpiView],
                kpis_of: dict[str, list[str]], plan_years: tuple[int, int],
                as_of: dict[Any, Any] | None = None) -> CycleDelta:
    """Compare the state at ``cycle`` with the state at ``previous`` (None: the first report).

    ``as_of``: an empty dict shared by the calls of one build (same views, objectives and plan
    years), where the statuses computed as of each cycle are kept for the next call.
    """
    remembered = {} if as_of is None else as_of

    def assessments(at: str | None) -> dict[str, Assessment]:
        if ("kpis", at) not in remembered:
            remembered["kpis", at] = _assessments(at, views, plan_years)
        return remembered["kpis", at]

    before, after = assessments(previous), assessments(cycle)
    kpi_changes = [KpiChange(view.kpi, before[kpi_id], after[kpi_id]) for kpi_id, view in views.items()]

    def objective_status(objective: ObjectivePage, at: str | None, table: dict[str, Assessment]) -> Progress:
        if at is None:
            return Progress.NOT_ENOUGH_DATA
        key = ("objective", objective.id, at)
        if key not in remembered:
            kpi_views = [_with(views[k], table[k]) for k in kpis_of.get(objective.id, [])]
            remembered[key] = build_objective_view(objective_as_of(objective, at), kpi_views).computed
        return remembered[key]

    objective_changes = [ObjectiveChange(o, objective_status(o, previous, before), objective_status(o, cycle, after))
                         for o in objectives]
    completed = [(o, a) for o in objectives for a in o.key_actions
                 if a.status is KeyActionStatus.COMPLETED and a.completed
                 and cycle_key(a.completed) <= cycle_key(cycle)
                 and (previous is None or cycle_key(a.completed) > cycle_key(previous))]
    return CycleDelta(cycle, previous, kpi_changes, objective_changes, completed)


def _assessments(at: str | None, views: dict[str, KpiView], plan_years: tuple[int, int]) -> dict[str, Assessment]:
    """Each KPI's status as of a cycle, from the figures known then."""
    if at is None:
        return {kpi_id: Assessment(Progress.NOT_ENOUGH_DATA) for kpi_id in views}
    return {kpi_id: assess(view.kpi, points_until(view.points, at), *plan_years) for kpi_id, view in views.items()}


def _with(view: KpiView, assessment: Assessment) -> KpiView:
    return replace(view, assessment=assessment)
