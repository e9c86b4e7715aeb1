"""A built page with its plain repeated pieces left out, for checks that need nothing from them.

On a large site most of every page is the theme's navigation: a page of a section of 1000 KPIs
lists its 999 siblings, the same items on every page of the section; and a KPI page's figure
tables are most of the rest (a row per quarter). The GIGW conformance checks
(``conformance_checks.py``) read every page; parsing those items and rows a thousand times each
was most of their cost. This module cuts a page into pieces at each navigation item and at each
table row, and leaves out the pieces that cannot change any check's outcome, so the checks parse
only the rest.

A piece is left out only when it is *plain*:

- A navigation item (cut at ``<li class="md-nav__item``, between the start of ``<main>`` and the
  start of the content, ``<div class="md-content"``: the sidebars) holds just ``<li>``, ``<a>`` and
  ``<span>`` elements whose only attributes are ``class`` and ``href``, and every ``href`` stays on
  the site and names a page, never a document (ends with "/", is "." or "..", or is an anchor).
  Each run of left-out items is replaced by one ``<a></a>``: a link without an address, so the
  skip-link check, which reads the first link of a page, still finds a link that is not a skip
  link where a navigation link came first.
- A table row (cut at ``<tr>``, between the start of the content and ``<footer``) holds just
  ``<tr>``, ``<th>``, ``<td>`` and ``<span>`` elements whose only attributes are ``class`` and
  ``scope``, at least one ``<th>``, and every ``<th>`` has a scope (col, row, colgroup or
  rowgroup). Each run of left-out rows is replaced by one row of one scoped, empty header cell,
  so the table keeps a header cell with a scope, as it had.

And in both: the elements are balanced within the piece (each closed in it, none closing what it
did not open), the attribute values are double-quoted without '<' or '>', and the text holds no
placeholder wording. Such a piece has no image, table, heading, form control, media, script,
style, id, external link or link to a file, so the checks of those things find nothing in it.
The theme and our templates write these pieces from page titles and figures, escaped, so no piece
can start inside a script or an attribute. Titles left out are checked where they are a page's
own (its ``<title>`` and ``<h1>``); a placeholder phrase split across two pieces ("coming" in
one item's title and "soon" in the next) would go unseen.

A piece's verdict depends on its text alone and is remembered. Plain Python.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from .safety import placeholder

_TOKEN = re.compile(r'[^<]+|<(/?)([a-z]+)((?:\s+[a-z-]+="[^"<>]*")*)\s*>')
_ATTRIBUTE = re.compile(r'\s+([a-z-]+)="([^"<>]*)"')
_SCOPES = frozenset({"col", "row", "colgroup", "rowgroup"})


def _page_href(href: str) -> bool:
    """Whether ``href`` leads to a page of this site (or an anchor), never a document or another site."""
    parts = urlsplit(html.unescape(href))
    if parts.scheme or parts.netloc or parts.query:
        return False
    path = unquote(parts.path)
    if not path:
        return bool(parts.fragment)
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return path.endswith("/") or last in (".", "..")


@dataclass(frozen=True)
class PieceKind:
    """Where pieces of one kind are cut, what they may hold, and what stands for a run of them."""

    mark: str  # each piece starts with it
    region: tuple[str, str]  # cut between the first of these and the first of those after it
    tags: frozenset[str]
    stand_in: str  # blanks around it: the texts on either side stay apart
    needed_tag: str | None = None  # a tag every plain piece holds (the stand-in holds one too)

    def attribute_allowed(self, tag: str, name: str, value: str) -> bool:
        if name == "class":
            return True
        if name == "href":
            return tag == "a" and _page_href(value)
        if name == "scope":
            return tag == "th" and value in _SCOPES
        return False


NAVIGATION = PieceKind('<li class="md-nav__item', ("<main", '<div class="md-content"'),
                       frozenset({"li", "a", "span"}), " <a></a> ")
TABLE_ROWS = PieceKind("<tr>", ('<div class="md-content"', "<footer"), frozenset({"tr", "th", "td", "span"}),
                       ' <tr><th scope="row"></th></tr> ', needed_tag="th")
KINDS = (NAVIGATION, TABLE_ROWS)

# Kept for the callers that name the navigation's cut (tests, csp.py's own memo of plain pieces).
MARK = NAVIGATION.mark
STAND_IN = NAVIGATION.stand_in

_VERDICTS: dict[tuple[str, str], bool] = {}
_VERDICTS_MAX = 200_000  # pieces of a few hundred characters: tens of MB at most


def is_plain(piece: str, kind: PieceKind = NAVIGATION) -> bool:
    """Whether a piece (starting with ``kind.mark``) can change no check's outcome (see the module's docstring)."""
    return piece.startswith(kind.mark) and _plain_after_mark(piece[len(kind.mark):], kind)


def _plain_after_mark(rest: str, kind: PieceKind) -> bool:
    """``is_plain(kind.mark + rest, kind)``, remembered by ``rest`` (the pieces ``str.split`` gives)."""
    key = (kind.mark, rest)
    verdict = _VERDICTS.get(key)
    if verdict is None:
        if len(_VERDICTS) > _VERDICTS_MAX:
            _VERDICTS.clear()
        verdict = _VERDICTS[key] = _judge(kind.mark + rest, kind)
    return verdict


# The rows our templates write (plan/chart-tables.html and the like), read by one expression: a subset
# of what ``_judge`` accepts, so it gives the same verdict, faster (most rows are seen once).
_TEXT = r"[^<]*+"
_PLAIN_ROW = re.compile(
    r'<tr>(?:\s*+(?:<th scope="(?:col|row|colgroup|rowgroup)"(?: class="[^"<>]*+")?>' + _TEXT + "</th>"
    r'|<td(?: class="[^"<>]*+")?>(?:' + _TEXT + r'(?:<span class="[^"<>]*+">' + _TEXT + "</span>)?)*+</td>))++"
    r"\s*+</tr>\s*+")
_TAG = re.compile(r"<[^>]*+>")


def _judge(piece: str, kind: PieceKind) -> bool:
    if kind is TABLE_ROWS and _PLAIN_ROW.fullmatch(piece) and "<th" in piece:
        return placeholder(html.unescape(_TAG.sub(" ", piece))) is None
    open_tags: list[str] = []
    text: list[str] = []
    seen: set[str] = set()
    at = 0
    while at < len(piece):
        token = _TOKEN.match(piece, at)
        if token is None:
            return False
        at = token.end()
        closing, name, attributes = token.groups()
        if name is None:
            text.append(token.group(0))
            continue
        if name not in kind.tags:
            return False
        if closing:
            if attributes or not open_tags or open_tags.pop() != name:
                return False
            continue
        found = dict(_ATTRIBUTE.findall(attributes))
        if any(not kind.attribute_allowed(name, key, value) for key, value in found.items()):
            return False
        if name == "th" and "scope" not in found:
            return False
        seen.add(name)
        open_tags.append(name)
    if open_tags or (kind.needed_tag is not None and kind.needed_tag not in seen):
        return False
    return placeholder(html.unescape(" ".join(text))) is None  # apart: more found, never less


def _reduce(page: str, kind: PieceKind) -> str:
    start = page.find(kind.region[0])
    end = page.find(kind.region[1], start)
    if start < 0 or end < 0:
        return page
    pieces = page[start:end].split(kind.mark)
    kept: list[str] = [page[:start], pieces[0]]
    eliding = False
    for piece in pieces[1:]:
        if _plain_after_mark(piece, kind):
            if not eliding:
                kept.append(kind.stand_in)
                eliding = True
            continue
        eliding = False
        kept += (kind.mark, piece)
    kept.append(page[end:])
    return "".join(kept)


def reduce_navigation(page: str) -> str:
    """The page with each run of plain navigation items and of plain table rows replaced by a stand-in."""
    for kind in KINDS:
        page = _reduce(page, kind)
    return page
