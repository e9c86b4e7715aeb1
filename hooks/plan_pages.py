"""MkDocs adapter: load and validate the plan's pages, generate navigation and page sections.

Events used:
- on_config: start a fresh build state (``mkdocs serve`` keeps this module between builds),
  load the catalogue, every page and the office file (data/office.yml), fail the build on any
  content problem, generate ``nav``; the office's name becomes ``site_author``.
- on_pre_page: give each page its "last updated" date from its front matter (sitemap, footer).
- on_page_markdown: keep only title and description in ``page.meta`` (Material reads other
  keys, such as ``status`` and ``template``, itself).
- on_page_content: wrap the editor's (already sanitised) HTML in the page type's template,
  which adds the facts from front matter and the KPI charts, and expand chart markers.
- on_env, on_page_context: expose the catalogue, formatters and page facts to the theme, and
  the office and the footer's links to the GIGW pages (Website Policies, Sitemap, Help...).
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
from transparency.i18n import catalogue_problems, load_catalogue
from transparency.language_links import default_tree_url
from transparency.markers import MARKER_HTML, normalise
from transparency.navigation import build_nav, footer_pages, nav_sections
from transparency.office import OfficeView, load_office, office_view
from transparency.policies import mark_sections
from transparency.schedule import schedule_status
from transparency.summaries import allocation_summary, spending_summary, timeline_summary
from transparency.timeline import timeline_figure
from transparency.translation import Fallback, load_pending, translate_site

log = get_plugin_logger("plan_pages")

PLOTLY_ASSET = "assets/javascripts/vendor/plotly-basic.min.js"
OFFICE_FILE = "data/office.yml"
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
    all_languages = config.extra.get("languages") or [{"code": language}]
    default_language = all_languages[0]["code"]
    fallbacks: list[Fallback] = []
    default_words = words
    try:
        if language == default_language:
            site = load_site(Path(config.docs_dir), root)
        else:
            # Facts from the default language's pages, words from this language's.
            default_site = load_site(root / "content" / default_language, root)
            pending_path = root / "content" / "i18n" / f"pending-{language}.yml"
            pending_display = pending_path.relative_to(root).as_posix()
            pending, problems = load_pending(pending_path, pending_display)
            if problems:
                raise ContentError(problems)
            site, fallbacks = translate_site(default_site, Path(config.docs_dir), root, pending, pending_display)
            default_path = root / "content" / "i18n" / f"{default_language}.yml"
            default_words, problems = load_catalogue(default_path, default_path.relative_to(root).as_posix())
            if problems or default_words is None:
                raise ContentError(problems)
            problems = catalogue_problems(default_words, words)
            if problems:
                raise ContentError(problems)
    except ContentError as exc:
        raise PluginError(str(exc)) from None
    config.site_name = words.t("site.name")
    # Theme words set in mkdocs.yml, in this build's language.
    config.mdx_configs.setdefault("toc", {})["permalink_title"] = words.t("a11y.permalink")
    for palette in config.theme["palette"] or []:
        scheme = "dark" if palette.get("scheme") == "slate" else "light"
        palette.setdefault("toggle", {})["name"] = words.t(f"a11y.switch_to_{'light' if scheme == 'dark' else 'dark'}")
    state = build_state.start(site, words)
    state.extra["fallbacks"] = {f.src_uri: root / "content" / default_language / f.src_uri for f in fallbacks}
    state.extra["default_words"] = default_words
    state.extra["office"] = _office_views(root, [language, default_language])
    office = state.extra["office"][language]
    config.site_author = office.name if not office.demonstration else words.t("office.demonstration_author",
                                                                               office=office.name)
    try:
        state.cycle = current_cycle(site, os.environ.get("SITE_CYCLE"))
    except ContentError as exc:
        raise PluginError(str(exc)) from None
    # A cycle's site shows what was known then: reports of later cycles are left out.
    if state.cycle is not None:
        state.extra["later_reports"] = drop_later_reports(site, state.cycle.cycle)
    config.nav = build_nav(site, words)
    state.extra["nav_sections"] = nav_sections(site)  # the same order, for the sitemap page
    # Reproducible builds: dates MkDocs writes (sitemap, gzip headers) come from the content, not the clock.
    if "SOURCE_DATE_EPOCH" not in os.environ:
        latest = site.latest_update()
        stamp = dt.datetime(latest.year, latest.month, latest.day, tzinfo=dt.UTC).timestamp()
        os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp))
    return config


# The office's names and contacts (data/office.yml) in this site's language and the default one.
def _office_views(root: Path, languages: list[str]) -> dict[str, OfficeView]:
    try:
        office_file = load_office(root / OFFICE_FILE, OFFICE_FILE)
        return {code: office_view(office_file, code) for code in dict.fromkeys(languages)}
    except ContentError as exc:
        raise PluginError(str(exc)) from None


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    state = build_state.current()
    # Pages whose translation is pending are published from the default language's source.
    for src_uri, source in state.extra["fallbacks"].items():
        files.append(File.generated(config, src_uri, abs_src_path=str(source)))
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
    return template_env(config).get_template("plan/feed.xml.html").render(**context)


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

    def __init__(self, page: Page, config: MkDocsConfig, fallback: bool = False):
        self.page = page
        self.config = config
        self.state = build_state.current()
        self.env = template_env(config)
        self.chart_count = 0
        # A page whose translation is pending is shown whole in the default language.
        self.words = self.state.extra["default_words"] if fallback else self.state.words

    def url(self, site_path: str) -> str:
        return get_relative_url(site_path, self.page.url)

    def chart_library_url(self) -> str:
        """plotly.js for this page. Published (SITE_VERSION set by .ci/publish.py), every page of
        every language, in the cycle's folder or under `latest`, names the default language's copy
        of the cycle (`<cycle>/assets/...`): one URL, so a reader who switches language or enters
        by `latest` downloads the library once. Unversioned builds (`make build`, `mkdocs serve`,
        the browser tests' server) use the copy in the page's own tree, which each tree ships."""
        version = os.environ.get("SITE_VERSION")
        if not version:
            return self.url(PLOTLY_ASSET)
        languages = self.config.extra.get("languages") or [{"code": self.config.theme["language"]}]
        return default_tree_url(self.page.url, self.config.theme["language"], languages, version, PLOTLY_ASSET)

    def link(self, page_id: str, anchor: str = "") -> str:
        # Each page's site path looked up once per build: pages link to the same pages many times
        # (a report lists every KPI), and the files are complete before the first page is rendered.
        targets = self.state.extra.setdefault("link_targets", {})
        target = targets.get(page_id)
        if target is None:
            entry = self.state.site.by_id[page_id]
            target = targets[page_id] = self.state.extra["files"].get_file_from_path(entry.src_uri).url
        return self.url(target) + (f"#{anchor}" if anchor else "")

    def context(self) -> dict[str, Any]:
        words = self.words
        return {"site": self.state.site, "s": schemas, "progress": progress, "t": words.markup, "num": words.number,
                "date": words.date, "link": self.link, "chart": self.chart, "views": self.state.views,
                "objectives": self.state.objectives, "cycle": self.state.cycle,
                "plotly_src": self.chart_library_url(), "timeline_json": self.timeline_json,
                "budget_view": self.state.extra.get("budget_view"), "budget_downloads": self.downloads("budget"),
                "deltas": self.state.extra.get("deltas", {}), "schedule": self.schedule,
                "feed_href": self.url(FEED), "feed_size": words.file_size(self.state.extra.get("feed_size", 0)),
                "figure": self.figure, "chart_tables": self.chart_tables,
                # Notes in data/ are written once, in the default language: mark them so on other pages.
                "data_lang": self.state.extra["default_words"].language, "page_lang": words.language,
                "office": self.state.extra["office"][words.language],
                "nav_sections": self.state.extra["nav_sections"], "lang_of": self.lang_of,
                "mark_sections": lambda html, notice: Markup(mark_sections(str(html), str(notice))),
                "usd": lambda amount: words.t("budget.usd_value", amount=words.number(amount)),
                # The charts' plain-language summaries, in the page's language, computed when a template asks.
                "timeline_summary": self.timeline_summary,
                "allocation_summary": lambda categories: allocation_summary(categories, words),
                "spending_summary": lambda view: spending_summary(
                    view.years, view.illustrative, self.state.cycle.cycle if self.state.cycle else None, words),
                "year_label": lambda total: year_label(total, words)}

    def lang_of(self, page_id: str) -> str:
        """The language a page is shown in, if not this site's (a pending translation), else ""."""
        src_uri = self.state.site.by_id[page_id].src_uri
        return self.state.extra["default_words"].language if src_uri in self.state.extra["fallbacks"] else ""

    def figure(self, assessment: Any) -> str:
        """A KPI's latest figure with its period, as report tables show it."""
        words = self.words
        if assessment.latest is None:
            return words.t("summary.no_data")
        return words.t("report.figure_period", value=words.number(assessment.latest), period=assessment.latest_period)

    # The schedule and the timeline are the same on every page: computed once per build, when first used.
    @property
    def schedule(self) -> list[Any]:
        if "schedule" not in self.state.extra:
            site = self.state.site
            page = site.one(schemas.SchedulePage)
            self.state.extra["schedule"] = schedule_status(
                page.cadences if page else [], site.of_type(schemas.ReportPage),
                self.state.cycle.cycle if self.state.cycle else None, (site.home.period.start, site.home.period.end))
        return self.state.extra["schedule"]

    def downloads(self, key: str) -> list[dict[str, Any]]:
        """The data files published for a KPI (or "budget"), with links relative to this page."""
        return [{**d, "href": self.url(d["path"])} for d in self.state.downloads.get(key, [])]

    @property
    def timeline_json(self) -> str:
        if "timeline_json" not in self.state.extra:
            site = self.state.site
            figure = timeline_figure(site.of_type(schemas.ObjectivePage), site.of_type(schemas.PhasePage),
                                     (site.home.period.start, site.home.period.end),
                                     self.state.cycle.cycle if self.state.cycle else None, self.state.words)
            self.state.extra["timeline_json"] = island_json(figure)
        return self.state.extra["timeline_json"]

    def timeline_summary(self) -> list[str]:
        """The timeline chart's summary in this page's language (a pending page: the default language)."""
        site = self.state.site
        return timeline_summary(site.of_type(schemas.PhasePage), site.of_type(schemas.ObjectivePage), site.home.period,
                                self.state.cycle.cycle if self.state.cycle else None, self.words)

    def chart(self, kpi_id: str) -> Markup:
        self.chart_count += 1
        view = self.state.views.get(kpi_id)
        if view is None:
            return Markup("")
        downloads = self.downloads(kpi_id)
        template = self.env.get_template("plan/chart.html")
        return Markup(template.render(
            **self.context(), view=view, downloads=downloads, chart_id=f"chart-{kpi_id}-{self.chart_count}"))

    def chart_tables(self, view: Any) -> Markup:
        """A chart's tables, which depend only on the KPI and the words: rendered once per KPI,
        language and build, then shown again on every page with the chart. Their template gets only
        what they may depend on, so reading anything page-relative there fails the build."""
        memo = self.state.extra.setdefault("chart_tables", {})
        words = self.words
        key = (view.kpi.id, words.language)
        if key not in memo:
            data_lang = self.state.extra["default_words"].language
            memo[key] = Markup(self.env.get_template("plan/chart-tables.html").render(
                view=view, t=words.markup, num=words.number, data_lang=data_lang, page_lang=words.language,
                year_label=lambda total: year_label(total, words)))
        return memo[key]

    def render(self, template_name: str, **values: Any) -> str:
        return self.env.get_template(template_name).render(**self.context(), **values)


# Wrap the editor's text in the page type's template, which adds the facts from front matter and the charts.
def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    entry = build_state.current().site.entries.get(page.file.src_uri)
    if entry is None:
        return html
    fallback = page.file.src_uri in build_state.current().extra["fallbacks"]
    renderer = _PageRenderer(page, config, fallback)
    body = MARKER_HTML.sub(lambda match: renderer.chart(match.group(1)), html)
    content = renderer.render(f"plan/{entry.meta.type}.html", meta=entry.meta, body=Markup(body))
    if fallback:
        content = renderer.render("plan/fallback.html", content=Markup(content),
                                  language=renderer.words.language, notice=build_state.current().words.t(
                                      "translation.pending"))
    return content


# Templates in overrides/ read generated words and formatters from here.
def on_env(env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    state = build_state.current()
    env.globals["t"] = state.words.markup
    env.globals["format_date"] = state.words.date
    env.globals["site_cycle"] = state.cycle.cycle if state.cycle else None
    env.globals["plan_feed"] = FEED
    env.globals["plan_office"] = state.extra["office"][state.words.language]
    env.globals["plan_footer_links"] = _footer_links(files)
    return env


# The footer's links to the pages GIGW asks for, as site paths (the theme's `url` filter makes them
# relative to each page, and absolute on the 404 page), with the language of a pending translation.
def _footer_links(files: Files) -> list[dict[str, str]]:
    state = build_state.current()
    links = []
    for key, meta in footer_pages(state.site):
        src_uri = state.site.entry(meta.id).src_uri
        file = files.get_file_from_path(src_uri)
        if file is None:
            continue
        language = state.extra["default_words"].language if src_uri in state.extra["fallbacks"] else ""
        links.append({"key": key, "title": meta.title, "path": file.url, "lang": language})
    return links


def _provenance(entry: Any, config: MkDocsConfig) -> tuple[list[dict[str, Any]], Any]:
    if entry is None or not config.repo_url:
        return [], None
    state = build_state.current()
    words = state.words
    base = config.repo_url.rstrip("/") + "/edit/main/"
    source = state.extra["fallbacks"].get(entry.src_uri)
    path = source.relative_to(repo_root(config)).as_posix() if source else entry.path
    links = [{"href": base + path, "label": words.markup("provenance.edit_page")}]
    changed = None
    # Pages built from the data say when the figures last changed; every page links to its sources.
    if entry.meta.type in schemas.DATA_PAGE_TYPES:
        files = ["data/budget-spending.csv"] if entry.meta.type == "budget" else ["data/kpi-observations.csv"]
        links += [{"href": base + f, "label": words.markup("provenance.edit_data", file=f)} for f in files]
        changed = state.extra.get("data_changed")
    return links, changed


def on_page_context(context: dict[str, Any], /, *, page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    entry = build_state.current().site.entries.get(page.file.src_uri)
    context["plan_meta"] = entry.meta if entry else None
    context["plan_suggest"], context["plan_data_changed"] = _provenance(entry, config)
    context["plan_fallback_language"] = (build_state.current().extra["default_words"].language
                                         if page.file.src_uri in build_state.current().extra["fallbacks"] else None)
    context["plan_source"] = entry.path if entry else None
    return context
