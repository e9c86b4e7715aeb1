"""Chart markers editors may place in Markdown: a line of its own reading ``[[kpi-chart KPI-ID]]``."""

from __future__ import annotations

import re
from collections.abc import Iterator

MARKER_LINE = re.compile(r"^\s*\[\[kpi-chart\s+([a-z0-9]+(?:-[a-z0-9]+)*)\s*\]\]\s*$")
MARKER_LIKE = re.compile(r"\[\[\s*(?:kpi[-_ ]?)?chart\b", re.IGNORECASE)
# The marker after Markdown has made it a paragraph.
MARKER_HTML = re.compile(r"<p>\[\[kpi-chart ([a-z0-9]+(?:-[a-z0-9]+)*)\]\]</p>")


def find_markers(body: str, first_line: int) -> Iterator[tuple[int, str | None, str]]:
    """(file line, KPI id or None if malformed, the line) for every marker-like line of a body."""
    for index, line in enumerate(body.split("\n")):
        match = MARKER_LINE.match(line)
        if match:
            yield first_line + index, match.group(1), line
        elif MARKER_LIKE.search(line):
            yield first_line + index, None, line


def normalise(body: str) -> str:
    """Give every marker the one spelling ``MARKER_HTML`` finds after Markdown."""
    return "\n".join(
        f"[[kpi-chart {m.group(1)}]]" if (m := MARKER_LINE.match(line)) else line for line in body.split("\n"))
