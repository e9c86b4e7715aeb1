"""Dashboard, objective roll-ups, cycle reports with computed changes, schedule and feed, in builds."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import BuildResult, copy_project, run_build

OBJECTIVE_STATUS = {  # declared, computed from the demo data and key actions
    "governance-participation": ("On track", "On track"),
    "capacity-building": ("Active", "At risk"),
    "digital-infrastructure": ("In progress", "At risk"),
    "technical-cooperation": ("Planning", "On track"),
}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _html(site: BuildResult, page: str) -> str:
    return (site.site / page).read_text(encoding="utf-8")


def test_dashboard_shows_expected_status_per_objective(demo_site: BuildResult) -> None:
    html = _html(demo_site, "index.html")
    cards = re.findall(r'<li class="plan-card">(.*?)</li>', html, re.S)
    assert len(cards) == 4
    for card, (objective, (declared, computed)) in zip(cards, OBJECTIVE_STATUS.items(), strict=True):
        assert f'href="objectives/{objective}/"' in card
        text = _text(card)
        assert f"Declared status {declared}" in text and f"Computed from the figures {computed}" in text, text
    text = _text(html)
    assert "Current reporting cycle 2026-Q3 (reported on 15 October 2026)" in text
    assert "illustrative demonstration data" in text
    assert text.count("in 2026-Q3; target:") == 4  # four KPI tiles
    assert 'id="chart-timeline-data"' in html and "Now: 2026-Q3" in html


def test_disagreement_is_stated_on_the_page_and_logged(demo_site: BuildResult) -> None:
    text = _text(_html(demo_site, "objectives/digital-infrastructure/index.html"))
    assert "The two statuses disagree." in text
    assert ("The editors declare this objective “In progress”, but its indicators and key actions give "
            "“At risk”.") in text
    assert "digital-infrastructure.md: declared status 'in-progress', computed 'at-risk'" in demo_site.output
    assert "disagree" not in _text(_html(demo_site, "objectives/governance-participation/index.html"))


def test_report_shows_what_changed_since_the_previous_cycle(demo_site: BuildResult) -> None:
    text = _text(_html(demo_site, "reports/2026-q3/index.html"))
    assert "What changed since the previous report (2026-Q2)" in text
    # KPI deltas, computed from the data: participation 24 -> 38 within 2026, service integration 4 -> 5
    assert "Participation Rate 24 (2026-Q2) 38 (2026-Q3) +14 On track On track" in text
    assert "Service Integration 4 (2026-Q2) 5 (2026-Q3) +1 Off track At risk (changed)" in text
    assert "Digital Infrastructure Modernization Off track At risk (changed)" in text
    # the CASE key action is recorded as completed in 2026-Q3
    assert "Key actions completed in this cycle" in text
    assert "Implementation of WIPO CASE for patent search (Digital Infrastructure Modernization, 2026-Q3)" in text
    first = _text(_html(demo_site, "reports/2026-q2/index.html"))
    assert "What this first report shows" in first and "(2026-Q3)" not in first


def test_schedule_shows_published_and_next_due(demo_site: BuildResult) -> None:
    html = _html(demo_site, "reporting-schedule/index.html")
    rows = {m.group(1): _text(m.group(2)) for m in re.finditer(r'<tr id="cadence-([a-z-]+)">(.*?)</tr>', html, re.S)}
    assert rows["quarterly"].endswith("2026-Q3 2026-Q4 ")
    assert rows["semi-annual"].endswith("2026-Q2 2026-Q4 ")
    assert "None yet 2026-Q4" in rows["annual"]
    assert "Was due at 2025-Q4; not yet published" in rows["mid-term"]


def test_feed_lists_reports_newest_first(demo_site: BuildResult) -> None:
    feed = ET.parse(demo_site.site / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", ns)
    assert [e.find("a:link", ns).get("href") for e in entries] == ["reports/2026-q3/", "reports/2026-q2/"]
    assert all(e.find("a:id", ns).text.startswith("urn:uuid:") for e in entries)
    assert 'type="application/atom+xml"' in _html(demo_site, "index.html")


def test_a_cycle_build_shows_only_what_was_known_then(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    os.environ["SITE_CYCLE"] = "2026-Q2"
    try:
        result = run_build(root)
    finally:
        del os.environ["SITE_CYCLE"]
    assert result.returncode == 0, result.output
    assert not (result.site / "reports/2026-q3").exists()
    kpi = _html(result, "kpis/participation-rate/index.html")
    assert "2026-Q2" in kpi and "2026-Q3" not in kpi
    assert "Current reporting cycle 2026-Q2" in _text(_html(result, "index.html"))


@pytest.mark.parametrize(("cycle", "message"), [("2026-Q5", "is not a cycle"), ("2025-Q1", "no report page for cycle")])
def test_unknown_cycle_fails(tmp_path: Path, cycle: str, message: str) -> None:
    root = copy_project(tmp_path / "p")
    os.environ["SITE_CYCLE"] = cycle
    try:
        result = run_build(root)
    finally:
        del os.environ["SITE_CYCLE"]
    assert result.returncode != 0 and message in result.output and "Traceback" not in result.output
