"""Hostile input (issue 6, item 2): every field an editor controls, fed a corpus of payloads that set a
canary (``window.__xss``) if they ever run.

Each payload is either rejected, with a message naming the file, line or row and the field, or rendered
inert. Three levels, cheapest first:

- pure functions over the whole corpus: the front-matter, Markdown and CSV checks (which payloads each
  rejects is written down in ``CORPUS`` and enforced), the chart-text escaping, the JSON island and the
  CSV formula neutralisation;
- builds: one build carrying every ACCEPTED payload in every field family at once (English front matter,
  Markdown body, CSV cells, the Hindi translation), scanned for live markup; three builds with REJECTED
  payloads (English pages, the observations CSV, a Hindi page), each message checked;
- the hostile site served to Chromium: charts drawn and hovered, search used, with the page's
  Content-Security-Policy and without it (inert must not mean "blocked by the policy").
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from browser_harness import SiteServer, open_page
from conftest import BuildResult, copy_project, run_build
from playwright.sync_api import Browser
from transparency.csp import read_policy
from transparency.data_schema import BUDGET_SPENDING
from transparency.datasets import load_budget_spending, load_observations
from transparency.errors import ContentError
from transparency.figures import chart_text, island_json
from transparency.frontmatter import parse_page
from transparency.open_data import table_csv
from transparency.safety import front_matter_problems, markdown_problems
from transparency.schemas import Unit

pytest_plugins = ("browser_harness",)

CANARY = "window.__xss=1"
MARKER = "__xss"  # in every payload that could run code


@dataclass(frozen=True)
class Payload:
    id: str
    text: str
    front_matter: bool  # accepted by the front-matter check (a string field)
    markdown: bool  # accepted by the Markdown check (a line of a page body)
    csv: bool  # accepted in a CSV text cell (note, source, not_reported_reason)


LONG = "A" * 5000
CORPUS: list[Payload] = [
    Payload("script-tag", f"<script>{CANARY}</script>", False, False, False),
    Payload("img-onerror", f'<img src=x onerror="{CANARY}">', False, False, False),
    Payload("svg-onload", f"<svg/onload={CANARY}>", False, False, False),
    Payload("js-scheme", f"javascript:{CANARY}", True, False, True),
    Payload("js-mixed-case", f"JaVaScRiPt:{CANARY}", True, False, True),
    Payload("js-decimal-entity", f"&#106;avascript:{CANARY}", True, False, True),
    Payload("js-hex-entity", f"&#x6A;avascript&colon;{CANARY}", True, False, True),
    Payload("js-tab", f"java\tscript:{CANARY}", True, False, False),
    Payload("js-percent", f"%6Aavascript:{CANARY}", True, False, True),
    Payload("md-link-js", f"[click](JaVaScRiPt:{CANARY})", True, False, True),
    Payload("md-link-entity-js", f"[click](&#106;avascript:{CANARY})", True, False, True),
    Payload("md-link-tab-entity-js", f"[click](java&#9;script:{CANARY})", True, False, True),
    Payload("md-link-data", "[click](data:text/html;base64,PHNjcmlwdD4=)", True, False, True),
    Payload("autolink-js", f"<javascript:{CANARY}>", False, False, False),
    Payload("close-script", f"</script><script>{CANARY}</script>", False, False, False),
    Payload("line-separators", "before\u2028middle\u2029after", False, True, False),
    Payload("plotly-link", f'<a href="javascript:{CANARY}">x</a>', False, False, False),
    Payload("plotly-popup", '<a href="https://example.org/" target="_blank" popup>x</a>', False, True, False),
    Payload("style-attribute", '<span style="position:fixed;top:0">x</span>', False, False, False),
    Payload("entity-plotly-link", f'&lt;a href="javascript:{CANARY}"&gt;x&lt;/a&gt;', True, False, True),
    Payload("entity-img", f"&lt;img src=x onerror={CANARY}&gt;", True, False, True),
    Payload("double-quote-breakout", f'" onmouseover="{CANARY}" x="', True, True, True),
    Payload("single-quote-breakout", f"' onfocus='{CANARY}' autofocus x='", True, True, True),
    Payload("proto-json", '{"__proto__": {"polluted": 1}}', True, True, True),
    Payload("proto-path", "constructor.prototype.polluted=1 __proto__[polluted]=1", True, True, True),
    Payload("formula-hyperlink", '=HYPERLINK("http://x","y")', True, True, True),
    Payload("formula-dde", "+cmd|' /C calc'!A0", True, True, True),
    Payload("formula-minus", "-2+3", True, True, True),
    Payload("formula-at", "@SUM(1)", True, True, True),
    Payload("formula-tab", "\t=1+1", True, True, False),
    Payload("formula-cr", "\r=1+1", False, True, False),
    Payload("jinja-expression", "{{ 7*7 }} {{ config.site_name }}", True, True, True),
    Payload("jinja-statement", "{% raw %}x{% endraw %} {% include 'base.html' %}", True, True, True),
    Payload("html-comment", "<!-- hidden", False, True, False),
    Payload("cdata", "]]> <![CDATA[ x ]]>", False, True, False),
    Payload("escaped-json", "\\u003cscript\\u003ewindow.__xss=1\\u003c/script\\u003e", True, True, True),
    Payload("rtl-override", "invoice\u202Etxt.exe", True, True, True),
    Payload("very-long", LONG, True, True, False),  # front matter: refused by the schema's length limit
]
BY_ID = {p.id: p for p in CORPUS}
FM_OK = [p.text for p in CORPUS if p.front_matter and p is not BY_ID["very-long"]]
MD_OK = [p.text for p in CORPUS if p.markdown and p.id not in {"very-long", "html-comment"}]
CSV_OK = [p.text for p in CORPUS if p.csv]

EN_KPI, HI_KPI = "content/en/kpis/participation-rate.md", "content/hi/kpis/participation-rate.md"
EN_OBJECTIVE, EN_REPORT, EN_BUDGET = ("content/en/objectives/governance-participation.md",
                                      "content/en/reports/2026-q3.md", "content/en/budget.md")
OBSERVATIONS_CSV, SPENDING_CSV = "data/kpi-observations.csv", "data/budget-spending.csv"
OBS_HEADER = ["kpi", "period", "value", "data_status", "not_reported_reason", "note", "source"]


def test_corpus_is_large_and_every_code_payload_carries_the_canary() -> None:
    assert len(CORPUS) >= 20
    assert len(BY_ID) == len(CORPUS), "payload ids must be unique"
    for payload in CORPUS:
        if any(word in payload.text.lower() for word in ("script", "onerror", "onload", "onmouse", "onfocus")):
            assert MARKER in payload.text or "base64" in payload.text, payload.id


# --- pure functions over the whole corpus -------------------------------------------------------------


def _yaml(value: str) -> str:
    """A one-line YAML double-quoted scalar (JSON's escapes are YAML's), so line numbers stay put."""
    return json.dumps(value)


@pytest.mark.parametrize("payload", CORPUS, ids=lambda p: p.id)
def test_front_matter_check(payload: Payload) -> None:
    text = f"---\nid: x\ntitle: {_yaml(payload.text)}\nkeywords:\n  - {_yaml(payload.text)}\n---\nBody.\n"
    page, problems = parse_page(text, "content/en/x.md")
    assert page is not None and not problems
    problems = front_matter_problems(page)
    assert (not problems) == payload.front_matter, [str(p) for p in problems]
    messages = "\n".join(map(str, problems))
    if problems:
        assert "content/en/x.md:3: title:" in messages and "content/en/x.md:5: keywords[1]:" in messages, messages


@pytest.mark.parametrize("payload", CORPUS, ids=lambda p: p.id)
def test_markdown_check(payload: Payload) -> None:
    page, _ = parse_page(f"---\nid: x\n---\n\nIntro.\n\n{payload.text}\n", "content/hi/x.md")
    assert page is not None
    problems = markdown_problems(page)
    assert (not problems) == payload.markdown, [str(p) for p in problems]
    for problem in problems:
        assert str(problem).startswith("content/hi/x.md:7: body: "), str(problem)


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    # The csv module quotes a cell with a line feed but not one with a lone CR; a spreadsheet quotes both.
    quoting = csv.QUOTE_ALL if any("\r" in cell for row in rows for cell in row) else csv.QUOTE_MINIMAL
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n", quoting=quoting).writerows([header, *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")


@pytest.mark.parametrize("payload", CORPUS, ids=lambda p: p.id)
def test_csv_check(payload: Payload, tmp_path: Path) -> None:
    """Each text column of both data files, the payload on row 3 (row 2 is a clean row)."""
    clean = ["k", "2025-Q1", "1", "illustrative", "", "", ""]
    cells = {"note": ["k", "2025-Q2", "1", "illustrative", "", payload.text, ""],
             "source": ["k", "2025-Q2", "1", "illustrative", "", "", payload.text],
             "not_reported_reason": ["k", "2025-Q2", "", "illustrative", payload.text, "", ""]}
    for column, row in cells.items():
        file = tmp_path / f"{column}.csv"
        _write_csv(file, OBS_HEADER, [clean, row])
        try:
            load_observations(file, OBSERVATIONS_CSV, {"k": Unit.COUNT}, (2024, 2027))
            problems = []
        except ContentError as error:
            problems = [str(p) for p in error.problems]
        assert (not problems) == payload.csv, (column, problems)
        column_number = OBS_HEADER.index(column) + 1
        assert all(p.startswith(f"{OBSERVATIONS_CSV}:3:{column_number}: {column}: ") for p in problems), problems
    file = tmp_path / "budget.csv"
    _write_csv(file, list(BUDGET_SPENDING.names), [["c", "2025", "10", "5", "illustrative", ""],
                                                    ["c", "2026", "10", "5", "illustrative", payload.text]])
    try:
        load_budget_spending(file, SPENDING_CSV, ["c"], (2024, 2027))
        problems = []
    except ContentError as error:
        problems = [str(p) for p in error.problems]
    assert (not problems) == payload.csv, problems
    assert all(p.startswith(f"{SPENDING_CSV}:3:6: note: ") for p in problems), problems


@pytest.mark.parametrize("payload", CORPUS, ids=lambda p: p.id)
def test_chart_text_and_island_keep_text_as_text(payload: Payload) -> None:
    shown = chart_text(payload.text)
    assert "<" not in shown and ">" not in shown  # plotly's pseudo-HTML sees no tag
    assert html.unescape(shown) == payload.text  # plotly decodes entities once: the reader sees the text
    island = island_json({"layout": {"title": {"text": shown}}, "raw": payload.text})
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in island, raw
    assert json.loads(island) == {"layout": {"title": {"text": shown}}, "raw": payload.text}


def test_csv_download_neutralises_formulas_but_not_numbers() -> None:
    notes = ["=1+1", "+1", "-1", "@SUM(1)", "\t=1", "\r=1", "plain", "1-2", "'=already"]
    frame = pd.DataFrame({
        "category": ["c"] * len(notes), "year": pd.array(range(2024, 2024 + len(notes)), dtype="Int64"),
        "planned_usd": pd.array([-5] * len(notes), dtype="Int64"), "actual_usd": pd.array([0] * len(notes), "Int64"),
        "data_status": ["illustrative"] * len(notes), "note": notes})
    rows = list(csv.reader(io.StringIO(table_csv(frame, BUDGET_SPENDING), newline="")))
    assert [row[5] for row in rows[1:]] == ["'=1+1", "'+1", "'-1", "'@SUM(1)", "'\t=1", "'\r=1", "plain", "1-2",
                                          "'=already"]
    assert {row[2] for row in rows[1:]} == {"-5"}, "numbers are never prefixed"


# --- the page scanner, and a check that it can fail -----------------------------------------------------

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "background", "srcset", "data"}
# Attributes whose value is shown or read as text: an escaped payload may sit there.
TEXT_ATTRIBUTES = {"content", "title", "aria-label", "alt"}
FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "math", "noscript"}
THEME_STYLE = re.compile(r"width: [0-9.]+%")  # progress bars drawn by our templates
_URL_BLANKS = re.compile(r"[\x00-\x20\x7f]+")


def _scheme_is_code(url: str) -> bool:
    """What a browser sees (entities are already decoded by the parser; tabs and newlines dropped).
    Percent-escapes are not decoded: ``%6Aavascript:`` is a relative path to a browser."""
    return re.match(r"(javascript|vbscript|livescript|data):", _URL_BLANKS.sub("", url), re.IGNORECASE) is not None


class LiveMarkupScanner(HTMLParser):
    """Everything in a page that a payload could have made live."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []  # visible text, entity-decoded
        self._template = 0
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "template":
            self._template += 1
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> element")
        if tag == "meta" and any(n == "http-equiv" and (v or "").lower() == "refresh" for n, v in attrs):
            self.problems.append("<meta http-equiv=refresh>")
        if tag == "script":
            self._in_script = not self._template
            if not self._template and not all(n in {"src", "type", "id"} for n, _ in attrs):
                self.problems.append(f"<script> with attributes {attrs}")
        for name, value in attrs:
            value = value or ""
            where = f"<{tag} {name}={value[:80]!r}>"
            if name.startswith("on") or name in {"popup", "autofocus", "srcdoc", "formaction"}:
                self.problems.append(f"payload attribute {where}")
            elif name == "style" and not THEME_STYLE.fullmatch(value):
                self.problems.append(f"style attribute {where}")
            elif name in URL_ATTRIBUTES:
                if _scheme_is_code(value):  # any other URL is a link, inert until followed
                    self.problems.append(f"code URL {where}")
            elif MARKER in value and name not in TEXT_ATTRIBUTES:
                self.problems.append(f"payload in attribute {where}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "template":
            self._template -= 1
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            if MARKER in data:
                self.problems.append(f"payload inside a live <script>: {data[:80]!r}")
        elif not self._template:
            self.text.append(data)

    def handle_comment(self, data: str) -> None:
        if MARKER in data or "hidden" in data:
            self.problems.append(f"editor comment kept: {data[:80]!r}")


def scan(page_html: str) -> LiveMarkupScanner:
    scanner = LiveMarkupScanner()
    scanner.feed(page_html)
    scanner.close()
    return scanner


def test_scanner_catches_live_markup() -> None:
    """Negative control: each construct the build must never emit is flagged."""
    bad = [f"<img src=x onerror={CANARY}>", f'<a href="JaVa&#9;ScRiPt:{CANARY}">x</a>', f"<script>{CANARY}</script>",
           '<span style="position:fixed">x</span>', '<a href="https://x" popup>x</a>', "<iframe src=x></iframe>",
           f'<div data-x="{CANARY}"></div>', '<a href=" data:text/html,x">x</a>', "<!-- hidden -->"]
    for snippet in bad:
        assert scan(f"<p>{snippet}</p>").problems, snippet
    fine = (f'<template><script type="application/json">{{"t":"{CANARY}"}}</script></template>'
            f'<meta name="description" content="{html.escape(CANARY)}"><span style="width: 55.0%"></span>'
            f'<a href="%6Aavascript:{CANARY}">x</a><p>{html.escape(BY_ID["img-onerror"].text)}</p>')
    assert scan(fine).problems == []


# --- the hostile build: every accepted payload, every field family, one build ---------------------------


def _pack(texts: list[str], limit: int, start: int) -> str:
    """As many payloads as fit in ``limit`` characters, starting from the ``start``-th (cyclically)."""
    chosen: list[str] = []
    for offset in range(len(texts)):
        text = texts[(start + offset) % len(texts)]
        if len(" ~ ".join([*chosen, text])) <= limit:
            chosen.append(text)
    return " ~ ".join(chosen)


def _set_lines(path: Path, values: dict[str, str | list[str]]) -> None:
    """Replace the front-matter line starting with each prefix (the n-th one for a list of values)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for prefix, value in values.items():
        wanted = value if isinstance(value, list) else [value]
        positions = [i for i, line in enumerate(lines) if line.startswith(prefix)]
        assert len(positions) >= len(wanted), f"{prefix!r}: {len(positions)} lines in {path}"
        for index, text in zip(positions, wanted, strict=False):
            lines[index] = prefix + _yaml(text)
    path.write_text("\n".join(lines), encoding="utf-8")


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + text + "\n", encoding="utf-8")


def _markdown_block() -> str:
    # One paragraph per payload; the unclosed comment last, as it swallows what follows it.
    return "\n\n".join([*MD_OK, BY_ID["html-comment"].text])


# KPI page fields: (line prefix, limit); long text fields carry every accepted payload.
KPI_FIELDS = {"title: ": 160, "description: ": 300, "name: ": 160, "measure: ": 160, "  wording: ": 160,
              "definition: ": 2000, "source: ": 2000, "method: ": 2000}
KPI_MEASURE = BY_ID["entity-plotly-link"].text + " {{ 7*7 }}"


def _kpi_values() -> dict[str, str | list[str]]:
    values: dict[str, str | list[str]] = {
        prefix: _pack(FM_OK, limit, start * 5) for start, (prefix, limit) in enumerate(KPI_FIELDS.items())}
    values["measure: "] = KPI_MEASURE
    values["  - "] = [_pack(FM_OK, 160, 3), _pack(FM_OK, 160, 11)]  # keywords
    return values


@dataclass
class Hostile:
    result: BuildResult
    kpi_en: dict[str, str | list[str]]
    observations: list[list[str]]  # rows as written, without the header
    spending: list[list[str]]
    category_names: list[str]


def _hostile_csv(root: Path) -> tuple[list[list[str]], list[list[str]]]:
    with (root / OBSERVATIONS_CSV).open(encoding="utf-8", newline="") as file:
        header, *rows = list(csv.reader(file))
    assert header == OBS_HEADER
    for index, row in enumerate(rows):
        row[5] = CSV_OK[index % len(CSV_OK)]  # note
        row[6] = CSV_OK[(index + 7) % len(CSV_OK)]  # source
    reported = [row for row in rows if row[0] == "participation-rate" and row[1] == "2025-Q2"]
    reported[0][2], reported[0][4] = "", _pack(CSV_OK, 300, 2)  # not reported, with a hostile reason
    _write_csv(root / OBSERVATIONS_CSV, header, rows)
    with (root / SPENDING_CSV).open(encoding="utf-8", newline="") as file:
        spending_header, *spending = list(csv.reader(file))
    for index, row in enumerate(spending):
        row[5] = CSV_OK[(index + 3) % len(CSV_OK)]
    _write_csv(root / SPENDING_CSV, spending_header, spending)
    return rows, spending


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    root = copy_project(tmp_path_factory.mktemp("hostile"))
    kpi_en = _kpi_values()
    _set_lines(root / EN_KPI, kpi_en)
    _append(root / EN_KPI, _markdown_block())
    kpi_hi = {prefix: _pack(FM_OK, limit, start * 3 + 1) for start, (prefix, limit) in enumerate(KPI_FIELDS.items())}
    kpi_hi["measure: "] = KPI_MEASURE
    _set_lines(root / HI_KPI, kpi_hi)
    _append(root / HI_KPI, _markdown_block())
    _set_lines(root / EN_OBJECTIVE, {"    title: ": [_pack(FM_OK, 160, n * 4) for n in range(4)],
                                     "target: ": _pack(FM_OK, 2000, 9)})
    _set_lines(root / EN_REPORT, {"title: ": _pack(FM_OK, 160, 13), "description: ": _pack(FM_OK, 300, 17)})
    _append(root / EN_REPORT, _markdown_block())
    category_names = [BY_ID["entity-plotly-link"].text, _pack(FM_OK, 160, 6)]
    _set_lines(root / EN_BUDGET, {"    name: ": category_names, "    purpose: ": _pack(FM_OK, 2000, 8)})
    observations, spending = _hostile_csv(root)
    return Hostile(run_build(root), kpi_en, observations, spending, category_names)


@pytest.fixture(scope="module")
def hostile_site(hostile: Hostile) -> Path:
    assert hostile.result.returncode == 0, hostile.result.output
    assert "Traceback" not in hostile.result.output
    return hostile.result.site


AFFECTED = ["kpis/participation-rate/", "objectives/governance-participation/", "reports/2026-q3/", "budget/", ""]


def _page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


@pytest.mark.gigw("5.3.1")
def test_no_live_markup_in_any_built_page(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 40 and any(p.is_relative_to(hostile_site / "hi") for p in pages)
    found = {str(p.relative_to(hostile_site)): problems for p in pages
             if (problems := scan(p.read_text(encoding="utf-8")).problems)}
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)[:5000]


@pytest.mark.parametrize("language", ["", "hi/"])
def test_front_matter_payloads_are_shown_as_text(hostile: Hostile, hostile_site: Path, language: str) -> None:
    """Not vacuous: every accepted payload reached the page, and reads there exactly as written."""
    text = "".join(scan(_page(hostile_site, language + "kpis/participation-rate/")).text)
    for payload in FM_OK:
        assert payload in text, payload
    assert "{{ 7*7 }}" in text and "{% raw %}" in text  # never evaluated


def test_markdown_payloads_are_inert(hostile_site: Path) -> None:
    for path in ("kpis/participation-rate/", "hi/kpis/participation-rate/", "reports/2026-q3/"):
        page_html = _page(hostile_site, path)
        scanner = scan(page_html)
        text = "".join(scanner.text)
        assert "{{ 7*7 }}" in text and "49 " not in text, path
        assert '=HYPERLINK("http://x","y")' in text and "invoice\u202Etxt.exe" in text, path
        assert 'href="https://example.org/"' in page_html, path  # the link survives, without target/popup


def _islands(page_html: str) -> dict[str, str]:
    return dict(re.findall(r'<template id="([^"]+)"><script type="application/json">(.*?)</script></template>',
                           page_html, re.DOTALL))


@pytest.mark.parametrize("path", ["kpis/participation-rate/", "hi/kpis/participation-rate/", "budget/"])
def test_chart_islands_are_escaped(hostile: Hostile, hostile_site: Path, path: str) -> None:
    islands = _islands(_page(hostile_site, path))
    assert islands, path
    texts: list[str] = []
    for raw in islands.values():
        for character in ("<", ">", "&", "\u2028", "\u2029"):
            assert character not in raw, (path, character)
        texts.append(json.dumps(json.loads(raw), ensure_ascii=False))
    everything = "".join(texts)
    expected = [KPI_MEASURE] if "kpis" in path else hostile.category_names
    for text in expected:
        assert json.dumps(chart_text(text), ensure_ascii=False)[1:-1] in everything, text


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.reader(file))


def _spreadsheet_safe(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@pytest.mark.parametrize("language", ["", "hi/"])
def test_csv_downloads_neutralise_formulas(hostile: Hostile, hostile_site: Path, language: str) -> None:
    written = {(row[0], row[1]): row for row in hostile.observations}
    published = _read_csv(hostile_site / language / "data" / "kpi-observations.csv")
    assert published[0] == OBS_HEADER and len(published) == len(written) + 1
    triggered = 0
    for row in published[1:]:
        source = written[(row[0], row[1])]
        assert row[2] == source[2], "numbers are published as written"
        for column in (0, 1, 3, 4, 5, 6):
            assert row[column] == _spreadsheet_safe(source[column]), (row, column)
            triggered += row[column] != source[column]
    assert triggered > 5, "the hostile notes must include formula-led cells"
    spending = {(row[0], row[1]): row for row in hostile.spending}
    for row in _read_csv(hostile_site / language / "data" / "budget-spending.csv")[1:]:
        source = spending[(row[0], row[1])]
        assert row[2:4] == source[2:4] and row[5] == _spreadsheet_safe(source[5]), row


def test_json_downloads_keep_the_exact_text(hostile: Hostile, hostile_site: Path) -> None:
    document = json.loads((hostile_site / "data" / "kpis" / "participation-rate.json").read_text(encoding="utf-8"))
    assert document["kpi"]["name"] == hostile.kpi_en["name: "]
    rows = {row[1]: row for row in hostile.observations if row[0] == "participation-rate"}
    for observation in document["observations"]:
        row = rows[observation["period"]]
        assert (observation["note"], observation["source"]) == (row[5], row[6])
        assert observation["not_reported_reason"] == (row[4] or None)
    package = json.loads((hostile_site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert any(hostile.kpi_en["name: "] in resource["title"] for resource in package["resources"])


@pytest.mark.parametrize("language", ["", "hi/"])
def test_feed_stays_well_formed(hostile_site: Path, language: str) -> None:
    root = ET.parse(hostile_site / language / "feed.xml").getroot()
    titles = [entry.findtext("{http://www.w3.org/2005/Atom}title") for entry in
              root.iter("{http://www.w3.org/2005/Atom}entry")]
    if not language:
        assert _pack(FM_OK, 160, 13) in titles


# --- rejected payloads: one build per field family, each message located -------------------------------


def _line(root: Path, rel: str, needle: str) -> int:
    for number, line in enumerate((root / rel).read_text(encoding="utf-8").split("\n"), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {rel}")


def _assert_rejected(result: BuildResult, expected: list[tuple[str, str]]) -> None:
    assert result.returncode != 0, result.output[-3000:]
    assert "Traceback" not in result.output, result.output[-3000:]
    lines = result.output.splitlines()
    for where, words in expected:
        assert any(where in line and words in line for line in lines), f"{where} / {words}:\n{result.output[-4000:]}"


def test_rejected_in_english_pages(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    _set_lines(root / EN_OBJECTIVE, {"title: ": BY_ID["close-script"].text,
                                     "    title: ": ["ok title", BY_ID["svg-onload"].text]})
    _set_lines(root / EN_KPI, {"definition: ": BY_ID["line-separators"].text, "measure: ": BY_ID["plotly-link"].text})
    _set_lines(root / EN_REPORT, {"title: ": LONG})
    bodies = {"content/en/help.md": "img-onerror", "content/en/about.md": "md-link-tab-entity-js",
              "content/en/method.md": "script-tag", "content/en/monitoring.md": "style-attribute",
              "content/en/contact.md": "plotly-link", "content/en/budget.md": "md-link-data"}
    for rel, payload_id in bodies.items():
        _append(root / rel, f"Text {BY_ID[payload_id].text}")
    title_line = _line(root, EN_OBJECTIVE, 'title: "</')
    expected = [
        (f"{EN_OBJECTIVE}:{title_line}:", "title: contains '<' and '>'"),
        (f"{EN_OBJECTIVE}:{_line(root, EN_OBJECTIVE, 'svg')}:", "key_actions[2].title: contains '<' and '>'"),
        (f"{EN_KPI}:{_line(root, EN_KPI, 'definition: ')}:", "definition: contains an invisible"),
        (f"{EN_KPI}:{_line(root, EN_KPI, 'measure: ')}:", "measure: contains '<' and '>'"),
        (f"{EN_REPORT}:{_line(root, EN_REPORT, 'AAAA')}:", "title"),
        (f"content/en/help.md:{_line(root, 'content/en/help.md', 'onerror')}:", "body: event-handler attribute"),
        (f"content/en/about.md:{_line(root, 'content/en/about.md', 'java&#9;')}:", "body: a 'javascript:' link"),
        (f"content/en/method.md:{_line(root, 'content/en/method.md', '<script>')}:", "body: <script> is not allowed"),
        (f"content/en/monitoring.md:{_line(root, 'content/en/monitoring.md', 'style=')}:", "body: style attributes"),
        (f"content/en/contact.md:{_line(root, 'content/en/contact.md', 'javascript:')}:", "body: a 'javascript:'"),
        (f"{EN_BUDGET}:{_line(root, EN_BUDGET, 'data:text')}:", "body: a 'data:' link"),
    ]
    _assert_rejected(run_build(root), expected)


def test_rejected_in_data_files(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    rows = _read_csv(root / OBSERVATIONS_CSV)
    rows[2][5] = BY_ID["close-script"].text  # line 3, note
    rows[3][6] = BY_ID["line-separators"].text  # line 4, source
    rows[4][5] = BY_ID["formula-tab"].text  # line 5, note
    rows[5][5] = LONG  # line 6, note
    rows[6][2], rows[6][4] = "", BY_ID["style-attribute"].text  # line 7, not_reported_reason
    rows[7][6] = BY_ID["js-tab"].text  # line 8, source
    rows[8][5] = BY_ID["formula-cr"].text  # line 9 (its CR ends the line for the reader too: keep it last)
    _write_csv(root / OBSERVATIONS_CSV, rows[0], rows[1:])
    expected = [(f"{OBSERVATIONS_CSV}:3:6:", "note: contains '<' and '>'"),
                (f"{OBSERVATIONS_CSV}:4:7:", "source: 'before\\u2028middle\\u2029after' contains a line break"),
                (f"{OBSERVATIONS_CSV}:5:6:", "note: '\\t=1+1' has spaces around it"),
                (f"{OBSERVATIONS_CSV}:6:6:", "note: is 5000 characters long"),
                (f"{OBSERVATIONS_CSV}:7:5:", "not_reported_reason: contains '<' and '>'"),
                (f"{OBSERVATIONS_CSV}:8:7:", "source: 'java\\tscript:window.__xss=1' contains a line break, tab"),
                (f"{OBSERVATIONS_CSV}:9:6:", "note: '\\r=1+1' has spaces around it")]
    _assert_rejected(run_build(root), expected)


def test_rejected_in_a_translation(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    _set_lines(root / HI_KPI, {"name: ": BY_ID["img-onerror"].text})
    _append(root / HI_KPI, f"पाठ {BY_ID['md-link-entity-js'].text}")
    _assert_rejected(run_build(root), [
        (f"{HI_KPI}:{_line(root, HI_KPI, 'onerror')}:", "name: contains '<' and '>'"),
        (f"{HI_KPI}:{_line(root, HI_KPI, '&#106;')}:", "body: a 'javascript:' link"),
    ])


# --- the browser: no payload runs, with the page's policy or without it ---------------------------------

BROWSER_PAGES = [f"/{language}{path}" for language in ("", "hi/") for path in AFFECTED]
NO_POLICY_PAGES = ["/kpis/participation-rate/", "/hi/kpis/participation-rate/", "/budget/", "/reports/2026-q3/"]

_SAFE_STATE = """() => ({
  xss: typeof window.__xss, polluted: typeof Object.prototype.polluted, emptyPolluted: typeof ({}).polluted,
  chartLinks: [...document.querySelectorAll('.plan-chart__plot a')].map((a) =>
    a.getAttribute('href') || a.getAttribute('xlink:href') || ''),
})"""


@pytest.fixture(scope="module")
def hostile_server(hostile_site: Path) -> Iterator[SiteServer]:
    server = SiteServer(hostile_site)
    yield server
    server.close()


def _strip_policy(page_html: str) -> str:
    return read_policy(page_html)[1]


def _exercise(browser: Browser, url: str, *, with_policy: bool) -> None:
    rewrite = None if with_policy else _strip_policy
    with open_page(browser, url, rewrite_html=rewrite) as (page, log):
        plots = page.locator(".plan-chart__plot")
        for index in range(plots.count()):
            plot = plots.nth(index)
            plot.scroll_into_view_if_needed()
            page.wait_for_selector(f".plan-chart__plot[data-rendered=true] >> nth={index}", timeout=15000)
            box = plot.bounding_box()
            if box:
                for fraction in (0.3, 0.5, 0.7):  # hover over bars and points: plotly draws its labels
                    page.mouse.move(box["x"] + box["width"] * fraction, box["y"] + box["height"] * 0.6)
                    page.wait_for_timeout(60)
        if "kpis/" in url:
            assert page.locator(".plan-chart__plot .ytitle").first.text_content() == KPI_MEASURE
        page.wait_for_timeout(100)
        state = page.evaluate(_SAFE_STATE)
        assert state["xss"] == "undefined" and state["polluted"] == "undefined", (url, state)
        assert state["emptyPolluted"] == "undefined", (url, state)
        assert not any(_scheme_is_code(href) for href in state["chartLinks"]), state
        assert log.dialogs == [] and log.page_errors == [], log.report()
        assert log.csp_violations == [] and log.csp_messages == [], log.report()


@pytest.mark.gigw("5.3.1")
@pytest.mark.browser
@pytest.mark.parametrize("path", BROWSER_PAGES)
def test_browser_canary_never_set(chromium: Browser, hostile_server: SiteServer, path: str) -> None:
    _exercise(chromium, hostile_server.url(path), with_policy=True)


@pytest.mark.browser
@pytest.mark.parametrize("path", NO_POLICY_PAGES)
def test_browser_inert_without_the_policy(chromium: Browser, hostile_server: SiteServer, path: str) -> None:
    _exercise(chromium, hostile_server.url(path), with_policy=False)


@pytest.mark.browser
def test_browser_search_results_stay_inert(chromium: Browser, hostile_server: SiteServer) -> None:
    """Material renders search titles and teasers as HTML: entity-encoded payloads must stay text."""
    with open_page(chromium, hostile_server.url("/"), rewrite_html=_strip_policy) as (page, log):
        query = page.locator("input.md-search__input")
        query.click()
        query.press_sequentially("onerror")
        page.locator(".md-search-result__item").first.wait_for()
        page.wait_for_timeout(300)
        state = page.evaluate(_SAFE_STATE)
        assert state["xss"] == "undefined" and state["polluted"] == "undefined", state
        assert page.locator(".md-search-result img, .md-search-result [onerror]").count() == 0
        assert log.dialogs == [] and log.page_errors == [], log.report()
