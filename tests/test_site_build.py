"""Whole builds of the site: clean, complete, escaped, reproducible."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BuildResult, copy_project, edit, run_build
from transparency.html_tree import Element, parse_html

PAGES = [
    "index.html", "objectives/governance-participation/index.html", "objectives/capacity-building/index.html",
    "objectives/digital-infrastructure/index.html", "objectives/technical-cooperation/index.html",
    "phases/phase-1/index.html", "phases/phase-2/index.html", "phases/phase-3/index.html",
    "priority-areas/emerging-technologies/index.html", "priority-areas/traditional-knowledge/index.html",
    "priority-areas/development-agenda/index.html", "priority-areas/ip-enforcement/index.html",
    "priority-areas/ip-analytics/index.html", "priority-areas/sme-support/index.html",
    "kpis/participation-rate/index.html", "kpis/training-coverage/index.html",
    "kpis/service-integration/index.html", "kpis/cooperation-projects/index.html",
    "budget/index.html", "monitoring/index.html", "reporting-schedule/index.html", "reports/2026-q3/index.html",
]


def _html(site: BuildResult, page: str) -> str:
    return (site.site / page).read_text(encoding="utf-8")


def test_demo_site_builds_without_warnings(demo_site: BuildResult) -> None:
    assert "WARNING" not in demo_site.output, demo_site.output
    for page in PAGES:
        assert (demo_site.site / page).is_file(), page


def test_every_plan_section_is_in_the_navigation(demo_site: BuildResult) -> None:
    html = _html(demo_site, "budget/index.html")
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):]
    for label in ("Strategic objectives", "Implementation phases", "Priority areas", "Monitoring and evaluation",
                  "Reporting", "Enhanced Global IP Governance Participation", "Phase 3: Optimization",
                  "SME Support", "Participation Rate", "Reporting Schedule"):
        assert label in nav, label


def test_plan_facts_are_on_the_pages(demo_site: BuildResult) -> None:
    budget = _html(demo_site, "budget/index.html")
    for fact in ("35%", "US$2.5 million", "30%", "US$2.1 million", "25%", "US$1.8 million", "10%",
                 "US$0.7 million", "100%", "US$7.1 million"):
        assert fact in budget, fact
    home = _html(demo_site, "index.html")
    for fact in ("2024–2027", "Train 1,000 IP professionals through WIPO programs annually", "2025–2027",
                 "Planning", "On track", "In progress", "Active"):
        assert fact in home, fact
    monitoring = _html(demo_site, "monitoring/index.html")
    for fact in ("50+ annually", "1,000 annually", "8 services by 2026", "15+ projects"):
        assert fact in monitoring, fact
    schedule = _html(demo_site, "reporting-schedule/index.html")
    for fact in ("Quarterly", "Semi-annual", "Annual", "Mid-term", "Strategic evaluation and action plan revision"):
        assert fact in schedule, fact


# Charts work for everyone: caption, plain-language summary, a table of the same numbers, and a data
# download where the numbers are published as an open-data file.
def _charts(html: str) -> list[Element]:
    return [f for f in parse_html(html).iter("figure") if "plan-chart" in f.classes()
            and any("plan-chart__plot" in e.classes() for e in f.iter("div"))]


def _chart_problems(chart: Element) -> list[str]:
    problems = []
    caption = chart.first("figcaption")
    if caption is None or not caption.text():
        problems.append("no caption")
    summary = next((e for e in chart.iter("p") if "plan-chart__summary" in e.classes()), None)
    label = summary.first("strong") if summary is not None else None
    if summary is None or label is None or len(summary.text()) <= len(label.text()) + 10:
        problems.append("no plain-language summary")
    tables = [t for t in chart.iter("table") if len(list(t.iter("tr"))) > 1]
    if not tables:
        problems.append("no table of its numbers")
    return problems


def test_a_chart_without_a_summary_is_caught() -> None:
    html = ('<figure class="plan-chart" id="c"><figcaption>Caption</figcaption><div class="plan-chart__plot"></div>'
            '<table><tr><th>a</th></tr><tr><td>1</td></tr></table></figure>')
    assert _chart_problems(_charts(html)[0]) == ["no plain-language summary"]
    empty = html.replace("<div", '<p class="plan-chart__summary"><strong>In brief:</strong> </p><div')
    assert _chart_problems(_charts(empty)[0]) == ["no plain-language summary"]


def test_every_chart_on_every_page_has_caption_summary_and_table(demo_site: BuildResult) -> None:
    counted = 0
    for page in sorted(demo_site.site.rglob("*.html")):
        for chart in _charts(page.read_text(encoding="utf-8")):
            counted += 1
            problems = _chart_problems(chart)
            assert not problems, f"{page.relative_to(demo_site.site)}: chart {chart.get('id')}: {problems}"
    assert counted > 20, counted  # the KPI charts, the timeline and the budget's two, in both languages


@pytest.mark.parametrize(("page", "summaries"), [
    ("index.html", {"chart-timeline": ["The plan runs from 2024 to 2027 in 3 phases: Phase 1: Foundation Building "
                                       "(2024);", "As of 2026-Q3, Phase 3: Optimization & Expansion is under way."]}),
    ("hi/index.html", {"chart-timeline": ["योजना 2024 से 2027 तक 3 चरणों में चलती है: चरण 1: नींव का निर्माण (2024);",
                                          "2026-Q3 की स्थिति में चरण 3: अनुकूलन एवं विस्तार जारी है।"]}),
    ("budget/index.html", {
        "chart-budget-allocation": ["Of the annual budget of US$7.1 million, the largest share, 35%, goes to "
                                    "Technical Infrastructure (US$2.5 million).", "The smallest share, 10%, goes to "
                                    "Monitoring & Evaluation (US$0.7 million)."],
        "chart-budget-spending": ["In 2025, US$6.8 million was spent of US$7.1 million planned (96.2%).",
                                  "These spending figures are illustrative, not official."]}),
    ("hi/budget/index.html", {
        "chart-budget-allocation": ["7.1 मिलियन अमेरिकी डॉलर के वार्षिक बजट में सबसे बड़ा हिस्सा, 35%,"],
        "chart-budget-spending": ["2025 में 7.1 मिलियन अमेरिकी डॉलर की नियोजित राशि में से 6.8 मिलियन अमेरिकी डॉलर व्यय",
                                  "व्यय के ये आंकड़े उदाहरणात्मक हैं, आधिकारिक नहीं।"]}),
])
def test_home_and_budget_charts_are_readable_without_the_chart(demo_site: BuildResult, page: str,
                                                               summaries: dict[str, list[str]]) -> None:
    charts = {c.get("id"): c for c in _charts(_html(demo_site, page))}
    assert sorted(charts) == sorted(summaries), sorted(charts)
    for chart_id, sentences in summaries.items():
        chart = charts[chart_id]
        assert _chart_problems(chart) == [], chart_id
        summary = next(e for e in chart.iter("p") if "plan-chart__summary" in e.classes()).text()
        for sentence in sentences:
            assert sentence in summary, (chart_id, summary)
    # The spending figures are published as open data: the chart links the file, with its format and size.
    # The timeline's and the allocation's numbers come from front matter, not an open-data file: their
    # tables are the only other form (a download for them would be a new file; see the task report).
    for chart_id, chart in charts.items():
        links = [(a.get("href") or "").rsplit("/", 1)[-1] for a in chart.iter("a") if a.get("download") is not None]
        assert links == (["budget-spending.csv"] if chart_id == "chart-budget-spending" else []), (chart_id, links)
        if links:
            assert re.search(r"\(CSV, [\d.,]+ (KB|बाइट|bytes)\)", chart.text()), chart.text()


def test_cross_links_are_generated_both_ways(demo_site: BuildResult) -> None:
    objective = _html(demo_site, "objectives/digital-infrastructure/index.html")
    assert 'href="../../kpis/service-integration/"' in objective
    assert 'href="../../priority-areas/ip-analytics/"' in objective
    assert 'href="../../phases/phase-1/"' in objective
    kpi = _html(demo_site, "kpis/service-integration/index.html")
    assert 'href="../../objectives/digital-infrastructure/"' in kpi


def test_front_matter_values_are_escaped_in_the_head(project: Path, build: Callable[[Path], BuildResult]) -> None:
    gov = project / "content/en/objectives/governance-participation.md"
    edit(gov, 'title: "Enhanced Global IP Governance Participation"', "title: 'R&D \"quoted\" &amp; more'")
    edit(gov, 'description: "How India', "description: 'Say \"hi\" & leave\" onmouseover=\"x' # How India")
    result = build(project)
    assert result.returncode == 0, result.output
    html = (result.site / "objectives/governance-participation/index.html").read_text(encoding="utf-8")
    head = html[: html.index("</head>")]
    assert "<title>R&amp;D &#34;quoted&#34; &amp;amp; more - " in head
    assert 'content="Say &#34;hi&#34; &amp; leave&#34; onmouseover=&#34;x"' in head
    assert 'onmouseover="' not in html
    assert "<h1>R&amp;D &#34;quoted&#34; &amp;amp; more</h1>" in html


def _tree_digest(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first = run_build(copy_project(tmp_path / "one"))
    second = run_build(copy_project(tmp_path / "two"))
    assert first.returncode == 0 and second.returncode == 0, first.output + second.output
    one, two = _tree_digest(first.site), _tree_digest(second.site)
    assert one.keys() == two.keys()
    assert [path for path in one if one[path] != two[path]] == []


def test_no_third_party_resources_are_referenced(demo_site: BuildResult) -> None:
    """Nothing the browser loads by itself (scripts, styles, fonts, images, frames) leaves the site."""
    loaded = re.compile(r"<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc=\"([^\"]+)\"|"
                        r"<link\b[^>]*\brel=\"(?:stylesheet|preconnect|preload|icon|modulepreload)\"[^>]*\bhref=\"([^\"]+)\"")
    for page in PAGES:
        for match in loaded.finditer(_html(demo_site, page)):
            url = match.group(1) or match.group(2)
            assert not re.match(r"^(?:[a-z]+:)?//", url), f"{page} loads {url}"
    for css in demo_site.site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^'\")]+)", css.read_text(encoding="utf-8")):
            raise AssertionError(f"{css} loads {url}")
