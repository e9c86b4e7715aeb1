"""The navigation memo (overrides/partials/nav-item.html, hooks/nav_cache.py) changes no byte of any page."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import material
from conftest import copy_project, run_build

REPO = Path(__file__).resolve().parents[1]
OVERRIDE = REPO / "overrides" / "partials" / "nav-item.html"
THEME = Path(material.__file__).parent / "templates" / "partials" / "nav-item.html"
CALL = '{{ render(item, path ~ "_" ~ loop.index, level + 1, nav_item) }}'


def test_the_override_is_the_theme_template_but_for_the_memo() -> None:
    ours = OVERRIDE.read_text(encoding="utf-8")
    header, _, body = ours.partition("-#}\n")
    assert "plan_nav_leaves" in header and body.count("plan_nav_leaves") == 3
    memo = re.search(r"\{% if item\.children .*?\{\{ plan_nav_leaves\[leaf\] \}\}\{% endif %\}", body)
    assert memo and CALL in memo.group(0)
    assert body.replace(memo.group(0), CALL) == THEME.read_text(encoding="utf-8"), (
        "Material's nav-item.html changed: copy it again and put the memo back in its loop")


def test_a_build_without_the_memo_writes_the_same_bytes(demo_site, tmp_path: Path) -> None:
    plain = copy_project(tmp_path / "plain")
    (plain / "overrides" / "partials" / "nav-item.html").unlink()
    result = run_build(plain)
    assert result.returncode == 0, result.output
    pages = sorted(p.relative_to(demo_site.site) for p in demo_site.site.rglob("*.html"))
    assert len(pages) > 50 and pages == sorted(p.relative_to(result.site) for p in result.site.rglob("*.html"))
    differing = [str(p) for p in pages if (demo_site.site / p).read_bytes() != (result.site / p).read_bytes()]
    assert not differing
    # Pages do list plain items, what the memo serves.
    kpi_page = (demo_site.site / "kpis" / "training-coverage" / "index.html").read_text(encoding="utf-8")
    assert kpi_page.count('<li class="md-nav__item">') > 10


def test_each_build_starts_with_an_empty_memo() -> None:
    sys.path.insert(0, str(REPO / "hooks"))
    import jinja2
    import nav_cache

    env = jinja2.Environment()
    first = nav_cache.on_env(env, config=None, files=None).globals["plan_nav_leaves"]
    first["x"] = "stale"
    assert nav_cache.on_env(env, config=None, files=None).globals["plan_nav_leaves"] == {}
