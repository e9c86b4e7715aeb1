"""A small document tree over the standard library's HTML parser: enough to read built pages.

The standard library has no DOM; the conformance checks need to walk elements, read attributes
and a reader's text. Lenient like a browser: an end tag closes the nearest open element of its
name, void elements never hold children. Plain Python.

``HTMLParser`` runs Python code for every tag and attribute, and a large site's pages hold many.
``parse_html`` first reads the page with a few regular expressions that accept a strict subset of
HTML, one in which the standard parser's reading is unambiguous: tags with quoted (or simple
unquoted) attribute values holding no '<' or '>', comments without '--' inside, text without '<',
script and style contents without '</' or '<!'. Each token goes to the same tree builder the
standard parser feeds, with the same decoding (names in lower case, character references decoded
in text and attribute values, not in scripts), so the tree is the one ``HTMLParser`` would give.
A page outside the subset is read by ``HTMLParser`` itself.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from heapq import merge
from html import unescape
from html.parser import HTMLParser

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_RAW_TEXT = {"script", "style"}


class Element:
    """One element of a parsed page. Equal only to itself (two alike links are two links)."""

    __slots__ = ("attrs", "children", "index", "last", "order", "parent", "tag")

    def __init__(self, tag: str, attrs: dict[str, str], children: list[Element | str] | None = None,
                 parent: Element | None = None, order: int = 0, last: int = 0, index: _Index | None = None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[Element | str] = [] if children is None else children
        self.parent = parent
        # Document order: this element is ``order`` in its document's list of elements, its
        # descendants follow it up to ``last``. ``index`` (the document's, shared) lists elements in
        # that order, whole and by tag, so that ``iter`` is a slice, not a walk of the tree (the
        # checks call it often).
        self.order = order
        self.last = last
        self.index = index

    def __repr__(self) -> str:
        return f"Element({self.tag!r}, {self.attrs!r})"

    def get(self, name: str) -> str | None:
        return self.attrs.get(name)

    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def iter(self, *tags: str) -> Iterator[Element]:
        """This element and all below it, in document order; only ``tags`` if given."""
        index = self.index
        if index is None:  # an element made by hand, outside a parsed document: walk it
            yield from self._walk(tags)
            return
        if not tags:
            yield from index.elements[self.order:self.last + 1]
            return
        spans = []
        for tag in dict.fromkeys(tags):
            orders, elements = index.by_tag.get(tag, ((), ()))
            spans.append(elements[bisect_left(orders, self.order):bisect_right(orders, self.last)])
        yield from spans[0] if len(spans) == 1 else merge(*spans, key=lambda element: element.order)

    def _walk(self, tags: tuple[str, ...]) -> Iterator[Element]:
        stack: list[Element] = [self]
        while stack:
            node = stack.pop()
            if not tags or node.tag in tags:
                yield node
            stack.extend(child for child in reversed(node.children) if isinstance(child, Element))

    def first(self, *tags: str) -> Element | None:
        return next(self.iter(*tags), None)

    def text(self) -> str:
        """The text a reader gets (scripts and styles left out), blanks collapsed."""
        parts: list[str] = []

        def walk(node: Element) -> None:
            for child in node.children:
                if isinstance(child, str):
                    parts.append(child)
                elif child.tag not in _RAW_TEXT:
                    walk(child)

        walk(self)
        return " ".join("".join(parts).split())

    def ancestors(self) -> Iterator[Element]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


@dataclass
class _Index:
    elements: list[Element] = field(default_factory=list)
    by_tag: dict[str, tuple[list[int], list[Element]]] = field(default_factory=dict)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.index = _Index()
        self.root = Element("#document", {}, index=self.index)
        self.index.elements.append(self.root)
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open_element(tag, {name: value or "" for name, value in attrs})

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open_element(tag, {name: value or "" for name, value in attrs}, closed=True)

    def open_element(self, tag: str, attrs: dict[str, str], closed: bool = False) -> None:
        """A new element; ``closed`` for "<tag/>", which holds nothing (a void element never does)."""
        elements = self.index.elements
        order = len(elements)
        element = Element(tag, attrs, None, self.stack[-1], order, order, self.index)
        elements.append(element)
        orders, by_tag = self.index.by_tag.setdefault(tag, ([], []))
        orders.append(order)
        by_tag.append(element)
        self.stack[-1].children.append(element)
        if tag not in _VOID and not closed:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                self._close(depth)
                return

    def _close(self, depth: int) -> None:
        """Close the open elements from ``depth`` up: each holds every element made so far after it."""
        last = len(self.index.elements) - 1
        for element in self.stack[depth:]:
            element.last = last
        del self.stack[depth:]

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(html: str) -> Element:
    builder = _TreeBuilder()
    if not _fast_feed(builder, html):
        builder = _TreeBuilder()
        builder.feed(html)
        builder.close()
    builder._close(0)  # elements never closed (and the document) reach the end
    return builder.root


# The subset _fast_feed reads. Attribute values: double- or single-quoted without '<' or '>', or
# unquoted up to a blank or '>' (never right before "/>", which HTMLParser would read into the value).
_NAME = r"[a-zA-Z_:][a-zA-Z0-9_:.-]*"
_VALUE = r"""(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>=`/]+(?=[\s>]|$))"""
_ATTRIBUTE = re.compile(rf"\s+({_NAME})(?:\s*=\s*({_VALUE}))?")
# A token: the text before a tag (maybe empty), then the tag, a comment, the doctype or the end of the page.
_TOKEN = re.compile(
    r"([^<]*+)(?:"  # 1: text
    rf"<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+{_NAME}(?:\s*=\s*{_VALUE})?)*)\s*(/?)>"  # 2-4: start tag
    r"|</([a-zA-Z][a-zA-Z0-9-]*)\s*>"  # 5: end tag
    r"|<!--(?![->])[^<>-]*(?:-[^<>-]+)*-->"  # a comment
    r"|<![dD][oO][cC][tT][yY][pP][eE] [hH][tT][mM][lL]>"
    r"|\Z)")
# Script and style contents up to their end tag, with no '</' or '<!' before it.
_RAW_TEXT_END = {name: re.compile(rf"([^<]*+(?:<(?![/!])[^<]*+)*+)</{name}>", re.IGNORECASE) for name in _RAW_TEXT}


def _fast_feed(builder: _TreeBuilder, html: str) -> bool:
    """Feed the page's tokens to ``builder`` as HTMLParser would; False (the builder half fed) if the
    page leaves the subset this reads."""
    at, end = 0, len(html)
    match, attribute_pairs = _TOKEN.match, _ATTRIBUTE.findall
    open_element, close_element, data = builder.open_element, builder.handle_endtag, builder.handle_data
    while at < end:
        token = match(html, at)
        if token is None:
            return False
        at = token.end()
        text, name, attributes, self_closing, end_name = token.groups()
        if text:
            data(unescape(text) if "&" in text else text)
        if name is not None:
            name = name.lower()
            attrs = {}
            if attributes:
                # As HTMLParser gives them: names in lower case, quotes off, references decoded; the last of
                # a repeated name wins (as in the tree builder); no value is "".
                for key, raw in attribute_pairs(attributes):
                    value = raw[1:-1] if raw[:1] in ('"', "'") else raw
                    attrs[key.lower()] = unescape(value) if "&" in value else value
            if self_closing and name in _RAW_TEXT_END:
                return False  # "<script/>": HTMLParser does not read it as raw text; leave it to it
            open_element(name, attrs, bool(self_closing))
            if name in _RAW_TEXT_END and not self_closing:
                content = _RAW_TEXT_END[name].match(html, at)
                if content is None:
                    return False
                if content.group(1):
                    data(content.group(1))
                close_element(name)
                at = content.end()
        elif end_name is not None:
            close_element(end_name.lower())
    return True
