"""MkDocs adapter: load and validate the plan's pages, generate navigation and page sections.

Events used:
- on_config: reset state (``mkdocs serve`` keeps this module between builds), load the
  catalogue and every page, fail the build on any content problem, and generate ``nav``.
- on_pre_page: give each page its "last updated" date from its front matter (sitemap, footer).
- on_page_content: wrap the editor's (already sanitised) HTML in the page type's template,
  which adds the facts from front matter: targets, statuses, timelines, cross-links.
- on_env: expose the catalogue and formatters to the theme's templates.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from transparency import schemas
from transparency.content import Site, load_site
from transparency.errors import ContentError
from transparency.i18n import Catalogue, load_catalogue
from transparency.navigation import build_nav

log = get_plugin_logger("plan_pages")


class _Build:
    """What one build knows; replaced on every on_config."""

    site: Site
    words: Catalogue
    env: jinja2.Environment | None = None
    files: Files | None = None


state = _Build()


def repo_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


# Load the catalogue and every page; any editor mistake stops the build here, before anything is written.
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global state
    state = _Build()
    root = repo_root(config)
    language = config.theme["language"]
    catalogue_path = root / "content" / "i18n" / f"{language}.yml"
    words, problems = load_catalogue(catalogue_path, catalogue_path.relative_to(root).as_posix())
    if problems or words is None:
        raise PluginError(str(ContentError(problems)))
    try:
        state.site = load_site(Path(config.docs_dir), root)
    except ContentError as exc:
        raise PluginError(str(exc)) from None
    state.words = words
    config.nav = build_nav(state.site, words)
    # Reproducible builds: dates MkDocs writes (sitemap, gzip headers) come from the content, not the clock.
    if "SOURCE_DATE_EPOCH" not in os.environ:
        latest = state.site.latest_update()
        stamp = dt.datetime(latest.year, latest.month, latest.day, tzinfo=dt.UTC).timestamp()
        os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp))
    return config


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    state.files = files
    return files


# The sitemap's <lastmod> and the footer date come from the page's own `updated` field.
def on_pre_page(page: Page, /, *, config: MkDocsConfig, files: Files) -> Page:
    entry = state.site.entries.get(page.file.src_uri)
    if entry is not None:
        page.update_date = entry.meta.updated.isoformat()
    return page


def _link_factory(page: Page):
    def link(page_id: str, anchor: str = "") -> str:
        entry = state.site.by_id[page_id]
        assert state.files is not None
        target = state.files.get_file_from_path(entry.src_uri)
        url = get_relative_url(target.url, page.url) if target else "#"
        return url + (f"#{anchor}" if anchor else "")

    return link


def template_env(config: MkDocsConfig) -> jinja2.Environment:
    """The theme's template loader with autoescape ON: our partials escape every value by default."""
    if state.env is None:
        env = config.theme.get_env()
        env.autoescape = True
        env.undefined = jinja2.StrictUndefined
        state.env = env
    return state.env


# Material reads some front-matter keys itself (status, template, hide, icon): keep only the
# escaped-by-our-templates title and description, so editor fields never steer the theme.
def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    entry = state.site.entries.get(page.file.src_uri)
    if entry is not None:
        page.meta = {"title": entry.meta.title, "description": entry.meta.description}
    return markdown


# Wrap the editor's text in the page type's template, which adds the facts from front matter.
def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    entry = state.site.entries.get(page.file.src_uri)
    if entry is None:
        return html
    template = template_env(config).get_template(f"plan/{entry.meta.type}.html")
    return template.render(
        meta=entry.meta, body=jinja2.utils.markupsafe.Markup(html), site=state.site, s=schemas,
        t=state.words.t, num=state.words.number, date=state.words.date, link=_link_factory(page),
    )


# Templates in overrides/ read generated words and formatters from here.
def on_env(env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    env.globals["t"] = state.words.t
    env.globals["format_date"] = state.words.date
    env.globals["plan_site"] = state.site
    return env


def on_page_context(context: dict[str, Any], /, *, page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    entry = state.site.entries.get(page.file.src_uri)
    context["plan_meta"] = entry.meta if entry else None
    context["plan_source"] = entry.path if entry else None
    return context
