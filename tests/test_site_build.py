"""Whole builds of the site: clean, complete, escaped, reproducible."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

from conftest import BuildResult, copy_project, edit, run_build

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
