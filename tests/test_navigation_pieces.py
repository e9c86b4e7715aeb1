"""Leaving plain navigation items out of a page changes no conformance check's outcome."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))

from transparency import conformance_checks as checking
from transparency.html_tree import parse_html
from transparency.navigation_pieces import STAND_IN, TABLE_ROWS, is_plain, reduce_navigation

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


ROW = '<tr><th scope="row">{head}</th><td class="num">{cell}</td>\n<td></td></tr>\n      '


def row(head: str = "2024-Q1", cell: str = "150") -> str:
    return ROW.format(head=head, cell=cell)


def table_page(rows: str, header: str = '<tr><th scope="col">Quarter</th><th scope="col">Figure</th></tr>') -> str:
    return ('<!doctype html><html lang="en"><head><title>T</title></head><body><a href="#main">Skip</a>'
            '<main class="md-main"><div class="md-content"><article id="main"><h1>T</h1>'
            f'<table><caption>Figures</caption><thead>{header}</thead><tbody>\n{rows}</tbody></table>'
            "</article></div></main><footer></footer></body></html>")


def test_a_row_of_scoped_header_and_plain_cells_is_plain() -> None:
    assert is_plain(row(), TABLE_ROWS)
    assert is_plain(row(cell='<span class="plan-not-reported">not reported</span>'), TABLE_ROWS)


@pytest.mark.parametrize(("piece", "why"), [
    (row().replace(' scope="row"', ""), "a header cell without scope: the check reports it"),
    (row().replace('scope="row"', 'scope="cell"'), "a scope the check does not accept"),
    ("<tr><td>1</td><td>2</td></tr>\n", "no header cell: the stand-in would add one"),
    (row(cell='<a href="../data/x.csv">CSV</a>'), "a link"),
    (row(cell="TBD"), "placeholder wording"),
    (row(cell='<img src="x.png">'), "an image"),
    (row() + "</tbody>", "closes what it did not open"),
    (row().replace("<td class", '<td id="x" class'), "an id"),
])
def test_a_row_that_a_check_could_read_is_not_plain(piece: str, why: str) -> None:
    assert not is_plain(piece, TABLE_ROWS), why


def test_runs_of_plain_rows_become_one_scoped_row() -> None:
    original = table_page(row("2024-Q1") + row("2024-Q2") + row("2024-Q3", "TBD") + row("2024-Q4") + row("2025-Q1"))
    reduced = reduce_navigation(original)
    assert reduced.count(TABLE_ROWS.stand_in) == 2 and "2024-Q1" not in reduced and "2024-Q3" in reduced
    assert '<thead><tr><th scope="col">Quarter</th>' in reduced  # the header row stays (it closes the thead)


@pytest.mark.parametrize("rows", [
    row() + row().replace(' scope="row"', "") + row(),  # an unscoped header cell in the middle
    "<tr><td>1</td></tr>\n" * 3,  # rows without header cells
    row() + row(cell=" TBD") + row(),  # placeholder in a cell
])
def test_the_data_tables_and_placeholder_checks_fail_reduced_tables_as_they_fail_them(rows: str) -> None:
    for header in ('<tr><th scope="col">Quarter</th><th scope="col">Figure</th></tr>', "<tr><td>h</td></tr>"):
        text = table_page(rows, header)
        full = checking.run_checks(facts({"index.html": text}), ["data_tables", "placeholders"])
        reduced = checking.run_checks(facts({"index.html": reduce_navigation(text)}), ["data_tables", "placeholders"])
        assert reduced == full
    text = table_page(rows, "<tr><td>h</td></tr>")
    assert any(result.failures for result in checking.run_checks(facts({"index.html": text}),
                                                                 ["data_tables", "placeholders"]).values())


def test_the_fast_reading_of_rows_agrees_with_the_full_one_on_every_row_of_the_demo_site(demo_site) -> None:
    import dataclasses

    from transparency import navigation_pieces

    slow_kind = dataclasses.replace(TABLE_ROWS)  # not TABLE_ROWS itself: no fast path
    fast_hits = 0
    for path in sorted(demo_site.site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        start = text.find(TABLE_ROWS.region[0])
        for piece in text[start:text.find(TABLE_ROWS.region[1], start)].split(TABLE_ROWS.mark)[1:]:
            piece = TABLE_ROWS.mark + piece
            fast = navigation_pieces._judge(piece, TABLE_ROWS)
            assert fast == navigation_pieces._judge(piece, slow_kind), piece
            fast_hits += bool(navigation_pieces._PLAIN_ROW.fullmatch(piece))
    assert fast_hits > 100


SECTION_START = ('<li class="md-nav__item md-nav__item--section md-nav__item--nested">\n'
                 '  <input class="md-nav__toggle md-toggle " type="checkbox" id="__nav_{n}" >\n'
                 '  <label class="md-nav__link" for="__nav_{n}" id="__nav_{n}_label" tabindex="">\n'
                 '    <span class="md-ellipsis">Section {n}</span><span class="md-nav__icon md-icon"></span></label>\n'
                 '  <nav class="md-nav" data-md-level="1" aria-labelledby="__nav_{n}_label" aria-expanded="false">\n'
                 '  <label class="md-nav__title" for="__nav_{n}"><span class="md-nav__icon md-icon"></span>S</label>\n'
                 '    <ul class="md-nav__list" data-md-scrollfix>\n')
SECTION_END = "</ul></nav></li>\n"


def section(n: int, items: list[str]) -> str:
    """A section of the theme's navigation: its start and its last item's end are pieces that do not balance."""
    return SECTION_START.format(n=n) + "".join(items) + SECTION_END


def test_whole_sections_are_left_out_as_one_run() -> None:
    items = [item(f"../k-{i}/", f"Indicator {i}") for i in range(5)]
    original = page(section(2, items) + section(3, items[:2]) + item("../x/"))
    reduced = reduce_navigation(original)
    assert "Section 2" not in reduced and "Section 3" not in reduced and "../x/" not in reduced
    assert "__nav_" not in reduced and reduced.count(STAND_IN) == 1
    assert 'md-nav__item--active"><a href="./"' in reduced  # the current page's item is not plain: it stays


@pytest.mark.parametrize("spoiler", [
    item("https://example.org/"),  # a piece a check reads, inside the section
    item().replace("</li>", ""),  # a piece that leaves the section unbalanced
])
def test_a_section_with_a_piece_a_check_reads_stays_up_to_that_piece(spoiler: str) -> None:
    original = page(section(2, [item("../a/"), spoiler, item("../b/")]) + item("../c/"))
    reduced = reduce_navigation(original)
    assert "Section 2" in reduced and "../a/" in reduced and spoiler.split(">")[0] in reduced
    # Whatever stays, the checks read the reduced page as the page itself.
    for name in ("external_links", "skip_link", "form_labels", "placeholders"):
        full = checking.run_checks(facts({"index.html": original}), [name])
        assert checking.run_checks(facts({"index.html": reduced}), [name]) == full, name


def test_a_toggle_without_the_theme_class_is_read_by_the_form_label_check_and_stays() -> None:
    bare = SECTION_START.replace('class="md-nav__toggle md-toggle "', 'class="md-nav__toggle"')
    original = page(bare.format(n=2) + item() + SECTION_END)
    assert "__nav_2" in reduce_navigation(original)
    full = checking.run_checks(facts({"index.html": original}), ["form_labels"])
    assert checking.run_checks(facts({"index.html": reduce_navigation(original)}), ["form_labels"]) == full


def test_a_large_navigation_shrinks_to_little(demo_site) -> None:
    text = (demo_site.site / "kpis" / "training-coverage" / "index.html").read_text(encoding="utf-8")
    start, end = text.find("<main"), text.find('<div class="md-content"')
    reduced = reduce_navigation(text)
    assert reduced.find('<div class="md-content"') - start < (end - start) / 2
