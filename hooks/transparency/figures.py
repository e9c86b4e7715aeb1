"""Plotly figures for KPIs, built as plain dicts (no ``go.Figure``: several times faster, and the
JSON is ours to keep deterministic). Colours are left to the site script, which follows the
light/dark palette; text from editors is entity-escaped so plotly's pseudo-HTML sees no markup.
"""

from __future__ import annotations

import html
import json
from typing import Any

from .i18n import Catalogue
from .schemas import KpiPage, TargetKind
from .series import Point, YearTotal


def chart_text(text: str) -> str:
    """Plotly renders a subset of HTML in text fields: escape it so editor text stays text."""
    return html.escape(text, quote=False)


def year_label(total: YearTotal, words: Catalogue) -> str:
    if total.complete:
        return str(total.year)
    return words.t("chart.partial_year", year=total.year, period=total.last_period)


def _layout(kpi: KpiPage, words: Catalogue, x_title: str) -> dict[str, Any]:
    return {
        "margin": {"l": 64, "r": 16, "t": 40, "b": 56},
        "height": 340,
        "showlegend": True,
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        "hovermode": "x unified",
        "xaxis": {"type": "category", "title": {"text": chart_text(x_title)}, "fixedrange": True},
        "yaxis": {"title": {"text": chart_text(kpi.measure)}, "rangemode": "tozero", "fixedrange": True,
                  "tickformat": ",d", "separatethousands": True},
    }


def _target_trace(x: list[str], value: float, name: str) -> dict[str, Any]:
    return {"type": "scatter", "mode": "lines", "x": x, "y": [value] * len(x), "name": chart_text(name),
            "line": {"dash": "dash", "width": 2}, "meta": {"role": "target"},
            "hovertemplate": "%{y:,}<extra>" + chart_text(name) + "</extra>"}


def annual_figure(kpi: KpiPage, totals: list[YearTotal], words: Catalogue) -> dict[str, Any]:
    """Bars of each year's total (the current year marked as partial) against the annual target."""
    x = [year_label(t, words) for t in totals]
    actual = words.t("chart.actual")
    data = [{"type": "bar", "x": x, "y": [t.total for t in totals], "name": chart_text(actual),
             "meta": {"role": "actual"}, "hovertemplate": "%{y:,}<extra>" + chart_text(actual) + "</extra>"}]
    target_name = words.t("chart.target_annual", target=words.number(kpi.target.value))
    data.append(_target_trace(x, kpi.target.value, target_name))
    return {"data": data, "layout": _layout(kpi, words, words.t("chart.x_year"))}


def level_figure(kpi: KpiPage, points: list[Point], words: Catalogue) -> dict[str, Any]:
    """A line of quarterly levels (or running totals) against the target and the date it is due by."""
    x = [p.period for p in points]
    cumulative = kpi.target.kind is TargetKind.CUMULATIVE
    actual = words.t("chart.running_total" if cumulative else "chart.level")
    data: list[dict[str, Any]] = [{
        "type": "scatter", "mode": "lines+markers", "x": x, "y": [p.value for p in points],
        "name": chart_text(actual), "meta": {"role": "actual"},
        "hovertemplate": "%{y:,}<extra>" + chart_text(actual) + "</extra>"}]
    if kpi.target.by is not None:
        due = f"{kpi.target.by}-Q4"
        x_target = x if due in x else [*x, due]  # extend the axis to the quarter the target is due
        name = words.t("chart.target_by", target=words.number(kpi.target.value), year=kpi.target.by)
    else:
        x_target = x
        name = words.t("chart.target_level", target=words.number(kpi.target.value))
    data.append(_target_trace(x_target, kpi.target.value, name))
    layout = _layout(kpi, words, words.t("chart.x_quarter"))
    layout["xaxis"]["categoryorder"] = "array"
    layout["xaxis"]["categoryarray"] = x_target
    return {"data": data, "layout": layout}


def island_json(figure: dict[str, Any]) -> str:
    """JSON safe inside <script type="application/json">: no '<', '>', '&' or line separators raw."""
    text = json.dumps(figure, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text
