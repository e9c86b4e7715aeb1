"""The sitemaps of a published version, read by the theme in Chromium.

Built as .ci/publish.py has mike build a cycle (each language alone, SITE_VERSION set, the public
address in SITE_PUBLIC_URL) and served as mike lays it out (``/<version>/``, ``/hi/<version>/``).
Material's instant navigation swaps in only the pages its sitemap lists, by their address: if the
sitemap's URLs left the version or the language tree, every click would be an ordinary page load.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_harness import SiteServer, open_page, wait_for_quiet
from conftest import copy_project
from playwright.sync_api import Browser

pytest_plugins = ("browser_harness",)


def _build(root: Path, env: dict[str, str], *extra: str) -> None:
    completed = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", *extra], cwd=root,
                               env=env, capture_output=True, text=True, timeout=600, check=False)
    assert completed.returncode == 0, completed.stdout + completed.stderr


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    root = copy_project(tmp_path_factory.mktemp("published"))
    server = SiteServer(root / "site")  # the address is needed before the build
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_VERSION": server.version,
           "SITE_PUBLIC_URL": server.base_url.removesuffix(f"/{server.version}") + "/"}
    env.pop("SOURCE_DATE_EPOCH", None)
    _build(root, env)
    _build(root, env, "--config-file", "mkdocs.hi.yml", "--site-dir", str(root / "site" / "hi"))
    yield server
    server.close()


# In each language's tree, a click on the navigation swaps the page in: the sitemap lists it there.
@pytest.mark.browser
@pytest.mark.parametrize("start, target", [("/", "/budget/"), ("/hi/", "/hi/budget/")])
def test_published_sitemap_drives_instant_navigation(chromium: Browser, published: SiteServer,
                                                     start: str, target: str) -> None:
    with open_page(chromium, published.url(start)) as (page, log):
        page.evaluate("window.__sameDocument = true")
        before = page.title()
        page.locator(f".md-nav--primary a.md-nav__link[href='{published.url(target)}']").first.click()
        page.wait_for_url(published.url(target))
        page.wait_for_function("(before) => document.title !== before", arg=before)
        wait_for_quiet(page, log)
        assert page.evaluate("window.__sameDocument") is True, f"{target} was reloaded, not swapped in"
        assert log.problems() == [], log.report()
