"""MkDocs adapter: pass every page's editor-written HTML through the sanitiser.

Events used:
- on_page_content, at high priority: runs before any hook adds trusted, generated HTML, so
  only what editors wrote is sanitised (the Markdown itself was already checked on load).
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from transparency.safety import sanitize_html


@event_priority(100)
def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    return sanitize_html(html)
