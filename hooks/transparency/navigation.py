"""The site navigation, generated from the pages' types and order, never typed twice."""

from __future__ import annotations

from typing import Any

from . import schemas as s
from .content import Site
from .i18n import Catalogue

NavItem = dict[str, Any]


def build_nav(site: Site, words: Catalogue) -> list[NavItem]:
    """MkDocs ``nav`` entries: each section's title comes from the catalogue, each page's from its front matter."""

    def item(meta: s.PageBase) -> NavItem:
        return {meta.title: site.entry(meta.id).src_uri}

    def generic(section: str) -> list[NavItem]:
        return [item(p) for p in site.of_type(s.GenericPage) if p.section == section]

    def section(key: str, items: list[NavItem]) -> list[NavItem]:
        return [{words.t(key): items}] if items else []

    nav: list[NavItem] = [item(site.home)]
    nav += section("nav.objectives", [item(p) for p in site.of_type(s.ObjectivePage)])
    nav += section("nav.phases", [item(p) for p in site.of_type(s.PhasePage)])
    nav += section("nav.priority_areas", [item(p) for p in site.of_type(s.PriorityAreaPage)])
    plan_pages = [item(p) for p in (site.one(s.BudgetPage),) if p] + generic("plan")
    nav += plan_pages
    monitoring = [item(p) for p in (site.one(s.MonitoringPage),) if p]
    monitoring += [item(p) for p in site.of_type(s.KpiPage)]
    monitoring += [item(p) for p in (site.one(s.MethodPage),) if p] + generic("monitoring")
    nav += section("nav.monitoring", monitoring)
    reports = sorted(site.of_type(s.ReportPage), key=lambda r: s.cycle_key(r.cycle), reverse=True)
    reporting = [item(p) for p in (site.one(s.SchedulePage),) if p] + [item(r) for r in reports]
    nav += section("nav.reporting", reporting + generic("reporting"))
    nav += section("nav.about", generic("about"))
    return nav
