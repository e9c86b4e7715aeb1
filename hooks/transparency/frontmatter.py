"""Split a Markdown page into YAML front matter and body, keeping line numbers.

MkDocs silently ignores broken front matter (the page keeps a ``---`` block in its body and an
empty ``meta``), so every page is parsed here first and any problem is reported with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import ContentProblem

Path_ = tuple[str | int, ...]

_OPENING = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n")
_CLOSING = re.compile(r"^---[ \t]*$", re.MULTILINE)


@dataclass
class ParsedPage:
    """Front matter and body of one page, with where each front-matter value sits."""

    path: str
    meta: dict[str, Any]
    body: str
    body_first_line: int  # 1-based line of the file where the body starts
    lines: dict[Path_, int] = field(default_factory=dict)  # field path -> 1-based file line

    def line_of(self, path: Path_) -> int | None:
        """The line of a field, or of its closest enclosing field that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


def format_field(path: Path_) -> str:
    """``("key_actions", 2, "status")`` -> ``key_actions[3].status`` (1-based, as an editor counts)."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _line_map(node: yaml.Node, offset: int, path: Path_, out: dict[Path_, int],
              problems: list[ContentProblem], file: str) -> None:
    out.setdefault(path, node.start_mark.line + offset)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                problems.append(ContentProblem(
                    file, key_node.start_mark.line + offset, format_field((*path, key)),
                    "appears twice in the front matter", "each field once"))
            seen.add(key)
            out[(*path, key)] = key_node.start_mark.line + offset
            _line_map(value_node, offset, (*path, key), out, problems, file)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _line_map(item, offset, (*path, index), out, problems, file)


# libyaml when PyYAML has it: the pure-Python parser is most of the time of reading a large site.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def _compose_and_construct(raw_yaml: str, loader_class: Any) -> tuple[yaml.Node | None, Any]:
    """The YAML's node tree (with each value's line) and its Python value, from one parse."""
    loader = loader_class(raw_yaml)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def _load_yaml(raw_yaml: str) -> tuple[yaml.Node | None, Any]:
    """Parse once with libyaml; if it finds a problem, parse again with the pure-Python loader,
    whose messages and lines the editor is shown (and which decides what is valid)."""
    if _FAST_LOADER is not None:
        try:
            return _compose_and_construct(raw_yaml, _FAST_LOADER)
        except (yaml.YAMLError, ValueError):
            pass
    return _compose_and_construct(raw_yaml, yaml.SafeLoader)


def parse_page(text: str, path: str) -> tuple[ParsedPage | None, list[ContentProblem]]:
    """Parse one page. Returns the page, or None with the problems that stop it being read."""
    problems: list[ContentProblem] = []
    if text.startswith("\ufeff"):
        problems.append(ContentProblem(path, 1, "", "file starts with a byte-order mark (BOM)",
                                       "UTF-8 without BOM"))
        text = text[1:]
    if not _OPENING.match(text):
        problems.append(ContentProblem(path, 1, "front matter",
                                       "the page does not start with a '---' front-matter block",
                                       "a first line '---', YAML fields, then a closing '---'"))
        return None, problems
    opening = _OPENING.match(text)
    assert opening is not None
    closing = _CLOSING.search(text, opening.end())
    if closing is None:
        problems.append(ContentProblem(path, 1, "front matter", "the '---' block is never closed",
                                       "a closing line '---' after the YAML fields"))
        return None, problems
    # Split here rather than with python-frontmatter, whose split shifts YAML line numbers by the
    # blank lines it swallows; editors need exact lines.
    raw_yaml = text[opening.end(): closing.start()]
    body = text[closing.end():].removeprefix("\r").removeprefix("\n")
    yaml_first_line = 2  # line 1 is the opening '---'
    try:
        node, meta = _load_yaml(raw_yaml)
    except ValueError as exc:  # e.g. an impossible date such as 2026-09-31, which PyYAML reads as a date
        problems.append(ContentProblem(path, yaml_first_line, "front matter", f"unreadable value: {exc}",
                                       "real dates written YYYY-MM-DD and well-formed values"))
        return None, problems
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + yaml_first_line if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc)
        problems.append(ContentProblem(path, line, "front matter", f"broken YAML: {reason}",
                                       "valid YAML 'field: value' lines"))
        return None, problems
    if not isinstance(meta, dict):
        problems.append(ContentProblem(path, yaml_first_line, "front matter",
                                       f"expected 'field: value' pairs, found {type(meta).__name__}",
                                       "a YAML mapping"))
        return None, problems
    lines: dict[Path_, int] = {}
    if node is not None:
        _line_map(node, yaml_first_line, (), lines, problems, path)
    body_first_line = text[: closing.end()].count("\n") + 2
    return ParsedPage(path, meta, body, body_first_line, lines), problems
