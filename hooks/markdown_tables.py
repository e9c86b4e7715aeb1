"""MkDocs adapter: Markdown tables take their caption from a ``Table:`` line above them.

Events used:
- on_config: add ``transparency.table_captions.TableCaptions`` to the Markdown extensions (after
  ``tables``), so that every Markdown table gets its ``<caption>`` and header scopes (GIGW 5.1.19,
  5.2.7). A table without a caption line is refused when the page is loaded
  (``table_problems``, called with the other checks of a page's text), naming the file and line.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from transparency.table_captions import TableCaptions


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if not any(isinstance(extension, TableCaptions) for extension in config.markdown_extensions):
        config.markdown_extensions.append(TableCaptions())
    return config
