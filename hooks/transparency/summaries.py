"""Plain-language summaries of a KPI's figures, generated from the data in the page's language.

Every sentence comes from the catalogue, so a translation supplies words only: the numbers,
periods and comparisons are computed here.
"""

from __future__ import annotations

from .i18n import Catalogue
from .schemas import KpiPage, TargetKind
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
