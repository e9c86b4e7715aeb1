"""MkDocs adapter: Material's search plugin indexes each page without the blocks our templates
leave out of search (figure tables, data islands, repeated KPI charts; the decision is in
transparency/search_scope.py), and never parses them.

Events used:
- on_config: wrap the search plugin's ``search_index.add_entry_from_context`` (a new index each
  build, made in the plugin's own on_config, which runs before hooks at equal priority) so that it
  reads a copy of the page's content with the marked blocks cut out, and its
  ``generate_search_index`` so that the index is written as UTF-8 text, not ASCII escapes.
- on_page_context, last: remove the markers from the page itself, after the search plugin's
  on_page_context has indexed it (and on every page when search is off).
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from transparency.search_scope import indexed_view, readable_json, without_markers


# The search plugin reads the indexed view of each page instead of its whole content, and writes UTF-8.
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    index = getattr(plugin, "search_index", None)
    if index is None or getattr(index.add_entry_from_context, "plan_indexed_view", False):
        return config
    add_entry = index.add_entry_from_context

    def add_entry_from_context(page: Page) -> None:
        content = page.content
        page.content = indexed_view(content or "")
        try:
            add_entry(page)
        finally:
            page.content = content

    generate = index.generate_search_index

    def generate_search_index(prev: Any) -> str:
        return readable_json(generate(prev))

    add_entry_from_context.plan_indexed_view = True  # type: ignore[attr-defined]
    index.add_entry_from_context = add_entry_from_context
    index.generate_search_index = generate_search_index
    return config


# Readers get the page without the markers, byte for byte what the templates give without them.
@event_priority(-100)
def on_page_context(context: dict[str, Any], /, *, page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    if page.content:
        page.content = without_markers(page.content)
    return context
