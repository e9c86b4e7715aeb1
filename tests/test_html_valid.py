"""The built site's HTML, both languages: valid by the Nu HTML Checker, and no broken internal link.

- vnu: ``vnu.jar`` from the npm package ``vnu-jar`` (pinned in package-lock.json, installed by
  ``make node_modules``), run with the machine's Java, once for every page of the demo build (the
  JVM takes seconds to start). Every error and warning it reports must match an entry of
  ``ALLOWED``: a message pattern, a file pattern and the reason it is not ours to fix or not a
  defect. Entries nothing matches any more are stale and fail too, so the list only shrinks.
  Messages caused by our own templates (``overrides/``) or hooks are never allowed: fix them.
- Links: every internal ``href`` and ``src`` of every page resolves to a file of the build (a
  directory URL to its ``index.html``) and every ``#fragment`` to an ``id`` of the target page.

Both have negative controls, so that neither can pass by checking nothing.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from conftest import REPO

VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL_JAR = "make node_modules   (that is: npm ci --no-audit --no-fund, from package-lock.json)"
INSTALL_JAVA = "sudo apt-get update && sudo apt-get install -y openjdk-17-jre-headless"
VNU_TIMEOUT = 600  # seconds; about 30 s for the demo site's 62 pages on 2 cores

# Schemes of links that leave the site; they are not checked here (no network in the tests).
EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel"}


@dataclass(frozen=True)
class Allowed:
    """A vnu message we accept, where, and why. ``message`` and ``file`` must match in full;
    ``extract`` (vnu's excerpt of the source around the problem), when given, must be found in it."""

    message: str  # regular expression, full match, over vnu's message text
    file: str  # regular expression, full match, over the page's path in the site ("hi/budget/index.html")
    reason: str
    extract: str = ""  # regular expression, searched in vnu's extract

    def matches(self, message: VnuMessage) -> bool:
        return bool(re.fullmatch(self.message, message.text, re.DOTALL)
                    and re.fullmatch(self.file, message.file)
                    and re.search(self.extract, message.extract))


# Each entry: Material's markup or a limit of the checker, never our templates or hooks.
ALLOWED: tuple[Allowed, ...] = (
    Allowed(
        message=r"Bad value “” for attribute “tabindex” on element “label”: The empty string is not a valid integer\.",
        file=r".*\.html",
        extract=r'<label class="md-nav__link" for="__nav_[0-9_]+" id="__nav_[0-9_]+_label" tabindex="">',
        reason="Material 9.8 partials/nav-item.html writes tabindex=\"{{ tabindex }}\" but sets the variable only "
               "for items that are not sections, so every section label (navigation.sections) gets tabindex=\"\". "
               "Browsers ignore an invalid tabindex, which is the behaviour Material wants; not in overrides/.",
    ),
    Allowed(
        message=r"Attribute “autocomplete” is only allowed when the input type is .*",
        file=r".*\.html",
        extract=r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" '
                r'id="__(drawer|search)" autocomplete="off">',
        reason="Material 9.8 base.html: the hidden checkboxes holding the drawer and search state carry "
               "autocomplete=\"off\" so that Firefox does not restore them as checked on back/forward; HTML "
               "allows the attribute only on text-like inputs. Harmless, and not in overrides/.",
    ),
    Allowed(
        # The suggested text is the NFC form: ढ़ as ढ + nukta (U+0922 U+093C).
        message="Text run is not in Unicode Normalization Form C\\. Should instead be “\\s*"
                "\u0935\u093f\u0937\u092f \u092a\u0930 \u092c\u0922\u093c(\u0947\u0902)?\\s*”\\..*",
        file=r"hi/.*\.html",
        reason="Material 9.8 partials/languages/hi.html spells the skip link's text (action.skip, \"विषय पर बढ़ें\") "
               "with U+095D, a precomposed letter that NFC always decomposes; the link appears only on pages "
               "whose table of contents has an entry. Upstream text; it renders the same.",
    ),
    Allowed(
        message=r"Resource violates Content Security Policy \(meta tag\): external (stylesheet|script) "
                r"“((\.\./)*|(/[\w-]+)*/)assets/[^”:]+” blocked by “(style|script)-src” directive\.",
        file=r".*\.html",
        reason="A limit of checking files: vnu reads each page from a file: URL, which has no origin, so the "
               "policy's 'self' matches nothing and every own stylesheet and script looks blocked. Only the "
               "site's own assets/ by relative path, or by root path from a language tree (the 404 pages: "
               "/hi/assets/...), are allowed; over http the browser tests (test_csp.py) "
               "load the same pages with zero violations.",
    ),
    Allowed(
        message=r"Inline script violates Content Security Policy \(meta tag\): blocked by “script-src” directive "
                r"\(missing “‘unsafe-inline’” or nonce/hash\)\.",
        file=r".*\.html",
        extract=r'<script (id="__config" )?type="application/json">',
        reason="A limit of the checker: vnu applies script-src to data blocks (Material's __config and our charts' "
               "JSON islands), which browsers never execute, so no policy applies to them. Executable inline "
               "scripts are hash-checked by vnu and pass (the negative control below shows it reports one "
               "without a hash).",
    ),
)


@dataclass(frozen=True)
class VnuMessage:
    kind: str  # "error", "warning" (vnu: info with subType warning), "info", or "non-document-error"
    text: str
    file: str  # path in the site, or the control file's name
    line: int | None
    extract: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.kind}: {self.text}\n    {self.extract.strip()!r}"


def allowed_by(message: VnuMessage) -> Allowed | None:
    return next((entry for entry in ALLOWED if entry.matches(message)), None)


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def run_vnu(files: list[Path], roots: list[Path]) -> list[VnuMessage]:
    """One java invocation over all ``files``; each message's file relative to the first root containing it."""
    java = shutil.which("java")
    if java is None:
        pytest.fail(f"The HTML check needs Java 11 or newer on PATH. Install it with:\n  {INSTALL_JAVA}", pytrace=False)
    if not VNU_JAR.is_file():
        pytest.fail(f"The HTML check needs {VNU_JAR.relative_to(REPO)}. Install it with:\n  {INSTALL_JAR}",
                    pytrace=False)
    command = [java, "-jar", str(VNU_JAR), "--format", "json", "--skip-non-html", *map(str, files)]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=VNU_TIMEOUT, check=False)
    try:
        report = json.loads(completed.stderr)  # vnu writes its report to stderr; exit 1 when it found errors
    except json.JSONDecodeError:
        pytest.fail(f"vnu did not report in JSON (exit {completed.returncode}):\n{completed.stderr[-3000:]}",
                    pytrace=False)
    return [_message(raw, roots) for raw in report["messages"]]


def _message(raw: dict[str, Any], roots: list[Path]) -> VnuMessage:
    path = Path(unquote(urlsplit(raw.get("url", "")).path))
    root = next((root for root in roots if path.is_relative_to(root)), path.parent)
    kind = "warning" if raw["type"] == "info" and raw.get("subType") == "warning" else raw["type"]
    return VnuMessage(kind, raw.get("message", ""), path.relative_to(root).as_posix(),
                      raw.get("lastLine"), raw.get("extract", ""))


# A page with problems vnu must report and ALLOWED must not excuse: an executable inline script
# without a hash, a script from another host, a misnested element, an invalid tabindex elsewhere.
CONTROL_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="script-src 'self'">
<title>control</title>
</head>
<body>
<script>document.title = "ran";</script>
<script src="https://cdn.example.com/x.js"></script>
<div><span tabindex="">x</div>
</body>
</html>
"""
CONTROL_EXPECTED = ("Inline script violates Content Security Policy", "external script “https://cdn.example.com/x.js”",
                    "End tag “div” seen", "Bad value “” for attribute “tabindex” on element “span”")


@pytest.fixture(scope="session")
def vnu_report(demo_site: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[list[VnuMessage], list[VnuMessage]]:
    """vnu's messages for every page of the demo site, and for the control page, from one java run."""
    control_dir = tmp_path_factory.mktemp("vnu-control")
    control = control_dir / "control.html"
    control.write_text(CONTROL_PAGE, encoding="utf-8")
    pages = html_files(demo_site.site)
    assert any(p.relative_to(demo_site.site).parts[0] == "hi" for p in pages), "no Hindi pages in the build"
    messages = run_vnu([*pages, control], [demo_site.site, control_dir])
    site_messages = [m for m in messages if m.file != "control.html"]
    return site_messages, [m for m in messages if m.file == "control.html"]


@pytest.mark.gigw("5.2.48")
def test_5_2_48_every_vnu_error_and_warning_is_allowed(vnu_report: tuple[list[VnuMessage], list[VnuMessage]]) -> None:
    site_messages, _ = vnu_report
    unexplained = [m for m in site_messages if m.kind != "info" and allowed_by(m) is None]
    assert not unexplained, (f"{len(unexplained)} vnu message(s) not in ALLOWED (fix the page, or allow it with its "
                             "reason if it is not ours):\n" + "\n".join(map(str, unexplained[:40])))


def test_no_allow_list_entry_is_stale(vnu_report: tuple[list[VnuMessage], list[VnuMessage]]) -> None:
    site_messages, _ = vnu_report
    used = {allowed_by(m) for m in site_messages}
    stale = [entry.message for entry in ALLOWED if entry not in used]
    assert not stale, "ALLOWED entries that match no message any more (remove them):\n" + "\n".join(stale)


def test_vnu_reports_real_problems_and_the_allow_list_keeps_them(
        vnu_report: tuple[list[VnuMessage], list[VnuMessage]]) -> None:
    _, control_messages = vnu_report
    texts = [m.text for m in control_messages]
    for expected in CONTROL_EXPECTED:
        found = [m for m in control_messages if expected in m.text]
        assert found, f"vnu did not report {expected!r} on the control page; it reported:\n" + "\n".join(texts)
        assert all(allowed_by(m) is None for m in found), f"ALLOWED excuses a real problem: {expected!r}"


# --- links --------------------------------------------------------------------------------------------


class _PageParser(HTMLParser):
    """The ids of one page and every href/src in it (data-* attributes are scripts' business, not links)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.urls: list[tuple[int, str]] = []  # (line, URL)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            elif name in ("href", "src"):
                self.urls.append((self.getpos()[0], value))

    handle_startendtag = handle_starttag


@cache
def _parse(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


@dataclass(frozen=True)
class BrokenLink:
    page: str
    line: int
    url: str
    problem: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.url!r}: {self.problem}"


def internal_links(site: Path) -> Iterator[tuple[Path, int, str]]:
    """(page, line, URL) for every internal href/src of every page; external and bare "#" left out."""
    for page in html_files(site):
        for line, url in _parse(page).urls:
            parts = urlsplit(url.strip())
            if url.strip() == "#" or parts.scheme in EXTERNAL_SCHEMES or parts.netloc:
                continue
            yield page, line, url


def check_link(site: Path, page: Path, url: str) -> str | None:
    """What is wrong with ``url`` on ``page``, or None: its file exists and its fragment is an id there."""
    parts = urlsplit(url.strip())
    if parts.scheme:
        return f"unexpected scheme {parts.scheme}:"
    path = unquote(parts.path)
    here = page.relative_to(site).as_posix()
    if not path:
        target = here
    else:
        joined = path.lstrip("/") if path.startswith("/") else posixpath.join(posixpath.dirname(here), path)
        target = posixpath.normpath(joined) if joined else "."
        if target == ".." or target.startswith("../"):
            return "leaves the site"
        if path.endswith("/") or (site / target).is_dir():
            target = posixpath.join(target, "index.html") if target != "." else "index.html"
    file = site / target
    if not file.is_file():
        return f"no file {target}"
    if parts.fragment and file.suffix == ".html":
        fragment = unquote(parts.fragment)
        if fragment not in _parse(file).ids:
            return f"no id {fragment!r} in {target}"
    return None


@dataclass(frozen=True)
class SiteLayout:
    """Where each language's tree sits in the build, and the version alias of the published site."""

    language_roots: tuple[str, ...]  # "" for the default language, then "hi" ...
    version_alias: str  # extra.version.default: the folder beside each published cycle ("latest")

    @classmethod
    def of(cls, project: Path) -> SiteLayout:
        extra = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8")).get("extra", {})
        roots = sorted((str(lang.get("path", "")).strip("/") for lang in extra.get("languages", [])),
                       key=len, reverse=True)
        alias = (extra.get("version") or {}).get("default") or "latest"
        return cls(tuple(roots), alias if isinstance(alias, str) else alias[0])

    def is_version_alias(self, site: Path, page: Path, url: str) -> bool:
        """A link from a page to its language tree's sibling ``../latest/``: it exists only in the published
        layout (mike: ``[hi/]<cycle>/`` beside ``[hi/]latest/``), e.g. partials/cycle.html's archive banner."""
        here = page.relative_to(site).as_posix()
        root = next(r for r in self.language_roots if not r or here.startswith(r + "/"))
        inside = here.removeprefix(root + "/") if root else here
        path = unquote(urlsplit(url.strip()).path)
        if not path or path.startswith("/"):
            return False
        return posixpath.normpath(posixpath.join(posixpath.dirname(inside), path)) == f"../{self.version_alias}"


def broken_links(site: Path, layout: SiteLayout) -> list[BrokenLink]:
    found = []
    for page, line, url in internal_links(site):
        if layout.is_version_alias(site, page, url):
            continue
        problem = check_link(site, page, url)
        if problem:
            found.append(BrokenLink(page.relative_to(site).as_posix(), line, url, problem))
    return found


@pytest.mark.gigw("5.4.7")
def test_5_4_7_every_internal_link_and_anchor_resolves(demo_site: Any) -> None:
    site = demo_site.site
    layout = SiteLayout.of(demo_site.root)
    assert layout.language_roots == ("hi", ""), layout  # the languages this test counts links in
    checked = {"en": 0, "hi": 0}
    for page, _, _ in internal_links(site):
        checked["hi" if page.relative_to(site).parts[0] == "hi" else "en"] += 1
    assert all(count > 500 for count in checked.values()), f"too few links checked: {checked}"
    broken = broken_links(site, layout)
    assert not broken, f"{len(broken)} broken internal link(s):\n" + "\n".join(map(str, broken))


@pytest.mark.gigw("5.4.7")
def test_5_4_7_the_link_checker_finds_broken_links(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">x</h2> <a href="../../latest/">alias</a>',
                                               encoding="utf-8")
    (tmp_path / "style.css").write_text("", encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a> <a href="a/#here">ok</a> <a href="#top" id="top">ok</a> <a href="#">ok</a>'
        '<link href="style.css"> <a href="https://example.org/x">ok</a> <a href="mailto:x@example.org">ok</a>'
        '<a data-href="nowhere/">ok</a> <a href="../latest/">alias</a>'
        '<a href="b/">no file</a> <a href="a/#there">no id</a> <img src="img.png"> <a href="#gone">no id</a>'
        '<a href="../up/">outside</a> <a href="javascript:alert(1)">scheme</a>', encoding="utf-8")
    broken = {link.url: link.problem for link in broken_links(tmp_path, SiteLayout(("",), "latest"))}
    assert broken == {
        "b/": "no file b/index.html", "a/#there": "no id 'there' in a/index.html", "img.png": "no file img.png",
        "#gone": "no id 'gone' in index.html", "../up/": "leaves the site",
        "javascript:alert(1)": "unexpected scheme javascript:",
    }
