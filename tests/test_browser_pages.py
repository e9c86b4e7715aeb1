"""The built site in headless Chromium: one page of each type, as readers get it.

Every tested page must load with no console error, no failed request, no request to any host but
127.0.0.1, no Content-Security-Policy violation and no dialog; have exactly one <h1>; and pass
axe-core's WCAG 2.1 A and AA rules in both the light and the dark palette.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

import pytest
from browser_harness import (
    HINDI_PAGES,
    INSTALL_CHROMIUM,
    PAGES,
    PageVisits,
    SiteServer,
    axe_violations,
    chromium_executable,
    format_axe,
    open_page,
    wait_for_quiet,
)
from conftest import copy_project, edit, run_build
from playwright.sync_api import Browser
from transparency.content import load_site
from transparency.csp import read_policy

pytest_plugins = ("browser_harness",)
pytestmark = pytest.mark.browser

SCHEMES = {"light": "default", "dark": "slate"}  # reader's system preference -> Material's scheme


def _url_of(src_uri: str) -> str:
    """The page's URL path with use_directory_urls: index.md -> /, a/b.md -> /a/b/."""
    path = PurePosixPath(src_uri)
    parts = path.parent.parts if path.stem == "index" else (*path.parent.parts, path.stem)
    return "/" + "".join(f"{part}/" for part in parts)


class _HeadingsAndTitle(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.h1 = 0
        self.title = ""
        self.language = ""
        self._in_title = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.h1 += tag == "h1"
        if tag == "html":
            self.language = dict(attrs).get("lang") or ""
        self._in_title = self._in_title or tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = self._in_title and tag != "title"

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def _built_pages(site: Path) -> dict[str, Path]:
    """Every page of the built site by URL path (not the 404 page)."""
    pages = {}
    for file in sorted(site.rglob("index.html")):
        relative = file.parent.relative_to(site).as_posix()
        pages["/" if relative == "." else f"/{relative}/"] = file
    return pages


# The tested pages cover every page type the site's content declares, and all exist in the build.
def test_tested_pages_cover_every_page_type(demo_site) -> None:
    site = load_site(demo_site.root / "content" / "en", demo_site.root)
    type_of_url = {_url_of(entry.src_uri): entry.meta.type for entry in site.entries.values()}
    built = _built_pages(demo_site.site)
    missing_from_build = sorted(set(PAGES.values()) - set(built))
    assert not missing_from_build, f"tested pages not in the build: {missing_from_build}"
    tested_types = {type_of_url[url] for url in PAGES.values()}
    untested = {page_type: url for url, page_type in type_of_url.items() if page_type not in tested_types}
    assert not untested, f"add a page of each of these types to PAGES in browser_harness.py: {untested}"


# Every built page (not only the tested ones) has one <h1> and a <title> no other page in its
# language has (a page not yet translated may share its title with the original).
@pytest.mark.gigw("5.2.28", "5.2.32", "5.1.17")
def test_5_2_28_every_built_page_has_one_h1_and_its_own_title(demo_site) -> None:
    titles: dict[tuple[str, str], list[str]] = {}
    for url, file in _built_pages(demo_site.site).items():
        parsed = _HeadingsAndTitle(file.read_text(encoding="utf-8"))
        assert parsed.h1 == 1, f"{url} has {parsed.h1} <h1> elements"
        title = re.sub(r"\s+", " ", parsed.title).strip()
        assert title, f"{url} has no <title>"
        titles.setdefault((parsed.language, title), []).append(url)
    shared = {title: urls for title, urls in titles.items() if len(urls) > 1}
    assert not shared, f"pages sharing a <title>: {shared}"


# A missing browser fails the run with the command that installs it; it never skips the tests.
def test_missing_chromium_fails_with_the_install_command(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "no-such-chromium"))
    with pytest.raises(pytest.fail.Exception, match=re.escape(INSTALL_CHROMIUM)):
        chromium_executable()


# The recorder itself: a request to another host is caught (here the policy is taken out, or it
# would block the request before it is made) and cannot leave the machine.
def test_requests_to_other_hosts_are_caught(chromium: Browser, site_server: SiteServer) -> None:
    foreign = "http://example.invalid/pixel.png"

    def add_foreign_image(html: str) -> str:
        return read_policy(html)[1].replace("</body>", f'<img src="{foreign}" alt=""></body>', 1)

    with open_page(chromium, site_server.url(PAGES["method"]), rewrite_html=add_foreign_image) as (_, log):
        assert log.foreign_requests == [foreign], log.report()
        assert any(foreign in failed for failed in log.failed_requests), log.report()


# The WCAG 2.1 criteria that the bundled axe-core's rules tagged wcag2a/wcag2aa/wcag21a/wcag21aa test (by
# each rule's wcagNNN tag; experimental rules, such as css-orientation-lock for 1.3.4, do not run), as GIGW
# 3.0 checkpoints: 5.2.1 (1.1.1 image-alt...), 5.2.7 (1.3.1 list, th-has-data-cells...), 5.2.11 (1.3.5
# autocomplete-valid), 5.2.12 (1.4.1 link-in-text-block), 5.2.13 (1.4.2 no-autoplay-audio), 5.2.14 (1.4.3
# color-contrast), 5.2.15 (1.4.4 meta-viewport), 5.2.24 (2.2.1 meta-refresh), 5.2.25 (2.2.2 blink,
# marquee), 5.2.27 (2.4.1 bypass), 5.2.28 (2.4.2 document-title), 5.2.30 (2.4.4 link-name), 5.2.38 (3.1.1
# html-has-lang, valid-lang), 5.2.49 (4.1.2 aria-*, button-name, label). axe cannot judge everything a
# criterion asks: the register (hooks/transparency/gigw.yml) leaves the rest to a person.
AXE_CHECKPOINTS = ("5.2.1", "5.2.7", "5.2.11", "5.2.12", "5.2.13", "5.2.14", "5.2.15", "5.2.24", "5.2.25", "5.2.27",
                   "5.2.28", "5.2.30", "5.2.38", "5.2.49")


@pytest.mark.gigw(*AXE_CHECKPOINTS)
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", [*PAGES.values(), *HINDI_PAGES.values()], ids=[*PAGES, *HINDI_PAGES])
def test_page_loads_cleanly_and_passes_axe(shipped_pages: PageVisits, path: str, scheme: str) -> None:
    visit = shipped_pages(path, scheme)
    # The dark run must really be dark: Material follows the system preference on a first visit.
    assert visit.color_scheme == SCHEMES[scheme], f"{path}: {scheme} preference gave {visit.color_scheme!r}"
    assert visit.h1_count == 1, f"{path}: {visit.h1_count} <h1> elements, expected exactly one"
    assert not visit.axe, f"{path} ({scheme} palette), axe-core WCAG 2.1 A/AA:\n{format_axe(visit.axe)}"
    assert visit.log.problems() == [], f"{path} ({scheme} palette):\n{visit.log.report()}"


# The palette toggle switches scheme, remembers it, and the other palette passes axe too.
@pytest.mark.gigw("5.2.14")
def test_palette_toggle_switches_and_passes_axe(chromium: Browser, site_server: SiteServer) -> None:
    with open_page(chromium, site_server.url(PAGES["budget"]), idle=False) as (page, log):
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
        page.locator("label[for='__palette_1']").click()
        page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
        violations = axe_violations(page)
        assert not violations, f"after switching to the dark palette:\n{format_axe(violations)}"
        page.reload()
        page.wait_for_function("() => document.documentElement.classList.contains('js')")
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        assert log.problems() == [], log.report()


# Search works (its worker and index fetch are allowed by the policy), and the open dialog with its
# results, part of every page, passes axe in both palettes.
@pytest.mark.gigw("5.2.31")
@pytest.mark.parametrize("scheme", SCHEMES)
def test_search_works_and_passes_axe(chromium: Browser, site_server: SiteServer, scheme: str) -> None:
    with open_page(chromium, site_server.url("/"), color_scheme=scheme) as (page, log):
        query = page.locator("input.md-search__input")  # in the header at desktop widths
        query.click()
        query.press_sequentially("budget")  # Material searches on keyup, which fill() does not send
        page.locator(".md-search-result__more").first.wait_for()  # results with "more on this page"
        assert page.get_by_role("dialog", name="Search").count() == 1, "the search dialog needs a name"
        violations = axe_violations(page)
        assert not violations, f"search open ({scheme} palette), axe-core WCAG 2.1 A/AA:\n{format_axe(violations)}"
        assert log.problems() == [], log.report()


@pytest.fixture(scope="module")
def instant_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """The site built with ``site_url`` set to the address it is served from, as a deployment sets it.

    Material's instant navigation only swaps pages listed in sitemap.xml, and MkDocs writes an
    empty sitemap while ``site_url`` is empty (as in the repository's mkdocs.yml): without this,
    every click is an ordinary page load and instant navigation goes untested.
    """
    root = copy_project(tmp_path_factory.mktemp("instant"))
    server = SiteServer(root / "site")  # the port is needed in the config before the build
    edit(root / "mkdocs.yml", 'site_url: ""', f"site_url: {server.base_url}/")
    result = run_build(root)
    assert result.returncode == 0, result.output
    yield server
    server.close()


# Material's instant navigation swaps the page in place; it must stay free of errors and violations,
# also between pages at different depths (each page carries its own policy, and the policies add up).
def test_instant_navigation_between_pages(chromium: Browser, instant_site: SiteServer) -> None:
    # Material re-creates each inline <script> of the new page's content from its text alone
    # (dropping `type` and `id`), so a JSON data island there would run as a script and be blocked:
    # chart data sits inside <template>, which it does not look into. Hops to chart pages check that.
    hops = [PAGES["objective"], PAGES["kpi"], PAGES["budget"]]
    with open_page(chromium, instant_site.url("/")) as (page, log):
        page.evaluate("window.__sameDocument = true")
        titles = {page.title()}
        for path in hops:
            before = page.title()
            # Material makes every link absolute once its script runs.
            page.locator(f".md-nav--primary a.md-nav__link[href='{instant_site.url(path)}']").first.click()
            page.wait_for_url(instant_site.url(path))
            page.wait_for_function("(before) => document.title !== before", arg=before)
            wait_for_quiet(page, log)
            assert page.evaluate("window.__sameDocument") is True, f"{path} was reloaded, not swapped in"
            assert page.locator("h1").count() == 1, f"{path}: expected exactly one <h1>"
            titles.add(page.title())
        assert len(titles) == len(hops) + 1, f"titles did not change with the page: {titles}"
        assert log.problems() == [], log.report()
