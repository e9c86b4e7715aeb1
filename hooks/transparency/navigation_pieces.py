"""A built page with its plain navigation items left out, for checks that need nothing from them.

On a large site most of every page is the theme's navigation: a page of a section of 1000 KPIs
lists its 999 siblings, the same items on every page of the section. The GIGW conformance checks
(``conformance_checks.py``) read every page; parsing the same items a thousand times each was
most of their cost. This module cuts a page into pieces at each navigation item and leaves out
the items that cannot change any check's outcome, so the checks parse only the rest.

An item is left out only when it is *plain*: it holds just ``<li>``, ``<a>`` and ``<span>``
elements, balanced within the item, whose only attributes are ``class`` and ``href``; every
``href`` stays on the site and names a page, never a document (ends with "/", is "." or "..",
or is an anchor); and its text holds no placeholder wording. Such an item has no image, table,
heading, form control, media, script, style, id, external link or link to a file, so the checks
of those things find nothing in it. Items are cut only inside the page's sidebars, between the
start of ``<main>`` and the start of the content (``<div class="md-content"``): the theme writes
them there from page titles, which MkDocs escapes, so no item can start inside a script or an
attribute. Each run of left-out items is replaced by one ``<a></a>``: a link without an address,
so the skip-link check, which reads the first link of a page, still finds a link that is not a
skip link where a navigation link came first. What is left out is not lost to the checks that read
titles: each page's title is checked on that page itself, where its ``<title>`` and ``<h1>`` carry
it. (A placeholder phrase split across two items' titles, "coming" in one and "soon" in the next,
would go unseen.)

A piece's verdict depends on its text alone and is remembered. Plain Python.
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote, urlsplit

from .safety import placeholder

MARK = '<li class="md-nav__item'
REGION_START = "<main"
REGION_END = '<div class="md-content"'
STAND_IN = " <a></a> "  # blanks: the texts on either side stay apart

_TOKEN = re.compile(r'[^<]+|<(/?)(li|a|span)((?:\s+[a-z-]+="[^"<>]*")*)\s*>')
_ATTRIBUTE = re.compile(r'\s+([a-z-]+)="([^"<>]*)"')
_ALLOWED_ATTRIBUTES = {"class", "href"}
_VERDICTS: dict[str, bool] = {}
_VERDICTS_MAX = 200_000  # pieces of a few hundred characters: tens of MB at most


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


def is_plain(piece: str) -> bool:
    """Whether a navigation item (starting with ``MARK``) can change no check's outcome (see the module's docstring)."""
    return piece.startswith(MARK) and _plain_after_mark(piece[len(MARK):])


def _plain_after_mark(rest: str) -> bool:
    """``is_plain(MARK + rest)``, remembered by ``rest`` (the pieces ``str.split`` gives)."""
    verdict = _VERDICTS.get(rest)
    if verdict is None:
        if len(_VERDICTS) > _VERDICTS_MAX:
            _VERDICTS.clear()
        verdict = _VERDICTS[rest] = _judge(MARK + rest)
    return verdict


def _judge(piece: str) -> bool:
    open_tags: list[str] = []
    text: list[str] = []
    at = 0
    while at < len(piece):
        token = _TOKEN.match(piece, at)
        if token is None:
            return False
        at = token.end()
        closing, name, attributes = token.groups()
        if name is None:
            text.append(token.group(0))
        elif closing:
            if attributes or not open_tags or open_tags.pop() != name:
                return False
        else:
            for attribute, value in _ATTRIBUTE.findall(attributes):
                if attribute not in _ALLOWED_ATTRIBUTES:
                    return False
                if attribute == "href" and (name != "a" or not _page_href(value)):
                    return False
            open_tags.append(name)
    return not open_tags and placeholder(html.unescape("".join(text))) is None


def reduce_navigation(page: str) -> str:
    """The page with each run of plain navigation items replaced by ``<a></a>``."""
    start = page.find(REGION_START)
    end = page.find(REGION_END, start)
    if start < 0 or end < 0:
        return page
    pieces = page[start:end].split(MARK)
    kept: list[str] = [page[:start], pieces[0]]
    eliding = False
    for piece in pieces[1:]:
        if _plain_after_mark(piece):
            if not eliding:
                kept.append(STAND_IN)
                eliding = True
            continue
        eliding = False
        kept += (MARK, piece)
    kept.append(page[end:])
    return "".join(kept)
