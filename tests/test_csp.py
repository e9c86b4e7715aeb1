"""The Content-Security-Policy every page carries: the pure functions, the built pages, the browser.

In the browser the policy must hold as shipped (a ``<meta>`` element) and as a response header,
with zero violations; and it must really block an injected inline script (the negative control).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_harness import HINDI_PAGES, PAGES, THEME_SCRIPTS_RAN, PageVisits, SiteServer, open_page
from playwright.sync_api import Browser
from transparency import csp
from transparency.csp import (
    add_policy,
    build_policy,
    inline_scripts,
    insert_policy_meta,
    is_executable_script,
    read_policy,
    script_hash,
)

pytest_plugins = ("browser_harness",)

EMPTY_SHA256 = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"  # SHA-256 of no bytes
PAGE = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>t</title>
    <script>var a = 1;</script>
    <script src="x.js"></script>
  </head>
  <body>
    <script type="application/json" id="data">{"a": 1}</script>
    <!-- <script>commented()</script> -->
    <script type="module">import "./m.js";</script>
    <script>var a = 1;</script>
  </body>
</html>
"""


def _directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        assert name not in parsed, f"{name} appears twice in {policy!r}"
        parsed[name] = values
    return parsed


# --- pure functions ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("attrs", "executed"), [
    ({}, True),
    ({"type": ""}, True),
    ({"type": "text/javascript"}, True),
    ({"type": " Text/JavaScript ; charset=utf-8"}, True),
    ({"type": "application/javascript"}, True),
    ({"type": "module"}, True),
    ({"type": "importmap"}, True),
    ({"language": "javascript"}, True),
    ({"type": "application/json"}, False),
    ({"type": "application/ld+json"}, False),
    ({"type": "text/plain"}, False),
    ({"language": "vbscript"}, False),
])
def test_which_scripts_run(attrs: dict[str, str | None], executed: bool) -> None:
    assert is_executable_script(attrs) is executed


def test_inline_scripts_are_found_in_document_order() -> None:
    assert inline_scripts(PAGE) == ["var a = 1;", 'import "./m.js";', "var a = 1;"]


def test_script_text_is_hashed_as_the_browser_reads_it() -> None:
    assert script_hash("") == EMPTY_SHA256
    # HTML turns CR LF and lone CR into LF before the script is hashed; entities stay as written.
    crlf = "<html><head><script>a\r\nb\rc &amp;</script></head></html>"
    assert inline_scripts(crlf) == ["a\nb\nc &amp;"]
    assert script_hash("a\nb") != script_hash("a\r\nb")
    # Markup inside script text is text: kept verbatim up to the real end tag.
    markup = '<head><script>x = "<b>" + "</div>" + "<!-- -->";</script></head>'
    assert inline_scripts(markup) == ['x = "<b>" + "</div>" + "<!-- -->";']


def test_policy_is_strict_and_lists_each_hash_once() -> None:
    policy = build_policy(["'sha256-B='", "'sha256-A='", "'sha256-B='"])
    directives = _directives(policy)
    assert directives["script-src"] == ["'self'", "'sha256-B='", "'sha256-A='"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]  # plotly.js sets inline styles
    assert directives["img-src"] == ["'self'", "data:", "blob:"]  # plotly.js draws into data:/blob: images
    assert "'unsafe-eval'" not in policy and "'strict-dynamic'" not in policy
    for ignored_in_meta in ("frame-ancestors", "report-uri", "sandbox"):
        assert ignored_in_meta not in directives


def test_meta_goes_right_after_the_charset_and_allows_the_pages_scripts() -> None:
    page = add_policy(PAGE)
    head = page[page.index("<head>"):]
    charset, csp = re.findall(r"<meta[^>]*>", head)[:2]
    assert charset == '<meta charset="utf-8">'
    assert csp.startswith('<meta http-equiv="Content-Security-Policy" content="default-src')
    policy, without = read_policy(page)
    assert policy is not None
    assert _directives(policy)["script-src"] == ["'self'", script_hash("var a = 1;"), script_hash('import "./m.js";')]
    assert re.sub(r"\n\s*\n", "\n", without) == re.sub(r"\n\s*\n", "\n", PAGE)
    assert add_policy(PAGE) == page, "same page, same output"


def test_meta_goes_first_in_a_head_without_charset() -> None:
    page = insert_policy_meta('<html><head data-x="1"><title>t</title></head></html>', "default-src 'self'")
    assert page.startswith("<html><head data-x=\"1\">\n  <meta http-equiv=\"Content-Security-Policy\" "
                           "content=\"default-src 'self'\"><title>")


@pytest.mark.parametrize(("page", "message"), [
    ("<p>no head</p>", "no <head>"),
    ('<head><meta http-equiv="content-security-policy" content="x"></head>', "already declares"),
])
def test_pages_that_cannot_carry_the_policy_are_refused(page: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        add_policy(page)


# --- the fast scan agrees with the full HTML parser ---------------------------------------------------

NAV = '<li class="md-nav__item">'  # where the fast scan cuts a page into pieces it remembers


def _full(page: str) -> csp._Findings:
    full = csp._FullScanner(page)
    return csp._Findings(full.scripts, full.head, full.charset_meta, full.policy_metas)


def _page(body: str, head: str = "") -> str:
    return f'<!doctype html>\n<html><head><meta charset="utf-8">{head}<title>t</title></head><body>{body}</body></html>'


# Pages the fast scan reads itself: its findings (scripts, head, charset, policy metas) are the parser's.
@pytest.mark.parametrize("page", [
    PAGE.replace("<!-- <script>commented()</script> -->", "<!-- a comment -->"),
    _page('<script>if (a << 2 > b) {x = "<b>"}</script><ul>' + NAV + 'x</li>' + NAV + 'y</li></ul>'),
    _page('<!--! comment - with single dashes --><svg><path d="M0 0"/></svg><SCRIPT TYPE="MODULE">m()</SCRIPT>'),
    _page('<p title="a &amp; b" data-x=\'1\' hidden>t &lt;script&gt;</p><script src="s.js"></script>'),
    _page("<p>x</p>", head='<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'),
    _page("", head='<script type="application/json">{"a": "\\u003c/script\\u003e"}</script><script>b()</script>'),
    _page("<script>a='" + NAV + "x" + NAV + "y'</script>"),  # pieces inside a script are not plain
], ids=["reference", "nav-and-script", "comment-svg-upper", "escaped-text", "policy-meta", "json-island",
        "pieces-in-script"])
def test_fast_scan_finds_what_the_parser_finds(page: str) -> None:
    fast = csp._fast_scan(page)
    assert fast is not None, "the fast scan should read this page itself"
    assert fast == _full(page)
    assert csp._fast_scan(page) == fast, "the second time (pieces remembered) the same"


# Pages outside the subset it reads: it declines, and the full parser's findings are used.
@pytest.mark.parametrize("page", [
    _page('<p title="<script>evil()</script>">x</p>'),  # markup in an attribute value
    _page('<a href=x<script>evil()</script>>x</a>'),  # markup in an unquoted attribute value
    PAGE,  # a comment with markup in it
    _page("<!----><script>a()</script>"),
    _page("<textarea><script>not()</script></textarea>"),
    _page("<noscript><script>n()</script></noscript>"),
    _page("<title><script>t()</script></title>"),
    _page('<script>x = "</div>"</script>'),  # '</' in script text: versions of the parser differ
    _page("<script/>a()</script>"),
    _page("<meta\u00a0http-equiv=content-security-policy content=x>"),  # a no-break space is no separator
    _page("<p>1 < 2</p><script>b()</script>"),
    _page("<![CDATA[<script>c()</script>]]>"),
    _page("<?php <script>p()</script> ?>"),
])
def test_fast_scan_declines_what_it_does_not_read(page: str) -> None:
    assert csp._fast_scan(page) is None
    assert csp._scan(page) == _full(page)
    assert inline_scripts(page) == _full(page).scripts


# A piece remembered as plain in one page is not taken for plain where it lies inside a script.
def test_remembered_pieces_do_not_hide_scripts() -> None:
    plain = _page("<ul>" + NAV + "x" + NAV + "y</li></ul>")
    hiding = _page("<script>a='" + NAV + "x" + NAV + "y</li></ul>'; b()</script>".replace("</li></ul>", ""))
    assert csp._fast_scan(plain) == _full(plain)
    assert csp._fast_scan(hiding) == _full(hiding)
    assert _full(hiding).scripts == ["a='" + NAV + "x" + NAV + "y'; b()"]


# --- the built site ----------------------------------------------------------------------------------


def _html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# Each page, 404 included, has one policy, first after <meta charset>, allowing exactly its own scripts.
@pytest.mark.gigw("5.3.1")
def test_every_built_page_carries_its_policy(demo_site) -> None:
    files = _html_files(demo_site.site)
    assert demo_site.site / "404.html" in files
    for file in files:
        text = file.read_text(encoding="utf-8")
        policy, _ = read_policy(text)
        assert policy is not None, f"{file}: no Content-Security-Policy <meta>"
        head = text[text.index("<head>"):text.index("</head>")]
        first_two = re.findall(r"<(?:meta|link|script|style|title|base)\b[^>]*>", head)[:2]
        assert first_two[0].startswith("<meta charset="), f"{file}: {first_two}"
        assert first_two[1].startswith('<meta http-equiv="Content-Security-Policy"'), f"{file}: {first_two}"
        script_src = _directives(policy)["script-src"]
        assert script_src[0] == "'self'" and "'unsafe-inline'" not in script_src, f"{file}: {script_src}"
        assert set(script_src[1:]) == {script_hash(s) for s in inline_scripts(text)}, file


# --- in the browser ----------------------------------------------------------------------------------

INJECTED = "<script>window.__xss=1</script>"


# As shipped: the page's own <meta> policy is in force, its hashed scripts run, nothing is blocked.
# (The same load, in the light palette, is checked for accessibility in test_browser_pages.py.)
@pytest.mark.gigw("5.3.1")
@pytest.mark.browser
@pytest.mark.parametrize("path", [*PAGES.values(), *HINDI_PAGES.values()], ids=[*PAGES, *HINDI_PAGES])
def test_shipped_meta_policy_holds(shipped_pages: PageVisits, path: str) -> None:
    visit = shipped_pages(path)
    assert len(visit.policy_metas) == 1, f"{path}: {len(visit.policy_metas)} policy <meta> elements"
    assert visit.policy_metas[0].startswith("default-src 'self'; script-src 'self' 'sha256-"), visit.policy_metas
    assert visit.theme_scripts_ran, f"{path}: the theme's hashed inline scripts did not run"
    log = visit.log
    assert log.csp_violations == [] and log.csp_messages == [], f"{path}:\n{log.report()}"
    assert log.console_errors == [] and log.page_errors == [], f"{path}:\n{log.report()}"


@pytest.mark.gigw("5.3.1")
@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_policy_as_response_header_holds(chromium: Browser, header_site_server: SiteServer, path: str) -> None:
    with open_page(chromium, header_site_server.url(path)) as (page, log):
        response = page.request.get(header_site_server.url(path))
        header = response.headers.get("content-security-policy", "")
        assert header.startswith("default-src 'self'; script-src 'self' 'sha256-"), f"{path}: header {header!r}"
        assert page.locator("meta[http-equiv='Content-Security-Policy']").count() == 0, "only the header applies"
        assert page.evaluate(THEME_SCRIPTS_RAN), f"{path}: the theme's hashed inline scripts did not run"
        assert log.problems() == [], f"{path}:\n{log.report()}"


# Negative control: an inline script the build did not hash is blocked and reported, so the checks
# above can fail.
@pytest.mark.gigw("5.3.1")
@pytest.mark.browser
@pytest.mark.parametrize("delivery", ["meta", "header"])
def test_an_injected_inline_script_is_blocked(chromium: Browser, site_server: SiteServer,
                                              header_site_server: SiteServer, delivery: str) -> None:
    server = site_server if delivery == "meta" else header_site_server
    inject = lambda html: html.replace("</body>", f"{INJECTED}</body>", 1)  # noqa: E731
    with open_page(chromium, server.url(PAGES["budget"]), rewrite_html=inject) as (page, log):
        injected = "[...document.scripts].filter((s) => s.textContent === 'window.__xss=1').length"
        assert page.evaluate(injected) == 1, "the injection did not reach the page"
        assert page.evaluate("typeof window.__xss") == "undefined", "the injected script ran"
        blocked = [v for v in log.csp_violations if v["directive"] == "script-src-elem" and v["blocked"] == "inline"]
        assert len(blocked) == 1, log.report()
        assert page.evaluate(THEME_SCRIPTS_RAN), "the theme's own scripts must still run"
