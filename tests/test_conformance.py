"""The GIGW 3.0 conformance report: the register of 88 checkpoints, every static check (a page that
passes and one that fails), the report's statuses, the pytest plugin, and whole builds: the page and
conformance.json in both languages, byte-identical across builds, and a broken page failing its
checkpoint in the report and the strict build."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from conformance_plugin import GigwRecorder
from conftest import REPO, BuildResult, copy_project, edit, run_build
from transparency import conformance as gigw
from transparency import conformance_checks as checking
from transparency.html_tree import parse_html

# --- The register ------------------------------------------------------------------------------------


def test_register_has_the_88_checkpoints_of_gigw_3_0_in_order() -> None:
    register = gigw.load_register()
    assert len(register) == 88
    counts = {group: sum(1 for c in register if c.group == group) for group in gigw.GROUPS}
    assert counts == {"5.1": 25, "5.2": 50, "5.3": 3, "5.4": 10}
    assert [c.number for c in register][:3] == ["5.1.1", "5.1.2", "5.1.3"]
    assert register[-1].number == "5.4.10"
    # 5.2.x are the WCAG 2.1 A and AA criteria in WCAG order: 30 at level A, 20 at AA.
    wcag = [c.wcag for c in register if c.group == "5.2"]
    assert sum(w.endswith(" A") for w in wcag) == 30 and sum(w.endswith(" AA") for w in wcag) == 20
    assert wcag[0] == "1.1.1 A" and wcag[16] == "1.4.10 AA" and wcag[26] == "2.4.1 A" and wcag[-1] == "4.1.3 AA"
    criteria = [tuple(int(p) for p in w.split()[0].split(".")) for w in wcag]
    assert criteria == sorted(criteria)


def test_every_static_check_is_used() -> None:
    used = {name for c in gigw.load_register() for name in c.checks} | {gigw.DECISION_CHECK}
    assert used == set(checking.CHECKS)


def _register_with(tmp_path: Path, change: Callable[[list[dict]], None]) -> Path:
    data = yaml.safe_load(gigw.REGISTER.read_text(encoding="utf-8"))
    change(data["checkpoints"])
    path = tmp_path / "gigw.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(("change", "message"), [
    (lambda cps: cps.pop(30), r"missing \['5\.2\.6'\]"),
    (lambda cps: cps[0].update(number="5.1.26"), r"unexpected \['5\.1\.26'\]"),
    (lambda cps: cps[0].update(checks=["no_such_check"]), r"5\.1\.1.*checks \['no_such_check'\]"),
    (lambda cps: cps[0].pop("office"), r"5\.1\.1.*not covered"),
    (lambda cps: cps[30].pop("wcag"), r"5\.2\.6.*'wcag' must be set"),
    (lambda cps: cps[1].update(words=""), r"5\.1\.2.*'words' must be non-empty"),
    (lambda cps: cps[1].update(colour="red"), r"unknown field"),
])
def test_a_broken_register_is_refused(tmp_path: Path, change: Callable[[list[dict]], None], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        gigw.load_register(_register_with(tmp_path, change))


def _marked_checkpoints() -> dict[str, set[str]]:
    """Checkpoint -> test files that name it in @pytest.mark.gigw(...), read from the test sources."""
    found: dict[str, set[str]] = {}
    for path in sorted((REPO / "tests").glob("test_*.py")):
        source = path.read_text(encoding="utf-8")
        for args in re.findall(r"@pytest\.mark\.gigw\(([^)]*)\)", source):
            names = re.findall(r'"(5\.\d+\.\d+)"', args)
            if "AXE_CHECKPOINTS" in args:
                tuple_source = re.search(r"AXE_CHECKPOINTS = \(([^)]*)\)", source).group(1)
                names += re.findall(r'"(5\.\d+\.\d+)"', tuple_source)
            for name in names:
                found.setdefault(name, set()).add(path.name)
    return found


def test_every_checkpoint_the_register_gives_to_tests_has_a_marked_test() -> None:
    marked = _marked_checkpoints()
    register = gigw.load_register()
    assert sorted(set(marked) - {c.number for c in register}) == [], "markers name unknown checkpoints"
    missing = [c.number for c in register if c.tests and c.number not in marked]
    assert missing == [], f"the register says tests check {missing}, but no test is marked with them"


# --- The static checks: a page that passes and one that fails, for each ----------------------------

GOOD_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="description" content="A page."><meta name="keywords" content="a, b">
<title>{title}</title><link rel="stylesheet" href="assets/site.css"></head>
<body>
<a class="plan-skip" href="#main-content">Skip to main content</a>
<header><form><input type="text" name="query" aria-label="Search"></form>
<a href="hi/" hreflang="hi" lang="hi">हिन्दी</a></header>
<main><div id="main-content"></div><h1>{title}</h1><h2>Part</h2>{body}</main>
<footer><nav><a href="/website-policies/" data-plan-footer="policy">Policies</a>
<a href="/sitemap/" data-plan-footer="sitemap">Sitemap</a><a href="/help/" data-plan-footer="help">Help</a>
<a href="/feedback/" data-plan-footer="feedback">Feedback</a><a href="/contact/" data-plan-footer="contact">Contact</a>
<a href="/about/" data-plan-footer="about">About</a></nav>
<p>This website belongs to the Office, Government of India.</p>
<p>Last updated: <time datetime="2026-11-25">25 November 2026</time></p></footer>
</body></html>"""

FOOTER_PAGES = ["website-policies/index.html", "sitemap/index.html", "help/index.html", "feedback/index.html",
                "contact/index.html", "about/index.html"]


def _site(pages: dict[str, str], **facts) -> checking.SiteFacts:
    """A site with the footer's pages, the given pages (``{title}``/``{body}`` filled in) and files."""
    html = {path: GOOD_PAGE.format(title=f"Page {path}", body="") for path in FOOTER_PAGES}
    html["index.html"] = GOOD_PAGE.format(title="Plan | Office, Government of India", body=(
        '<a href="https://www.india.gov.in/" target="_blank" class="plan-external">National Portal '
        "(external website, opens in a new window)</a>"))
    html["sitemap/index.html"] = GOOD_PAGE.format(title="Sitemap", body=(
        "<ul><li>Section<ul><li><a href='../'>Home</a></li></ul></li></ul>"))
    html["website-policies/index.html"] = GOOD_PAGE.format(title="Policies", body="".join(
        f'<h2 id="{anchor}">{name}</h2>' for anchor, name in checking.POLICY_SECTIONS.items()))
    html.update(pages)
    sizes = {path: len(text.encode()) for path, text in html.items()} | facts.pop("file_sizes", {})
    return checking.SiteFacts("en", {p: parse_html(t) for p, t in html.items()}, sizes, other_languages=("hi",),
                          new_window="opens in a new window", **facts)


def _page(body: str, title: str = "A page") -> str:
    return GOOD_PAGE.format(title=title, body=body)


def _failures(name: str, site: checking.SiteFacts) -> list[str]:
    return checking.CHECKS[name](site)


def test_a_good_site_passes_every_check() -> None:
    site = _site({"contact/index.html": _page('<a href="mailto:wim@office.gov.in">wim@office.gov.in</a>', "Contact")},
                 contact_emails=("wim@office.gov.in",), assets={"assets/site.css": "body{}", "a.js": "x=1"})
    assert {name: check(site) for name, check in checking.CHECKS.items() if check(site)} == {}


@pytest.mark.parametrize(("check", "page", "expected"), [
    ("titles", _page("", title=""), "no <title>"),
    ("head_metadata", _page("").replace('<meta name="keywords" content="a, b">', ""), 'no <meta name="keywords">'),
    ("head_metadata", _page("").replace('content="A page."', 'content=" "'), 'no <meta name="description">'),
    ("page_language", _page("").replace('lang="en"', 'lang="hi"', 1), "<html lang='hi'>, expected 'en'"),
    ("language_link", _page("").replace('hreflang="hi"', 'hreflang="fr"'), "no language link"),
    ("language_link", _page("").replace('<meta charset="utf-8">', ""), "no <meta charset"),
    ("footer_links", _page("").replace('data-plan-footer="help"', ""), "footer links ['policy', 'sitemap', 'feedback'"),
    ("footer_links", _page("").replace('href="/about/"', 'href="/nowhere/"'), "about link '/nowhere/' leads to no"),
    ("ownership", _page("").replace("Government of India", "the office"), "no ownership line"),
    ("last_updated", _page("").replace('datetime="2026-11-25"', ""), "no last-updated <time"),
    ("data_tables", _page("<table><tr><th scope='col'>A</th></tr><tr><td>1</td></tr></table>"), "has no caption"),
    ("data_tables", _page("<table><caption>C</caption><tr><th>A</th></tr></table>"), "header cell 'A' has no scope"),
    ("data_tables", _page("<table><caption>Layout</caption><tr><td>1</td></tr></table>"), "has no header cells"),
    ("external_links", _page('<a href="https://example.org/">Elsewhere</a>'), "https://example.org/ is not marked"),
    ("external_links", _page('<a class="plan-external" href="//example.org/">Icon only</a>'), "is not marked"),
    ("skip_link", _page("").replace('class="plan-skip" href="#main-content"', 'href="#nowhere"'),
     "leads to #nowhere"),
    ("skip_link", _page("").replace('<a class="plan-skip" href="#main-content">Skip to main content</a>', ""),
     "is not a skip link"),
    ("placeholders", _page("<p>This section is coming soon.</p>"), "placeholder text 'coming soon'"),
    ("placeholders", _page("<p>यह खंड निर्माणाधीन है।</p>"), "placeholder text 'निर्माणाधीन'"),
    ("images_alt", _page('<img src="chart.png">'), "has no alt attribute"),
    ("no_time_based_media", _page('<video src="talk.mp4"></video>'), "<video>"),
    ("headings", _page("<h1>Second</h1>"), "2 <h1> elements"),
    ("headings", _page("<h4>Deep</h4>"), "heading level 4 follows level 2"),
    ("multiple_ways", _page("").replace('name="query"', 'name="q"'), "no search box"),
    ("form_labels", _page("").replace(' aria-label="Search"', ""), "<input name='query'> has no label"),
    ("form_labels", _page('<select name="year"><option>2026</option></select>'), "<select name='year'>"),
    ("no_cookies", _page("<script>document.cookie = 'seen=1'</script>"), "an inline script writes a cookie"),
    ("no_cookies", _page("").replace("<title>", '<meta http-equiv="Set-Cookie" content="a=1"><title>'), "set-cookie"),
    ("third_party", _page('<script src="https://cdn.example.org/x.js"></script>'), "<script> loads https://cdn"),
    ("third_party", _page("").replace('href="assets/site.css"', 'href="//fonts.example.com/css"'), "<link> loads"),
    ("third_party", _page('<img src="https://www.google-analytics.com/collect" alt="">'), "<img> loads"),
    ("third_party", _page("<style>@import 'https://fonts.example.com/a.css';</style>"), "inline style loads"),
    ("responsive_layout", _page("").replace('<meta name="viewport" content="width=device-width,initial-scale=1">',
                                            ""), "no <meta name=\"viewport\""),
    ("responsive_layout", _page('<center>Old</center>'), "presentational markup <center>"),
])
def test_a_check_fails_on_a_broken_page(check: str, page: str, expected: str) -> None:
    site = _site({"about/index.html": page})
    failures = _failures(check, site)
    assert failures and all(f.startswith("about/index.html: ") for f in failures), failures
    assert any(expected in f for f in failures), failures


def test_file_links_state_format_and_a_size_within_ten_percent() -> None:
    sizes = {"data/a.csv": 2458, "feed.xml": 1638}
    good = _page('<a href="../data/a.csv">Figures</a> <span>(CSV, 2.4 KB)</span>; '
                 '<a href="../feed.xml">Feed</a> (Atom XML, 1.6 KB)')
    assert _failures("file_links", _site({"about/index.html": good}, file_sizes=sizes)) == []
    cases = {
        '<a href="../data/a.csv">Figures</a>': "does not state its format and size",
        '<a href="../data/a.csv">Figures</a> (CSV, 3.1 KB)': "states 3174 bytes; the file has 2458",
        '<a href="../data/a.csv">Figures</a> (JSON, 2.4 KB)': "states the format 'JSON', not CSV",
        '<a href="../data/missing.csv">Figures</a> (CSV, 2.4 KB)': "data/missing.csv, which the site does not have",
        # The size after the next link belongs to that link, not to this one.
        '<a href="../data/a.csv">Figures</a> <a href="../">Home</a> (CSV, 2.4 KB)': "does not state its format",
    }
    for body, expected in cases.items():
        failures = _failures("file_links", _site({"about/index.html": _page(body)}, file_sizes=sizes))
        assert len(failures) == 1 and expected in failures[0], (body, failures)


def test_file_sizes_are_read_in_the_sites_language() -> None:
    units = {"bytes": "बाइट", "kb": "KB", "mb": "MB"}
    assert checking.stated_size("(CSV, 566 बाइट)", units) == ("CSV", 566)
    assert checking.stated_size("(JSON, 1,234.5 KB)", units) == ("JSON", 1234.5 * 1024)
    assert checking.stated_size("(CSV)", units) is None


def test_site_wide_checks_fail_with_the_page_they_concern() -> None:
    same_title = _site({"about/index.html": _page("", title="Page help/index.html")})
    assert _failures("titles", same_title) == ["help/index.html: the same <title> as about/index.html "
                                               "('Page help/index.html')"]
    no_portal = _site({"index.html": _page("", title="Plan | Office, Government of India")})
    assert _failures("national_portal", no_portal) == ["index.html: no link to the National Portal (india.gov.in)"]
    same_window = _site({"index.html": _page('<a href="https://www.india.gov.in/">National Portal</a>',
                                             title="Plan | Government of India")})
    assert "does not open a new window" in _failures("national_portal", same_window)[0]
    no_country = _site({"index.html": _page("", title="Plan | Office")})
    assert _failures("home_title", no_country) == ["index.html: the home page's <title> does not name the "
                                                   "Government of India"]
    flat_sitemap = _site({"sitemap/index.html": _page("<ul><li><a href='../'>Home</a></li></ul>", "Sitemap")})
    assert _failures("multiple_ways", flat_sitemap) == ["sitemap/index.html: no sitemap page with at least two levels"]
    contact = _site({}, contact_emails=("wim@office.gov.in",))
    assert _failures("contact_details", contact) == ["contact/index.html: no e-mail link to wim@office.gov.in"]
    policies = _site({"website-policies/index.html": _page('<h2 id="copyright">Copyright</h2>', "Policies")})
    assert "no section for the hyperlinking policy (#hyperlinking)" in _failures("policies", policies)[0]
    cookies = _site({}, assets={"assets/x.js": "document.cookie=name+'=1'", "assets/y.js": "if(document.cookie==x)"})
    assert _failures("no_cookies", cookies) == ["assets/x.js: writes a cookie"]
    fonts = _site({}, assets={"assets/x.css": "@font-face{src:url(https://fonts.gstatic.com/a.woff2)}"})
    assert _failures("third_party", fonts) == ["assets/x.css: loads https://fonts.gstatic.com/a.woff2"]
    office_files = _site({}, file_sizes={"data/report.docx": 10})
    assert "data/report.docx: an editable office file" in _failures("document_formats", office_files)[0]


def test_a_hidden_banner_before_the_skip_link_is_not_in_the_way() -> None:
    page = _page("").replace("<body>", '<body><aside hidden><a href="../latest/">Latest</a></aside>')
    assert _failures("skip_link", _site({"about/index.html": page})) == []


def test_links_resolve_like_a_browser() -> None:
    assert checking.resolve("kpis/a/index.html", "../../help/") == "help/index.html"
    assert checking.resolve("kpis/a/index.html", "../../data/a.csv#x") == "data/a.csv"
    assert checking.resolve("index.html", "./") == "index.html"
    assert checking.resolve("help/index.html", "/contact/") == "contact/index.html"
    assert checking.resolve("help/index.html", "https://example.org/a.csv") is None
    assert checking.resolve("help/index.html", "mailto:a@b.in") is None


# --- Statuses and the report -------------------------------------------------------------------------

def _checkpoint(**fields) -> gigw.Checkpoint:
    return gigw.Checkpoint(**{"number": "5.1.19", "title": "T", "words": "W", **fields})


def test_status_is_honest_about_what_ran() -> None:
    passing = {"data_tables": checking.CheckResult("data_tables", (), 3)}
    failing = {"data_tables": checking.CheckResult("data_tables", ("a.html: no caption",), 3)}
    static = _checkpoint(checks=("data_tables",))
    tested = _checkpoint(checks=("data_tables",), tests=True)
    assert gigw.checkpoint_status(static, passing, None) == "pass"
    assert gigw.checkpoint_status(static, failing, None) == "fail"
    assert gigw.checkpoint_status(tested, passing, None) == "not-run", "static checks alone do not pass a tested one"
    assert gigw.checkpoint_status(tested, passing, {}) == "not-run"
    assert gigw.checkpoint_status(tested, passing, {"t": "skipped"}) == "not-run"
    assert gigw.checkpoint_status(tested, passing, {"t": "passed"}) == "pass"
    assert gigw.checkpoint_status(tested, passing, {"t": "passed", "u": "failed"}) == "fail"
    assert gigw.checkpoint_status(_checkpoint(office=True), {}, None) == "office"
    # A test marked with a checkpoint the register leaves to the office still counts.
    assert gigw.checkpoint_status(_checkpoint(office=True), {}, {"t": "failed"}) == "fail"


def test_report_counts_and_json_are_deterministic() -> None:
    register = gigw.load_register()
    checks = {name: checking.CheckResult(name, (), 1) for name in checking.CHECKS}
    checks["data_tables"] = checking.CheckResult("data_tables", ("help/index.html: table 1 has no caption",), 1)
    outcomes = {"5.2.17": {"tests/t.py::test_5_2_17_reflow[en]": "failed"}, "5.1.20": {"tests/t.py::b": "passed"}}
    data = gigw.report(register, checks, outcomes, "en")
    rows = {r["number"]: r for r in data["checkpoints"]}
    assert rows["5.1.19"]["status"] == "fail" and rows["5.2.7"]["status"] == "fail"
    assert rows["5.2.17"]["status"] == "fail" and rows["5.2.17"]["tests"] == outcomes["5.2.17"]
    assert rows["5.1.20"]["status"] == "pass"
    assert rows["5.1.2"]["status"] == "not-run", "a tested checkpoint whose tests are missing from the results"
    assert rows["5.1.1"]["status"] == "office"
    summary = data["summary"]
    assert summary["checkpoints"] == 88
    assert summary["passed"] + summary["failed"] + summary["not_run"] + summary["office_only"] == 88
    assert summary["office_todo"] == sum(c.office for c in register)
    assert data["decisions"] == [{"check": "third_party", "id": "zero-third-party-requests", "status": "pass"}]
    text = gigw.report_json(data)
    assert text == gigw.report_json(json.loads(text)) and text.endswith("}\n")
    assert list(json.loads(text)) == sorted(json.loads(text))
    with pytest.raises(ValueError, match=r"5\.9\.1"):
        gigw.report(register, checks, {"5.9.1": {"t": "passed"}}, "en")


def test_without_test_results_no_tested_checkpoint_passes() -> None:
    register = gigw.load_register()
    data = gigw.report(register, {name: checking.CheckResult(name, (), 1) for name in checking.CHECKS}, None, "en")
    assert data["test_results"] == "not-run"
    for row in data["checkpoints"]:
        checkpoint = next(c for c in register if c.number == row["number"])
        if checkpoint.tests:
            assert row["status"] == "not-run" and row["tests"] == "not-run", row


def test_test_results_are_validated() -> None:
    assert gigw.parse_test_outcomes({"5.2.17": {"t": "passed"}}) == {"5.2.17": {"t": "passed"}}
    for bad in ([], {"5.2.17": {"t": "error"}}, {"5.2.17": ["t"]}):
        with pytest.raises(ValueError):
            gigw.parse_test_outcomes(bad)


# --- The pytest plugin ---------------------------------------------------------------------------------

def _report(nodeid: str, when: str, outcome: str) -> SimpleNamespace:
    return SimpleNamespace(nodeid=nodeid, when=when, failed=outcome == "failed", skipped=outcome == "skipped",
                           passed=outcome == "passed")


def test_the_plugin_records_each_marked_tests_outcome(tmp_path: Path) -> None:
    recorder = GigwRecorder(tmp_path / "out" / "test-results.json")
    items = [SimpleNamespace(nodeid=name, iter_markers=lambda name, args=args: [SimpleNamespace(args=args)] if args
                             else []) for name, args in [("t::a", ("5.2.17",)), ("t::b", ("5.2.17", "5.1.20")),
                                                         ("t::c", ("5.1.20",)), ("t::plain", ())]]
    recorder.pytest_collection_modifyitems(items)
    for nodeid, phases in {"t::a": [("setup", "passed"), ("call", "passed"), ("teardown", "passed")],
                           "t::b": [("setup", "passed"), ("call", "failed"), ("teardown", "passed")],
                           "t::c": [("setup", "skipped")], "t::plain": [("call", "failed")]}.items():
        for when, outcome in phases:
            recorder.pytest_runtest_logreport(_report(nodeid, when, outcome))
    recorder.pytest_sessionfinish(None, 0)
    written = json.loads((tmp_path / "out" / "test-results.json").read_text(encoding="utf-8"))
    assert written == {"5.1.20": {"t::b": "failed", "t::c": "skipped"}, "5.2.17": {"t::a": "passed", "t::b": "failed"}}
    assert gigw.parse_test_outcomes(written) == written


def test_the_plugin_refuses_a_marker_that_names_no_checkpoint(tmp_path: Path) -> None:
    recorder = GigwRecorder(tmp_path / "results.json")
    item = SimpleNamespace(nodeid="t::typo", iter_markers=lambda name: [SimpleNamespace(args=("5.2.51",))])
    with pytest.raises(pytest.UsageError, match=r"t::typo.*5\.2\.51"):
        recorder.pytest_collection_modifyitems([item])


# --- Whole builds ----------------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("language", ["", "hi/"])
def test_the_report_is_published_in_both_languages(demo_site: BuildResult, language: str) -> None:
    data = json.loads((demo_site.site / language / "conformance.json").read_text(encoding="utf-8"))
    assert data["language"] == (language.strip("/") or "en") and data["summary"]["checkpoints"] == 88
    assert data["test_results"] == "not-run"
    assert data["summary"]["failed"] == 0, [r["number"] for r in data["checkpoints"] if r["status"] == "fail"]
    assert all(c["status"] == "pass" for c in data["static_checks"].values())
    page = (demo_site.site / language / "conformance" / "index.html").read_text(encoding="utf-8")
    assert 'id="plan-conformance-report"' not in page, "the placeholder is replaced by the report"
    for anchor in ("quality", "accessibility", "security", "lifecycle", "office", "decisions", "summary"):
        assert f'id="conformance-{anchor}"' in page
    for number in ("5.1.18", "5.2.17", "5.3.2", "5.4.10"):
        assert f'<th scope="row">{number}</th>' in page
    assert 'href="../conformance.json" type="application/json" download' in page
    assert "<script" not in page.split('id="conformance-summary"')[1].split("</section>")[0]
    quoted = "Hosting Environment must be secured for ensuring confidentiality, integrity and availability (CIA)."
    if language:
        assert f'<blockquote lang="en"><p>{quoted}</p></blockquote>' in page, "English words marked on Hindi pages"
        assert "दर्ज निर्णय" in page
    else:
        assert f"<blockquote><p>{quoted}</p></blockquote>" in page
        assert "Recorded decision" in page
    size = len((demo_site.site / language / "conformance.json").read_bytes())
    stated = checking.stated_size(page, {"bytes": "bytes" if not language else "बाइट", "kb": "KB", "mb": "MB"})
    assert stated is not None and stated[0] == "JSON" and abs(stated[1] - size) <= 0.1 * size


@pytest.mark.slow
def test_the_help_page_and_the_policies_point_to_the_report(demo_site: BuildResult) -> None:
    for language in ("", "hi/"):
        help_page = (demo_site.site / language / "help" / "index.html").read_text(encoding="utf-8")
        accessibility = help_page.split('id="accessibility"')[1].split('id="certificates"')[0]
        assert 'href="../conformance/"' in accessibility
        policies = (demo_site.site / language / "website-policies" / "index.html").read_text(encoding="utf-8")
        privacy = policies.split('id="privacy"')[1].split('id="terms"')[0]
        assert 'href="../conformance/"' in privacy
    english = (demo_site.site / "website-policies" / "index.html").read_text(encoding="utf-8")
    assert "makes no request to any other website" in english and "no cookie consent" in english


@pytest.mark.slow
def test_test_results_are_merged_and_two_builds_are_byte_identical(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    results = tmp_path / "test-results.json"
    results.write_text(json.dumps({"5.2.17": {"tests/test_x.py::test_5_2_17_reflow": "failed"},
                                   "5.1.20": {"tests/test_print.py::test_5_1_20_prints": "passed"}}), encoding="utf-8")
    monkeypatch.setenv("PLAN_CONFORMANCE_TESTS", str(results))
    outputs = []
    for run in ("one", "two"):
        result = run_build(copy_project(tmp_path / run))
        assert result.returncode == 0, result.output
        outputs.append({path: (result.site / path).read_bytes()
                        for path in ("conformance.json", "conformance/index.html", "hi/conformance.json",
                                     "hi/conformance/index.html")})
    assert outputs[0] == outputs[1]
    data = json.loads(outputs[0]["conformance.json"])
    rows = {r["number"]: r for r in data["checkpoints"]}
    assert data["test_results"] == "included"
    assert rows["5.2.17"]["status"] == "fail" and rows["5.1.20"]["status"] == "pass"
    assert rows["5.1.2"]["status"] == "not-run"
    page = outputs[0]["conformance/index.html"].decode()
    assert "tests/test_x.py::test_5_2_17_reflow" in page.split('id="conformance-failures"')[1]


@pytest.mark.slow
def test_a_broken_page_fails_its_checkpoint_in_the_report_and_the_build(project: Path,
                                                                        build: Callable[[Path], BuildResult]) -> None:
    edit(project / "content/en/about.md", "\n## ", "\n<table><tr><th>Year</th></tr><tr><td>2026</td></tr></table>\n\n"
         "The figures are in [a file](data/kpis/participation-rate.csv).\n\n## ")
    result = build(project)
    assert result.returncode != 0
    assert re.search(r"GIGW 5\.1\.19, 5\.2\.7 \(data_tables\): content/en/about\.md \(about/index\.html\): "
                     r"table 1 has no caption", result.output), result.output
    assert re.search(r"GIGW 5\.1\.6 \(file_links\): content/en/about\.md \(about/index\.html\): the link to "
                     r"data/kpis/participation-rate\.csv does not state its format and size", result.output)
    data = json.loads((result.site / "conformance.json").read_text(encoding="utf-8"))
    rows = {r["number"]: r for r in data["checkpoints"]}
    assert rows["5.1.19"]["status"] == "fail" and rows["5.1.19"]["checks"] == {"data_tables": "fail"}
    assert rows["5.1.6"]["status"] == "fail"
    assert rows["5.1.17"]["status"] == "not-run", "other checkpoints are unaffected"
    page = (result.site / "conformance" / "index.html").read_text(encoding="utf-8")
    assert "about/index.html: table 1 has no caption" in page
    # The Hindi site has its own pages and report: the English page's mistake is not its failure.
    hindi = json.loads((result.site / "hi" / "conformance.json").read_text(encoding="utf-8"))
    assert hindi["summary"]["failed"] == 0
