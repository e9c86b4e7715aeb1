"""GIGW 3.0 / DBIM conformance of the built site: the pages a government website must have, the
footer and header on every page, marked external links, no placeholder text, and the theme's
single-key shortcuts turned off. Each test is named after the checkpoint it checks.

Pure functions first (office file, links, placeholders, policies, navigation), then whole builds
(the demo site in both languages, and modified copies), then the site in headless Chromium.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

import pytest
import yaml
from browser_harness import PAGES, PageLog, SiteServer, axe_violations, format_axe, open_page, wait_for_quiet
from conftest import BuildResult, copy_project, edit, run_build
from playwright.sync_api import Browser, Page
from transparency.content import load_site
from transparency.errors import ContentError
from transparency.frontmatter import parse_page
from transparency.i18n import load_catalogue
from transparency.links import is_external, mark_external_links
from transparency.navigation import build_nav, footer_pages, nav_sections
from transparency.office import load_office, office_view
from transparency.policies import POLICY_SECTIONS, mark_sections, policy_section_problems
from transparency.safety import front_matter_problems, markdown_problems, placeholder

pytest_plugins = ("browser_harness",)

REPO = Path(__file__).resolve().parent.parent
OFFICE = REPO / "data" / "office.yml"
# The pages GIGW asks for, by id, with their URL path.
GIGW_PAGES = {"about": "about/", "help": "help/", "contact": "contact/", "feedback": "feedback/",
              "website-policies": "website-policies/", "sitemap": "sitemap/"}
FOOTER_KEYS = ["policy", "sitemap", "help", "feedback", "contact", "about"]
LANGUAGES = {"en": "", "hi": "hi/"}  # language -> folder in the built site
GOVERNMENT = {"en": "Government of India", "hi": "भारत सरकार"}
PORTAL = "https://www.india.gov.in/"


# --- helpers -----------------------------------------------------------------------------------------


def _office_text(root: Path, language: str) -> dict[str, str]:
    data = yaml.safe_load((root / "data" / "office.yml").read_text(encoding="utf-8"))
    return {key: data[key][language] for key in ("name", "department", "ministry", "government")}


def _pages(site: Path, language: str) -> dict[str, Path]:
    """Every built page of one language by its URL path ("" for the home page), 404 left out."""
    base = site / LANGUAGES[language]
    pages = {}
    for file in sorted(base.rglob("index.html")):
        relative = file.parent.relative_to(base).as_posix()
        if language == "en" and relative.split("/")[0] == "hi":
            continue
        pages["" if relative == "." else relative + "/"] = file
    return pages


def _footer(html: str) -> str:
    match = re.search(r'<footer class="md-footer">.*?</footer>', html, re.DOTALL)
    assert match, "no footer"
    return match.group(0)


def _anchor(html: str, attribute: str) -> tuple[str, str]:
    """The start tag and the text of the first link carrying ``attribute`` (e.g. data-plan-footer="help")."""
    match = re.search(rf"<a\b[^>]*{re.escape(attribute)}[^>]*>(.*?)</a>", html, re.DOTALL)
    assert match, f"no link with {attribute}"
    return match.group(0), re.sub(r"<[^>]+>", "", match.group(1))


def _href(tag: str) -> str:
    match = re.search(r'href="([^"]*)"', tag)
    assert match, tag
    return match.group(1)


def _resolves(page_file: Path, href: str) -> bool:
    target = (page_file.parent / href).resolve()
    return (target / "index.html").is_file() if href.endswith("/") else target.is_file()


def _text(html: str) -> str:
    """The visible words of a page body: scripts, templates and tags removed."""
    html = re.sub(r"<(script|template|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _article(html: str) -> str:
    return html[html.index("<article"): html.index("</article>")]


def _office_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "office.yml"
    path.write_text(text, encoding="utf-8")
    return path


def _problems(path: Path, language: str = "en") -> list[str]:
    with pytest.raises(ContentError) as caught:
        office_view(load_office(path, "data/office.yml"), language)
    return [str(problem) for problem in caught.value.problems]


def _line(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if needle in line)


# --- pure functions ----------------------------------------------------------------------------------


@pytest.mark.gigw("5.1.10")
def test_5_1_10_office_file_is_read_in_each_language() -> None:
    file = load_office(OFFICE, "data/office.yml")
    english, hindi = office_view(file, "en"), office_view(file, "hi")
    assert english.government == "Government of India" and hindi.government == "भारत सरकार"
    assert english.wim_email == hindi.wim_email
    # The demonstration invents nothing: unset details stay unset, addresses are at a reserved domain.
    assert english.demonstration and english.phone is None and english.wim_name is None and english.address is None
    assert english.email.endswith(".example") and english.wim_email.endswith(".example")
    assert english.feedback_form_url is None and english.policies_draft


@pytest.mark.gigw("5.1.10")
def test_5_1_10_office_file_problems_name_the_line_and_field(tmp_path: Path) -> None:
    text = OFFICE.read_text(encoding="utf-8")
    broken = (text.replace("  phone: null  # e.g.", "  phone: 011-2345  # e.g.")
              .replace("feedback_form_url: null", "feedback_form_url: https://forms.example.com/x"))
    problems = _problems(_office_file(tmp_path, broken))
    assert f"data/office.yml:{_line(broken, 'phone: 011-2345')}: contact.phone: found '011-2345' " \
           "(allowed: a number with country and area code, e.g. +91-11-23456789)" in problems, problems
    assert any(p.startswith(f"data/office.yml:{_line(broken, 'feedback_form_url:')}: feedback_form_url:")
               and "government host" in p for p in problems), problems
    missing_hindi = text.replace("  hi: भारत सरकार\n", "")
    assert _problems(_office_file(tmp_path, missing_hindi), "hi") == [
        f"data/office.yml:{_line(missing_hindi, 'government:')}: government: has no 'hi' text (found en) "
        "(allowed: a line 'hi: ...' with the text in that language)"]


@pytest.mark.gigw("5.1.10", "5.4.1")
def test_5_1_10_a_real_site_needs_every_contact_detail_and_no_example_address(tmp_path: Path) -> None:
    text = OFFICE.read_text(encoding="utf-8").replace("demonstration: true", "demonstration: false")
    problems = _problems(_office_file(tmp_path, text))
    assert f"data/office.yml:{_line(text, '  phone: null  # e.g.')}: contact.phone: is not set, and demonstration " \
           "is false (allowed: the real detail (or demonstration: true while the office sets them))" in problems
    assert any("web_information_manager.email: 'webinfo-manager@office.example' is a demonstration address" in p
               for p in problems), problems
    assert not any("contact.fax" in p for p in problems), "the fax number stays optional"
    approved = OFFICE.read_text(encoding="utf-8").replace("policies_status: draft", "policies_status: approved")
    assert _problems(_office_file(tmp_path, approved)) == [
        f"data/office.yml:{_line(approved, 'policies_status:')}: policies_status: is 'approved' but "
        "policies_approved_on is not set (allowed: policies_approved_on: the date of the approval, e.g. 2026-12-01)"]


@pytest.mark.gigw("5.1.12", "5.4.4")
def test_5_1_12_external_links_are_marked_pure() -> None:
    fragment = ('<p><a href="https://www.wipo.int/a?b=1&amp;c=2">WIPO</a> <a href="../budget/">Budget</a> '
                '<a href="mailto:x@office.example">mail</a> <a href="//other.example/">other</a> '
                '<a href="https://site.example/x/">own</a></p>')
    marked = mark_external_links(fragment, "(external link)", "en", ["site.example"])
    hidden = '<span class="plan-visually-hidden" lang="en"> (external link)</span>'
    assert ('<a href="https://www.wipo.int/a?b=1&amp;c=2" class="plan-external" rel="external">WIPO'
            f"{hidden}</a>") in marked
    assert f'<a href="//other.example/" class="plan-external" rel="external">other{hidden}</a>' in marked
    for unchanged in ('<a href="../budget/">Budget</a>', '<a href="mailto:x@office.example">mail</a>',
                      '<a href="https://site.example/x/">own</a>'):
        assert unchanged in marked
    assert mark_external_links(marked, "(external link)", "en", ["site.example"]) == marked, "marks only once"
    new_window = mark_external_links('<a href="https://x.example/" target="_blank">x</a>', "(ext)", "hi")
    assert 'rel="external noopener"' in new_window and 'lang="hi"> (ext)' in new_window
    assert not is_external("tel:+911123456789") and not is_external("#top") and is_external("http://x.example")


@pytest.mark.parametrize("text", ["Page under construction", "Coming soon", "Dates TBD", "Lorem ipsum dolor",
                                  "यह पृष्ठ निर्माणाधीन है", "जल्द ही आ रहा है"])
@pytest.mark.gigw("5.4.8")
def test_5_4_8_placeholder_wording_is_found(text: str) -> None:
    assert placeholder(text)


@pytest.mark.parametrize("text", ["The work is under way", "Subtotal", "Coming sooner than planned, the report",
                                  "जल्द ही प्रकाशित"])
@pytest.mark.gigw("5.4.8")
def test_5_4_8_ordinary_words_are_not_placeholders(text: str) -> None:
    assert placeholder(text) is None


@pytest.mark.gigw("5.4.8")
def test_5_4_8_placeholder_in_body_or_front_matter_names_the_line() -> None:
    page, _ = parse_page('---\nid: x\ntitle: "Budget: TBD"\n---\n\nFine text.\n\nMore soon: coming soon!\n', "p.md")
    assert page is not None
    body = [str(p) for p in markdown_problems(page)]
    meta = [str(p) for p in front_matter_problems(page)]
    assert body == ["p.md:8: body: placeholder text 'coming soon' "
                    "(allowed: finished text; leave out what is not ready yet (GIGW 5.4.8))"]
    assert meta == ["p.md:3: title: placeholder text 'TBD' (allowed: finished text; leave out what is not ready "
                    "yet (GIGW 5.4.8))"]


@pytest.mark.gigw("5.4.3")
def test_5_4_3_every_policy_needs_its_section() -> None:
    sections = "\n\n".join(f"## {name.capitalize()} {{#{anchor}}}\n\nText." for anchor, name in POLICY_SECTIONS.items())
    page, _ = parse_page("---\nid: p\n---\n\n" + sections + "\n", "policies.md")
    assert page is not None and policy_section_problems(page) == []
    without_security = page.body.replace("## Security policy {#security}", "## Security policy")
    page.body = without_security + "\n## Copyright again {#copyright}\n"
    problems = [str(p) for p in policy_section_problems(page)]
    assert "policies.md:4: body: the security policy is missing (allowed: a section headed like " \
           "'## Security policy {#security}')" in problems
    assert any("a second section '#copyright'" in p for p in problems), problems
    assert mark_sections("<h2 id='a'>A</h2><p>x</p>", "<p>Draft</p>") == "<h2 id='a'>A</h2><p>Draft</p><p>x</p>"


@pytest.mark.gigw("5.2.31")
def test_5_2_31_sitemap_and_navigation_share_one_order() -> None:
    site = load_site(REPO / "content" / "en", REPO)
    words, _ = load_catalogue(REPO / "content" / "i18n" / "en.yml", "en.yml")
    assert words is not None
    nav_order = []
    for item in build_nav(site, words):
        (value,) = item.values()
        nav_order += [next(iter(i.values())) for i in value] if isinstance(value, list) else [value]
    sections_order = [site.entry(p.id).src_uri for section in nav_sections(site) for p in section.pages]
    assert nav_order == sections_order
    assert sorted(sections_order) == sorted(site.entries), "every page is in the navigation once"
    about = next(section for section in nav_sections(site) if section.key == "nav.about")
    assert [p.id for p in about.pages] == ["about", "help", "contact", "feedback", "website-policies", "conformance",
                                          "sitemap"]
    assert [key for key, _ in footer_pages(site)] == FOOTER_KEYS


# --- whole builds: the demo site -----------------------------------------------------------------------


@pytest.mark.gigw("5.1.18", "5.1.9", "5.1.10", "5.1.11", "5.1.14", "5.4.3")
@pytest.mark.parametrize("language", LANGUAGES)
def test_5_1_18_gigw_pages_exist_in_both_languages(demo_site: BuildResult, language: str) -> None:
    pages = _pages(demo_site.site, language)
    for page_id, path in GIGW_PAGES.items():
        assert path in pages, f"{language}: no {page_id} page"
        html = pages[path].read_text(encoding="utf-8")
        assert f'<html lang="{language}"' in html
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.DOTALL)
        assert heading, path
        if language == "hi":
            assert re.search(r"[\u0900-\u097F]", heading.group(1)), f"{path}: the Hindi page has an English title"
            assert '<h1 lang="en"' not in html, f"{path}: shown in English"


@pytest.mark.gigw("5.1.2", "5.1.18")
@pytest.mark.parametrize("language", LANGUAGES)
def test_5_1_2_footer_on_every_page(demo_site: BuildResult, language: str) -> None:
    office = _office_text(demo_site.root, language)
    owner = re.compile(re.escape(office["name"]) + r".*" + re.escape(office["ministry"]) + r".*"
                       + re.escape(GOVERNMENT[language]))
    for path, file in _pages(demo_site.site, language).items():
        footer = _footer(file.read_text(encoding="utf-8"))
        for key in FOOTER_KEYS:
            tag, text = _anchor(footer, f'data-plan-footer="{key}"')
            assert text.strip(), f"{language}/{path}: empty {key} link"
            assert _resolves(file, _href(tag)), f"{language}/{path}: the {key} link {_href(tag)} leads nowhere"
        assert owner.search(_text(footer)), f"{language}/{path}: no ownership and lineage line"
        assert f'href="{PORTAL}"' in footer
    not_found = (demo_site.site / LANGUAGES[language] / "404.html").read_text(encoding="utf-8")
    assert all(f'data-plan-footer="{key}"' in _footer(not_found) for key in FOOTER_KEYS), "404 page footer"


@pytest.mark.gigw("5.1.18", "5.1.5")
@pytest.mark.parametrize("language", LANGUAGES)
def test_5_1_18_every_page_has_a_last_updated_date(demo_site: BuildResult, language: str) -> None:
    site = load_site(demo_site.root / "content" / "en", demo_site.root)
    updated = {}
    for entry in site.entries.values():
        path = PurePosixPath(entry.src_uri)
        url = "" if entry.src_uri == "index.md" else "/".join([*path.parent.parts, path.stem]) + "/"
        updated[url] = entry.meta.updated
    for path, file in _pages(demo_site.site, language).items():
        footer = _footer(file.read_text(encoding="utf-8"))
        match = re.search(r'<time datetime="(\d{4}-\d{2}-\d{2})">([^<]+)</time>', footer)
        assert match, f"{language}/{path}: no last-updated date in the footer"
        assert dt.date.fromisoformat(match.group(1)) == updated[path], f"{language}/{path}: not the page's date"
        # Day before month, as GIGW and DBIM ask: "25 November 2026" / "25 नवंबर 2026".
        assert re.fullmatch(rf"{updated[path].day} \S+ {updated[path].year}", match.group(2)), match.group(2)


@pytest.mark.gigw("5.2.28")
@pytest.mark.parametrize("language", LANGUAGES)
def test_5_2_28_home_title_names_the_government_of_india(demo_site: BuildResult, language: str) -> None:
    office = _office_text(demo_site.root, language)
    html = (demo_site.site / LANGUAGES[language] / "index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", html, re.DOTALL)
    assert title and title.group(1).endswith(f"| {office['name']}, {GOVERNMENT[language]}"), title
    author = re.search(r'<meta name="author" content="([^"]*)"', html)
    assert author and office["name"] in author.group(1)
    assert "(" in author.group(1).removeprefix(office["name"]), "a demonstration build says so in its author"


@pytest.mark.gigw("5.1.12")
@pytest.mark.parametrize(("language", "words"), [("en", "opens in a new window"), ("hi", "नई विंडो में खुलती है")])
def test_5_1_12_national_portal_link_opens_a_new_window_and_says_so(demo_site: BuildResult, language: str,
                                                                    words: str) -> None:
    home = (demo_site.site / LANGUAGES[language] / "index.html").read_text(encoding="utf-8")
    tag, text = _anchor(home, 'data-plan-footer="national-portal"')
    assert _href(tag) == PORTAL
    assert 'target="_blank"' in tag and "noopener" in re.search(r'rel="([^"]*)"', tag).group(1)  # type: ignore[union-attr]
    assert "plan-external" in tag and words in text


@pytest.mark.gigw("5.1.12", "5.4.4")
def test_5_1_12_external_links_are_marked(demo_site: BuildResult) -> None:
    for language, words in (("en", "(external link)"), ("hi", "(बाहरी लिंक)")):
        html = (demo_site.site / LANGUAGES[language] / "help/index.html").read_text(encoding="utf-8")
        article = _article(html)
        external = re.findall(r'<a href="https?://[^"]*"[^>]*>.*?</a>', article, re.DOTALL)
        assert external, "the help page links to a screen reader's website"
        for link in external:
            assert 'class="plan-external"' in link and 'rel="external"' in link, link
            assert f'<span class="plan-visually-hidden" lang="{language}"> {words}</span>' in link, link
        assert '<a href="../sitemap/">' in article, "links inside the site are left alone"


@pytest.mark.gigw("5.1.10", "5.4.1")
def test_5_1_10_contact_page_from_office_file(demo_site: BuildResult) -> None:
    office = yaml.safe_load(OFFICE.read_text(encoding="utf-8"))
    for language, wim, notice in (("en", "Web Information Manager", "demonstration values"),
                                  ("hi", "वेब सूचना प्रबंधक", "प्रदर्शन हेतु मान")):
        html = (demo_site.site / LANGUAGES[language] / "contact/index.html").read_text(encoding="utf-8")
        article = _text(_article(html))
        assert f'<h2 id="web-information-manager">{wim}' in html
        assert notice in article, f"{language}: the demonstration notice is missing"
        assert f'href="mailto:{office["web_information_manager"]["email"]}"' in html
        assert f'href="mailto:{office["contact"]["email"]}"' in html
        assert office["name"][language] in article and office["ministry"][language] in article
        assert "+91" not in article, "no phone number is invented"


@pytest.mark.gigw("5.1.11")
def test_5_1_11_feedback_page_falls_back_to_e_mail_and_says_so(demo_site: BuildResult) -> None:
    office = yaml.safe_load(OFFICE.read_text(encoding="utf-8"))
    for language, words in (("en", "No online feedback form has been configured"),
                            ("hi", "कोई ऑनलाइन प्रतिक्रिया प्रपत्र निर्धारित नहीं")):
        html = (demo_site.site / LANGUAGES[language] / "feedback/index.html").read_text(encoding="utf-8")
        assert words in _text(_article(html))
        assert f'href="mailto:{office["web_information_manager"]["email"]}"' in html


@pytest.mark.gigw("5.4.3", "5.3.3")
@pytest.mark.parametrize("language", LANGUAGES)
def test_5_4_3_policies_page_has_every_policy_marked_draft(demo_site: BuildResult, language: str) -> None:
    html = (demo_site.site / LANGUAGES[language] / "website-policies/index.html").read_text(encoding="utf-8")
    for anchor in POLICY_SECTIONS:
        heading = re.search(rf'<h2 id="{anchor}">.*?</h2>(.*?)</p>', html, re.DOTALL)
        assert heading, f"{language}: no #{anchor} section"
        assert 'class="plan-draft"' in heading.group(1), f"{language}: #{anchor} does not say it is a draft"
    assert html.count('class="plan-notice plan-notice--draft"') == 1


@pytest.mark.gigw("5.1.14")
@pytest.mark.parametrize("language", LANGUAGES)
def test_5_1_14_help_covers_formats_screen_readers_accessibility_and_certificates(demo_site: BuildResult,
                                                                                   language: str) -> None:
    html = (demo_site.site / LANGUAGES[language] / "help/index.html").read_text(encoding="utf-8")
    for anchor in ("file-formats", "screen-reader-access", "accessibility", "certificates"):
        assert f'<h2 id="{anchor}">' in html, f"{language}: no #{anchor} section"
    assert "WCAG" in html and "2.1" in html and "AA" in html


@pytest.mark.gigw("5.2.31")
@pytest.mark.parametrize("language", LANGUAGES)
def test_5_2_31_sitemap_has_two_levels(demo_site: BuildResult, language: str) -> None:
    pages = _pages(demo_site.site, language)
    html = pages["sitemap/"].read_text(encoding="utf-8").split('<div class="plan-provenance">')[0]
    sitemap = re.search(r'<ul class="plan-sitemap">(.*)</ul>', html, re.DOTALL)
    assert sitemap, "no sitemap list"
    sections = re.findall(r'<li><span class="plan-sitemap__section">[^<]+</span>\s*<ul>(.*?)</ul>', sitemap.group(1),
                          re.DOTALL)
    assert len(sections) >= 5 and all("<li><a href=" in section for section in sections), "two levels"
    linked = {(pages["sitemap/"].parent / href).resolve() for href in re.findall(r'href="([^"]*)"', sitemap.group(1))}
    assert linked == {file.parent.resolve() for file in pages.values()}, "every page, and only pages, once"


@pytest.mark.gigw("5.4.8")
@pytest.mark.parametrize("language", LANGUAGES)
def test_5_4_8_no_placeholder_text(demo_site: BuildResult, language: str) -> None:
    for path, file in _pages(demo_site.site, language).items():
        found = placeholder(_text(file.read_text(encoding="utf-8")))
        assert found is None, f"{language}/{path}: {found!r}"


# The header's controls are on every page, in both languages (their behaviour is tested in the browser).
def test_accessibility_controls_in_every_header(demo_site: BuildResult) -> None:
    for language in LANGUAGES:
        for path, file in _pages(demo_site.site, language).items():
            html = file.read_text(encoding="utf-8")
            header = html[html.index('<header class="md-header'): html.index("</header>")]
            for control in ('data-plan-text="down"', 'data-plan-text="reset"', 'data-plan-text="up"',
                            'data-plan-contrast aria-pressed="false"', 'aria-controls="plan-a11y-panel"'):
                assert control in header, f"{language}/{path}: {control}"
            assert "a11y-controls.js" in html


# --- whole builds: modified copies ---------------------------------------------------------------------


REAL_OFFICE = {
    "demonstration: true": "demonstration: false",
    "  address: null  # postal": "  address: {en: 'Test address, New Delhi', hi: 'परीक्षण पता, नई दिल्ली'}  # postal",
    "  phone: null  # e.g.": "  phone: +91-11-23456789  # e.g.",
    "email: contact@office.example": "email: contact@test.gov.in",
    "  hours: null": "  hours: {en: 'Monday to Friday', hi: 'सोमवार से शुक्रवार'}",
    "  name: null  # one line": "  name: {en: 'Test Officer', hi: 'परीक्षण अधिकारी'}  # one line",
    "  designation: null": "  designation: {en: 'Joint Secretary', hi: 'संयुक्त सचिव'}",
    "email: webinfo-manager@office.example": "email: wim@test.gov.in",
    "  phone: null\n": "  phone: +91-11-23456780\n",
    "feedback_form_url: null": "feedback_form_url: https://feedback.test.gov.in/form",
    "policies_status: draft": "policies_status: approved",
    "policies_approved_on: null": "policies_approved_on: 2026-12-01",
}


@pytest.fixture(scope="module")
def real_office_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The site built with a complete office file: real-looking details (test values), a feedback form
    and approved policies."""
    root = copy_project(tmp_path_factory.mktemp("office"))
    for old, new in REAL_OFFICE.items():
        edit(root / "data" / "office.yml", old, new)
    result = run_build(root)
    assert result.returncode == 0, result.output
    return result


@pytest.mark.gigw("5.1.10", "5.4.1")
def test_5_1_10_contact_page_shows_what_the_office_file_sets(real_office_site: BuildResult) -> None:
    html = (real_office_site.site / "contact/index.html").read_text(encoding="utf-8")
    text = _text(_article(html))
    for value in ("Test address, New Delhi", "+91-11-23456789", "Monday to Friday", "Test Officer", "Joint Secretary",
                  "+91-11-23456780"):
        assert value in text, value
    assert 'href="tel:+911123456789"' in html and 'href="mailto:wim@test.gov.in"' in html
    assert "demonstration" not in text.lower() and "Not yet set" not in text
    assert "Demonstration build" not in _footer(html)
    hindi = _text(_article((real_office_site.site / "hi/contact/index.html").read_text(encoding="utf-8")))
    assert "परीक्षण पता, नई दिल्ली" in hindi and "संयुक्त सचिव" in hindi


@pytest.mark.gigw("5.1.11")
def test_5_1_11_feedback_page_links_to_the_office_form(real_office_site: BuildResult) -> None:
    html = (real_office_site.site / "feedback/index.html").read_text(encoding="utf-8")
    tag, text = _anchor(html, 'href="https://feedback.test.gov.in/form"')
    assert "plan-external" in tag and "(external link)" in text
    article = _text(_article(html))
    assert "feedback.test.gov.in" in article and "No online feedback form" not in article
    assert 'href="mailto:wim@test.gov.in"' in html, "e-mail stays available beside the form"


@pytest.mark.gigw("5.4.3")
def test_5_4_3_approved_policies_carry_no_draft_notice(real_office_site: BuildResult) -> None:
    for language, words in (("en", "on 1 December 2026"), ("hi", "1 दिसंबर 2026")):
        html = (real_office_site.site / LANGUAGES[language] / "website-policies/index.html").read_text(encoding="utf-8")
        assert "plan-draft" not in html and "plan-notice--draft" not in html
        assert words in _text(_article(html))


def test_editor_mistakes_on_gigw_pages_fail_with_file_and_line(project: Path,
                                                               build: Callable[[Path], BuildResult]) -> None:
    about = project / "content/en/about.md"
    edit(about, 'title: "About this website"', 'title: "About this website (TBD)"')
    edit(about, "It is published in English and Hindi.", "It is published in English and Hindi. More coming soon.")
    policies = project / "content/en/website-policies.md"
    edit(policies, "## Security policy {#security}", "## Security policy")
    edit(project / "data/office.yml", "email: webinfo-manager@office.example", "email: webinfo-manager")
    result = build(project)
    assert result.returncode != 0 and "Traceback" not in result.output, result.output
    about_text = about.read_text(encoding="utf-8")
    policies_lines = policies.read_text(encoding="utf-8").splitlines()
    policies_body = [number for number, line in enumerate(policies_lines, 1) if line == "---"][1]
    office_text = (project / "data/office.yml").read_text(encoding="utf-8")
    for expected in (f"content/en/about.md:{_line(about_text, 'title:')}: title: placeholder text 'TBD'",
                     f"content/en/about.md:{_line(about_text, 'More coming soon')}: body: placeholder text "
                     "'coming soon'",
                     f"content/en/website-policies.md:{policies_body + 1}: body: the security policy is missing"):
        assert expected in result.output, result.output
    # The office file is read after the pages: fixing the pages shows its problem next.
    edit(about, "(TBD)", "")
    edit(about, " More coming soon.", "")
    edit(policies, "## Security policy\n", "## Security policy {#security}\n")
    result = build(project)
    assert f"data/office.yml:{_line(office_text, 'email: webinfo-manager')}: web_information_manager.email: found " \
           "'webinfo-manager' (allowed: an e-mail address such as name@department.gov.in)" in result.output, \
        result.output


# --- in the browser ------------------------------------------------------------------------------------


def _script_problems(log: PageLog) -> list[str]:
    """What our script could cause: uncaught exceptions and policy violations."""
    return [*log.page_errors, *map(str, log.csp_violations)]


def _root_font_size(page: Page) -> float:
    return float(page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)"))


def _search_open(page: Page) -> bool:
    return bool(page.evaluate("document.getElementById('__search').checked"))


@pytest.mark.gigw("5.2.23")
@pytest.mark.browser
def test_5_2_23_single_key_shortcuts_are_off(chromium: Browser, site_server: SiteServer) -> None:
    with open_page(chromium, site_server.url(PAGES["budget"])) as (page, log):
        url = page.url
        page.locator("h1").click()  # focus the page, not a field
        for key in ("s", "f", "/", "n", ".", "p", ","):
            page.keyboard.press(key)
            page.wait_for_timeout(150)
            assert not _search_open(page), f"'{key}' opened search"
            assert page.url == url, f"'{key}' turned the page"
        # Search itself still works: typing in its box is not affected.
        query = page.locator("input.md-search__input")
        query.click()
        query.press_sequentially("sn.")
        assert query.input_value() == "sn."
        assert _script_problems(log) == [], log.report()


# The check above can fail: without our script, Material's shortcuts are live.
@pytest.mark.gigw("5.2.23")
@pytest.mark.browser
def test_5_2_23_shortcuts_are_live_without_the_blocker(chromium: Browser, site_server: SiteServer) -> None:
    # Material's script has run once the network is quiet; its keyboard handling starts with it.
    with open_page(chromium, site_server.url(PAGES["budget"]),
                   rewrite_html=lambda html: html.replace("a11y-controls.js", "no-such-script.js")) as (page, _):
        page.locator("h1").click()
        page.keyboard.press("s")
        page.wait_for_function("() => document.getElementById('__search').checked")


@pytest.mark.gigw("5.2.15")
@pytest.mark.browser
def test_5_2_15_text_size_changes_and_persists(chromium: Browser, site_server: SiteServer) -> None:
    with open_page(chromium, site_server.url(PAGES["kpi"])) as (page, log):
        normal = _root_font_size(page)
        page.locator("button[data-plan-text='up']").click()
        larger = _root_font_size(page)
        assert larger > normal * 1.1, (normal, larger)
        page.locator("button[data-plan-text='up']").focus()
        page.keyboard.press("Enter")  # keyboard-operable
        assert _root_font_size(page) > larger
        for _ in range(10):
            page.locator("button[data-plan-text='up']").click()
        assert _root_font_size(page) == pytest.approx(normal * 2), "up to 200%, no further"
        assert page.evaluate("localStorage.getItem('plan.textSize')") == "5"
        page.reload()
        page.wait_for_function("() => document.documentElement.classList.contains('js')")
        assert _root_font_size(page) == pytest.approx(normal * 2), "remembered after reload"
        page.locator("button[data-plan-text='reset']").click()
        assert _root_font_size(page) == pytest.approx(normal)
        page.locator("button[data-plan-text='down']").click()
        assert _root_font_size(page) < normal
        assert _script_problems(log) == [], log.report()


@pytest.mark.gigw("5.2.14")
@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_5_2_14_high_contrast_mode_passes_axe(chromium: Browser, site_server: SiteServer, path: str) -> None:
    with open_page(chromium, site_server.url(path)) as (page, log):
        toggle = page.locator("button[data-plan-contrast]")
        toggle.click()
        assert toggle.get_attribute("aria-pressed") == "true"
        assert page.evaluate("document.documentElement.dataset.planContrast") == "high"
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
        violations = axe_violations(page)
        assert not violations, f"{path} (high contrast), axe-core WCAG 2.1 A/AA:\n{format_axe(violations)}"
        page.reload()
        page.wait_for_function("() => document.documentElement.dataset.planContrast === 'high'")
        assert page.locator("button[data-plan-contrast]").get_attribute("aria-pressed") == "true"
        assert _script_problems(log) == [], log.report()


# Charts already drawn are drawn again in light colours on black when high contrast is switched on.
@pytest.mark.gigw("5.2.14")
@pytest.mark.browser
def test_5_2_14_charts_follow_the_high_contrast_mode(chromium: Browser, site_server: SiteServer) -> None:
    tick = "document.querySelector('.plan-chart__plot .xtick text')"
    with open_page(chromium, site_server.url(PAGES["kpi"])) as (page, log):
        page.locator(".plan-chart__plot").first.scroll_into_view_if_needed()
        page.wait_for_function(f"() => {tick} !== null")
        assert page.evaluate(f"getComputedStyle({tick}).fill") != "rgb(255, 255, 255)"
        page.locator("button[data-plan-contrast]").click()
        page.wait_for_function(f"() => getComputedStyle({tick}).fill === 'rgb(255, 255, 255)'")
        assert _script_problems(log) == [], log.report()


@pytest.mark.browser
def test_accessibility_controls_fold_behind_one_button_on_narrow_screens(chromium: Browser,
                                                                       site_server: SiteServer) -> None:
    with open_page(chromium, site_server.url("/"), viewport={"width": 400, "height": 800}) as (page, log):
        toggle, larger = page.locator(".plan-a11y__toggle"), page.locator("button[data-plan-text='up']")
        assert toggle.is_visible() and not larger.is_visible()
        toggle.focus()
        page.keyboard.press("Enter")
        assert toggle.get_attribute("aria-expanded") == "true" and larger.is_visible()
        violations = axe_violations(page)
        assert not violations, f"controls open, axe-core WCAG 2.1 A/AA:\n{format_axe(violations)}"
        page.keyboard.press("Escape")
        assert toggle.get_attribute("aria-expanded") == "false" and not larger.is_visible()
        assert page.evaluate("document.activeElement.classList.contains('plan-a11y__toggle')")
        assert _script_problems(log) == [], log.report()


@pytest.fixture(scope="module")
def instant_gigw_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """Built with ``site_url`` set, so that Material's instant navigation is active (see test_browser_pages)."""
    root = copy_project(tmp_path_factory.mktemp("instant-gigw"))
    server = SiteServer(root / "site")
    edit(root / "mkdocs.yml", 'site_url: ""', f"site_url: {server.base_url}/")
    result = run_build(root)
    assert result.returncode == 0, result.output
    yield server
    server.close()


# Instant navigation keeps <html> and swaps the page in: the choices and the controls carry over.
@pytest.mark.browser
def test_controls_work_across_instant_navigation(chromium: Browser, instant_gigw_site: SiteServer) -> None:
    with open_page(chromium, instant_gigw_site.url("/")) as (page, log):
        page.evaluate("window.__sameDocument = true")
        normal = _root_font_size(page)
        page.locator("button[data-plan-text='up']").click()
        page.locator("button[data-plan-contrast]").click()
        target = instant_gigw_site.url("/help/")
        page.locator(f".md-nav--primary a.md-nav__link[href='{target}']").first.click()
        page.wait_for_url(target)
        wait_for_quiet(page, log)
        assert page.evaluate("window.__sameDocument") is True, "the page was reloaded, not swapped in"
        assert _root_font_size(page) > normal
        assert page.locator("button[data-plan-contrast]").get_attribute("aria-pressed") == "true"
        page.locator("button[data-plan-text='reset']").click()
        assert _root_font_size(page) == pytest.approx(normal)
        page.keyboard.press("s")
        assert not _search_open(page)
        assert _script_problems(log) == [], log.report()
