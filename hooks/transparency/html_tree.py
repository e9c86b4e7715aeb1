"""A small document tree over the standard library's HTML parser: enough to read built pages.

The standard library has no DOM; the conformance checks need to walk elements, read attributes
and a reader's text. Lenient like a browser: an end tag closes the nearest open element of its
name, void elements never hold children. Plain Python.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from heapq import merge
from html.parser import HTMLParser

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_RAW_TEXT = {"script", "style"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)
    parent: Element | None = field(default=None, repr=False)
    # Document order: this element is ``order`` in its document's list of elements, its descendants
    # follow it up to ``last``. ``index`` (the document's, shared) lists elements in that order, whole
    # and by tag, so that ``iter`` is a slice, not a walk of the tree (the checks call it often).
    order: int = field(default=0, repr=False, compare=False)
    last: int = field(default=0, repr=False, compare=False)
    index: _Index | None = field(default=None, repr=False, compare=False)

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
        elements = self.index.elements
        element = Element(tag, {name: value or "" for name, value in attrs}, parent=self.stack[-1],
                          order=len(elements), last=len(elements), index=self.index)
        elements.append(element)
        orders, by_tag = self.index.by_tag.setdefault(tag, ([], []))
        orders.append(element.order)
        by_tag.append(element)
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.stack.pop()

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
    builder.feed(html)
    builder.close()
    builder._close(0)  # elements never closed (and the document) reach the end
    return builder.root
