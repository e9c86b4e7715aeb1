"""An editor's Markdown table gets its caption from the 'Table:' line above it, or the build names the line."""

from __future__ import annotations

import sys
from pathlib import Path

import markdown
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))

from conftest import BuildResult, edit
from transparency.frontmatter import parse_page
from transparency.html_tree import parse_html
from transparency.table_captions import TableCaptions, table_problems

FRONT = "---\nid: x\ntype: page\n---\n"  # the body starts on line 5
TABLE = "| Year | Staff trained |\n|------|---------------|\n| 2025 | 140 |\n"


def problems(body: str) -> list[tuple[int | None, str]]:
    parsed, parse_errors = parse_page(FRONT + body, "content/en/x.md")
    assert parsed is not None and not parse_errors
    return [(p.line, p.message) for p in table_problems(parsed)]


def render(body: str) -> str:
    return markdown.markdown(body, extensions=["tables", "attr_list", TableCaptions()])


@pytest.mark.parametrize("body", [
    "Table: Staff trained per year\n\n" + TABLE,
    "Intro.\n\nTable: Staff trained\nper year, a caption on two lines\n\n" + TABLE,
    "तालिका: प्रति वर्ष प्रशिक्षित कर्मचारी\n\n" + TABLE,
    "```\n" + TABLE + "```\n",  # a table in a code block is code
    "~~~markdown\n" + TABLE + "~~~\n",
    "    | a | b |\n    |---|---|\n",  # indented: code
    "Text with a | pipe\n|---|\n",  # not a table: one cell under two
    "An introduction.\n" + TABLE,  # not a table: the lines are one paragraph
    "No tables here.\n",
])
def test_captioned_tables_and_text_that_is_no_table_pass(body: str) -> None:
    assert problems(body) == []


def test_a_table_without_a_caption_is_named_by_its_line() -> None:
    assert problems("Some text.\n\n" + TABLE) == [
        (7, "a table needs a caption (GIGW 5.1.19: every data table says what it shows)")]


def test_a_caption_line_without_a_blank_line_after_it_is_explained() -> None:
    found = problems("Table: Staff trained per year\n" + TABLE)
    assert found == [(6, "the caption line must be a paragraph of its own: leave a blank line before the table")]


def test_an_empty_caption_is_refused() -> None:
    assert problems("Table:\n\n" + TABLE) == [(7, "the table's caption is empty")]


def test_every_table_of_a_page_is_checked() -> None:
    body = "Table: First\n\n" + TABLE + "\nBetween.\n\n" + TABLE
    assert [line for line, _ in problems(body)] == [13]


def test_the_caption_moves_into_the_table_with_its_inline_markdown_and_header_scopes() -> None:
    root = parse_html(render("Table: Staff *trained* per year\n\n" + TABLE))
    table = root.first("table")
    assert table is not None and root.first("p") is None
    caption = table.first("caption")
    assert caption is not None and caption.text() == "Staff trained per year" and caption.first("em") is not None
    assert table.children[0] is caption or table.children[1] is caption  # first, after a line break at most
    assert [th.get("scope") for th in table.iter("th")] == ["col", "col"]


def test_a_paragraph_not_right_before_a_table_stays_a_paragraph() -> None:
    html = render("Table: not a caption\n\nA paragraph.\n\n" + TABLE)
    root = parse_html(html)
    assert root.first("caption") is None and root.first("p").text() == "Table: not a caption"


def test_a_captioned_markdown_table_builds_and_passes_the_conformance_checks(project: Path, build) -> None:
    page = project / "content" / "en" / "help.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nTable: Staff trained per year\n\n" + TABLE,
                    encoding="utf-8")
    result: BuildResult = build(project)
    assert result.returncode == 0, result.output
    table = [t for t in parse_html((result.site / "help" / "index.html").read_text(encoding="utf-8")).iter("table")
             if (c := t.first("caption")) is not None and c.text() == "Staff trained per year"]
    assert len(table) == 1 and {th.get("scope") for th in table[0].iter("th")} == {"col"}


def test_a_markdown_table_without_caption_fails_the_build_at_its_line(project: Path, build) -> None:
    page = project / "content" / "en" / "help.md"
    edit(page, "\n## ", "\n" + TABLE + "\n## ")
    result: BuildResult = build(project)
    assert result.returncode != 0
    line = page.read_text(encoding="utf-8").split("\n").index(TABLE.split("\n")[0]) + 1
    assert f"content/en/help.md:{line}: body: a table needs a caption" in result.output, result.output
    assert "Table: what the table shows" in result.output
    assert not (project / "site" / "index.html").exists()
