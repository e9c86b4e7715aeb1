"""The document tree's indexed ``iter`` gives what a walk of the tree gives, in the same order."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

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


def _slow(html: str):
    from transparency import html_tree

    builder = html_tree._TreeBuilder()
    builder.feed(html)
    builder.close()
    builder._close(0)
    return builder.root


def _shape(root) -> list:
    return [(e.tag, e.attrs, [c if isinstance(c, str) else c.order for c in e.children], e.order, e.last,
             e.parent.order if e.parent else None) for e in root.iter()]


SUBSET_PAGES = [
    PAGE,
    '<!DOCTYPE html><p class="a b" data-x=\'1 &amp; 2\' hidden id=x>Fish &amp; chips &#8211; &lt;ok&gt;</p>',
    '<div><svg viewBox="0 0 1 1"><path d="M0"/><path d="M1" /></svg><br/><img src="x.png" alt="" /></div>',
    "<script>if (a < b && c) { x = '<b>'; }</script><style>p > a { color: red }</style><p>after</p>",
    "<SCRIPT type=\"application/json\">{\"a\": \"&amp;\"}</script><P>Upper</P>",
    "<!-- a comment - with dashes --><p>x</p><!-- another --><p>y</p>",
    "<p>unclosed<div>text</span></div>trailing &amp",
    '<a href="x" href="y" HREF="z">last wins</a><input type="checkbox" checked>',
]

OUTSIDE_THE_SUBSET = [
    "<p>a < b</p>",  # '<' in text
    '<a href=x/>x</a>',  # unquoted value before "/>"
    "<script>a = '</div>'</script>",  # '</' inside a script
    "<!-- a -- b -->",  # '--' inside a comment
    '<p title="a > b">x</p>',  # '>' in a value
    "<script/>",
    "<!----><p>an empty comment</p>",
    "<script>x</script ><p>y</p>",  # a blank in a script's end tag
    "<![CDATA[x]]>",
    "<?xml version='1.0'?><p>x</p>",
]


@pytest.mark.parametrize("html", SUBSET_PAGES + OUTSIDE_THE_SUBSET)
def test_the_fast_reading_gives_the_tree_the_standard_parser_gives(html: str) -> None:
    assert _shape(parse_html(html)) == _shape(_slow(html))


@pytest.mark.parametrize("html", SUBSET_PAGES)
def test_pages_of_the_subset_are_read_without_the_standard_parser(html: str) -> None:
    from transparency import html_tree

    assert html_tree._fast_feed(html_tree._TreeBuilder(), html)


@pytest.mark.parametrize("html", OUTSIDE_THE_SUBSET)
def test_pages_outside_the_subset_are_left_to_the_standard_parser(html: str) -> None:
    from transparency import html_tree

    assert not html_tree._fast_feed(html_tree._TreeBuilder(), html)


def test_every_page_of_the_demo_site_is_read_fast_and_alike(demo_site) -> None:
    from transparency import html_tree

    pages = sorted(demo_site.site.rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert html_tree._fast_feed(html_tree._TreeBuilder(), html), path
        assert _shape(parse_html(html)) == _shape(_slow(html)), path
