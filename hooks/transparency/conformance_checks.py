"""The static GIGW 3.0 checks: pure functions over one language's built pages.

Each check takes ``SiteFacts`` (the parsed pages, file sizes, style sheets and scripts, and a few
facts of the build such as the Government's name as the footer writes it) and returns its
failures, each starting with the page it concerns ("help/index.html: table 1 has no caption");
an empty list passes. Which checkpoints each check serves is written in the register
(``gigw.yml``), never here. Plain Python: no MkDocs.
"""

from __future__ import annotations

import itertools
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from .html_tree import Element
from .links import EXTERNAL_CLASS, is_external
from .policies import POLICY_SECTIONS
from .safety import placeholder


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


# Every form control has a label: aria-label, aria-labelledby, a title, or a <label> (5.2.45). The
# theme's state toggles (class md-toggle: the drawer, the search, the navigation's sections) are
# never shown (display: none) and take no input from readers.
_LABELLED_BY_ATTRIBUTE = ("aria-label", "aria-labelledby", "title")
_THEME_TOGGLE = "md-toggle"


@check("form_labels")
def check_form_labels(site: SiteFacts) -> list[str]:
    failures = []
    for path, page in sorted(site.pages.items()):
        label_for = {label.get("for") for label in page.iter("label") if label.get("for")}
        for control in page.iter("input", "select", "textarea"):
            if control.tag == "input" and (control.get("type") in ("hidden", "submit", "reset", "button", "image")
                                           or _THEME_TOGGLE in control.classes()):
                continue
            labelled = (any((control.get(a) or "").strip() for a in _LABELLED_BY_ATTRIBUTE)
                        or control.get("id") in label_for
                        or any(a.tag == "label" for a in control.ancestors()))
            if not labelled:
                failures.append(f"{path}: <{control.tag} name={control.get('name')!r}> has no label")
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
_URL_ATTRIBUTES = frozenset({"src", "data", "poster", "srcset"})
_CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])((?:[a-z][a-z0-9+.-]*:)?//[^'")\s]+)""", re.IGNORECASE)


def _other_host(url: str, own_hosts: tuple[str, ...]) -> bool:
    parts = urlsplit(url.strip())
    return bool(parts.netloc) and (parts.hostname or "") not in own_hosts


@check("third_party")
def check_third_party(site: SiteFacts) -> list[str]:
    failures = []
    for path, page in sorted(site.pages.items()):
        for element in page.iter():
            if element.tag not in ("link", "form") and _URL_ATTRIBUTES.isdisjoint(element.attrs):
                continue  # most elements: nothing to load
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
_PRESENTATIONAL_ATTRIBUTES = frozenset({"bgcolor", "valign", "background"})


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
            if element.tag in _PRESENTATIONAL or not _PRESENTATIONAL_ATTRIBUTES.isdisjoint(element.attrs):
                failures.append(f"{path}: presentational markup <{element.tag}>")
                break
    return failures


# --- Running them ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CheckResult:
    """One check's outcome on one language's site."""

    name: str
    failures: tuple[str, ...]
    pages: int  # pages examined

    @property
    def passed(self) -> bool:
        return not self.failures


def run_checks(site: SiteFacts, names: list[str] | None = None) -> dict[str, CheckResult]:
    """Every check (or those named), by name; a failure reported twice on a page is listed once."""
    return {name: CheckResult(name, tuple(dict.fromkeys(CHECKS[name](site))), len(site.pages))
            for name in sorted(names if names is not None else CHECKS)}
