"""MkDocs adapter: load and validate the plan's pages, generate navigation and page sections.

Events used:
- on_config: start a fresh build state (``mkdocs serve`` keeps this module between builds),
  load the catalogue and every page, fail the build on any content problem, generate ``nav``.
- on_pre_page: give each page its "last updated" date from its front matter (sitemap, footer).
- on_page_markdown: keep only title and description in ``page.meta`` (Material reads other
  keys, such as ``status`` and ``template``, itself).
- on_page_content: wrap the editor's (already sanitised) HTML in the page type's template,
  which adds the facts from front matter and the KPI charts, and expand chart markers.
- on_env, on_page_context: expose the catalogue, formatters and page facts to the theme.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from transparency import build as build_state
from transparency import progress, schemas
from transparency.content import load_site
from transparency.cycles import current_cycle, drop_later_reports
from transparency.errors import ContentError
from transparency.feed import feed_context
from transparency.figures import island_json, year_label
from transparency.i18n import load_catalogue
from transparency.markers import MARKER_HTML, normalise
from transparency.navigation import build_nav
from transparency.schedule import schedule_status
from transparency.timeline import timeline_figure

log = get_plugin_logger("plan_pages")

PLOTLY_ASSET = "assets/javascripts/vendor/plotly-basic.min.js"
FEED = "feed.xml"


def repo_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


# Load the catalogue and every page; any editor mistake stops the build here, before anything is written.
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = repo_root(config)
    language = config.theme["language"]
    catalogue_path = root / "content" / "i18n" / f"{language}.yml"
    words, problems = load_catalogue(catalogue_path, catalogue_path.relative_to(root).as_posix())
    if problems or words is None:
        raise PluginError(str(ContentError(problems)))
    try:
        site = load_site(Path(config.docs_dir), root)
    except ContentError as exc:
        raise PluginError(str(exc)) from None
    state = build_state.start(site, words)
    try:
        state.cycle = current_cycle(site, os.environ.get("SITE_CYCLE"))
    except ContentError as exc:
        raise PluginError(str(exc)) from None
    # A cycle's site shows what was known then: reports of later cycles are left out.
    if state.cycle is not None:
        state.extra["later_reports"] = drop_later_reports(site, state.cycle.cycle)
    config.nav = build_nav(site, words)
    # Reproducible builds: dates MkDocs writes (sitemap, gzip headers) come from the content, not the clock.
    if "SOURCE_DATE_EPOCH" not in os.environ:
        latest = site.latest_update()
        stamp = dt.datetime(latest.year, latest.month, latest.day, tzinfo=dt.UTC).timestamp()
        os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp))
    return config


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    state = build_state.current()
    for src_uri in state.extra.get("later_reports", []):
        files.remove(files.get_file_from_path(src_uri))
    state.extra["files"] = files
    feed = _feed(config)
    state.extra["feed_size"] = len(feed.encode("utf-8"))
    files.append(File.generated(config, FEED, content=feed))
    return files


# The Atom feed of the reports; links relative to the feed at the site root.
def _feed(config: MkDocsConfig) -> str:
    state = build_state.current()
    reports = state.site.of_type(schemas.ReportPage)
    hrefs = {r.id: state.site.entry(r.id).src_uri.removesuffix(".md") + "/" for r in reports}
    context = feed_context(reports, hrefs, config.site_name, config.site_author or config.site_name,
                           state.words.language, state.words)
    return template_env(config).get_template("plan/feed.xml").render(**context)


# The sitemap's <lastmod> and the footer date come from the page's own `updated` field.
def on_pre_page(page: Page, /, *, config: MkDocsConfig, files: Files) -> Page:
    entry = build_state.current().site.entries.get(page.file.src_uri)
    if entry is not None:
        page.update_date = entry.meta.updated.isoformat()
    return page


# Material reads some front-matter keys itself (status, template, hide, icon): keep only the
# title and description (escaped by our templates), so editor fields never steer the theme.
def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    entry = build_state.current().site.entries.get(page.file.src_uri)
    if entry is None:
        return markdown
    page.meta = {"title": entry.meta.title, "description": entry.meta.description}
    return normalise(markdown)


def template_env(config: MkDocsConfig) -> jinja2.Environment:
    """The theme's template loader with autoescape ON: our partials escape every value by default."""
    state = build_state.current()
    if "env" not in state.extra:
        env = config.theme.get_env()
        env.autoescape = True
        env.undefined = jinja2.StrictUndefined
        state.extra["env"] = env
    return state.extra["env"]


class _PageRenderer:
    """Renders the generated sections of one page, with links and chart ids relative to it."""

    def __init__(self, page: Page, config: MkDocsConfig):
        self.page = page
        self.state = build_state.current()
        self.env = template_env(config)
        self.chart_count = 0

    def url(self, site_path: str) -> str:
        return get_relative_url(site_path, self.page.url)

    def link(self, page_id: str, anchor: str = "") -> str:
        entry = self.state.site.by_id[page_id]
        target = self.state.extra["files"].get_file_from_path(entry.src_uri)
        return self.url(target.url) + (f"#{anchor}" if anchor else "")

    def context(self) -> dict[str, Any]:
        words = self.state.words
        return {"site": self.state.site, "s": schemas, "progress": progress, "t": words.t, "num": words.number,
                "date": words.date, "link": self.link, "chart": self.chart, "views": self.state.views,
                "objectives": self.state.objectives, "cycle": self.state.cycle,
                "plotly_src": self.url(PLOTLY_ASSET), "timeline_json": self.timeline_json,
                "budget_view": self.state.extra.get("budget_view"), "budget_downloads": self.downloads("budget"),
                "deltas": self.state.extra.get("deltas", {}), "schedule": self.schedule,
                "feed_href": self.url(FEED), "feed_size": words.file_size(self.state.extra.get("feed_size", 0)),
                "figure": self.figure,
                "usd": lambda amount: words.t("budget.usd_value", amount=words.number(amount)),
                "year_label": lambda total: year_label(total, words)}

    def figure(self, assessment: Any) -> str:
        """A KPI's latest figure with its period, as report tables show it."""
        words = self.state.words
        if assessment.latest is None:
            return words.t("summary.no_data")
        return words.t("report.figure_period", value=words.number(assessment.latest), period=assessment.latest_period)

    @property
    def schedule(self) -> list[Any]:
        site = self.state.site
        page = site.one(schemas.SchedulePage)
        return schedule_status(page.cadences if page else [], site.of_type(schemas.ReportPage),
                               self.state.cycle.cycle if self.state.cycle else None,
                               (site.home.period.start, site.home.period.end))

    def downloads(self, key: str) -> list[dict[str, Any]]:
        """The data files published for a KPI (or "budget"), with links relative to this page."""
        return [{**d, "href": self.url(d["path"])} for d in self.state.downloads.get(key, [])]

    @property
    def timeline_json(self) -> str:
        site = self.state.site
        figure = timeline_figure(site.of_type(schemas.ObjectivePage), site.of_type(schemas.PhasePage),
                                 (site.home.period.start, site.home.period.end),
                                 self.state.cycle.cycle if self.state.cycle else None, self.state.words)
        return island_json(figure)

    def chart(self, kpi_id: str) -> Markup:
        self.chart_count += 1
        view = self.state.views.get(kpi_id)
        if view is None:
            return Markup("")
        downloads = self.downloads(kpi_id)
        template = self.env.get_template("plan/chart.html")
        return Markup(template.render(
            **self.context(), view=view, downloads=downloads, chart_id=f"chart-{kpi_id}-{self.chart_count}"))

    def render(self, template_name: str, **values: Any) -> str:
        return self.env.get_template(template_name).render(**self.context(), **values)


# Wrap the editor's text in the page type's template, which adds the facts from front matter and the charts.
def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    entry = build_state.current().site.entries.get(page.file.src_uri)
    if entry is None:
        return html
    renderer = _PageRenderer(page, config)
    body = MARKER_HTML.sub(lambda match: renderer.chart(match.group(1)), html)
    return renderer.render(f"plan/{entry.meta.type}.html", meta=entry.meta, body=Markup(body))


# Templates in overrides/ read generated words and formatters from here.
def on_env(env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    state = build_state.current()
    env.globals["t"] = state.words.t
    env.globals["format_date"] = state.words.date
    env.globals["plan_feed"] = FEED
    return env


def on_page_context(context: dict[str, Any], /, *, page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    entry = build_state.current().site.entries.get(page.file.src_uri)
    context["plan_meta"] = entry.meta if entry else None
    context["plan_source"] = entry.path if entry else None
    return context
