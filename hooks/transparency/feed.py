"""The Atom feed of the cycle reports: entries as plain data, rendered by a template."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from .i18n import Catalogue
from .schemas import ReportPage, cycle_key

NAMESPACE = uuid.UUID("6f1c8a52-3e0b-4f43-9a57-0c2a5d1e7b90")  # fixed: ids stay the same in every build


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def feed_context(reports: list[ReportPage], hrefs: dict[str, str], site_name: str, author: str,
                 language: str, words: Catalogue) -> dict[str, Any]:
    """What the feed template needs: entries newest first, ids stable across builds and languages."""
    ordered = sorted(reports, key=lambda r: cycle_key(r.cycle), reverse=True)
    entries = [{
        "title": report.title, "href": hrefs[report.id], "summary": report.description,
        "id": f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{site_name}/{report.cycle}/{language}')}",
        "published": _stamp(report.published), "updated": _stamp(report.updated),
        "category": words.t(f"report_type.{report.report_type.value}"),
    } for report in ordered]
    latest = max((max(r.published, r.updated) for r in reports), default=dt.date(2000, 1, 1))
    return {"title": words.t("feed.title", site=site_name), "subtitle": words.t("feed.subtitle"),
            "feed_id": f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{site_name}/feed/{language}')}",
            "updated": _stamp(latest), "author": author, "language": language, "entries": entries}
