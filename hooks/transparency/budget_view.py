"""The budget page's figures: the allocation by category, and planned against actual spending."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .figures import chart_text, island_json
from .i18n import Catalogue
from .schemas import BudgetPage


@dataclass(frozen=True)
class SpendingRow:
    year: int
    category: str  # category id, or "" for the year's total
    name: str
    planned: int
    actual: int
    note: str = ""

    @property
    def utilisation(self) -> float:
        """Actual spending as a percentage of the planned amount."""
        return 100 * self.actual / self.planned if self.planned else 0.0


@dataclass(frozen=True)
class BudgetView:
    allocation_json: str
    spending_json: str
    years: list[SpendingRow]  # one total per year, oldest first
    rows: list[SpendingRow]  # per category and year, in the budget page's category order
    illustrative: bool


def millions(words: Catalogue, amount: float) -> str:
    return words.t("budget.amount_value", amount=words.number(amount / 1_000_000, 1))


def build_budget_view(budget: BudgetPage, spending: list[dict[str, Any]], words: Catalogue) -> BudgetView:
    names = {c.id: c.name for c in budget.categories}
    order = {c.id: i for i, c in enumerate(budget.categories)}
    rows = sorted((SpendingRow(int(r["year"]), r["category"], names[r["category"]], int(r["planned_usd"]),
                               int(r["actual_usd"]), r.get("note") or "") for r in spending),
                  key=lambda r: (order[r.category], r.year))
    years: list[SpendingRow] = []
    for year in sorted({r.year for r in rows}):
        of_year = [r for r in rows if r.year == year]
        notes = sorted({r.note for r in of_year if r.note})
        years.append(SpendingRow(year, "", words.t("budget.total"), sum(r.planned for r in of_year),
                                 sum(r.actual for r in of_year), " ".join(notes)))
    amount_label = words.t("budget.amount")
    allocation = {
        "data": [{"type": "bar", "orientation": "h", "meta": {"role": "actual"}, "name": chart_text(amount_label),
                  "y": [chart_text(c.name) for c in budget.categories],
                  "x": [c.annual_amount_usd for c in budget.categories],
                  "customdata": [words.t("budget.share_value", share=words.number(c.share_percent))
                                 for c in budget.categories],
                  "hovertemplate": "%{y}: " + chart_text(words.t("budget.usd_value", amount="%{x:,}"))
                  + " (%{customdata})<extra></extra>"}],
        "layout": {"height": 280, "margin": {"l": 16, "r": 16, "t": 16, "b": 48}, "showlegend": False,
                   "xaxis": {"title": {"text": chart_text(words.t("budget.axis_usd"))}, "tickformat": ",d",
                             "rangemode": "tozero", "fixedrange": True},
                   "yaxis": {"autorange": "reversed", "automargin": True, "fixedrange": True}},
    }
    x = [str(y.year) for y in years]
    usd_hover = chart_text(words.t("budget.usd_value", amount="%{y:,}")) + "<extra>%{fullData.name}</extra>"
    spending_figure = {
        "data": [
            {"type": "bar", "name": chart_text(words.t("budget.planned")), "meta": {"role": "target"}, "x": x,
             "y": [y.planned for y in years], "hovertemplate": usd_hover},
            {"type": "bar", "name": chart_text(words.t("budget.actual")), "meta": {"role": "actual"}, "x": x,
             "y": [y.actual for y in years], "hovertemplate": usd_hover},
        ],
        "layout": {"barmode": "group", "height": 320, "margin": {"l": 72, "r": 16, "t": 40, "b": 48},
                   "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
                   "xaxis": {"type": "category", "title": {"text": chart_text(words.t("chart.x_year"))},
                             "fixedrange": True},
                   "yaxis": {"title": {"text": chart_text(words.t("budget.axis_usd"))}, "tickformat": ",d",
                             "rangemode": "tozero", "fixedrange": True}},
    }
    illustrative = any(r.get("data_status") == "illustrative" for r in spending)
    return BudgetView(island_json(allocation), island_json(spending_figure), years, rows, illustrative)
