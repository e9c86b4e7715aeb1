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
  ``<span>`` elements, and of a section's start also its toggle (``<input type="checkbox">`` of
  class ``md-toggle``, which the form-label check leaves alone), ``<label>``, ``<nav>`` and
  ``<ul>``; the attributes are ``class``, ``href``, the theme's ids (``__nav_…``, ``__toc``) and
  its ``for``, ``tabindex``, ``checked``, ``aria-…`` and ``data-md-…`` ones; every ``href`` stays
  on the site and names a page, never a document (ends with "/", is "." or "..", or is an
  anchor). A section starts in one piece and ends in another: the pieces are left out in runs
  that are whole (every element opened in the run closed in it), only the pieces that are not
  whole walked. Each run is replaced by one ``<a></a>``: a link without an address, so the
  skip-link check, which reads the first link of a page, still finds a link that is not a skip
  link where a navigation link came first.
- A table row (cut at ``<tr>``, between the start of the content and ``<footer``) holds just
  ``<tr>``, ``<th>``, ``<td>`` and ``<span>`` elements whose only attributes are ``class`` and
  ``scope``, at least one ``<th>``, and every ``<th>`` has a scope (col, row, colgroup or
  rowgroup). Each run of left-out rows is replaced by one row of one scoped, empty header cell,
  so the table keeps a header cell with a scope, as it had.

And in both: the attribute values are double-quoted (or absent) without '<' or '>', and the text
holds no placeholder wording; a row is whole on its own. Such a piece has no image, table,
heading, form control a reader fills in, media, script, style, id a skip link could name,
external link or link to a file, so the checks of those things find nothing in it.
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

_TOKEN = re.compile(r'[^<]+|<(/?)([a-z]+)((?:\s+[a-z-]+(?:="[^"<>]*")?)*)\s*>')
_ATTRIBUTE = re.compile(r'\s+([a-z-]+)(?:="([^"<>]*)")?')
_VOID = frozenset({"input"})  # the only void element a plain piece may hold
_SCOPES = frozenset({"col", "row", "colgroup", "rowgroup"})
# A piece's verdict: None if it is not plain (a check could read it), else what it leaves open or
# closes of its surroundings: the end tags it has without their start tags, then the start tags it
# leaves open (a section of the navigation starts in one piece and ends in another).
_Ops = tuple[tuple[str, ...], tuple[str, ...]]
_BALANCED: _Ops = ((), ())


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
    attributes: frozenset[str] = frozenset()  # allowed with any value, besides class, href and scope
    id_prefixes: tuple[str, ...] = ()  # ids allowed: the theme's own, which no skip link names

    def attribute_allowed(self, tag: str, name: str, value: str) -> bool:
        if name == "class":
            return True
        if name == "href":
            return tag == "a" and _page_href(value)
        if name == "scope":
            return tag == "th" and value in _SCOPES
        if name == "id":
            return value.startswith(self.id_prefixes)
        if name == "type":
            return tag == "input" and value == "checkbox"
        return name in self.attributes


# Besides links, the theme's sections and the current page's item hold a toggle (an <input>, class
# md-toggle, which the form-label check leaves alone), its <label>, and the nested <nav> and <ul>.
NAVIGATION = PieceKind(
    '<li class="md-nav__item', ("<main", '<div class="md-content"'),
    frozenset({"li", "a", "span", "input", "label", "nav", "ul"}), " <a></a> ",
    attributes=frozenset({"for", "tabindex", "checked", "aria-labelledby", "aria-expanded", "aria-label",
                          "data-md-level", "data-md-scrollfix", "data-md-component"}),
    id_prefixes=("__nav_", "__toc"))
TABLE_ROWS = PieceKind("<tr>", ('<div class="md-content"', "<footer"), frozenset({"tr", "th", "td", "span"}),
                       ' <tr><th scope="row"></th></tr> ', needed_tag="th")
KINDS = (NAVIGATION, TABLE_ROWS)

MARK = NAVIGATION.mark  # where the navigation is cut, and what stands for a run of it (for the tests)
STAND_IN = NAVIGATION.stand_in

_VERDICTS: dict[str, dict[str, _Ops | None]] = {}  # kind's mark -> piece after the mark -> verdict
_VERDICTS_MAX = 200_000  # pieces of a few hundred characters: tens of MB at most


def is_plain(piece: str, kind: PieceKind = NAVIGATION) -> bool:
    """Whether a piece (starting with ``kind.mark``) can change no check's outcome and is whole: every
    element it opens it closes (see the module's docstring)."""
    return piece.startswith(kind.mark) and _verdict(piece[len(kind.mark):], kind) == _BALANCED


def _verdict(rest: str, kind: PieceKind) -> _Ops | None:
    """``kind.mark + rest`` judged, remembered by ``rest`` (the pieces ``str.split`` gives)."""
    verdicts = _VERDICTS.setdefault(kind.mark, {})
    if rest in verdicts:
        return verdicts[rest]
    if len(verdicts) > _VERDICTS_MAX:
        verdicts.clear()
    verdict = verdicts[rest] = _judge(kind.mark + rest, kind)
    return verdict


# The rows our templates write (plan/chart-tables.html and the like), read by one expression: a subset
# of what ``_judge`` accepts, so it gives the same verdict, faster (most rows are seen once).
_TEXT = r"[^<]*+"
_PLAIN_ROW = re.compile(
    r'<tr>(?:\s*+(?:<th scope="(?:col|row|colgroup|rowgroup)"(?: class="[^"<>]*+")?>' + _TEXT + "</th>"
    r'|<td(?: class="[^"<>]*+")?>(?:' + _TEXT + r'(?:<span class="[^"<>]*+">' + _TEXT + "</span>)?)*+</td>))++"
    r"\s*+</tr>\s*+")
_TAG = re.compile(r"<[^>]*+>")


def _judge(piece: str, kind: PieceKind) -> _Ops | None:
    if kind is TABLE_ROWS and _PLAIN_ROW.fullmatch(piece) and "<th" in piece:
        return _BALANCED if placeholder(html.unescape(_TAG.sub(" ", piece))) is None else None
    open_tags: list[str] = []
    closed_outside: list[str] = []
    text: list[str] = []
    seen: set[str] = set()
    at = 0
    while at < len(piece):
        token = _TOKEN.match(piece, at)
        if token is None:
            return None
        at = token.end()
        closing, name, attributes = token.groups()
        if name is None:
            text.append(token.group(0))
            continue
        if name not in kind.tags:
            return None
        if closing:
            if attributes or name in _VOID:
                return None
            if open_tags:
                if open_tags.pop() != name:
                    return None
            else:
                closed_outside.append(name)
            continue
        found = dict(_ATTRIBUTE.findall(attributes))
        if any(not kind.attribute_allowed(name, key, value) for key, value in found.items()):
            return None
        if name == "th" and "scope" not in found:
            return None
        if name == "input" and "md-toggle" not in found.get("class", "").split():
            return None
        seen.add(name)
        if name not in _VOID:
            open_tags.append(name)
    if kind.needed_tag is not None and kind.needed_tag not in seen:
        return None
    if placeholder(html.unescape(" ".join(text))) is not None:  # apart: more found, never less
        return None
    if not closed_outside and not open_tags:
        return _BALANCED  # the same object: _reduce tells it by identity
    if kind is not NAVIGATION:
        return None  # rows are left out whole only
    return (tuple(closed_outside), tuple(open_tags))


_UNKNOWN = object()


def _reduce(page: str, kind: PieceKind) -> str:
    start = page.find(kind.region[0])
    end = page.find(kind.region[1], start)
    if start < 0 or end < 0:
        return page
    pieces = page[start:end].split(kind.mark)[1:]
    verdicts = _VERDICTS.setdefault(kind.mark, {})
    ops = [verdicts.get(piece, _UNKNOWN) for piece in pieces]
    for index in [i for i, verdict in enumerate(ops) if verdict is _UNKNOWN]:
        ops[index] = _verdict(pieces[index], kind)
    # Whole pieces change nothing around them; only the others (sections' starts and ends, pieces that
    # are not plain) are walked, keeping what the pieces since the last balanced point left open.
    left_out: list[tuple[int, int]] = []  # ranges of pieces, in order
    stack: list[str] = []
    run_start = 0  # where the pieces since the last balanced point start
    for index in [i for i, verdict in enumerate(ops) if verdict is not _BALANCED]:
        if not stack and run_start < index:
            left_out.append((run_start, index))  # whole pieces outside any open section
        verdict = ops[index]
        if verdict is not None:
            closes, opens = verdict
            starts_run = not stack
            if all(stack and stack.pop() == name for name in closes):
                if starts_run:
                    run_start = index
                stack.extend(opens)
                if not stack:
                    left_out.append((run_start, index + 1))
                    run_start = index + 1
                continue
        stack.clear()  # not plain, or closing what the run did not open: the run and this piece stay
        run_start = index + 1
    if not stack and run_start < len(pieces):
        left_out.append((run_start, len(pieces)))
    kept: list[str] = [page[:start], page[start:end].split(kind.mark, 1)[0]]
    at = 0
    for first, after in left_out:
        if first > at:
            kept += (kind.mark, kind.mark.join(pieces[at:first]))
        if first > at or at == 0 or kept[-1] is not kind.stand_in:
            kept.append(kind.stand_in)
        at = after
    if at < len(pieces):
        kept += (kind.mark, kind.mark.join(pieces[at:]))
    kept.append(page[end:])
    return "".join(kept)


def reduce_navigation(page: str) -> str:
    """The page with each run of plain navigation items and of plain table rows replaced by a stand-in."""
    for kind in KINDS:
        page = _reduce(page, kind)
    return page
