"""Budget consistency: shares add up to 100% and agree with the annual amounts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# Shares are whole percentages and amounts are rounded to US$0.1 million in the plan, so a share
# may differ from amount / total by up to 1 percentage point without being an error.
SHARE_TOLERANCE_POINTS = 1.0
SUM_TOLERANCE_POINTS = 0.01


@dataclass(frozen=True)
class BudgetFinding:
    index: int | None  # category position (0-based), or None for the whole budget
    field: str
    message: str
    allowed: str


def budget_findings(shares: Sequence[float], amounts: Sequence[int]) -> list[BudgetFinding]:
    """Check a budget given as parallel lists of share (percent) and annual amount."""
    findings: list[BudgetFinding] = []
    total_share = sum(shares)
    if abs(total_share - 100) > SUM_TOLERANCE_POINTS:
        findings.append(BudgetFinding(
            None, "categories.share_percent", f"shares add up to {total_share:g}%, not 100%",
            "shares that add up to exactly 100"))
    total_amount = sum(amounts)
    for index, (share, amount) in enumerate(zip(shares, amounts, strict=True)):
        implied = 100 * amount / total_amount
        if abs(implied - share) > SHARE_TOLERANCE_POINTS:
            findings.append(BudgetFinding(
                index, "share_percent",
                f"{share:g}% disagrees with its amount, which is {implied:.1f}% of the total",
                f"a share within {SHARE_TOLERANCE_POINTS:g} point of amount / total"))
    return findings


def total(amounts: Sequence[int]) -> int:
    return sum(amounts)
