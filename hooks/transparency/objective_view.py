"""An objective's computed status, rolled up from its KPIs and key actions, beside the declared one."""

from __future__ import annotations

from dataclasses import dataclass

from .kpi_view import KpiView
from .progress import Progress, disagrees, roll_up
from .schemas import KeyActionStatus, ObjectivePage


@dataclass(frozen=True)
class ObjectiveView:
    objective: ObjectivePage
    kpis: list[KpiView]
    computed: Progress
    actions_done: int
    actions_delayed: int

    @property
    def disagreement(self) -> bool:
        return disagrees(self.objective.status.value, self.computed)


def build_objective_view(objective: ObjectivePage, kpis: list[KpiView]) -> ObjectiveView:
    actions = objective.key_actions
    done = sum(a.status is KeyActionStatus.COMPLETED for a in actions)
    delayed = sum(a.status is KeyActionStatus.DELAYED for a in actions)
    computed = roll_up([k.assessment.status for k in kpis], done, len(actions), delayed)
    return ObjectiveView(objective, kpis, computed, done, delayed)
