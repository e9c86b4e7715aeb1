"""MkDocs adapter for `mkdocs serve`: a failed rebuild keeps the last good site visible.

Events used:
- on_serve: wrap the rebuild. Stock MkDocs 1.6 holds every request after a failed rebuild ("the
  server will appear stuck"); an editor's invalid edit must instead print its message and leave
  the preview answering with the last good build until the next valid edit. Our checks fail in
  on_config, before the site folder is cleaned, so the last good site is still intact.
"""

from __future__ import annotations

from collections.abc import Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger("preview")


# A failed rebuild keeps the last good site visible instead of holding every request.
def on_serve(server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., None]) -> LiveReloadServer:
    def build_or_keep_last_good() -> None:
        try:
            builder()
        except Abort:  # build() has already logged the problems
            log.error("The preview still shows the last good build: fix the problem above and save again.")

    server.builder = build_or_keep_last_good
    return server
