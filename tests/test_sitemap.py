"""The XML sitemap: one per language tree, absolute URLs inside the published version, hreflang pairs.

Issue 9 item 6: sitemap entries for both languages, valid inside every published version. The
core (transparency/sitemap.py) is tested alone; whole builds check the files the site ships,
built as .ci/publish.py has mike build them (each language alone, SITE_VERSION set) and as
`make build` does (both languages at once, no version).
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import BuildResult, edit
from transparency.sitemap import SitemapPage, public_base, sitemap_entries

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
NS = {"s": SITEMAP_NS, "x": XHTML_NS}
LANGUAGES = [{"code": "en", "label": "English"}, {"code": "hi", "label": "हिन्दी", "path": "hi"}]
BASE = "https://plan.example.gov.in/wipo/"
# A folder name with every character the protocol wants escaped, for a page type allowed anywhere.
ODD_FOLDER = "a&b'c\"d"


# --- the core -------------------------------------------------------------------------------------


@pytest.mark.parametrize("value, expected", [
    ("https://plan.example.gov.in", "https://plan.example.gov.in/"),
    ("https://plan.example.gov.in/wipo//", "https://plan.example.gov.in/wipo/"),
    ("  http://127.0.0.1:8000/2026-q3/ ", "http://127.0.0.1:8000/2026-q3/"),
    ("", None),
])
def test_public_base_accepts_absolute_http_urls(value: str, expected: str | None) -> None:
    assert public_base(value, "SITE_PUBLIC_URL") == expected


@pytest.mark.parametrize("value", ["None", "plan.example.gov.in", "/wipo/", "ftp://plan.example.gov.in/",
                                   "javascript:alert(1)", "https://plan.example.gov.in/?a=1",
                                   "https://plan.example.gov.in/#top", "https://user@plan.example.gov.in/",
                                   "https://plan.example.gov.in/a b/", "https://plan.example.gov.in/<x>/"])
def test_public_base_rejects_what_is_not_an_absolute_address(value: str) -> None:
    with pytest.raises(ValueError, match=r"^extra\.public_url: .* expected an absolute http\(s\) URL"):
        public_base(value, "extra.public_url")


def test_entries_stay_inside_the_version_and_pair_the_languages() -> None:
    pages = [SitemapPage("objectives/x/", dt.date(2026, 10, 15), frozenset({"en", "hi"})),
             SitemapPage("", None, frozenset({"en", "hi"}))]
    english = sitemap_entries(BASE, "en", LANGUAGES, "2026-Q3", pages)
    assert [e["loc"] for e in english] == [f"{BASE}2026-Q3/", f"{BASE}2026-Q3/objectives/x/"]  # sorted
    assert english[0]["lastmod"] is None and english[1]["lastmod"] == "2026-10-15"
    assert english[1]["alternates"] == [
        {"hreflang": "en", "href": f"{BASE}2026-Q3/objectives/x/"},
        {"hreflang": "hi", "href": f"{BASE}hi/2026-Q3/objectives/x/"},
        {"hreflang": "x-default", "href": f"{BASE}2026-Q3/objectives/x/"}]
    hindi = sitemap_entries(BASE, "hi", LANGUAGES, "2026-Q3", pages)
    assert [e["loc"] for e in hindi] == [f"{BASE}hi/2026-Q3/", f"{BASE}hi/2026-Q3/objectives/x/"]
    assert hindi[1]["alternates"] == english[1]["alternates"]
    unversioned = sitemap_entries(BASE, "hi", LANGUAGES, None, pages)
    assert [e["loc"] for e in unversioned] == [f"{BASE}hi/", f"{BASE}hi/objectives/x/"]


def test_a_pending_translation_claims_no_language() -> None:
    """Published in English inside the Hindi tree: listed there, but as no language's counterpart."""
    pages = [SitemapPage("about/", dt.date(2026, 10, 15), frozenset({"en"}))]
    assert sitemap_entries(BASE, "hi", LANGUAGES, None, pages)[0] == {
        "loc": f"{BASE}hi/about/", "lastmod": "2026-10-15", "alternates": []}
    assert sitemap_entries(BASE, "en", LANGUAGES, None, pages)[0]["alternates"] == []


def test_paths_and_versions_are_percent_encoded() -> None:
    pages = [SitemapPage(f"{ODD_FOLDER}/é note/", None, frozenset({"en"}))]
    [entry] = sitemap_entries(BASE, "en", LANGUAGES, "v/1", pages)
    assert entry["loc"] == f"{BASE}v%2F1/a%26b%27c%22d/%C3%A9%20note/"


def test_two_pages_at_one_address_are_refused() -> None:
    pages = [SitemapPage("x/", None, frozenset({"en"})), SitemapPage("x/", None, frozenset({"en"}))]
    with pytest.raises(ValueError, match="same address"):
        sitemap_entries(BASE, "en", LANGUAGES, None, pages)


# --- whole builds ---------------------------------------------------------------------------------


def _parse(path: Path) -> list[dict[str, object]]:
    """The sitemap's <url> entries; fails unless it is well-formed XML in the protocol's namespace."""
    root = ET.fromstring(path.read_bytes())
    assert root.tag == f"{{{SITEMAP_NS}}}urlset", root.tag
    entries = []
    for url in root:
        assert url.tag == f"{{{SITEMAP_NS}}}url", url.tag
        lastmod = url.find("s:lastmod", NS)
        entries.append({
            "loc": url.findtext("s:loc", namespaces=NS),
            "lastmod": lastmod.text if lastmod is not None else None,
            "alternates": {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
                           if link.get("rel") == "alternate"},
        })
    return entries


def _built_pages(tree: Path, skip: tuple[str, ...] = ()) -> set[str]:
    """The URL path of every page of one tree, from its files ("" for the home page)."""
    found = set()
    for index in tree.rglob("index.html"):
        path = index.parent.relative_to(tree).as_posix()
        if path.split("/")[0] not in skip:
            found.add("" if path == "." else f"{path}/")
    return found


def _add_odd_page(root: Path) -> None:
    """A plain page in a folder whose name holds &, ' and ", in both languages."""
    for language, title, description in (
            ("en", "Odd note", "A page in a folder whose name needs escaping."),
            ("hi", "विचित्र टिप्पणी", "एक पृष्ठ जिसके फ़ोल्डर के नाम को एस्केप करना होता है।")):
        folder = root / "content" / language / ODD_FOLDER
        folder.mkdir(parents=True)
        updated = "updated: 2026-09-01\n" if language == "en" else ""
        # Keywords as on every page: the build's GIGW check asks for them (5.1.17).
        (folder / "odd-note.md").write_text(f"---\nid: odd-note\ntype: page\ntitle: {title}\n"
                                            f"description: {description}\nkeywords: [{title}]\n{updated}---\n\nText.\n",
                                            encoding="utf-8")


def _check_tree(entries: list[dict[str, object]], tree: Path, prefix: str, skip: tuple[str, ...] = ()) -> set[str]:
    """Every page of the tree listed once, at ``prefix`` + its path; returns the listed paths."""
    locations = [str(entry["loc"]) for entry in entries]
    assert len(locations) == len(set(locations)), "a page is listed twice"
    outside = [loc for loc in locations if not loc.startswith(prefix)]
    assert not outside, f"outside {prefix}: {outside}"
    listed = {loc.removeprefix(prefix) for loc in locations}
    assert {unquote(path) for path in listed} == _built_pages(tree, skip)
    assert all(entry["lastmod"] is None or dt.date.fromisoformat(str(entry["lastmod"])) for entry in entries)
    return listed


def _check_pairs(english: list[dict[str, object]], hindi: list[dict[str, object]]) -> None:
    """Each page names itself and its counterpart, the counterpart names it back, x-default is English."""
    by_loc = {str(entry["loc"]): entry for entry in english + hindi}
    for entry in english + hindi:
        alternates = entry["alternates"]
        assert isinstance(alternates, dict) and set(alternates) == {"en", "hi", "x-default"}, entry
        assert entry["loc"] in (alternates["en"], alternates["hi"])
        assert alternates["x-default"] == alternates["en"]
        for href in (alternates["en"], alternates["hi"]):
            assert by_loc[href]["alternates"] == alternates, f"{href} does not name {entry['loc']} back"
    assert len(english) == len(hindi)


# Published as mike publishes: each language alone, SITE_VERSION set; every URL inside its own version.
def test_published_version_sitemaps(project: Path, build: Callable[..., BuildResult],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    _add_odd_page(project)
    monkeypatch.setenv("SITE_PUBLIC_URL", "https://plan.example.gov.in/o&b'/")
    monkeypatch.setenv("SITE_VERSION", "2026-Q3")
    english = build(project)
    assert english.returncode == 0, english.output
    hindi = build(project, "--config-file", "mkdocs.hi.yml", "--site-dir", str(project / "site-hi"))
    assert hindi.returncode == 0, hindi.output
    assert not (english.site / "hi").exists()  # publishing deploys each language as its own tree
    raw = (english.site / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://plan.example.gov.in/o&amp;b&#39;/2026-Q3/a%26b%27c%22d/odd-note/" in raw  # escaped, encoded
    english_entries = _parse(english.site / "sitemap.xml")
    hindi_entries = _parse(project / "site-hi" / "sitemap.xml")
    base = "https://plan.example.gov.in/o&b'/"
    listed = _check_tree(english_entries, english.site, f"{base}2026-Q3/")
    assert _check_tree(hindi_entries, project / "site-hi", f"{base}hi/2026-Q3/") == listed
    _check_pairs(english_entries, hindi_entries)
    odd = next(e for e in english_entries if "odd-note" in str(e["loc"]))
    assert odd["lastmod"] == "2026-09-01"  # the page's own `updated`, not the build's date
    for tree in (english.site, project / "site-hi"):
        assert not (tree / "sitemap.xml.gz").exists(), "MkDocs' own sitemap is still written"


# `make build` with a public address: both languages in one site, no version; two builds, same bytes.
def test_unversioned_sitemaps_are_deterministic(project: Path, build: Callable[..., BuildResult]) -> None:
    edit(project / "mkdocs.yml", 'public_url: ""', f"public_url: {BASE}")
    first = build(project)
    assert first.returncode == 0, first.output
    sitemaps = [(first.site / "sitemap.xml").read_bytes(), (first.site / "hi" / "sitemap.xml").read_bytes()]
    english, hindi = (_parse(first.site / "sitemap.xml"), _parse(first.site / "hi" / "sitemap.xml"))
    listed = _check_tree(english, first.site, BASE, skip=("hi",))
    assert _check_tree(hindi, first.site / "hi", f"{BASE}hi/") == listed
    _check_pairs(english, hindi)
    second = build(project)
    assert second.returncode == 0, second.output
    assert [(second.site / "sitemap.xml").read_bytes(), (second.site / "hi" / "sitemap.xml").read_bytes()] == sitemaps


# A deployment that sets site_url (as `mkdocs serve` does) gets a sitemap at that address, so that
# Material's instant navigation, which follows only the links its sitemap lists, keeps working.
def test_site_url_is_the_fallback_address(project: Path, build: Callable[..., BuildResult]) -> None:
    edit(project / "mkdocs.yml", 'site_url: ""', "site_url: http://127.0.0.1:8000/preview/")
    result = build(project)
    assert result.returncode == 0, result.output
    english, hindi = _parse(result.site / "sitemap.xml"), _parse(result.site / "hi" / "sitemap.xml")
    assert {str(e["loc"]) for e in english} >= {"http://127.0.0.1:8000/preview/", "http://127.0.0.1:8000/preview/help/"}
    assert {str(e["loc"]) for e in hindi} >= {"http://127.0.0.1:8000/preview/hi/"}  # not .../hi/hi/
    _check_pairs(english, hindi)


# Without a public address there is nothing a sitemap could say: it lists no page (no relative or
# made-up URLs), and is still there, since Material's script fetches it beside the feed's alternate link.
def test_no_public_address_lists_no_page(demo_site: BuildResult) -> None:
    for tree in (demo_site.site, demo_site.site / "hi"):
        assert _parse(tree / "sitemap.xml") == []
        assert not (tree / "sitemap.xml.gz").exists()
    assert "sitemap: No public address" in demo_site.output


def test_a_malformed_address_stops_the_build(project: Path, build: Callable[..., BuildResult],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_PUBLIC_URL", "plan.example.gov.in")
    result = build(project)
    assert result.returncode != 0
    assert "the SITE_PUBLIC_URL environment variable: 'plan.example.gov.in' is not the site's public address" \
        in result.output
    assert "Traceback" not in result.output
