"""What the search index leaves out (transparency/search_scope.py, hooks/search_scope.py): the cutting
itself, the templates' markers, and whole builds: every page is in the index with its title and
chart summaries, the figure tables and repeated KPI charts are not, and no marker reaches a page."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import search_scope as search_hook
from conftest import REPO, BuildResult
from transparency.safety import sanitize_html
from transparency.search_scope import SKIP_END, SKIP_START, indexed_view, readable_json, without_markers

S, E = SKIP_START, SKIP_END


@pytest.mark.parametrize(("html", "view"), [
    ("<p>a</p>", "<p>a</p>"),
    (f"<p>a</p>{S}<table>1</table>{E}<p>b</p>", "<p>a</p><p>b</p>"),
    (f"{S}x{E}a{S}y{E}b{S}z{E}", "ab"),
    # nested blocks (a chart's tables inside the objective page's repeated charts) count as one
    (f"a{S}x{S}y{E}z{E}b", "ab"),
    (f"a{S}{S}{S}y{E}{E}{E}b{S}{E}c", "abc"),
    # an end without a start is ignored; a start never closed cuts nothing
    (f"a{E}b{S}x{E}c", "abc"),
    (f"a{S}b", "ab"),
    (f"a{S}b{S}x{E}c", "abxc"),
    # a start before a closed block: the block's end closes the inner one only, nothing is cut
    (f"a{S}mine{S}table{E}rest", "aminetablerest"),
    ("", ""),
])
def test_indexed_view_cuts_marked_blocks(html: str, view: str) -> None:
    assert indexed_view(html) == view


def test_without_markers_changes_nothing_else() -> None:
    html = f"<p>a</p>{S}<table><tr><td>1</td></tr></table>{E}<p>b {E}</p>"
    assert without_markers(html) == "<p>a</p><table><tr><td>1</td></tr></table><p>b </p>"
    plain = "<p>no markers</p>"
    assert without_markers(plain) is plain and indexed_view(plain) is plain


def test_readable_json_is_the_same_index_in_utf8() -> None:
    index = json.dumps({"docs": [{"title": "लक्ष्य", "text": "a \\u b \u2013 \"q\" </p>"}]}, separators=(",", ":"))
    readable = readable_json(index)
    assert json.loads(readable) == json.loads(index) and "लक्ष्य" in readable and "\\u0" not in readable
    assert len(readable.encode("utf-8")) < len(index.encode("utf-8"))
    ascii_only = '{"docs":[{"title":"a"}]}'
    assert readable_json(ascii_only) is ascii_only
    lone = json.dumps({"text": "\ud800"})  # cannot be written as UTF-8: kept escaped
    assert readable_json(lone) == lone


@pytest.mark.parametrize("body", [
    f"<p>mine</p>{S}<p>hidden</p>{E}",
    "<p>a</p><!--search-skip--><p>b</p><!--/search-skip-->",
    "<p>a</p><!-- search-skip --><p>b</p>",
])
def test_editors_cannot_place_markers(body: str) -> None:
    """The sanitiser drops HTML comments from what editors write, markers included; in text they are escaped."""
    cleaned = sanitize_html(body)
    assert S not in cleaned and E not in cleaned and indexed_view(cleaned) == cleaned
    text = sanitize_html(f"<p><code>{S.replace('<', '&lt;')}</code></p>")
    assert S not in text


def test_templates_markers_are_balanced() -> None:
    """Every template closes each block it opens, in order, so no block runs past its template."""
    for template in sorted((REPO / "overrides").rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        depth = 0
        for marker in re.findall(re.escape(S) + "|" + re.escape(E), text):
            depth += 1 if marker == S else -1
            assert depth >= 0, f"{template}: an end marker before its start"
        assert depth == 0, f"{template}: a block left open"
    used = [t.name for t in (REPO / "overrides/plan").glob("*.html") if S in t.read_text(encoding="utf-8")]
    assert sorted(used) == ["chart.html", "home.html", "kpi.html", "objective.html", "report.html"]


def _index(site: Path) -> list[dict[str, str]]:
    return json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]


def _text(docs: list[dict[str, str]], page: str) -> str:
    return " ".join(d["title"] + " " + d["text"] for d in docs if d["location"].split("#")[0] == page)


def test_index_keeps_words_and_leaves_out_figures(demo_site: BuildResult) -> None:
    docs = _index(demo_site.site)
    pages = sorted(str(p.parent.relative_to(demo_site.site)) for p in demo_site.site.rglob("index.html")
                   if p.relative_to(demo_site.site).parts[0] not in ("hi", "assets", "search"))
    located = {d["location"].split("#")[0] for d in docs}
    for page in pages:
        assert ("" if page == "." else page + "/") in located, f"{page} has no search entry"

    kpi = _text(docs, "kpis/service-integration/")
    html = (demo_site.site / "kpis/service-integration/index.html").read_text(encoding="utf-8")
    caption = re.search(r'class="plan-chart__caption">([^<]+)<', html).group(1)
    assert "Service Integration" in kpi and caption in kpi and "In brief:" in kpi
    # the figure tables and download links are on the page, not in the index
    captions = re.findall(r"<caption>([^<]+)</caption>", html)
    assert captions and not [c for c in captions if c in kpi]
    assert "service-integration.csv" in html and "CSV" not in kpi
    assert "Computed status: At risk" in kpi and "Pace needed" in html and "Pace needed" not in kpi

    # objective pages list their KPIs by name; the charts are indexed on the KPIs' own pages only
    objective = _text(docs, "objectives/capacity-building/")
    assert "Training Coverage" in objective and "In brief:" not in objective
    assert '<figure class="plan-chart"' in (demo_site.site / "objectives/capacity-building/index.html").read_text(
        encoding="utf-8")

    report = _text(docs, "reports/2026-q3/")
    assert "Service Integration" not in report and "Digital Infrastructure Modernization" in report
    home = _text(docs, "")
    assert "Digital Infrastructure Modernization" in home and "Service Integration" not in home

    # every page of both languages is byte for byte what the templates give, without a marker
    for page in demo_site.site.rglob("*.html"):
        assert "search-skip" not in page.read_text(encoding="utf-8"), page
    hindi = (demo_site.site / "hi/search/search_index.json").read_text(encoding="utf-8")
    assert _index(demo_site.site / "hi") and "search-skip" not in hindi
    # written as UTF-8 text: Devanagari letters as themselves, not \u0900-\u097f escapes
    assert re.search("[\u0900-\u097f]", hindi) and not re.search(r"\\u09[0-7]", hindi)


class _Index:
    def __init__(self) -> None:
        self.read: list[str] = []

    def add_entry_from_context(self, page: SimpleNamespace) -> None:
        self.read.append(page.content)

    def generate_search_index(self, prev: object) -> str:
        return '{"docs":[{"title":"\\u0932"}]}'


def test_hook_gives_search_the_view_and_readers_the_page() -> None:
    index = _Index()
    config = SimpleNamespace(plugins={"material/search": SimpleNamespace(search_index=index)})
    search_hook.on_config(config)  # type: ignore[arg-type]
    search_hook.on_config(config)  # type: ignore[arg-type]  # wraps once, however often it runs
    page = SimpleNamespace(content=f"<p>a</p>{S}<table>1</table>{E}")
    index.add_entry_from_context(page)
    assert index.read == ["<p>a</p>"] and page.content == f"<p>a</p>{S}<table>1</table>{E}"
    search_hook.on_page_context({}, page=page, config=config, nav=None)  # type: ignore[arg-type]
    assert page.content == "<p>a</p><table>1</table>"
    assert index.generate_search_index(None) == '{"docs":[{"title":"ल"}]}'


def test_hook_removes_markers_without_search() -> None:
    """Search turned off (or no search plugin): nothing is wrapped, the markers still leave the page."""
    config = SimpleNamespace(plugins={})
    assert search_hook.on_config(config) is config  # type: ignore[arg-type]
    page = SimpleNamespace(content=f"{S}<table>1</table>{E}")
    search_hook.on_page_context({}, page=page, config=config, nav=None)  # type: ignore[arg-type]
    assert page.content == "<table>1</table>"
