"""Which reports of each kind are published, and which is due next, from the cycles.

A cadence of every N months is due at the end of every N-month stretch of calendar years (every
quarter; Q2 and Q4; Q4). The once-only mid-term report is due at the plan's midpoint quarter.
"""

from __future__ import annotations

from dataclasses import dataclass

from .schemas import Cadence, ReportPage, cycle_key


@dataclass(frozen=True)
class CadenceStatus:
    cadence: Cadence
    published: list[ReportPage]  # newest first
    next_due: str | None  # None: no further report of this kind is due in the plan period
    overdue: bool = False  # a once-only report whose due cycle has passed without it


def _cycle(index: int) -> str:
    return f"{index // 4}-Q{index % 4 + 1}"


def due_cycles(cadence: Cadence, plan_years: tuple[int, int]) -> list[str]:
    first, last = plan_years[0] * 4, plan_years[1] * 4 + 3
    if cadence.every_months is None:
        return [_cycle(first + (last - first + 1) // 2 - 1)]
    return [_cycle(i) for i in range(first, last + 1) if ((i % 4) + 1) * 3 % cadence.every_months == 0]


def schedule_status(cadences: list[Cadence], reports: list[ReportPage], current: str | None,
                    plan_years: tuple[int, int]) -> list[CadenceStatus]:
    result = []
    for cadence in cadences:
        published = sorted((r for r in reports if r.report_type is cadence.id), key=lambda r: cycle_key(r.cycle),
                           reverse=True)
        done = {r.cycle for r in published}
        after = cycle_key(current) if current else (0, 0)
        if cadence.every_months is None:
            # A once-only report stays due until it is published, even after its date.
            due = [c for c in due_cycles(cadence, plan_years) if not published]
            result.append(CadenceStatus(cadence, published, due[0] if due else None,
                                        bool(due) and cycle_key(due[0]) <= after))
            continue
        upcoming = [c for c in due_cycles(cadence, plan_years) if cycle_key(c) > after and c not in done]
        result.append(CadenceStatus(cadence, published, upcoming[0] if upcoming else None))
    return result
