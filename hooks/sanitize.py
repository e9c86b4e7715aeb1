"""MkDocs adapter: pass every page's editor-written HTML through the sanitiser, then mark its
links to other websites.

Events used:
- on_page_content, at high priority: runs before any hook adds trusted, generated HTML, so
  only what editors wrote is sanitised (the Markdown itself was already checked on load). Links
  to other hosts are then marked for sighted and screen-reader readers (GIGW 5.1.12), in the
  site's language. The site's own hosts are those of site_url and of the public address
  (SITE_PUBLIC_URL, extra.public_url; read by hooks/sitemap.py in on_config).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from transparency import build as build_state
from transparency.links import mark_external_links
from transparency.safety import sanitize_html


@event_priority(100)
def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    state = build_state.current()
    words = state.words
    addresses = (config.site_url or "", state.extra.get("public_base") or "")
    own_hosts = [host for address in addresses if (host := urlsplit(address).hostname)]
    return mark_external_links(sanitize_html(html), words.t("a11y.external_link"), words.language, own_hosts)
