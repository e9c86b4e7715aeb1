"""MkDocs adapter: the site in every language of ``extra.languages``, each page linked to its counterparts.

Events used:
- on_page_context: the URLs of this page in every language, relative to the page, so the links
  stay inside whatever folder or published version the site is served from: all of them for the
  visible language link; for ``<link rel="alternate" hreflang>`` in the head, only the languages the
  page is translated into, by the sitemap's rule (``alternate_codes``): none on a page whose
  translation is pending (its copy in that language is the default language's text).
- on_post_build (default language only): build each other language from its config file into
  its folder of the site just built, so `mkdocs build` and `mkdocs serve` produce every language
  at once. When publishing a version (SITE_VERSION set), .ci/publish.py deploys each language
  as its own mike tree instead (English at the root, Hindi under hi/), so that every language
  has its own versions.json and version selector.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.pages import Page
from transparency import build as build_state
from transparency.language_links import alternate_codes, alternates, prefix, published_languages

log = get_plugin_logger("languages")


def languages(config: MkDocsConfig) -> list[dict[str, Any]]:
    return config.extra.get("languages") or [{"code": config.theme["language"], "label": ""}]


# Links to this page in the other languages, for the header and <link rel="alternate" hreflang>.
def on_page_context(context: dict[str, Any], /, *, page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    all_languages, current = languages(config), config.theme["language"]
    links = alternates(page.url, current, all_languages, os.environ.get("SITE_VERSION") or None)
    context["plan_alternates"] = links
    context["plan_head_alternates"] = _head_alternates(page, config, links)
    return context


# The head's alternates agree with the sitemap: only languages the page is translated into, and x-default.
def _head_alternates(page: Page, config: MkDocsConfig, links: list[dict[str, Any]]) -> list[dict[str, str]]:
    all_languages, current = languages(config), config.theme["language"]
    pending = build_state.current().extra.get("fallbacks", {})
    content = Path(config.config_file_path).resolve().parent / "content"
    published = published_languages(page.file.src_uri, current, all_languages, pending, content)
    href = {link["code"]: link["href"] for link in links}
    default = all_languages[0]["code"]
    return [{"code": code, "href": href[default if code == "x-default" else code]}
            for code in alternate_codes(current, all_languages, published)]


# After the default language, build every other language into its folder of the same site.
def on_post_build(*, config: MkDocsConfig) -> None:
    all_languages = languages(config)
    if config.theme["language"] != all_languages[0]["code"]:
        return
    if os.environ.get("SITE_VERSION"):
        return  # publishing: each language is deployed as its own versioned tree by .ci/publish.py
    root = Path(config.config_file_path).resolve().parent
    for language in all_languages[1:]:
        site_dir = os.path.join(config.site_dir, *prefix(language))
        other = load_config(config_file=str(root / language["config"]), site_dir=site_dir, strict=config.strict)
        if config.site_url and other.site_url != config.site_url:
            other.site_url = config.site_url.rstrip("/") + "/" + "/".join(prefix(language)) + "/"
        log.info("Building the '%s' site into %s", language["code"], site_dir)
        build(other)
