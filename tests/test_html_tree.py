"""The document tree's indexed ``iter`` gives what a walk of the tree gives, in the same order."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))

from transparency.html_tree import parse_html

PAGE = """<!doctype html><html><head><title>T</title><meta charset="utf-8"></head>
<body><header><a href="/">Home</a><nav><ul><li><a href="a">A<span>x</span></a><li><a href="b">B</a></ul></nav></header>
<main><h1>One</h1><table><caption>C</caption><tr><th scope="col">h</th><td>1<br>2</td></tr></table>
<p>Unclosed <b>bold <i>italic</p><svg><path d="M0"/></svg><img src="i.png" alt=""><div><p>deep</div>
<h2>Two</h2></main><footer><a href="/f">F</a></footer>"""


def test_indexed_iter_equals_a_walk_of_the_tree() -> None:
    root = parse_html(PAGE)
    elements = list(root.iter())
    assert [e.tag for e in elements][:3] == ["#document", "html", "head"]
    for element in elements:
        for tags in [(), ("a",), ("p",), ("h1", "h2"), ("a", "span", "li"), ("td", "th", "nosuch"), ("br",)]:
            assert [id(e) for e in element.iter(*tags)] == [id(e) for e in element._walk(tags)], (element.tag, tags)


def test_iter_of_an_unclosed_element_reaches_the_end_of_its_content() -> None:
    root = parse_html("<div><p>one<b>two</div><a href='x'>after</a>")
    paragraph = root.first("p")
    assert [e.tag for e in paragraph.iter()] == ["p", "b"]
    assert [e.tag for e in root.iter("a")] == ["a"]
    assert list(root.first("div").iter("a")) == []
