"""MkDocs adapter: one correct XML sitemap per language tree, in place of MkDocs' own.

MkDocs writes sitemap.xml (and sitemap.xml.gz) from ``site_url``; with ``site_url: ""`` (kept empty
so that every published version links only inside itself) it lists no page at all, and under mike
it would leave out the version. This hook writes the sitemap from the site's public address
instead: the ``SITE_PUBLIC_URL`` environment variable (set by whoever publishes), else
``extra.public_url`` in mkdocs.yml, else ``site_url`` (which ``mkdocs serve`` sets to its own
address), and the published version (``SITE_VERSION``, as for the language links).

Events used:
- on_config: find the public address (a malformed one stops the build); stop MkDocs rendering its
  own sitemap (and sitemap.xml.gz).
- on_files (after hooks/plan_pages.py, which settles the pages and the pending translations):
  the sitemap of this language's pages as a generated file. The URL layout and the hreflang
  pairs are in ``transparency/sitemap.py``; the XML in ``overrides/plan/sitemap.xml.html``.

Without an address (a plain local build) the sitemap lists no page: a sitemap needs absolute
URLs, and guessing one would publish wrong ones. The file is still written, because Material's
script fetches sitemap.xml beside every ``<link rel="alternate">`` (the feed's too) and for its
instant navigation, which follows only the links the sitemap lists (so, here, none).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from transparency import build as build_state
from transparency.language_links import published_languages, site_url_root
from transparency.schemas import DATA_PAGE_TYPES
from transparency.sitemap import SitemapPage, public_base, sitemap_entries

log = get_plugin_logger("sitemap")

SITEMAP = "sitemap.xml"
TEMPLATE = "plan/sitemap.xml.html"
PUBLIC_URL_VARIABLE = "SITE_PUBLIC_URL"


def languages(config: MkDocsConfig) -> list[dict[str, Any]]:
    return config.extra.get("languages") or [{"code": config.theme["language"]}]


# The public address; MkDocs' own sitemap switched off.
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    public, served = _public_base(config), _site_url_base(config)
    state = build_state.current()
    state.extra["public_base"] = public  # SITE_PUBLIC_URL or extra.public_url: also the site's own host
    state.extra["served_base"] = served  # site_url (mkdocs serve sets it), without this language's folder
    state.extra["sitemap_base"] = public or served
    config.theme.static_templates.discard(SITEMAP)
    if public is None and served is None:
        log.info("No public address (%s or extra.public_url): %s lists no page", PUBLIC_URL_VARIABLE, SITEMAP)
    return config


def _public_base(config: MkDocsConfig) -> str | None:
    config_name = Path(config.config_file_path).name
    try:
        if os.environ.get(PUBLIC_URL_VARIABLE, "").strip():
            return public_base(os.environ[PUBLIC_URL_VARIABLE], f"the {PUBLIC_URL_VARIABLE} environment variable")
        if str(config.extra.get("public_url") or "").strip():
            return public_base(str(config.extra["public_url"]), f"{config_name}: extra.public_url")
        return None
    except ValueError as exc:
        raise PluginError(str(exc)) from None


def _site_url_base(config: MkDocsConfig) -> str | None:
    here = next((lang for lang in languages(config) if lang["code"] == config.theme["language"]), {})
    try:
        return public_base(site_url_root(config.site_url or "", here),
                           f"{Path(config.config_file_path).name}: site_url")
    except ValueError as exc:
        raise PluginError(str(exc)) from None


# This language's sitemap, in place of the theme's template file (copied as is once MkDocs stops rendering it).
def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    theme_file = files.get_file_from_path(SITEMAP)
    if theme_file is not None:
        files.remove(theme_file)
    state = build_state.current()
    base = state.extra["sitemap_base"]
    entries: list[dict[str, Any]] = []
    if base is not None:
        try:
            entries = sitemap_entries(base, config.theme["language"], languages(config),
                                      os.environ.get("SITE_VERSION") or None, _pages(files, config))
        except ValueError as exc:
            raise PluginError(f"{SITEMAP}: {exc}") from None
    env = config.theme.get_env()
    env.autoescape = True
    env.undefined = jinja2.StrictUndefined
    files.append(File.generated(config, SITEMAP, content=env.get_template(TEMPLATE).render(entries=entries)))
    return files


# Every page of this build: its URL, the date it last changed (its own `updated`, or the data's for
# pages built from the data), and the languages it is published in as a translation of its own.
def _pages(files: Files, config: MkDocsConfig) -> list[SitemapPage]:
    state = build_state.current()
    root = Path(config.config_file_path).resolve().parent
    all_languages = languages(config)
    current = config.theme["language"]
    data_changed = state.extra.get("data_changed")
    pages = []
    for file in files.documentation_pages():
        entry = state.site.entries.get(file.src_uri)
        if entry is None:
            continue
        lastmod = entry.meta.updated
        if entry.meta.type in DATA_PAGE_TYPES and data_changed is not None:
            lastmod = max(lastmod, data_changed)
        published = published_languages(file.src_uri, current, all_languages, state.extra["fallbacks"],
                                         root / "content")
        url = "" if file.url in (".", "./") else unquote(file.url)  # MkDocs' URLs are percent-encoded already
        pages.append(SitemapPage(url, lastmod, published))
    return pages
