"""Plain-language summaries of the charts' figures (KPIs, the timeline, the budget), generated from the
data in the page's language.

Every sentence comes from the catalogue, so a translation supplies words only: the numbers,
periods and comparisons are computed here.
"""

from __future__ import annotations

from .budget_view import SpendingRow, millions
from .i18n import Catalogue
from .schemas import BudgetCategory, KpiPage, ObjectivePage, PhasePage, TargetKind, YearSpan, cycle_key
from .series import Point, YearTotal, previous_period


def _change(words: Catalogue, now: float, before: float) -> str:
    if now > before:
        return words.t("summary.up", amount=words.number(now - before))
    if now < before:
        return words.t("summary.down", amount=words.number(before - now))
    return words.t("summary.unchanged")


def annual_summary(kpi: KpiPage, totals: list[YearTotal], words: Catalogue) -> list[str]:
    if not totals:
        return [words.t("summary.no_data")]
    target = kpi.target.value
    latest = totals[-1]
    share = words.number(100 * latest.total / target)
    sentences = []
    if latest.complete:
        sentences.append(words.t("summary.annual_full", year=latest.year, total=words.number(latest.total),
                                 measure=kpi.measure, share=share, target=words.number(target)))
    else:
        sentences.append(words.t("summary.annual_partial", year=latest.year, period=latest.last_period,
                                 total=words.number(latest.total), measure=kpi.measure, share=share,
                                 target=words.number(target)))
    if len(totals) > 1:
        previous = totals[-2]
        key = "summary.annual_previous_met" if previous.total >= target else "summary.annual_previous_missed"
        sentences.append(words.t(key, year=previous.year, total=words.number(previous.total),
                                 gap=words.number(abs(target - previous.total))))
    return sentences


def level_summary(kpi: KpiPage, points: list[Point], words: Catalogue) -> list[str]:
    """Latest level (or running total), change on the previous quarter and year, distance to target."""
    if not points:
        return [words.t("summary.no_data")]
    latest = points[-1]
    assert latest.value is not None
    by_period = {p.period: p.value for p in points}
    key = "summary.cumulative_latest" if kpi.target.kind is TargetKind.CUMULATIVE else "summary.level_latest"
    sentences = [words.t(key, period=latest.period, value=words.number(latest.value), measure=kpi.measure)]
    changes = []
    for quarters, label in ((1, "summary.on_previous_quarter"), (4, "summary.on_year_earlier")):
        before = by_period.get(previous_period(latest.period, quarters))
        if before is not None:
            changes.append(words.t(label, change=_change(words, latest.value, before)))
    if changes:
        sentences.append(words.t("summary.changes", changes=words.t("summary.and").join(changes)))
    gap = kpi.target.value - latest.value
    if gap <= 0:
        sentences.append(words.t("summary.target_reached", target=words.number(kpi.target.value)))
    elif kpi.target.by is not None:
        sentences.append(words.t("summary.target_gap_by", gap=words.number(gap), target=words.number(kpi.target.value),
                                 year=kpi.target.by))
    else:
        sentences.append(words.t("summary.target_gap", gap=words.number(gap), target=words.number(kpi.target.value)))
    return sentences


def _names(words: Catalogue, names: list[str]) -> str:
    """A list of names as the language writes it: "A, B and C"."""
    if len(names) < 2:
        return "".join(names)
    return words.t("summary.list_comma").join(names[:-1]) + words.t("summary.list_and") + names[-1]


def _span(words: Catalogue, span: YearSpan) -> str:
    return str(span.start) if span.start == span.end else words.t("years_span", start=span.start, end=span.end)


def timeline_summary(phases: list[PhasePage], objectives: list[ObjectivePage], plan_years: YearSpan,
                     cycle: str | None, words: Catalogue) -> list[str]:
    """The plan's span and phases, its objectives' years, and what is under way at the cycle."""
    listed = words.t("summary.list_semicolon").join(
        words.t("timeline.summary_item", title=p.title, years=_span(words, p.years)) for p in phases)
    values = {"start": plan_years.start, "end": plan_years.end, "count": words.number(len(phases)),
              "phases": listed}
    key = {0: "timeline.summary_plan_no_phases", 1: "timeline.summary_plan_one"}.get(len(phases),
                                                                                    "timeline.summary_plan")
    sentences = [words.t(key, **values)]
    if objectives:
        listed = words.t("summary.list_semicolon").join(
            words.t("timeline.summary_item", title=o.title, years=_span(words, o.timeline)) for o in objectives)
        key = "timeline.summary_objectives_one" if len(objectives) == 1 else "timeline.summary_objectives"
        sentences.append(words.t(key, count=words.number(len(objectives)), objectives=listed))
    if cycle is None:
        return sentences
    year = cycle_key(cycle)[0]
    current = [p.title for p in phases if p.years.start <= year <= p.years.end]
    if len(current) == 1:
        sentences.append(words.t("timeline.summary_now_phase", cycle=cycle, phase=current[0]))
    elif current:
        sentences.append(words.t("timeline.summary_now_phases", cycle=cycle, phases=_names(words, current)))
    elif phases and all(p.years.end < year for p in phases):
        sentences.append(words.t("timeline.summary_now_ended", cycle=cycle))
    elif phases and all(p.years.start > year for p in phases):
        sentences.append(words.t("timeline.summary_now_before", cycle=cycle))
    elif phases:
        sentences.append(words.t("timeline.summary_now_between", cycle=cycle))
    if objectives:
        active = sum(1 for o in objectives if o.timeline.start <= year <= o.timeline.end)
        sentences.append(words.t("timeline.summary_now_objectives", year=year, active=words.number(active),
                                 total=words.number(len(objectives))))
    return sentences


def allocation_summary(categories: list[BudgetCategory], words: Catalogue) -> list[str]:
    """The annual total, and which categories get the largest and the smallest share (ties named together)."""
    total = millions(words, sum(c.annual_amount_usd for c in categories))
    if len(categories) == 1:
        return [words.t("budget.summary_single", total=total, name=categories[0].name)]
    top = max(c.share_percent for c in categories)
    bottom = min(c.share_percent for c in categories)
    largest = [c for c in categories if c.share_percent == top]
    smallest = [c for c in categories if c.share_percent == bottom]
    if top == bottom:
        share = words.t("budget.share_value", share=words.number(top))
        return [words.t("budget.summary_equal", total=total, share=share,
                        names=_names(words, [c.name for c in categories]))]
    sentences = []
    for group, share, one, tie in ((largest, top, "budget.summary_largest", "budget.summary_largest_tie"),
                                   (smallest, bottom, "budget.summary_smallest", "budget.summary_smallest_tie")):
        share_text = words.t("budget.share_value", share=words.number(share))
        if len(group) == 1:
            sentences.append(words.t(one, total=total, share=share_text, name=group[0].name,
                                     amount=millions(words, group[0].annual_amount_usd)))
        else:
            sentences.append(words.t(tie, total=total, share=share_text, names=_names(words, [c.name for c in group])))
    return sentences


def spending_summary(years: list[SpendingRow], illustrative: bool, cycle: str | None, words: Catalogue) -> list[str]:
    """Spending against plan in the latest year (said to be unfinished if the cycle falls in it) and the year
    before; whether the figures are illustrative."""
    if not years:
        return [words.t("budget.summary_no_spending")]
    sentences = []
    cycle_year = cycle_key(cycle)[0] if cycle else None
    for row in reversed(years[-2:]):
        values = {"year": row.year, "actual": millions(words, row.actual), "planned": millions(words, row.planned),
                  "share": words.t("chart.share_value", share=words.number(row.utilisation, 1))}
        if not row.planned:
            sentences.append(words.t("budget.summary_spent_unplanned", **values))
        elif row.year == cycle_year:
            sentences.append(words.t("budget.summary_spent_so_far", cycle=cycle, **values))
        else:
            sentences.append(words.t("budget.summary_spent", **values))
    if illustrative:
        sentences.append(words.t("budget.summary_illustrative"))
    return sentences
