"""What the site search indexes of a page: its content without the blocks the templates mark as left out.

The content decision. The search index is for finding a page by its words; a reader who searches
"patent filings" should land on that KPI's own page. So the index leaves out:

- a KPI's progress figures (baseline, latest, pace, ratio: its status and the chart's
  plain-language summary say the same in words);
- the figure tables of every chart (numbers per quarter and per year, with their notes), its
  JSON data island and its download links: numbers are noise in a word search, and the open
  data (CSV/JSON downloads, datapackage) serves them;
- the KPI charts repeated on objective pages (the same caption, summary and tables as on the
  KPI's page): the result should lead to the KPI's own page, which the objective lists by name;
- the per-KPI table of what changed in a report (one row of figures per KPI);
- on the home page, the KPI tiles and each objective card's KPI lines (latest figure of every
  KPI, repeated from its page), and the timeline chart's data island and table (the objectives'
  and phases' names and years, each on its own page);

and keeps everything else: page titles, descriptions, headings, the editors' prose, facts lists,
progress statuses, chart captions and plain-language summaries on the KPI's own page, the key
actions, the report's objective table and completed actions, the monitoring page's list of KPIs.

How. The templates in overrides/plan/ put ``SKIP_START`` and ``SKIP_END`` (HTML comments) around
each left-out block. ``indexed_view`` cuts them out of the copy of the page the search plugin
reads, so it never tokenizes them (Material's ``data-search-exclude`` still parses the block and
only drops its text); ``without_markers`` removes the markers from the page itself, which is
then byte-identical to the page the templates would give without them.

Editors cannot place a marker: the sanitiser drops every HTML comment of their Markdown, and
text is escaped. Even so, a stray marker can at most hide the text between a start and the end
that closes it: an end without a start is ignored, and a start that is never closed cuts
nothing (so a start typed before a template's block also keeps that block in the index).

The index file itself is written as UTF-8 text rather than ASCII with ``\\uXXXX`` escapes
(``readable_json``): a Devanagari letter is 3 bytes instead of 6, so the Hindi index is about
half the size (gzip: 14% smaller). Browsers decode it the same way (fetch's ``json()`` reads UTF-8).
"""

from __future__ import annotations

import json

SKIP_START = "<!--search-skip-->"
SKIP_END = "<!--/search-skip-->"


def without_markers(html: str) -> str:
    """The page as readers get it: every marker removed, nothing else changed."""
    if SKIP_START not in html and SKIP_END not in html:
        return html
    return html.replace(SKIP_START, "").replace(SKIP_END, "")


def _block_end(html: str, after_start: int) -> int:
    """Where the block whose start marker ends at ``after_start`` closes (just after its end
    marker, nested blocks counted), or -1 if it never closes."""
    depth, position = 1, after_start
    while depth:
        end = html.find(SKIP_END, position)
        if end < 0:
            return -1
        nested = html.find(SKIP_START, position, end)
        if nested >= 0:
            depth, position = depth + 1, nested + len(SKIP_START)
        else:
            depth, position = depth - 1, end + len(SKIP_END)
    return position


def indexed_view(html: str) -> str:
    """The page as the search index reads it: every marked block cut out, the markers removed."""
    if SKIP_START not in html:
        return without_markers(html)
    pieces, kept_from = [], 0
    while (start := html.find(SKIP_START, kept_from)) >= 0:
        end = _block_end(html, start + len(SKIP_START))
        if end < 0:
            break  # never closed: the rest stays in the index
        pieces.append(html[kept_from:start])
        kept_from = end
    pieces.append(html[kept_from:])
    return without_markers("".join(pieces))


def readable_json(index_json: str) -> str:
    """The search index's JSON with its non-ASCII characters as themselves, not ``\\uXXXX``
    escapes; the same data, compact as Material writes it."""
    if "\\u" not in index_json:
        return index_json
    readable = json.dumps(json.loads(index_json), separators=(",", ":"), ensure_ascii=False)
    try:
        readable.encode("utf-8")  # as Material writes it; a lone surrogate stays escaped
    except UnicodeEncodeError:
        return index_json
    return readable
