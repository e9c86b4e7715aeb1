"""Markdown tables with a caption: what GIGW asks of every data table (5.1.19 caption, 5.2.7 header scope).

Python-Markdown's ``tables`` extension writes no ``<caption>`` and no ``scope``, so an editor's
Markdown table would fail the conformance pass after the build, naming no line. Here an editor
writes the caption as a paragraph of its own right above the table, starting with ``Table:``
(or ``तालिका:`` in Hindi), with a blank line between (pandoc's convention):

    Table: Staff trained per year

    | Year | Staff trained |
    |------|---------------|
    | 2025 | 140           |

- ``table_problems`` (at load, with the other checks of a page's text): every Markdown table has
  such a caption line, else a problem naming the file, the table's first line and what to write.
- ``TableCaptions`` (a Markdown extension, added to the build's extensions by hooks/plan_pages.py):
  moves the caption paragraph into the table as its ``<caption>`` (inline Markdown kept) and
  marks the header row's cells ``scope="col"``.

Plain Python over Python-Markdown; no MkDocs.
"""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from .errors import ContentProblem
from .frontmatter import ParsedPage

PREFIXES = ("Table:", "तालिका:")
ALLOWED = (f"a line '{PREFIXES[0]} what the table shows' (or '{PREFIXES[1]} …') above the table, "
           "with a blank line between")

# A table's delimiter row, as the tables extension reads it: cells of dashes with optional colons.
_DELIMITER = re.compile(r"^ {0,3}\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def _after_prefix(text: str) -> str | None:
    """What follows ``Table:`` (or another prefix) at the start of ``text``, blanks before it dropped;
    None if ``text`` does not start with one."""
    stripped = text.lstrip()
    prefix = next((p for p in PREFIXES if stripped.startswith(p)), None)
    return stripped[len(prefix):].lstrip() if prefix else None


def _caption_line(line: str) -> str | None:
    """The caption a ``Table:`` line gives (maybe empty), or None if the line is not one."""
    caption = _after_prefix(line)
    return None if caption is None else caption.rstrip()


def _cells(row: str) -> int:
    """How many cells a table row has (pipes escaped with a backslash are text)."""
    return len(re.split(r"(?<!\\)\|", row.strip().strip("|")))


def _block_start(lines: list[str], index: int) -> int:
    """The first line of the block of non-blank lines that holds line ``index``."""
    while index > 0 and lines[index - 1].strip():
        index -= 1
    return index


def table_problems(page: ParsedPage) -> list[ContentProblem]:
    """A problem for each Markdown table of the page's body without a caption line above it."""
    problems: list[ContentProblem] = []
    lines = page.body.split("\n")
    fence: str | None = None
    for index, line in enumerate(lines):
        if match := _FENCE.match(line):
            marker = match.group(1)
            if fence is None:
                fence = marker[0] * 3
            elif marker.startswith(fence):
                fence = None
            continue
        if fence is not None or index == 0 or "|" not in line or not _DELIMITER.match(line):
            continue
        header = index - 1  # a table: its header row, then this delimiter row, starting a block
        if ("|" not in lines[header] or lines[header].startswith(("    ", "\t"))
                or _cells(lines[header]) != _cells(line)):
            continue
        start = _block_start(lines, header)
        if start < header:
            if _caption_line(lines[start]) is None:
                continue  # not a table: Markdown reads these lines as one paragraph
            message = "the caption line must be a paragraph of its own: leave a blank line before the table"
        else:
            before = header - 1
            while before >= 0 and not lines[before].strip():
                before -= 1
            caption = _caption_line(lines[_block_start(lines, before)]) if before >= 0 else None
            if caption:
                continue
            message = ("the table's caption is empty" if caption == "" else
                       "a table needs a caption (GIGW 5.1.19: every data table says what it shows)")
        problems.append(ContentProblem(page.path, page.body_first_line + header, "body", message, ALLOWED))
    return problems


class _Captions(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            children = list(parent)
            for paragraph, table in itertools.pairwise(children):
                if paragraph.tag != "p" or table.tag != "table":
                    continue
                caption_text = _after_prefix(paragraph.text or "")
                if caption_text is None:
                    continue
                caption = etree.Element("caption")
                caption.text = caption_text
                caption.extend(list(paragraph))
                parent.remove(paragraph)
                table.insert(0, caption)
                for cell in table.iter("th"):
                    cell.set("scope", "col")


class TableCaptions(Extension):
    """Markdown tables take the ``Table:`` paragraph above them as their caption; header cells get scope="col"."""

    def extendMarkdown(self, md: Markdown) -> None:
        # After the inline patterns (priority 20), so that the caption's inline Markdown is already read.
        md.treeprocessors.register(_Captions(md), "plan_table_captions", 5)
