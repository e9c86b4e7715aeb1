"""A second language supplies words only: facts come from the default language's pages.

A translated page lives at the same path under ``content/<language>/`` and carries ``id``,
``type`` and the word fields it translates. Which fields are words follows from the schema:
a string without a pattern (titles, descriptions, definitions, purposes...) is a word; ids,
cycles, numbers, dates, years and statuses are facts. A translation may repeat a fact, but a
fact that differs from the default language's page fails the build, naming the file, line and
field. Items in lists are matched by their ``id`` (key actions, budget categories, cadences),
or by position where they have none (phase items).

Every default-language page needs its translation unless it is listed in the language's file of
pending translations; a pending page is published in the default language, marked as such.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .content import Entry, Site, _validation_problems
from .errors import ContentError, ContentProblem
from .frontmatter import ParsedPage, format_field, parse_page
from .safety import front_matter_problems, markdown_problems


@dataclass(frozen=True)
class Fallback:
    """A page published in the default language because its translation is pending."""

    src_uri: str
    default_language: str


def _is_word(model: type[BaseModel], name: str) -> bool:
    info = model.model_fields[name]
    if info.annotation is not str and "str" not in str(info.annotation):
        return False
    return not any(getattr(m, "pattern", None) for m in info.metadata)


def _nested_model(model: type[BaseModel], name: str) -> type[BaseModel] | None:
    annotation = model.model_fields[name].annotation
    candidates = [annotation, *getattr(annotation, "__args__", ())]
    for candidate in candidates:
        for inner in (candidate, *getattr(candidate, "__args__", ())):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return None


def _same(fact: Any, given: Any) -> bool:
    if isinstance(fact, dt.date) and isinstance(given, str):
        return fact.isoformat() == given
    if isinstance(fact, float) and isinstance(given, int):
        return fact == given
    if hasattr(fact, "value"):  # enums
        fact = fact.value
    return fact == given


def merge_words(model: type[BaseModel], default: dict[str, Any], translated: dict[str, Any],
                page: ParsedPage, path: tuple[Any, ...] = ()) -> tuple[dict[str, Any], list[ContentProblem]]:
    """The default page's values with the translated words laid over them; facts must agree."""
    merged = dict(default)
    problems: list[ContentProblem] = []
    for name, value in translated.items():
        where = (*path, name)
        if name not in model.model_fields:
            problems.append(ContentProblem(page.path, page.line_of(where), format_field(where), "unknown field",
                                           f"fields {', '.join(model.model_fields)}"))
            continue
        fact = default.get(name)
        nested = _nested_model(model, name)
        if name == "keywords" or _is_word(model, name):
            merged[name] = value
        elif nested is not None and isinstance(value, dict) and isinstance(fact, dict):
            merged[name], found = merge_words(nested, fact, value, page, where)
            problems += found
        elif nested is not None and isinstance(value, list) and isinstance(fact, list):
            merged[name], found = _merge_list(nested, fact, value, page, where)
            problems += found
        elif not _same(fact, value):
            shown = fact.value if hasattr(fact, "value") else fact
            problems.append(ContentProblem(
                page.path, page.line_of(where), format_field(where),
                f"changes a fact: {value!r} here, {shown!r} on the default-language page",
                "remove the field (facts come from the default-language page) or give the same value"))
    return merged, problems


def _merge_list(model: type[BaseModel], facts: list[Any], values: list[Any], page: ParsedPage,
                path: tuple[Any, ...]) -> tuple[list[Any], list[ContentProblem]]:
    problems: list[ContentProblem] = []
    by_id = {f.get("id"): i for i, f in enumerate(facts) if isinstance(f, dict) and "id" in f}
    merged = list(facts)
    for index, value in enumerate(values):
        where = (*path, index)
        if not isinstance(value, dict):
            problems.append(ContentProblem(page.path, page.line_of(where), format_field(where),
                                           "expected fields of one item", "the item's word fields"))
            continue
        if by_id:
            target = by_id.get(value.get("id"))
            if target is None:
                problems.append(ContentProblem(page.path, page.line_of(where), format_field((*where, "id")),
                                               f"no item with id {value.get('id')!r} on the default-language page",
                                               ", ".join(str(k) for k in by_id)))
                continue
        else:
            target = index
            if index >= len(facts):
                problems.append(ContentProblem(page.path, page.line_of(where), format_field(where),
                                               f"item {index + 1} does not exist on the default-language page",
                                               f"{len(facts)} items"))
                continue
        merged[target], found = merge_words(model, facts[target], value, page, where)
        problems += found
    return merged, problems


def load_pending(path: Path, display: str) -> tuple[set[str], list[ContentProblem]]:
    """Ids of pages whose translation is pending, from ``content/i18n/pending-<language>.yml``."""
    if not path.exists():
        return set(), []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        return set(), [ContentProblem(display, None, "", f"broken YAML: {exc}")]
    pending = data.get("pending", []) if isinstance(data, dict) else None
    if not isinstance(pending, list) or not all(isinstance(p, str) for p in pending):
        return set(), [ContentProblem(display, None, "pending", "expected a list of page ids", "pending: [id, ...]")]
    return set(pending), []


def translate_site(default: Site, docs_dir: Path, repo_root: Path, pending: set[str],
                   pending_display: str) -> tuple[Site, list[Fallback]]:
    """The site in a second language: default facts, translated words; raise ContentError on any problem."""
    problems: list[ContentProblem] = []
    site = Site()
    fallbacks: list[Fallback] = []
    translated_uris = set()
    for file in sorted(docs_dir.rglob("*.md")):
        src_uri = file.relative_to(docs_dir).as_posix()
        display = file.relative_to(repo_root).as_posix()
        translated_uris.add(src_uri)
        original = default.entries.get(src_uri)
        if original is None:
            problems.append(ContentProblem(display, 1, "", "has no page at the same path in the default language",
                                           "translate an existing page: " + ", ".join(sorted(default.entries))[:300]))
            continue
        entry, found = _translated_entry(file, src_uri, display, original)
        problems += found
        if entry is not None:
            site.entries[src_uri] = entry
            site.by_id[entry.meta.id] = entry
    for src_uri, original in default.entries.items():
        if src_uri in translated_uris:
            continue
        if original.meta.id in pending:
            site.entries[src_uri] = original
            site.by_id[original.meta.id] = original
            fallbacks.append(Fallback(src_uri, "en"))
        else:
            problems.append(ContentProblem(
                original.path, 1, "", f"has no translation at {docs_dir.relative_to(repo_root).as_posix()}/{src_uri}",
                f"translate it, or list its id '{original.meta.id}' in {pending_display}"))
    for page_id in sorted(pending):
        if page_id not in default.by_id:
            problems.append(ContentProblem(pending_display, None, "pending", f"unknown page id {page_id!r}",
                                           "ids of default-language pages"))
        elif default.by_id[page_id].src_uri in translated_uris:
            problems.append(ContentProblem(pending_display, None, "pending",
                                           f"{page_id!r} is translated already", "remove it from the list"))
    if problems:
        raise ContentError(problems)
    return site, fallbacks


def _translated_entry(file: Path, src_uri: str, display: str, original: Entry) -> tuple[Entry | None,
                                                                                       list[ContentProblem]]:
    # Parse and check like any page, then lay its words over the default page's facts.
    parsed, problems = parse_page(file.read_text(encoding="utf-8"), display)
    if parsed is None:
        return None, problems
    problems += front_matter_problems(parsed) + markdown_problems(parsed)
    model = type(original.meta)
    for required in ("id", "type"):
        expected = getattr(original.meta, required)
        if parsed.meta.get(required) != expected:
            problems.append(ContentProblem(
                display, parsed.line_of((required,)), required,
                f"found {parsed.meta.get(required)!r}, the default-language page has {expected!r}",
                "the same value as the default-language page"))
    if problems:
        return None, problems
    merged, problems = merge_words(model, original.meta.model_dump(), parsed.meta, parsed)
    if problems:
        return None, problems
    try:
        meta = model.model_validate(merged)
    except ValidationError as exc:
        return None, _validation_problems(exc, parsed, model)
    return Entry(src_uri, display, meta, parsed), []
