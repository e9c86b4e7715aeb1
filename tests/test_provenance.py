"""Provenance on every page: its cycle, when it and its figures changed, and where to suggest a change."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

from conftest import BuildResult

REPO = "https://github.com/example-office/wipo-action-plan/edit/main/"


def _provenance(html: str) -> str:
    match = re.search(r'<div class="plan-provenance">(.*?)</div>', html, re.S)
    assert match, "no provenance block"
    return match.group(1)


def test_every_page_states_its_cycle_date_and_source(demo_site: BuildResult) -> None:
    pages = [p for p in demo_site.site.rglob("index.html") if "assets" not in p.parts]
    assert len(pages) > 50
    for page in pages:
        block = _provenance(page.read_text(encoding="utf-8"))
        assert 'data-cycle="2026-Q3"' in block, page
        assert re.search(r'<time datetime="\d{4}-\d{2}-\d{2}">', block), page
        assert f'href="{REPO}content/' in block, page


def test_data_pages_link_their_csv_and_say_when_the_figures_changed(project: Path,
                                                                     build: Callable[[Path], BuildResult]) -> None:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=project, check=True, capture_output=True, text=True).stdout.strip()

    git("init", "-q")
    git("-c", "user.name=Editor", "-c", "user.email=editor@office.example", "add", "-A")
    subprocess.run(["git", "-c", "user.name=Editor", "-c", "user.email=editor@office.example", "commit", "-q",
                    "-m", "figures", "--date=2026-10-20T10:00:00"], cwd=project, check=True,
                   env={"GIT_COMMITTER_DATE": "2026-10-20T10:00:00", "PATH": "/usr/bin:/bin"})
    assert git("log", "-1", "--format=%cs", "--", "data/kpi-observations.csv") == "2026-10-20"
    result = build(project)
    assert result.returncode == 0, result.output
    kpi = _provenance((result.site / "kpis/training-coverage/index.html").read_text(encoding="utf-8"))
    assert '<time datetime="2026-10-20">20 October 2026</time>' in kpi
    assert f'href="{REPO}content/en/kpis/training-coverage.md"' in kpi
    assert f'href="{REPO}data/kpi-observations.csv"' in kpi
    hindi = _provenance((result.site / "hi/kpis/training-coverage/index.html").read_text(encoding="utf-8"))
    assert f'href="{REPO}content/hi/kpis/training-coverage.md"' in hindi and "2026-10-20" in hindi
    budget = _provenance((result.site / "budget/index.html").read_text(encoding="utf-8"))
    assert f'href="{REPO}data/budget-spending.csv"' in budget
    area = _provenance((result.site / "priority-areas/ip-analytics/index.html").read_text(encoding="utf-8"))
    assert "data/" not in area and "2026-10-20" not in area  # no figures on this page
