"""The plan's timeline: objectives and phases as bars over the years, the current cycle marked."""

from __future__ import annotations

from typing import Any

from .figures import chart_text
from .i18n import Catalogue
from .schemas import ObjectivePage, PhasePage, cycle_key


def cycle_position(cycle: str) -> float:
    """The end of a quarter as a fractional year: 2026-Q3 -> 2026.75."""
    year, quarter = cycle_key(cycle)
    return year + quarter / 4


def timeline_figure(objectives: list[ObjectivePage], phases: list[PhasePage], plan_years: tuple[int, int],
                    cycle: str | None, words: Catalogue) -> dict[str, Any]:
    def trace(items: list[tuple[str, int, int]], role: str, name: str) -> dict[str, Any]:
        return {"type": "bar", "orientation": "h", "name": chart_text(name), "meta": {"role": role},
                "y": [chart_text(label) for label, _, _ in items],
                "base": [start for _, start, _ in items], "x": [end + 1 - start for _, start, end in items],
                "customdata": [words.t("years_span", start=s, end=e) if s != e else str(s) for _, s, e in items],
                "hovertemplate": "%{y}: %{customdata}<extra></extra>"}

    start, end = plan_years
    phase_items = [(p.title, p.years.start, p.years.end) for p in phases]
    objective_items = [(o.title, o.timeline.start, o.timeline.end) for o in objectives]
    layout: dict[str, Any] = {
        "barmode": "overlay", "height": 120 + 36 * (len(phase_items) + len(objective_items)),
        "margin": {"l": 16, "r": 16, "t": 40, "b": 40}, "showlegend": True,
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        "xaxis": {"range": [start, end + 1], "tickvals": list(range(start, end + 2)),
                  "ticktext": [str(y) for y in range(start, end + 2)], "fixedrange": True},
        "yaxis": {"autorange": "reversed", "automargin": True, "fixedrange": True},
        "hovermode": "closest",
    }
    if cycle:
        position = cycle_position(cycle)
        layout["shapes"] = [{"type": "line", "x0": position, "x1": position, "y0": 0, "y1": 1, "yref": "paper",
                             "line": {"width": 2, "dash": "dot"}, "name": "cycle"}]
        layout["annotations"] = [{"x": position, "y": 1, "yref": "paper", "yanchor": "bottom", "showarrow": False,
                                  "text": chart_text(words.t("timeline.cycle_marker", cycle=cycle))}]
    return {"data": [trace(phase_items, "phase", words.t("timeline.phases")),
                     trace(objective_items, "objective", words.t("timeline.objectives"))], "layout": layout}
