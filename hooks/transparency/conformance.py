"""GIGW 3.0 conformance: the register of the 88 checkpoints, static checks on a built site, the report.

- The register (``gigw.yml`` beside this file) names every checkpoint with the guideline's words and
  how it is covered: static checks on the built HTML (``CHECKS`` below), tests marked
  ``@pytest.mark.gigw(...)`` (browser, validators, whole builds), or the office (a person must act).
- Each static check is a pure function over the built pages of one language; it returns the
  failures, each naming the page. ``run_checks`` runs them all.
- ``report`` joins the register, the checks and, when given, the test suite's outcomes into one
  plain structure, written as ``conformance.json`` and rendered as the Conformance page. Without
  test outcomes, a checkpoint covered only by tests is "not run", never "pass".

Plain Python: no MkDocs. Deterministic: everything is sorted, nothing depends on the clock.
"""

from __future__ import annotations

import itertools
import json
import posixpath
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from .links import EXTERNAL_CLASS, is_external
from .policies import POLICY_SECTIONS
from .safety import placeholder

REGISTER = Path(__file__).with_name("gigw.yml")
GROUPS = {"5.1": 25, "5.2": 50, "5.3": 3, "5.4": 10}  # GIGW 3.0: quality, accessibility, security, lifecycle
STATUSES = ("pass", "fail", "not-run", "office")


# --- The register ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Checkpoint:
    number: str  # "5.1.18"
    title: str  # short English name
    words: str  # the guideline's words, in English as published
    checks: tuple[str, ...] = ()  # static checks (names in CHECKS)
    tests: bool = False  # tests marked with this checkpoint check it
    office: bool = False  # a person must act or judge
    wcag: str = ""  # "1.4.10 AA" for 5.2.x

    @property
    def group(self) -> str:
        return self.number.rsplit(".", 1)[0]


def checkpoint_key(number: str) -> tuple[int, ...]:
    """Sort key: 5.1.2 before 5.1.10."""
    return tuple(int(part) for part in number.split("."))


def load_register(path: Path = REGISTER) -> list[Checkpoint]:
    """The checkpoints in order; ValueError naming the entry and field for anything malformed."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = data.get("checkpoints") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ValueError(f"{path.name}: 'checkpoints' must be a list")
    known = {"number", "title", "words", "checks", "tests", "office", "wcag"}
    register = []
    for index, entry in enumerate(entries):
        where = f"{path.name}: checkpoints[{index}]"
        if not isinstance(entry, dict):
            raise ValueError(f"{where}: not a mapping")
        if unknown := sorted(set(entry) - known):
            raise ValueError(f"{where}: unknown field(s) {unknown} (allowed: {sorted(known)})")
        number = str(entry.get("number", ""))
        if not re.fullmatch(r"5\.[1-4]\.[1-9][0-9]?", number):
            raise ValueError(f"{where}: number {number!r} is not a GIGW 3.0 checkpoint such as 5.1.18")
        for name in ("title", "words"):
            if not isinstance(entry.get(name), str) or not entry[name].strip():
                raise ValueError(f"{where} ({number}): '{name}' must be non-empty text")
        checks = entry.get("checks", [])
        if not isinstance(checks, list) or any(c not in CHECKS for c in checks):
            raise ValueError(f"{where} ({number}): checks {checks!r} must name static checks of {sorted(CHECKS)}")
        for name in ("tests", "office"):
            if not isinstance(entry.get(name, False), bool):
                raise ValueError(f"{where} ({number}): '{name}' must be true or false")
        wcag = str(entry.get("wcag", ""))
        if number.startswith("5.2.") != bool(re.fullmatch(r"[1-4]\.[1-5]\.[0-9]{1,2} (A|AA)", wcag)):
            raise ValueError(f"{where} ({number}): 'wcag' must be set (as '1.4.10 AA') for 5.2.x only")
        if not (checks or entry.get("tests") or entry.get("office")):
            raise ValueError(f"{where} ({number}): not covered: give checks, tests: true or office: true")
        register.append(Checkpoint(number, entry["title"].strip(), " ".join(entry["words"].split()), tuple(checks),
                                   entry.get("tests", False), entry.get("office", False), wcag))
    numbers = [c.number for c in register]
    expected = [f"{group}.{n}" for group, count in GROUPS.items() for n in range(1, count + 1)]
    if numbers != expected:
        missing = sorted(set(expected) - set(numbers), key=checkpoint_key)
        extra = sorted(set(numbers) - set(expected), key=checkpoint_key)
        raise ValueError(f"{path.name}: the checkpoints must be 5.1.1-5.1.25, 5.2.1-5.2.50, 5.3.1-5.3.3 and "
                         f"5.4.1-5.4.10 in order (missing {missing}, unexpected {extra})")
    return register


# --- A small document tree, enough for the checks (the standard library has no DOM) ----------------

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_RAW_TEXT = {"script", "style"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)
    parent: Element | None = field(default=None, repr=False)

    def get(self, name: str) -> str | None:
        return self.attrs.get(name)

    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def iter(self, *tags: str) -> Iterator[Element]:
        """This element and all below it, in document order; only ``tags`` if given."""
        if not tags or self.tag in tags:
            yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter(*tags)

    def first(self, *tags: str) -> Element | None:
        return next(self.iter(*tags), None)

    def text(self) -> str:
        """The text a reader gets (scripts and styles left out), blanks collapsed."""
        parts: list[str] = []

        def walk(node: Element) -> None:
            for child in node.children:
                if isinstance(child, str):
                    parts.append(child)
                elif child.tag not in _RAW_TEXT:
                    walk(child)

        walk(self)
        return " ".join("".join(parts).split())

    def ancestors(self) -> Iterator[Element]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


# --- What the checks see -----------------------------------------------------------------------------

@dataclass(frozen=True)
class SiteFacts:
    """One language's built site, as the checks read it. Paths are relative to its root ("help/index.html")."""

    language: str  # "en"
    pages: Mapping[str, Element]  # every HTML page of this language, parsed
    file_sizes: Mapping[str, int]  # every built file of this language, in bytes
    assets: Mapping[str, str] = field(default_factory=dict)  # the text of every CSS and JS file
    other_languages: tuple[str, ...] = ()  # codes of the site's other languages
    government: str = "Government of India"  # as the footer and the home title write it
    own_hosts: tuple[str, ...] = ()  # hosts of this site (site_url), not "other websites"
    size_units: Mapping[str, str] = field(default_factory=lambda: {"bytes": "bytes", "kb": "KB", "mb": "MB"})
    new_window: str = "opens in a new window"  # the words that say a link opens a new window
    contact_emails: tuple[str, ...] = ()  # the office's and the Web Information Manager's addresses
    home: str = "index.html"
    sitemap: str = "sitemap/index.html"
    contact: str = "contact/index.html"
    policies: str = "website-policies/index.html"


def resolve(page: str, href: str) -> str | None:
    """The site path a link on ``page`` points to ("help/index.html"), or None if it leaves the site
    or is only an anchor, e-mail or phone link."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(posixpath.dirname(page), path)
    target = posixpath.normpath(joined) if joined else "."
    if path.endswith("/") or target == ".":
        target = posixpath.join(target, "index.html") if target != "." else "index.html"
    return target


def _body(page: Element) -> Element:
    return page.first("body") or page


# Each check: site facts in, failures out ("help/index.html: what is wrong"); an empty list passes.
Check = Callable[[SiteFacts], list[str]]
CHECKS: dict[str, Check] = {}


def check(name: str) -> Callable[[Check], Check]:
    def register(function: Check) -> Check:
        CHECKS[name] = function
        return function
    return register


# Every page has a <title> of its own (5.1.17, 5.2.28): none empty, no two alike.
@check("titles")
def check_titles(site: SiteFacts) -> list[str]:
    failures, seen = [], {}
    for path, page in sorted(site.pages.items()):
        title = page.first("title")
        text = title.text() if title else ""
        if not text:
            failures.append(f"{path}: no <title>")
        elif text in seen:
            failures.append(f"{path}: the same <title> as {seen[text]} ({text!r})")
        else:
            seen[text] = path
    return failures


# The home page's title names the Government of India (5.2.28: "the name of the country must be included").
@check("home_title")
def check_home_title(site: SiteFacts) -> list[str]:
    page = site.pages.get(site.home)
    title = page.first("title") if page else None
    if title is None or site.government not in title.text():
        return [f"{site.home}: the home page's <title> does not name the {site.government}"]
    return []


# <meta name="description"> and <meta name="keywords"> with content on every page (5.1.17).
@check("head_metadata")
def check_head_metadata(site: SiteFacts) -> list[str]:
    failures = []
    for path, page in sorted(site.pages.items()):
        present = {m.get("name"): (m.get("content") or "").strip() for m in page.iter("meta") if m.get("name")}
        failures += [f"{path}: no <meta name=\"{name}\"> with content" for name in ("description", "keywords")
                     if not present.get(name)]
    return failures


# <html lang> is this site's language on every page (5.1.17, 5.2.38).
@check("page_language")
def check_page_language(site: SiteFacts) -> list[str]:
    failures = []
    for path, page in sorted(site.pages.items()):
        html = page.first("html")
        lang = html.get("lang") if html else None
        if lang != site.language:
            failures.append(f"{path}: <html lang={lang!r}>, expected {site.language!r}")
    return failures


# UTF-8 (Unicode) on every page, and a visible link to the same page in every other language (5.4.10).
@check("language_link")
def check_language_link(site: SiteFacts) -> list[str]:
    failures = []
    for path, page in sorted(site.pages.items()):
        if not any((m.get("charset") or "").lower() == "utf-8" for m in page.iter("meta")):
            failures.append(f"{path}: no <meta charset=\"utf-8\">")
        header = page.first("header")
        for code in site.other_languages:
            links = [a for a in (header.iter("a") if header else []) if a.get("hreflang") == code]
            if not any(a.text() for a in links):
                failures.append(f"{path}: no language link with visible text to the '{code}' page in the header")
    return failures


# The footer of every page links to the pages GIGW asks for, in the same order everywhere, and
# each link leads to a page of the site (5.1.9, 5.1.10, 5.1.11, 5.1.14, 5.1.18, 5.2.42, 5.4.3).
FOOTER_KEYS = ("policy", "sitemap", "help", "feedback", "contact", "about")


@check("footer_links")
def check_footer_links(site: SiteFacts) -> list[str]:
    failures = []
    for path, page in sorted(site.pages.items()):
        footer = page.first("footer")
        links = [a for a in (footer.iter("a") if footer else []) if a.get("data-plan-footer") in FOOTER_KEYS]
        order = [a.get("data-plan-footer") for a in links]
        if order != list(FOOTER_KEYS):
            failures.append(f"{path}: footer links {order}, expected {list(FOOTER_KEYS)}")
            continue
        for link in links:
            target = resolve(path, link.get("href") or "")
            if target is None or target not in site.pages:
                failures.append(f"{path}: the footer's {link.get('data-plan-footer')} link "
                                f"{link.get('href')!r} leads to no page of the site")
    return failures


# Every page says whose website it is: the footer's lineage names the Government of India (5.1.2).
@check("ownership")
def check_ownership(site: SiteFacts) -> list[str]:
    failures = []
    for path, page in sorted(site.pages.items()):
        footer = page.first("footer")
        if footer is None or site.government not in footer.text():
            failures.append(f"{path}: no ownership line naming the {site.government} in the footer")
    return failures


# Every page shows when it was last updated, as a machine-readable date in the footer (5.1.5).
@check("last_updated")
def check_last_updated(site: SiteFacts) -> list[str]:
    failures = []
    for path, page in sorted(site.pages.items()):
        footer = page.first("footer")
        times = [t for t in (footer.iter("time") if footer else [])
                 if re.fullmatch(r"\d{4}-\d{2}-\d{2}", t.get("datetime") or "") and t.text()]
        if not times:
            failures.append(f"{path}: no last-updated <time datetime=\"YYYY-MM-DD\"> in the footer")
    return failures


# Data tables: a caption, and every header cell scoped (5.1.19, 5.2.7).
@check("data_tables")
def check_data_tables(site: SiteFacts) -> list[str]:
    failures = []
    for path, page in sorted(site.pages.items()):
        for number, table in enumerate(page.iter("table"), 1):
            caption = table.first("caption")
            if caption is None or not caption.text():
                failures.append(f"{path}: table {number} has no caption")
            if table.first("th") is None:
                failures.append(f"{path}: table {number} has no header cells")
            unscoped = [th.text() for th in table.iter("th") if th.get("scope") not in ("col", "row", "colgroup",
                                                                                          "rowgroup")]
            if unscoped:
                failures.append(f"{path}: table {number}: header cell {unscoped[0]!r} has no scope")
    return failures


# Every link to a file of the site states its format and size, within 10% of the real file (5.1.6).
DOCUMENT_FORMATS = {"csv", "json", "xml", "pdf", "zip", "txt", "odt", "ods", "odp", "doc", "docx", "xls", "xlsx",
                    "ppt", "pptx", "epub"}
_MULTIPLIERS = {"bytes": 1, "kb": 1024, "mb": 1024 * 1024}


def _following_text(link: Element, limit: int = 120) -> str:
    """The link's own text and the text right after it, up to the next link: where "(CSV, 2.4 KB)" goes."""
    parent = link.parent
    if parent is None:
        return link.text()
    siblings = parent.children[parent.children.index(link) + 1:]
    after = []
    for node in siblings:
        if isinstance(node, Element) and node.first("a") is not None:
            break
        after.append(node if isinstance(node, str) else node.text())
    return " ".join((link.text() + " " + " ".join(after)).split())[: len(link.text()) + limit]


def stated_size(text: str, units: Mapping[str, str]) -> tuple[str, float] | None:
    """("Atom XML", 1638.4) from "... (Atom XML, 1.6 KB)", or None if no "(format, size)" is stated."""
    alternatives = "|".join(re.escape(word) for word in sorted(units.values(), key=len, reverse=True))
    match = re.search(rf"\(([^(),]+),\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*({alternatives})\)", text)
    if not match:
        return None
    unit = next(key for key, word in units.items() if word == match.group(3))
    return match.group(1).strip(), float(match.group(2).replace(",", "")) * _MULTIPLIERS[unit]


@check("file_links")
def check_file_links(site: SiteFacts) -> list[str]:
    failures = []
    for path, page in sorted(site.pages.items()):
        for link in _body(page).iter("a"):
            target = resolve(path, link.get("href") or "")
            extension = posixpath.splitext(target or "")[1].lstrip(".").lower()
            if target is None or extension not in DOCUMENT_FORMATS:
                continue
            real = site.file_sizes.get(target)
            if real is None:
                failures.append(f"{path}: link to {target}, which the site does not have")
                continue
            stated = stated_size(_following_text(link), site.size_units)
            if stated is None:
                failures.append(f"{path}: the link to {target} does not state its format and size")
            elif extension.upper() not in stated[0].upper().split():
                failures.append(f"{path}: the link to {target} states the format {stated[0]!r}, "
                                f"not {extension.upper()}")
            elif abs(stated[1] - real) > 0.1 * real:
                failures.append(f"{path}: the link to {target} states {stated[1]:.0f} bytes; the file has {real}")
    return failures


# Documents are offered in open, accessible formats: no word-processor or spreadsheet files (5.4.9).
EDITABLE_FORMATS = {"doc", "docx", "xls", "xlsx", "ppt", "pptx"}


@check("document_formats")
def check_document_formats(site: SiteFacts) -> list[str]:
    failures = []
    for path in sorted(site.file_sizes):
        if posixpath.splitext(path)[1].lstrip(".").lower() in EDITABLE_FORMATS:
            failures.append(f"{path}: an editable office file; publish the document as HTML, accessible PDF, CSV "
                            "or JSON")
    return failures


# Every link to another website is marked so for sighted and screen-reader readers (5.1.12, 5.4.4).
@check("external_links")
def check_external_links(site: SiteFacts) -> list[str]:
    failures = []
    for path, page in sorted(site.pages.items()):
        for link in _body(page).iter("a"):
            href = link.get("href") or ""
            if not is_external(href, site.own_hosts):
                continue
            hidden = [s for s in link.iter("span") if "plan-visually-hidden" in s.classes() and s.text()]
            marked = EXTERNAL_CLASS in link.classes() and (hidden or site.new_window in link.text())
            if not marked:
                failures.append(f"{path}: the link to {href} is not marked as leading to another website")
    return failures


# The home page links to the National Portal, opening a new window and saying so (5.1.12).
NATIONAL_PORTAL = "india.gov.in"


@check("national_portal")
def check_national_portal(site: SiteFacts) -> list[str]:
    page = site.pages.get(site.home)
    links = [a for a in (_body(page).iter("a") if page else [])
             if (urlsplit(a.get("href") or "").hostname or "").removeprefix("www.") == NATIONAL_PORTAL]
    if not links:
        return [f"{site.home}: no link to the National Portal ({NATIONAL_PORTAL})"]
    if not any(a.get("target") == "_blank" and site.new_window in a.text() for a in links):
        return [f"{site.home}: the National Portal link does not open a new window and say so "
                f"(target=\"_blank\" and {site.new_window!r})"]
    return []


# A skip link at the top of every page, to the main content (5.2.27).
@check("skip_link")
def check_skip_link(site: SiteFacts) -> list[str]:
    failures = []
    for path, page in sorted(site.pages.items()):
        body = _body(page)
        # Hidden until a script shows it (the banner of an outdated version), so not in the way.
        first_link = next((a for a in body.iter("a")
                           if not any("hidden" in e.attrs for e in (a, *a.ancestors()))), None)
        href = first_link.get("href") or "" if first_link else ""
        target = href[1:] if href.startswith("#") else ""
        if not target or not first_link.text():
            failures.append(f"{path}: the first link of the page is not a skip link to the main content")
        elif not any(e.get("id") == target for e in body.iter()):
            failures.append(f"{path}: the skip link leads to #{target}, which the page does not have")
    return failures


# No placeholder wording anywhere a reader sees it: "under construction", "coming soon", "TBD", lorem (5.4.8).
@check("placeholders")
def check_placeholders(site: SiteFacts) -> list[str]:
    failures = []
    for path, page in sorted(site.pages.items()):
        found = placeholder(_body(page).text())
        if found:
            failures.append(f"{path}: placeholder text {found!r}")
    return failures


# Every image has a text alternative (alt, empty for decoration) (5.2.1).
@check("images_alt")
def check_images_alt(site: SiteFacts) -> list[str]:
    failures = []
    for path, page in sorted(site.pages.items()):
        failures += [f"{path}: <img src={img.get('src')!r}> has no alt attribute"
                     for img in page.iter("img") if "alt" not in img.attrs]
    return failures


# No audio or video on any page: captions, audio description and audio control apply only to
# media (5.2.2-5.2.6, 5.2.13). Media added later fails this check until a person reviews it.
@check("no_time_based_media")
def check_no_time_based_media(site: SiteFacts) -> list[str]:
    failures = []
    for path, page in sorted(site.pages.items()):
        failures += [f"{path}: <{e.tag}>: media needs captions, audio description and a pause control, "
                     "checked by a person" for e in page.iter("audio", "video", "embed", "object", "iframe")]
    return failures


# One <h1> per page, and headings that do not skip a level (5.2.32).
@check("headings")
def check_headings(site: SiteFacts) -> list[str]:
    failures = []
    for path, page in sorted(site.pages.items()):
        main = page.first("main") or _body(page)
        levels = [int(h.tag[1]) for h in main.iter("h1", "h2", "h3", "h4", "h5", "h6")]
        if levels.count(1) != 1:
            failures.append(f"{path}: {levels.count(1)} <h1> elements, expected one")
            continue
        for before, after in itertools.pairwise(levels):
            if after > before + 1:
                failures.append(f"{path}: heading level {after} follows level {before}")
                break
    return failures


# More than one way to find a page: search on every page, and a sitemap of at least two levels (5.2.31).
@check("multiple_ways")
def check_multiple_ways(site: SiteFacts) -> list[str]:
    failures = [f"{path}: no search box" for path, page in sorted(site.pages.items())
                if not any(i.get("type") == "text" and i.get("name") == "query" for i in page.iter("input"))]
    sitemap = site.pages.get(site.sitemap)
    main = (sitemap.first("main") or sitemap) if sitemap else None
    nested = main is not None and any(ul.first("li") is not None for li in main.iter("li")
                                      for ul in li.iter("ul", "ol") if ul is not li)
    if not nested:
        failures.append(f"{site.sitemap}: no sitemap page with at least two levels")
    return failures


# The Contact page gives the office's and the Web Information Manager's addresses (5.1.10, 5.4.1).
@check("contact_details")
def check_contact_details(site: SiteFacts) -> list[str]:
    page = site.pages.get(site.contact)
    if page is None:
        return [f"{site.contact}: no Contact page"]
    mails = {unquote((a.get("href") or "")[len("mailto:"):]).lower() for a in page.iter("a")
             if (a.get("href") or "").startswith("mailto:")}
    return [f"{site.contact}: no e-mail link to {email}" for email in site.contact_emails if email.lower() not in mails]


# The Website Policies page has a section for every policy GIGW names (5.4.3, 5.3.3).
@check("policies")
def check_policies(site: SiteFacts) -> list[str]:
    page = site.pages.get(site.policies)
    if page is None:
        return [f"{site.policies}: no Website Policies page"]
    ids = {h.get("id") for h in page.iter("h2")}
    return [f"{site.policies}: no section for the {name} (#{anchor})" for anchor, name in POLICY_SECTIONS.items()
            if anchor not in ids]


# The site sets no cookies (5.3.1): no script writes document.cookie, no page sends a Set-Cookie.
_COOKIE_WRITE = re.compile(r"document\s*\.\s*cookie\s*=(?!=)|cookieStore\s*\.\s*set\s*\(")


@check("no_cookies")
def check_no_cookies(site: SiteFacts) -> list[str]:
    failures = [f"{path}: writes a cookie" for path, text in sorted(site.assets.items())
                if path.endswith(".js") and _COOKIE_WRITE.search(text)]
    for path, page in sorted(site.pages.items()):
        failures += [f"{path}: <meta http-equiv=\"set-cookie\">" for m in page.iter("meta")
                     if (m.get("http-equiv") or "").lower() == "set-cookie"]
        failures += [f"{path}: an inline script writes a cookie" for s in page.iter("script")
                     if _COOKIE_WRITE.search(s.text() or "".join(c for c in s.children if isinstance(c, str)))]
    return failures


# Recorded decision: zero third-party requests. Nothing the browser loads by itself comes from another host.
_LOADED_BY_LINK = {"stylesheet", "preload", "preconnect", "dns-prefetch", "prefetch", "modulepreload", "icon",
                   "apple-touch-icon", "manifest"}
_CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])((?:[a-z][a-z0-9+.-]*:)?//[^'")\s]+)""", re.IGNORECASE)


def _other_host(url: str, own_hosts: tuple[str, ...]) -> bool:
    parts = urlsplit(url.strip())
    return bool(parts.netloc) and (parts.hostname or "") not in own_hosts


@check("third_party")
def check_third_party(site: SiteFacts) -> list[str]:
    failures = []
    for path, page in sorted(site.pages.items()):
        for element in page.iter():
            urls = [element.get("src") or "", element.get("data") or "", element.get("poster") or "",
                    *(element.get("srcset") or "").split(",")]
            if element.tag == "link" and _LOADED_BY_LINK & set((element.get("rel") or "").lower().split()):
                urls.append(element.get("href") or "")
            if element.tag == "form":
                urls.append(element.get("action") or "")
            failures += [f"{path}: <{element.tag}> loads {url.split()[0]}" for url in urls
                         if url.strip() and _other_host(url.split()[0], site.own_hosts)]
        for style in page.iter("style"):
            failures += [f"{path}: an inline style loads {url}" for url in _CSS_URL.findall(style.text())]
    for path, text in sorted(site.assets.items()):
        if path.endswith(".css"):
            failures += [f"{path}: loads {url}" for url in _CSS_URL.findall(text) if _other_host(url, site.own_hosts)]
    return failures


# Layout by style sheets, for every screen size (5.1.15): a viewport for mobile screens, the
# site's style sheets, and no presentational markup (layout tables, <font>, <center>, align=...).
_PRESENTATIONAL = {"font", "center", "marquee", "blink", "frameset", "frame"}
_PRESENTATIONAL_ATTRIBUTES = ("bgcolor", "valign", "background")


@check("responsive_layout")
def check_responsive_layout(site: SiteFacts) -> list[str]:
    failures = []
    for path, page in sorted(site.pages.items()):
        viewport = [m for m in page.iter("meta") if m.get("name") == "viewport"]
        if not any("width=device-width" in (m.get("content") or "") for m in viewport):
            failures.append(f"{path}: no <meta name=\"viewport\" content=\"width=device-width...\">")
        if not any("stylesheet" in (link.get("rel") or "").split() for link in page.iter("link")):
            failures.append(f"{path}: no style sheet")
        for element in _body(page).iter():
            if element.tag in _PRESENTATIONAL or any(a in element.attrs for a in _PRESENTATIONAL_ATTRIBUTES):
                failures.append(f"{path}: presentational markup <{element.tag}>")
                break
    return failures


# --- Running the checks and assembling the report ---------------------------------------------------

@dataclass(frozen=True)
class CheckResult:
    name: str
    failures: tuple[str, ...]
    pages: int  # pages examined

    @property
    def passed(self) -> bool:
        return not self.failures


def run_checks(site: SiteFacts, names: list[str] | None = None) -> dict[str, CheckResult]:
    return {name: CheckResult(name, tuple(dict.fromkeys(CHECKS[name](site))), len(site.pages))
            for name in sorted(names if names is not None else CHECKS)}


DECISION_CHECK = "third_party"  # the recorded decision "zero third-party requests" is checked by this


def parse_test_outcomes(data: Any) -> dict[str, dict[str, str]]:
    """The test suite's outcomes by checkpoint ({"5.2.17": {test id: "passed"|"failed"|"skipped"}}),
    validated: ValueError for anything else."""
    if not isinstance(data, dict):
        raise ValueError("the test results must map checkpoints to {test: outcome}")
    outcomes: dict[str, dict[str, str]] = {}
    for number, tests in data.items():
        if not isinstance(tests, dict) or any(o not in ("passed", "failed", "skipped") for o in tests.values()):
            raise ValueError(f"test results for {number!r}: expected {{test: passed|failed|skipped}}")
        outcomes[str(number)] = {str(k): str(v) for k, v in tests.items()}
    return outcomes


def checkpoint_status(checkpoint: Checkpoint, checks: Mapping[str, CheckResult],
                      tests: Mapping[str, str] | None) -> str:
    """pass, fail, not-run (covered by tests that did not run for this build) or office (no automated check)."""
    ran = [o for o in (tests or {}).values() if o != "skipped"]
    if any(not checks[name].passed for name in checkpoint.checks) or "failed" in ran:
        return "fail"
    if checkpoint.tests and not ran:
        return "not-run"
    if checkpoint.checks or ran:
        return "pass"
    return "office"


def report(register: list[Checkpoint], checks: Mapping[str, CheckResult],
           outcomes: Mapping[str, Mapping[str, str]] | None, language: str) -> dict[str, Any]:
    """The whole report as plain data (conformance.json): summary, every checkpoint, the office's to-do,
    the recorded decision, the static checks with their failures."""
    known = {c.number for c in register}
    if outcomes and (unknown := sorted(set(outcomes) - known, key=str)):
        raise ValueError(f"test results name checkpoints that GIGW 3.0 does not have: {unknown}")
    rows = []
    for checkpoint in register:
        tests = dict(sorted((outcomes or {}).get(checkpoint.number, {}).items()))
        rows.append({
            "number": checkpoint.number, "title": checkpoint.title, "words": checkpoint.words,
            "wcag": checkpoint.wcag or None,
            "status": checkpoint_status(checkpoint, checks, tests if outcomes is not None else None),
            "checks": {name: "pass" if checks[name].passed else "fail" for name in checkpoint.checks},
            "tests": tests if outcomes is not None else ("not-run" if checkpoint.tests else None),
            "office": checkpoint.office,
        })
    counts = {status: sum(1 for r in rows if r["status"] == status) for status in STATUSES}
    decision = checks.get(DECISION_CHECK)
    return {
        "guidelines": "GIGW 3.0",
        "language": language,
        "test_results": "included" if outcomes is not None else "not-run",
        "summary": {"checkpoints": len(rows), "checked": counts["pass"] + counts["fail"], "passed": counts["pass"],
                    "failed": counts["fail"], "not_run": counts["not-run"], "office_only": counts["office"],
                    "office_todo": sum(1 for r in rows if r["office"])},
        "checkpoints": rows,
        "decisions": [{"id": "zero-third-party-requests",
                       "check": DECISION_CHECK,
                       "status": "pass" if decision is not None and decision.passed else "fail"}],
        "static_checks": {name: {"pages": result.pages, "status": "pass" if result.passed else "fail",
                                 "failures": list(result.failures)} for name, result in sorted(checks.items())},
    }


def report_json(data: Mapping[str, Any]) -> str:
    """conformance.json: sorted keys, two-space indent, a final newline; byte-identical for the same report."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def summary_line(data: Mapping[str, Any]) -> str:
    s = data["summary"]
    return (f"GIGW 3.0 ({data['language']}): {s['checkpoints']} checkpoints, {s['checked']} checked: "
            f"{s['passed']} passed, {s['failed']} failed; {s['not_run']} not run; "
            f"{s['office_todo']} on the office's to-do ({s['office_only']} for the office alone)")
