"""What one build knows, shared by the hook files (each hook module is loaded separately by
MkDocs, so they meet here). Replaced at the start of every build: ``mkdocs serve`` keeps
modules loaded between builds, and nothing may leak from one build into the next.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .content import Site
from .i18n import Catalogue
from .kpi_view import KpiView
from .objective_view import ObjectiveView
from .schemas import ReportPage


@dataclass
class Build:
    site: Site
    words: Catalogue
    views: dict[str, KpiView] = field(default_factory=dict)  # KPI id -> what its charts show
    objectives: dict[str, ObjectiveView] = field(default_factory=dict)  # objective id -> computed status
    downloads: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # KPI id -> files (site paths)
    cycle: ReportPage | None = None  # the reporting cycle this build publishes
    extra: dict[str, Any] = field(default_factory=dict)


_current: Build | None = None


def start(site: Site, words: Catalogue) -> Build:
    global _current
    _current = Build(site, words)
    return _current


def current() -> Build:
    if _current is None:
        raise RuntimeError("no build in progress (on_config of hooks/plan_pages.py has not run)")
    return _current
