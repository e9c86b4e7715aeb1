"""Reporting cycles: which cycle a build publishes."""

from __future__ import annotations

import re

from .content import Site
from .errors import ContentError, ContentProblem
from .schemas import CYCLE, ReportPage, cycle_key


def reports_newest_first(site: Site) -> list[ReportPage]:
    return sorted(site.of_type(ReportPage), key=lambda r: cycle_key(r.cycle), reverse=True)


def current_cycle(site: Site, requested: str | None = None) -> ReportPage | None:
    """The report of the cycle being published: ``requested`` (e.g. from SITE_CYCLE), else the newest."""
    reports = reports_newest_first(site)
    if not requested:
        return reports[0] if reports else None
    if not re.match(CYCLE, requested):
        raise ContentError([ContentProblem("SITE_CYCLE", None, "", f"{requested!r} is not a cycle",
                                           "a cycle like 2026-Q3")])
    for report in reports:
        if report.cycle == requested:
            return report
    known = ", ".join(r.cycle for r in reports) or "none"
    raise ContentError([ContentProblem("content/en/reports", None, "cycle", f"no report page for cycle {requested}",
                                       f"a report page with cycle: {requested} (published reports: {known})")])


def drop_later_reports(site: Site, cycle: str) -> list[str]:
    """Remove reports of cycles after ``cycle`` from the site; return their source paths."""
    later = [e for e in site.entries.values()
             if isinstance(e.meta, ReportPage) and cycle_key(e.meta.cycle) > cycle_key(cycle)]
    for entry in later:
        del site.entries[entry.src_uri]
        del site.by_id[entry.meta.id]
    return [e.src_uri for e in later]


def previous_report(site: Site, cycle: str) -> ReportPage | None:
    """The newest report before ``cycle``."""
    earlier = [r for r in reports_newest_first(site) if cycle_key(r.cycle) < cycle_key(cycle)]
    return earlier[0] if earlier else None
