"""MkDocs adapter: the 404 page links from the root of its own language tree, wherever it is shown.

Events used:
- on_template_context, for 404.html: ``base_url`` (from which the theme makes every link, stylesheet
  and script of the page, and Material its search and version selector) is the root-absolute path
  of this language's tree of this version, e.g. ``/wipo-action-plan/hi/2026-Q3/``, not MkDocs'
  ``/``; the language links lead to the other languages' home pages of the same version. Set before
  the page is rendered, so hooks/csp.py hashes the inline scripts as they are finally written.
  In a versioned build, ``plan_versions_root`` is the folder of this language's versions
  (``/wipo-action-plan/hi/``), from which the archive banner links to the latest cycle.

The site's path comes from hooks/sitemap.py (run before this hook): site_url when set, else the
public address (SITE_PUBLIC_URL, extra.public_url), else ``/``. The rule is in
``transparency/not_found.py``.
"""

from __future__ import annotations

import os
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils import normalize_url
from transparency import build as build_state
from transparency.not_found import not_found_links, site_path

TEMPLATE = "404.html"


def languages(config: MkDocsConfig) -> list[dict[str, Any]]:
    return config.extra.get("languages") or [{"code": config.theme["language"], "label": ""}]


# The 404 page's links from its language tree's root; links to the other languages' home pages.
def on_template_context(context: dict[str, Any], /, *, template_name: str, config: MkDocsConfig) -> dict[str, Any]:
    if template_name != TEMPLATE:
        return context
    state = build_state.current()
    version = os.environ.get("SITE_VERSION") or None
    path = site_path(state.extra.get("served_base"), state.extra.get("public_base"), version)
    base_url, links = not_found_links(path, config.theme["language"], languages(config), version)
    context["base_url"] = base_url
    # Where this language's versions sit (".../hi/"), for the archive banner's link to the latest cycle.
    context["plan_versions_root"] = base_url.removesuffix(f"{version}/") if version else None
    context["extra_css"] = [normalize_url(str(path), base=base_url) for path in config.extra_css]
    context["extra_javascript"] = [normalize_url(str(script), base=base_url) for script in config.extra_javascript]
    context["plan_alternates"] = links
    context["plan_head_alternates"] = []  # a missing page is no translation of anything
    return context
