"""Self-hosted fonts: Noto Sans and Noto Sans Devanagari subsets (hooks/fonts.py, transparency/fonts.py).

The subsets are deterministic and cover every character the site's pages use; fonts.css limits
each face with unicode-range; the built site ships the WOFF2 files and names no font host; in
Chromium a Hindi heading is drawn with Noto Sans Devanagari from 127.0.0.1, and an English page
never downloads the Devanagari face.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_harness import SiteServer, open_page
from conftest import REPO
from playwright.sync_api import Browser
from transparency.fonts import (
    DEVANAGARI_RANGES,
    cmap_of,
    fonts_css,
    in_ranges,
    noto_sources,
    preloaded_files,
    site_faces,
    subset_woff2,
    unicode_range,
)

pytest_plugins = ("browser_harness",)

FONTS = "assets/fonts"
# In the order of the font stack: core and extended Latin, core and extended Devanagari, the names face.
WOFF2_FILES = ("noto-sans-latin.woff2", "noto-sans-latin-ext.woff2", "noto-sans-devanagari.woff2",
               "noto-sans-devanagari-ext.woff2", "noto-sans-devanagari-names.woff2")
FONT_HOSTS = ("fonts.googleapis.com", "fonts.gstatic.com", "use.typekit.net", "fonts.bunny.net",
              "use.fontawesome.com", "kit.fontawesome.com", "fonts.cdnfonts.com")
_NOT_TEXT = re.compile(r"<(script|style|svg|template)\b.*?</\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def _visible_text(page_html: str) -> str:
    return html.unescape(_TAG.sub(" ", _NOT_TEXT.sub(" ", page_html)))


def _characters(text: str) -> set[str]:
    return {ch for ch in text if (ord(ch) >= 0x20 and not ch.isspace()) or ch == " "}


def _is_devanagari(ch: str) -> bool:
    return in_ranges(ord(ch), DEVANAGARI_RANGES)


@pytest.fixture(scope="module")
def source_cmaps() -> dict[str, set[int]]:
    from fontTools.ttLib import TTFont

    latin, devanagari = noto_sources()
    return {source.family: set(TTFont(str(source.font)).getBestCmap()) for source in (latin, devanagari)}


def _site_cmap(site: Path, *names: str) -> set[int]:
    return set().union(*(cmap_of((site / FONTS / name).read_bytes()) for name in names))


def _uncovered(chars: set[str], covered: set[int], source: set[int]) -> list[str]:
    """Characters the subset lacks although the font has them, or that are not symbols (those
    come from the reader's system fonts, as before: ◐ ✔ ⚠ are in no Noto Sans)."""
    return sorted(f"U+{ord(ch):04X} {ch} {unicodedata.name(ch, '?')}" for ch in chars
                  if ord(ch) not in covered and (ord(ch) in source or unicodedata.category(ch) != "So"))


# --- pure functions ----------------------------------------------------------------------------------


def test_unicode_range_merges_consecutive_code_points() -> None:
    assert unicode_range([0x41, 0x20, 0x21, 0x22, 0x900]) == "U+0020-0022, U+0041, U+0900"


def test_a_page_preloads_the_faces_of_its_language_and_of_the_names_it_shows() -> None:
    assert preloaded_files("en", "English हिन्दी") == ["noto-sans-latin.woff2", "noto-sans-devanagari-names.woff2"]
    assert preloaded_files("hi", "English हिन्दी") == ["noto-sans-latin.woff2", "noto-sans-devanagari.woff2"]
    assert preloaded_files("en", "English Français") == ["noto-sans-latin.woff2"]  # no Devanagari name shown


def test_subsetting_twice_gives_the_same_bytes() -> None:
    (names,) = [face for face in site_faces(*noto_sources(), "English हिन्दी") if face.file_name.endswith("names.woff2")]
    first = subset_woff2(names.source.font, names.codepoints)
    second = subset_woff2(names.source.font, names.codepoints)
    assert first[:4] == b"wOF2"
    assert first == second
    assert cmap_of(first) == {ord(ch) for ch in "हिन्दी"}


@pytest.mark.slow
def test_the_cached_subset_is_what_a_fresh_subset_gives(demo_site: Any) -> None:
    # The demo build may have read its subsets from the cache; a fresh subset must be the same bytes.
    (latin, *_) = site_faces(*noto_sources(), "")
    shipped = (demo_site.site / FONTS / latin.file_name).read_bytes()
    assert subset_woff2(latin.source.font, latin.codepoints) == shipped


# --- coverage ----------------------------------------------------------------------------------------


@pytest.mark.gigw("5.1.13")
@pytest.mark.slow
def test_the_devanagari_subset_covers_the_hindi_content(demo_site: Any, source_cmaps: dict[str, set[int]]) -> None:
    sources = [*sorted((REPO / "content" / "hi").rglob("*")), REPO / "content" / "i18n" / "hi.yml"]
    used = set().union(*(_characters(path.read_text(encoding="utf-8")) for path in sources if path.is_file()))
    devanagari = {ch for ch in used if _is_devanagari(ch)}
    assert len(devanagari) > 40, "the Hindi content should use many Devanagari letters"
    hindi_fonts = demo_site.site / "hi"
    assert not _uncovered(devanagari, _site_cmap(hindi_fonts, "noto-sans-devanagari.woff2"),
                          source_cmaps["Noto Sans Devanagari"])
    # Digits, punctuation and Latin words in Hindi text come from Noto Sans.
    others = {ch for ch in used if not _is_devanagari(ch)}
    assert not _uncovered(others, _site_cmap(hindi_fonts, "noto-sans-latin.woff2", "noto-sans-latin-ext.woff2"),
                          source_cmaps["Noto Sans"])


@pytest.mark.slow
def test_the_latin_subset_covers_every_english_page(demo_site: Any, source_cmaps: dict[str, set[int]]) -> None:
    pages = [path for path in demo_site.site.rglob("*.html") if "hi" not in path.relative_to(demo_site.site).parts]
    assert len(pages) > 20
    used = set().union(*(_characters(_visible_text(page.read_text(encoding="utf-8"))) for page in pages))
    latin = {ch for ch in used if not _is_devanagari(ch)}
    assert {"–", "“", "”", "−"} <= latin, "the demo pages should use typographic punctuation"
    assert not _uncovered(latin, _site_cmap(demo_site.site, "noto-sans-latin.woff2", "noto-sans-latin-ext.woff2"),
                          source_cmaps["Noto Sans"])
    # The demo's English needs nothing from the extended face: no page downloads it.
    assert not _uncovered(latin, _site_cmap(demo_site.site, "noto-sans-latin.woff2"), source_cmaps["Noto Sans"])
    # The only Devanagari on English pages is the language link's "हिन्दी", in the small names face.
    devanagari = {ch for ch in used if _is_devanagari(ch)}
    assert devanagari == set("हिन्दी")
    assert {ord(ch) for ch in devanagari} <= _site_cmap(demo_site.site, "noto-sans-devanagari-names.woff2")


# --- the stylesheet and the built site ---------------------------------------------------------------


def _faces(css: str) -> dict[str, str]:
    """Each @font-face block by its file's name."""
    return {re.search(r'url\("([^"]+)"\)', block).group(1): block  # type: ignore[union-attr]
            for block in re.findall(r"@font-face \{.*?\}", css, re.S)}


def _range(block: str) -> str:
    return re.search(r"unicode-range: ([^;]+);", block).group(1)  # type: ignore[union-attr]


@pytest.mark.slow
def test_fonts_css_limits_each_face_and_swaps(demo_site: Any) -> None:
    css = (demo_site.site / FONTS / "fonts.css").read_text(encoding="utf-8")
    faces = _faces(css)
    assert list(faces) == list(WOFF2_FILES)
    for block in faces.values():
        assert "font-display: swap;" in block
        assert re.search(r"unicode-range: U\+[0-9A-F]{4}", block)
    assert 'font-family: "Noto Sans";' in faces["noto-sans-latin-ext.woff2"]  # one family, two files
    assert 'font-family: "Noto Sans Devanagari";' in faces["noto-sans-devanagari-ext.woff2"]
    devanagari_range = _range(faces["noto-sans-devanagari.woff2"])
    assert "U+0900-097F" in devanagari_range
    assert "U+0020" not in devanagari_range and "U+0030" not in devanagari_range  # Latin text never loads it
    assert "U+1CD" in _range(faces["noto-sans-devanagari-ext.woff2"])  # Vedic marks
    assert "U+0900" not in _range(faces["noto-sans-devanagari-ext.woff2"])
    # Basic Latin and the typographic punctuation are in the core face, accented letters apart.
    core, extended = _range(faces["noto-sans-latin.woff2"]), _range(faces["noto-sans-latin-ext.woff2"])
    assert "U+0020-007E" in core and "U+2013-2014" in core and "U+2212" in core
    assert "U+00E9" not in core and re.search(r"U\+00D8-00FF", extended)
    # Zero-width joiners shape Devanagari: they never pull in the extended Latin face.
    assert "U+200C" not in extended and "U+200D" not in extended and "U+200C-200D" in devanagari_range
    assert '--md-text-font: "Noto Sans", "Noto Sans Devanagari", system-ui, sans-serif;' in css
    assert "NotoSansDevanagari-OFL.txt" in css


def test_fonts_css_from_the_core_names_every_face() -> None:
    from transparency.fonts import BuiltFace

    faces = site_faces(*noto_sources(), "हिन्दी")
    stub = subset_woff2(faces[-1].source.font, faces[-1].codepoints)  # any WOFF2: the CSS reads its cmap
    css = fonts_css([BuiltFace(face, stub) for face in faces], names_selector=".x", licence_files=["L.txt"])
    assert css.count("@font-face") == 5
    assert '.x { font-family: "Noto Sans", "Noto Sans Devanagari Names", system-ui, sans-serif; }' in css


@pytest.mark.slow
def test_the_site_ships_the_fonts_and_names_no_font_host(demo_site: Any) -> None:
    site = demo_site.site
    for folder in (site, site / "hi"):
        for name in (*WOFF2_FILES, "NotoSans-OFL.txt", "NotoSansDevanagari-OFL.txt", "fonts.css"):
            assert (folder / FONTS / name).is_file(), f"{folder / FONTS / name} missing"
        assert (folder / FONTS / "noto-sans-devanagari.woff2").read_bytes()[:4] == b"wOF2"
    assert "SIL OPEN FONT LICENSE Version 1.1" in (site / FONTS / "NotoSansDevanagari-OFL.txt").read_text("utf-8")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="assets/fonts/fonts.css"' in home
    assert 'href="assets/fonts/fonts.css"' in (site / "hi" / "index.html").read_text(encoding="utf-8")  # its own tree
    for path in [*site.rglob("*.html"), *site.rglob("*.css")]:
        text = path.read_text(encoding="utf-8")
        found = [host for host in FONT_HOSTS if host in text]
        assert not found, f"{path.relative_to(site)} names {found}"
    # Every face is fetched from the site itself: relative URLs only.
    assert re.findall(r"url\(([^)]*)\)", (site / FONTS / "fonts.css").read_text("utf-8")) == [
        f'"{name}"' for name in WOFF2_FILES]


# --- in the browser ----------------------------------------------------------------------------------

_LOADED_FACES = "[...document.fonts].filter((face) => face.status === 'loaded').map((face) => face.family)"
_FONT_FILES = ("performance.getEntriesByType('resource').map((entry) => entry.name)"
               ".filter((name) => name.endsWith('.woff2'))")


def _used_fonts(page: Any, selector: str) -> list[dict[str, Any]]:
    """The fonts Chromium actually drew the element's text with (DevTools protocol)."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]


def _preloads(page: Any) -> list[str]:
    return page.evaluate("[...document.querySelectorAll('link[rel=preload][as=font]')]"
                         ".map((link) => link.getAttribute('href').split('/').pop())")


def _settle_fonts(page: Any) -> None:
    page.evaluate("() => document.fonts.ready.then(() => null)")


@pytest.fixture(scope="module")
def hindi_server(demo_site: Any) -> Iterator[SiteServer]:
    """The Hindi site served as its own tree, as .ci/publish.py deploys it (its own versions.json)."""
    server = SiteServer(demo_site.site / "hi")
    yield server
    server.close()


@pytest.mark.gigw("5.1.13", "5.4.10")
@pytest.mark.browser
def test_a_hindi_heading_is_drawn_with_the_self_hosted_devanagari_face(chromium: Browser,
                                                                       hindi_server: SiteServer) -> None:
    with open_page(chromium, hindi_server.url("/")) as (page, log):
        _settle_fonts(page)
        heading = page.locator("h1").first.inner_text()
        assert any(_is_devanagari(ch) for ch in heading), heading
        assert "Noto Sans Devanagari" in page.evaluate(_LOADED_FACES)
        files = page.evaluate(_FONT_FILES)
        assert any(url.endswith("/assets/fonts/noto-sans-devanagari.woff2") for url in files), files
        assert all(url.startswith("http://127.0.0.1:") for url in files), files
        # Preloaded with the stylesheets, and the preload is the very response the page uses.
        assert _preloads(page) == ["noto-sans-latin.woff2", "noto-sans-devanagari.woff2"]
        assert sorted(name.rsplit("/", 1)[1] for name in files) == ["noto-sans-devanagari.woff2",
                                                                    "noto-sans-latin.woff2"], files
        used = _used_fonts(page, "h1")
        assert any(font["familyName"] == "Noto Sans Devanagari" and font["isCustomFont"] for font in used), used
        assert not log.problems(), log.report()


@pytest.mark.browser
def test_an_english_page_does_not_download_the_devanagari_face(chromium: Browser, site_server: Any) -> None:
    with open_page(chromium, site_server.url("/")) as (page, log):
        _settle_fonts(page)
        files = page.evaluate(_FONT_FILES)
        assert any(url.endswith("/assets/fonts/noto-sans-latin.woff2") for url in files), files
        assert not any(url.endswith("/noto-sans-devanagari.woff2") for url in files), files
        # The language link's "हिन्दी" is drawn from the small names face instead.
        assert any(url.endswith("/noto-sans-devanagari-names.woff2") for url in files), files
        # Nothing on the page needs the extended faces; each file is fetched once (the preload).
        assert _preloads(page) == ["noto-sans-latin.woff2", "noto-sans-devanagari-names.woff2"]
        assert sorted(name.rsplit("/", 1)[1] for name in files) == ["noto-sans-devanagari-names.woff2",
                                                                    "noto-sans-latin.woff2"], files
        used = _used_fonts(page, ".plan-language__link")
        assert any(font["familyName"] == "Noto Sans Devanagari" and font["isCustomFont"] for font in used), used
        body = _used_fonts(page, "h1")
        assert any(font["familyName"] == "Noto Sans" and font["isCustomFont"] for font in body), body
        assert not log.problems(), log.report()
