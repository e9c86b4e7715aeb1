"""The site navigation, generated from the pages' types and order, never typed twice.

``nav_sections`` decides which pages go where and in what order; MkDocs' ``nav`` (``build_nav``)
and the HTML sitemap page (GIGW 5.2.31) are both drawn from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import schemas as s
from .content import Site
from .i18n import Catalogue

NavItem = dict[str, Any]

# Page types of the "About this site" section besides generic pages, ordered with them by `order`.
ABOUT_TYPES: tuple[type[s.PageBase], ...] = (s.ContactPage, s.FeedbackPage, s.PolicyPage, s.SitemapPage)


@dataclass(frozen=True)
class NavSection:
    """Pages in navigation order; ``key`` is the catalogue key of the section's title, or None for
    pages listed at the top level of the navigation."""

    key: str | None
    pages: list[s.PageBase]


def nav_sections(site: Site) -> list[NavSection]:
    """Every page of the site, grouped as the navigation shows them, in order; empty sections left out."""

    def generic(section: str) -> list[s.PageBase]:
        return [p for p in site.of_type(s.GenericPage) if p.section == section]

    def singles(*page_types: type[s.PageBase]) -> list[s.PageBase]:
        return [p for t in page_types if (p := site.one(t)) is not None]

    reports = sorted(site.of_type(s.ReportPage), key=lambda r: s.cycle_key(r.cycle), reverse=True)
    about = sorted([*generic("about"), *singles(*ABOUT_TYPES)], key=lambda p: (getattr(p, "order", 50), p.id))
    sections = [
        NavSection(None, [site.home]),
        NavSection("nav.objectives", list(site.of_type(s.ObjectivePage))),
        NavSection("nav.phases", list(site.of_type(s.PhasePage))),
        NavSection("nav.priority_areas", list(site.of_type(s.PriorityAreaPage))),
        NavSection(None, [*singles(s.BudgetPage), *generic("plan")]),
        NavSection("nav.monitoring", [*singles(s.MonitoringPage), *site.of_type(s.KpiPage), *singles(s.MethodPage),
                                      *generic("monitoring")]),
        NavSection("nav.reporting", [*singles(s.SchedulePage), *reports, *generic("reporting")]),
        NavSection("nav.about", about),
    ]
    return [section for section in sections if section.pages]


def build_nav(site: Site, words: Catalogue) -> list[NavItem]:
    """MkDocs ``nav`` entries: each section's title comes from the catalogue, each page's from its front matter."""

    def item(meta: s.PageBase) -> NavItem:
        return {meta.title: site.entry(meta.id).src_uri}

    nav: list[NavItem] = []
    for section in nav_sections(site):
        items = [item(p) for p in section.pages]
        nav += items if section.key is None else [{words.t(section.key): items}]
    return nav


# Generic pages the footer links to, found by id: About (GIGW 5.1.9) and Help (5.1.14).
ABOUT_ID, HELP_ID = "about", "help"


def footer_pages(site: Site) -> list[tuple[str, s.PageBase]]:
    """The pages every page's footer links to (DBIM 5.6, GIGW 5.1.10, 5.1.11, 5.1.14, 5.4.3), in the
    footer's order, each with a stable key; pages the site does not have are left out."""

    def by_id(page_id: str) -> s.PageBase | None:
        entry = site.by_id.get(page_id)
        return entry.meta if entry is not None and isinstance(entry.meta, s.GenericPage) else None

    wanted = [("policy", site.one(s.PolicyPage)), ("sitemap", site.one(s.SitemapPage)), ("help", by_id(HELP_ID)),
              ("feedback", site.one(s.FeedbackPage)), ("contact", site.one(s.ContactPage)), ("about", by_id(ABOUT_ID))]
    return [(key, page) for key, page in wanted if page is not None]
