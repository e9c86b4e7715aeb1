"""MkDocs adapter: each build's memo of navigation items, for overrides/partials/nav-item.html.

Events used:
- on_env: a fresh, empty ``plan_nav_leaves`` in the theme's globals. The template keeps there the
  HTML of each plain page item by (its URL, its title, its address relative to the page being
  rendered); a new dictionary per build (and per language: each builds its own environment) means
  a title changed under ``mkdocs serve`` is never served from an earlier build.
"""

from __future__ import annotations

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files


def on_env(env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    env.globals["plan_nav_leaves"] = {}
    return env
