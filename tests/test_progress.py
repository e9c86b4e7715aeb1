"""The progress method on synthetic series: every target kind, both sides of each threshold."""

from __future__ import annotations

import datetime as dt

import pytest
from transparency.progress import AT_RISK, ON_TRACK, Progress, assess, roll_up
from transparency.schemas import KpiPage
from transparency.series import Point, annual_totals, previous_period, running_totals


def kpi(kind: str, value: float, by: int | None = None, baseline: tuple[float, str] | None = None,
        direction: str = "increase") -> KpiPage:
    data = {
        "type": "kpi", "id": "k", "title": "K", "description": "A test indicator.", "keywords": ["test"],
        "updated": dt.date(2026, 1, 1),
        "order": 1, "name": "K", "definition": "d", "unit": "count", "measure": "things",
        "target": {"kind": kind, "value": value, "wording": "w", **({"by": by} if by else {})},
        "direction": direction, "objective": "o", "source": "s", "method": "m",
    }
    if baseline:
        data["baseline"] = {"value": baseline[0], "period": baseline[1]}
    return KpiPage.model_validate(data)


def quarters(start: str, values: list[float | None]) -> list[Point]:
    points, period = [], start
    for value in values:
        points.append(Point(period, value))
        year, quarter = int(period[:4]), int(period[-1])
        period = f"{year + quarter // 4}-Q{quarter % 4 + 1}"
    return points


def test_series_helpers() -> None:
    points = quarters("2025-Q3", [1, 2, None, 4, 5])
    assert [(t.year, t.total, t.quarters, t.last_period) for t in annual_totals(points)] == [
        (2025, 3, 2, "2025-Q4"), (2026, 9, 2, "2026-Q3")]
    assert [p.value for p in running_totals(points)] == [1, 3, 7, 12]
    assert previous_period("2026-Q1") == "2025-Q4" and previous_period("2026-Q3", 4) == "2025-Q3"


ANNUAL = kpi("annual-total", 100)


@pytest.mark.parametrize(("values", "status"), [
    ([25, 25, 25, 25], Progress.ACHIEVED),  # a full year exactly at target
    ([20, 20, 20, 20], Progress.AT_RISK),  # a full year short of target: ratio 0.8
    ([30], Progress.ON_TRACK),  # partial year, one quarter, above pace
    ([24, 24], Progress.ON_TRACK),  # ratio 0.96: just above ON_TRACK
    ([23, 24], Progress.AT_RISK),  # ratio 0.94: just below ON_TRACK
    ([15, 15, 15], Progress.AT_RISK),  # ratio 0.6: exactly AT_RISK
    ([14, 15, 15], Progress.OFF_TRACK),  # ratio 0.587: just below AT_RISK
    ([60, 50], Progress.ACHIEVED),  # target already met within a partial year
])
def test_annual_total(values: list[float], status: Progress) -> None:
    assert assess(ANNUAL, quarters("2026-Q1", values), 2024, 2027).status is status


def test_annual_total_reads_the_latest_year_and_shows_its_inputs() -> None:
    result = assess(ANNUAL, quarters("2025-Q1", [25, 25, 25, 25, 10, 10, 10]), 2024, 2027)
    assert result.status is Progress.OFF_TRACK  # 10 a quarter against 25: ratio 0.4
    assert (result.latest, result.latest_period, result.required_pace) == (30, "2026-Q3", 25)
    assert result.observed_pace == 10 and result.ratio == pytest.approx(0.4)


LEVEL = kpi("level-by-date", 7, by=2026)  # from 2025-Q1 (first figure, 0) to 2026-Q4: 7 quarters, 1 a quarter


@pytest.mark.parametrize(("values", "status"), [
    ([0, 1, 2, 3, 4, 5], Progress.ON_TRACK),  # 5 in 5 quarters: ratio 1.0
    ([0, 1, 2, 3, 4, 4.75], Progress.ON_TRACK),  # ratio 0.95 exactly
    ([0, 1, 2, 3, 4, 4.7], Progress.AT_RISK),  # ratio 0.94
    ([0, 1, 2, 3, 3, 3], Progress.AT_RISK),  # ratio 0.6 exactly
    ([0, 1, 2, 2, 2, 2.9], Progress.OFF_TRACK),  # ratio 0.58
    ([0, 7], Progress.ACHIEVED),  # target already met
    ([5], Progress.NOT_ENOUGH_DATA),  # a single figure and no baseline: no pace to measure
])
def test_level_by_date(values: list[float], status: Progress) -> None:
    assert assess(LEVEL, quarters("2025-Q1", values), 2024, 2027).status is status


@pytest.mark.parametrize(("latest", "status"), [
    (6.0, Progress.ON_TRACK), (5.5, Progress.AT_RISK), (3.0, Progress.OFF_TRACK)])
def test_level_by_date_thresholds_with_declared_baseline(latest: float, status: Progress) -> None:
    # baseline 2 at 2024-Q4; target 10 by 2026-Q4: 8 quarters, required 1 a quarter.
    # At 2025-Q4 (4 quarters): latest 6 -> ratio 1.0; 5.5 -> 0.875; 3 -> 0.25.
    level = kpi("level-by-date", 10, by=2026, baseline=(2, "2024-Q4"))
    result = assess(level, [Point("2025-Q4", latest)], 2024, 2027)
    assert result.status is status
    assert result.required_pace == 1 and result.baseline == 2


def test_level_missed_after_due_date_is_off_track() -> None:
    assert assess(LEVEL, quarters("2026-Q3", [5, 6]), 2024, 2027).status is Progress.OFF_TRACK


def test_level_with_decreasing_target() -> None:
    fewer = kpi("level-by-date", 10, by=2026, direction="decrease", baseline=(30, "2024-Q4"))
    # 20 to remove over 8 quarters: 2.5 a quarter. After 4 quarters at 20: 2.5 a quarter -> on track.
    assert assess(fewer, [Point("2025-Q4", 20)], 2024, 2027).status is Progress.ON_TRACK
    assert assess(fewer, [Point("2025-Q4", 28)], 2024, 2027).status is Progress.OFF_TRACK
    assert assess(fewer, [Point("2025-Q4", 9)], 2024, 2027).status is Progress.ACHIEVED


CUMULATIVE = kpi("cumulative", 160, by=2027)  # 16 quarters from 2024-Q1: required 10 a quarter


@pytest.mark.parametrize(("values", "status"), [
    ([10, 10, 10, 10], Progress.ON_TRACK),
    ([9.5] * 4, Progress.ON_TRACK),  # ratio 0.95 exactly
    ([9.4] * 4, Progress.AT_RISK),
    ([6] * 4, Progress.AT_RISK),  # ratio 0.6 exactly
    ([5.9] * 4, Progress.OFF_TRACK),
    ([100, 60], Progress.ACHIEVED),
])
def test_cumulative(values: list[float], status: Progress) -> None:
    assert assess(CUMULATIVE, quarters("2024-Q1", values), 2024, 2027).status is status


def test_no_data() -> None:
    for target in (ANNUAL, LEVEL, CUMULATIVE):
        assert assess(target, [], 2024, 2027).status is Progress.NOT_ENOUGH_DATA
        assert assess(target, [Point("2025-Q1", None)], 2024, 2027).status is Progress.NOT_ENOUGH_DATA


def test_thresholds_are_open_sdg_like() -> None:
    assert (ON_TRACK, AT_RISK) == (0.95, 0.6)


@pytest.mark.parametrize(("kpis", "done", "total", "delayed", "expected"), [
    ([Progress.ON_TRACK, Progress.OFF_TRACK], 1, 4, 0, Progress.OFF_TRACK),
    ([Progress.ACHIEVED], 4, 4, 0, Progress.ACHIEVED),
    ([Progress.ACHIEVED], 3, 4, 0, Progress.ON_TRACK),
    ([Progress.ON_TRACK], 1, 4, 1, Progress.AT_RISK),
    ([Progress.NOT_ENOUGH_DATA], 0, 4, 0, Progress.NOT_ENOUGH_DATA),
    ([], 4, 4, 0, Progress.ACHIEVED),
    ([], 1, 4, 1, Progress.AT_RISK),
])
def test_objective_roll_up(kpis: list[Progress], done: int, total: int, delayed: int, expected: Progress) -> None:
    assert roll_up(kpis, done, total, delayed) is expected
