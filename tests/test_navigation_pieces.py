"""Leaving plain navigation items out of a page changes no conformance check's outcome."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))

from transparency import conformance_checks as checking
from transparency.html_tree import parse_html
from transparency.navigation_pieces import STAND_IN, is_plain, reduce_navigation

ITEM = ('<li class="md-nav__item">\n  <a href="{href}" class="md-nav__link">\n    <span class="md-ellipsis">\n'
        "      {title}\n    </span>\n  </a>\n</li>\n  ")


def item(href: str = "../kpi-2/", title: str = "Indicator 2") -> str:
    return ITEM.format(href=href, title=title)


def page(items: str, before: str = '<a href="#main">Skip to content</a>') -> str:
    return (f'<!doctype html><html lang="en"><head><title>T</title></head><body>{before}'
            '<main class="md-main"><nav class="md-nav md-nav--primary"><ul class="md-nav__list">'
            f'{items}<li class="md-nav__item md-nav__item--active"><a href="./" class="md-nav__link">Here</a></li>'
            '</ul></nav><div class="md-content"><article id="main"><h1>T</h1></article></div></main>'
            "<footer></footer></body></html>")


@pytest.mark.parametrize("href", ["../kpi-2/", "./", "..", "../..", "#section", "/kpis/x/", "../a%20b/"])
def test_an_item_linking_to_a_page_is_plain(href: str) -> None:
    assert is_plain(item(href))


@pytest.mark.parametrize(("piece", "why"), [
    (item("https://example.org/"), "another website"),
    (item("//example.org/x/"), "another website, protocol-relative"),
    (item("../data/kpi.csv"), "a document the file-link check reads"),
    (item("../kpi-2/?x=1"), "a query"),
    (item("mailto:a@example.org"), "an e-mail link"),
    (item("javascript:alert(1)"), "a script address"),
    (item(title="Coming soon"), "placeholder wording"),
    (item(title="coming&#32;soon"), "placeholder wording behind an entity"),
    (item().replace("<a ", '<a target="_blank" '), "an attribute other than class and href"),
    (item().replace("<a ", '<a id="x" '), "an id the skip-link check could look for"),
    (item().replace("<span", '<img src="i.png"><span'), "an image"),
    (item().replace("<span", "<h2>H</h2><span"), "a heading"),
    (item().replace("<span", '<input type="text"><span'), "a form control"),
    (item().replace("<span", "<script>x=1</script><span"), "a script"),
    (item().replace("<span", "<!-- c --><span"), "a comment"),
    (item().replace("</span>", ""), "unbalanced"),
    (item().replace("</li>", "</li></ul>"), "closes what it did not open"),
    (item().replace('class="md-ellipsis"', "class='md-ellipsis'"), "single quotes (outside the subset read)"),
])
def test_an_item_that_a_check_could_read_is_not_plain(piece: str, why: str) -> None:
    assert not is_plain(piece), why


def test_runs_of_plain_items_become_one_stand_in_and_the_rest_is_untouched() -> None:
    original = page(item("../a/") + item("../b/") + item("https://example.org/") + item("../c/"))
    reduced = reduce_navigation(original)
    assert reduced.count(STAND_IN) == 2
    assert "../a/" not in reduced and "../c/" not in reduced
    assert item("https://example.org/") in reduced
    assert reduced.startswith(original[: original.index("<main")])
    assert reduced.endswith(original[original.index('<div class="md-content"'):])


def test_a_page_without_the_theme_layout_is_left_as_it_is() -> None:
    text = "<html><body>" + item() + "</body></html>"
    assert reduce_navigation(text) == text


def facts(pages: dict[str, str]) -> checking.SiteFacts:
    return checking.SiteFacts("en", {p: parse_html(t) for p, t in pages.items()}, {p: 1 for p in pages})


@pytest.mark.parametrize(("name", "before", "items"), [
    ("skip_link", "", item() * 3),  # the first link of the page is a navigation link
    ("external_links", '<a href="#main">Skip</a>', item() + item("https://example.org/") + item()),
    ("placeholders", '<a href="#main">Skip</a>', item() + item(title="TBD") + item()),
    ("file_links", '<a href="#main">Skip</a>', item() + item("../data/kpi.csv") + item()),
])
def test_checks_fail_the_reduced_page_as_they_fail_the_page(name: str, before: str, items: str) -> None:
    text = page(items, before)
    full = checking.run_checks(facts({"index.html": text}), [name])
    reduced = checking.run_checks(facts({"index.html": reduce_navigation(text)}), [name])
    assert full[name].failures, "the page itself must fail this check"
    assert reduced == full


def test_every_check_gives_the_same_outcome_on_the_demo_site(demo_site) -> None:
    for language, root in (("en", demo_site.site), ("hi", demo_site.site / "hi")):
        texts = {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.html"))
                 if not p.relative_to(root).as_posix().startswith("hi/")}
        sizes = {p.relative_to(root).as_posix(): p.stat().st_size for p in root.rglob("*") if p.is_file()}
        other = ("hi",) if language == "en" else ("en",)
        full = checking.SiteFacts(language, {p: parse_html(t) for p, t in texts.items()}, sizes,
                                  other_languages=other)
        reduced = checking.SiteFacts(language, {p: parse_html(reduce_navigation(t)) for p, t in texts.items()},
                                     sizes, other_languages=other)
        assert sum(map(len, texts.values())) > sum(len(reduce_navigation(t)) for t in texts.values())
        assert checking.run_checks(reduced) == checking.run_checks(full)
