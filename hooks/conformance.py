"""MkDocs adapter: the GIGW 3.0 conformance report of each build, in each language.

Events used:
- on_env: note what the checks need from this build (its language, the office, the catalogue's
  words, which source file each page comes from) while this language's build state is current;
  the other languages are built inside the default one's on_post_build (hooks/languages.py),
  which replaces that state.
- on_page_content: give the Conformance page (``conformance.md``) the element the report replaces.
- on_post_build, at the lowest priority: the checks need the whole built site, so they run once
  every page is written. Each page is parsed without its plain navigation items and figure rows
  (``transparency/navigation_pieces.py``: on a large site they are most of every page and can change
  no check's outcome), with the cyclic garbage collector paused. The static checks of
  ``transparency/conformance_checks.py`` read this language's pages; with PLAN_CONFORMANCE_TESTS
  naming the test suite's outcomes (build/conformance/test-results.json, written by
  tests/conformance_plugin.py), those are joined in. The report is written as ``conformance.json``
  at this language's root and rendered into the Conformance page. These two outputs are written into
  the site folder after the build, not through ``File.generated``: nothing can be checked before
  every page exists. The report holds no script, so the page's Content-Security-Policy hashes stay
  valid.

A failing static check is a warning, so ``mkdocs build --strict`` fails, naming the page and
its source file; the report is still written, showing the failure.
"""

from __future__ import annotations

import gc
import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from transparency import build as build_state
from transparency import conformance as gigw
from transparency import conformance_checks as checking
from transparency.html_tree import parse_html
from transparency.navigation_pieces import reduce_navigation

log = get_plugin_logger("conformance")

PAGE = "conformance.md"
JSON_FILE = "conformance.json"
PLACEHOLDER = '<div class="plan-conformance" id="plan-conformance-report"></div>'
TESTS_ENV = "PLAN_CONFORMANCE_TESTS"
# Served only for addresses the site does not have; it is not a page of the site's content.
NOT_CHECKED = ("404.html",)

# Each language's build, noted in on_env by its site folder: the other languages' builds run inside
# the default one's on_post_build and share this module.
_builds: dict[str, dict[str, Any]] = {}


# What the checks need from this build, noted while its state is current.
def on_env(env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    state = build_state.current()
    words = state.words
    office = state.extra["office"][words.language]
    languages = [lang["code"] for lang in config.extra.get("languages") or [{"code": words.language}]]
    _builds[config.site_dir] = dict(
        words=words, office=office, languages=languages,
        sources={f.dest_uri: f.src_uri for f in files.documentation_pages()},
        page=next((f for f in files.documentation_pages() if f.src_uri == PAGE), None),
        # Other languages' folders inside this site, left to their own builds.
        other_folders=[lang["path"] for lang in config.extra.get("languages") or []
                       if lang.get("path") and lang["code"] != words.language],
    )
    return env


# The Conformance page gets the element that on_post_build replaces with the report.
def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    return html + PLACEHOLDER if page.file.src_uri == PAGE else html


# Check the built site, write conformance.json and the report into the Conformance page.
@event_priority(-100)
def on_post_build(*, config: MkDocsConfig) -> None:
    build = _builds.pop(config.site_dir)
    site_dir = Path(config.site_dir)
    words = build["words"]
    # The parsed pages are hundreds of thousands of objects linked to their parents: the cyclic garbage
    # collector, which runs as objects are made, would walk them again and again (40 % of the pass).
    # Nothing here makes garbage cycles to collect; it runs again afterwards.
    collecting = gc.isenabled()
    gc.disable()
    try:
        facts = _site_facts(build, site_dir, config)
        checks = checking.run_checks(facts)
    finally:
        if collecting:
            gc.enable()
    try:
        register = gigw.load_register()
        outcomes = _test_outcomes()
        data = gigw.report(register, checks, outcomes, words.language)
    except ValueError as exc:
        raise PluginError(f"GIGW conformance report: {exc}") from None
    text = gigw.report_json(data)
    (site_dir / JSON_FILE).write_text(text, encoding="utf-8")
    _warn_failures(build, register, checks, config)
    page_file = build["page"]
    if page_file is not None:
        _fill_page(build, Path(page_file.abs_dest_path), page_file.url, data, len(text.encode("utf-8")), config)
    log.info(gigw.summary_line(data))


def _site_facts(build: dict[str, Any], site_dir: Path, config: MkDocsConfig) -> checking.SiteFacts:
    words, office = build["words"], build["office"]
    pages, sizes, assets = {}, {}, {}
    skipped = tuple(folder.strip("/") + "/" for folder in build["other_folders"])
    for path in sorted(site_dir.rglob("*")):
        relative = path.relative_to(site_dir).as_posix()
        if not path.is_file() or relative.startswith(skipped) or relative == JSON_FILE:
            continue
        sizes[relative] = path.stat().st_size
        if relative.endswith(".html") and relative not in NOT_CHECKED:
            pages[relative] = parse_html(reduce_navigation(path.read_text(encoding="utf-8")))
        elif relative.endswith((".css", ".js")):
            assets[relative] = path.read_text(encoding="utf-8", errors="replace")
    unit = {key: words.t(f"size.{key}", size="").strip() for key in ("bytes", "kb", "mb")}
    # The site's own addresses, as hooks/sanitize.py counts them: site_url and the public address.
    addresses = (config.site_url or "", build_state.current().extra.get("public_base") or "")
    own_hosts = tuple(host for address in addresses if (host := urlsplit(address).hostname))
    return checking.SiteFacts(
        language=words.language, pages=pages, file_sizes=sizes, assets=assets,
        other_languages=tuple(code for code in build["languages"] if code != words.language),
        government=office.government, own_hosts=own_hosts, size_units=unit,
        new_window=words.t("a11y.external_new_window"),
        contact_emails=tuple(dict.fromkeys(e for e in (office.email, office.wim_email) if e)),
    )


def _test_outcomes() -> dict[str, dict[str, str]] | None:
    """The test suite's outcomes when PLAN_CONFORMANCE_TESTS names them, else None (not run)."""
    name = os.environ.get(TESTS_ENV)
    if not name:
        return None
    try:
        data = json.loads(Path(name).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{TESTS_ENV}={name}: cannot read the test results: {exc}") from None
    return gigw.parse_test_outcomes(data)


# A failing static check fails the strict build, naming the built page and its source file.
def _warn_failures(build: dict[str, Any], register: list[gigw.Checkpoint], checks: dict[str, checking.CheckResult],
                   config: MkDocsConfig) -> None:
    docs = Path(config.docs_dir).resolve()
    root = Path(config.config_file_path).resolve().parent
    for name, result in checks.items():
        numbers = [c.number for c in register if name in c.checks]
        label = f"GIGW {', '.join(numbers)}" if numbers else "Recorded decision, no requests to other websites"
        for failure in result.failures:
            path, _, problem = failure.partition(": ")
            source = build["sources"].get(path)
            where = f"{(docs / source).relative_to(root).as_posix()} ({path})" if source else path
            log.warning(f"{label} ({name}): {where}: {problem}")


def _fill_page(build: dict[str, Any], path: Path, url: str, data: dict[str, Any], json_size: int,
               config: MkDocsConfig) -> None:
    html = path.read_text(encoding="utf-8")
    if html.count(PLACEHOLDER) != 1:
        raise PluginError(f"{PAGE}: the built page does not hold the report's place exactly once")
    env = config.theme.get_env()
    env.autoescape = True
    env.undefined = jinja2.StrictUndefined
    words = build["words"]
    rendered = env.get_template("plan/conformance.html").render(
        report=data, t=words.markup, num=words.number, lang=words.language,
        json_href=get_relative_url(JSON_FILE, url), json_size=words.file_size(json_size),
        groups=_groups(data), check_names=sorted(data["static_checks"]))
    path.write_text(html.replace(PLACEHOLDER, str(Markup(rendered))), encoding="utf-8")


def _groups(data: dict[str, Any]) -> list[dict[str, Any]]:
    names = {"5.1": "quality", "5.2": "accessibility", "5.3": "security", "5.4": "lifecycle"}
    return [{"key": key, "number": number,
             "rows": [r for r in data["checkpoints"] if r["number"].rsplit(".", 1)[0] == number]}
            for number, key in names.items()]
