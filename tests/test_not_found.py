"""The 404 page links from the root of its own language tree, wherever the host shows it.

A host answers a missing address (``/2026-Q3/no/such/page/``) with the tree's 404.html, so every
link, stylesheet and script of that page must resolve from any depth: root-absolute, under the
site's path (GitHub Pages project sites live under ``/<repository>/``), the language's folder and
the published version. Checked on the unversioned build (``make build``: ``/`` and ``/hi/``) and on
a cycle built as .ci/publish.py has mike build it (SITE_VERSION, SITE_PUBLIC_URL), by resolving each
URL of each 404 page against a deep missing address and finding the file it names in the tree.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import BuildResult, copy_project
from transparency.csp import inline_scripts, read_policy, script_hash
from transparency.not_found import not_found_links, site_path

LANGUAGES = [{"code": "en", "label": "English"}, {"code": "hi", "label": "हिन्दी", "path": "hi"}]
VERSION = "2026-Q3"
PUBLIC_URL = "https://example.github.io/wipo-action-plan/"
HOST = "example.github.io"


# --- the rule -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("served", "public", "version", "expected"), [
    (None, None, None, "/"),  # make build: the site at the host's root
    (None, None, VERSION, "/"),  # published without a public address: assumed at the host's root
    (None, PUBLIC_URL, VERSION, "/wipo-action-plan/"),
    (None, "https://plan.example.gov.in/", VERSION, "/"),
    ("http://127.0.0.1:8000/", PUBLIC_URL, None, "/"),  # mkdocs serve: where it serves wins
    ("http://127.0.0.1:8000/docs/", None, None, "/docs/"),
    ("https://example.org/p/2026-Q3/", None, VERSION, "/p/"),  # mike's plugin appended the version to site_url
])
def test_the_site_path(served: str | None, public: str | None, version: str | None, expected: str) -> None:
    assert site_path(served, public, version) == expected


def test_each_language_tree_gets_its_own_root_and_links_to_the_others_home() -> None:
    base, links = not_found_links("/wipo-action-plan/", "hi", LANGUAGES, VERSION)
    assert base == "/wipo-action-plan/hi/2026-Q3/"
    assert [(link["code"], link["href"], link["current"]) for link in links] == [
        ("en", "/wipo-action-plan/2026-Q3/", False), ("hi", "/wipo-action-plan/hi/2026-Q3/", True)]
    base, links = not_found_links("/", "en", LANGUAGES, None)
    assert base == "/" and [link["href"] for link in links] == ["/", "/hi/"]


# --- built pages ----------------------------------------------------------------------------------------

class _Urls(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.language_links: list[tuple[str, str]] = []
        self.head_alternates: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.urls += [value for name, value in attrs if name in ("href", "src") and value]
        if "plan-language__link" in (values.get("class") or ""):
            self.language_links.append((values.get("hreflang") or "", values.get("href") or ""))
        if tag == "link" and "alternate" in (values.get("rel") or "").split() and values.get("hreflang"):
            self.head_alternates.append(values["hreflang"] or "")


def _config(html: str) -> dict:
    found = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.DOTALL)
    assert found, "no Material configuration in the page"
    return json.loads(found.group(1))


def unresolved(page: Path, tree: Path, served_at: str) -> list[str]:
    """Every URL of ``page`` that, resolved against ``served_at`` (an address on HOST), names no file
    of ``tree`` (the host's document root); links to other hosts are not the host's business."""
    html = page.read_text(encoding="utf-8")
    parser = _Urls()
    parser.feed(html)
    config = _config(html)
    missing = []
    for url in [*parser.urls, config["base"], config["search"]]:
        if url.startswith("#"):
            continue  # a place in this page
        absolute = urljoin(served_at, url)
        parts = urlsplit(absolute)
        if parts.hostname != HOST:
            continue
        target = tree / unquote(parts.path).lstrip("/")
        if parts.path.endswith("/") or target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            missing.append(f"{url} -> {parts.path}")
    return missing


def policy_problems(page: Path) -> list[str]:
    policy, html = read_policy(page.read_text(encoding="utf-8"))
    assert policy is not None, f"{page}: no policy"
    allowed = set(re.search(r"script-src ([^;]*)", policy).group(1).split()[1:])
    wanted = {script_hash(script) for script in inline_scripts(html)}
    return [] if allowed == wanted else [f"{page}: policy allows {sorted(allowed)}, the scripts are {sorted(wanted)}"]


def test_the_unversioned_404_pages_resolve_from_any_depth(demo_site: BuildResult) -> None:
    for folder, served_at, other in (("", f"http://{HOST}/no/such/page/", ("hi", "/hi/")),
                                     ("hi/", f"http://{HOST}/hi/no/such/page/", ("en", "/"))):
        page = demo_site.site / folder / "404.html"
        assert unresolved(page, demo_site.site, served_at) == []
        parser = _Urls()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.language_links == [other]
        assert parser.head_alternates == []  # a missing page is no translation of anything
        assert policy_problems(page) == []


def _build(root: Path, env: dict[str, str], site_dir: Path, *extra: str) -> None:
    completed = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir",
                                str(site_dir), *extra], cwd=root, env=env, capture_output=True, text=True,
                               timeout=600, check=False)
    assert completed.returncode == 0, completed.stdout + completed.stderr


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The document root of a host serving a cycle as mike lays it out, under the public URL's path."""
    root = copy_project(tmp_path_factory.mktemp("published"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_VERSION": VERSION, "SITE_PUBLIC_URL": PUBLIC_URL}
    env.pop("SOURCE_DATE_EPOCH", None)
    document_root = root / "www"
    site = document_root / "wipo-action-plan"
    _build(root, env, site / VERSION)
    _build(root, env, site / "hi" / VERSION, "--config-file", "mkdocs.hi.yml")
    for tree in (site, site / "hi"):
        (tree / "latest").symlink_to(VERSION)  # as mike's alias
    return document_root


@pytest.mark.parametrize(("tree", "other"), [("", ("hi", "/wipo-action-plan/hi/2026-Q3/")),
                                             ("hi/", ("en", "/wipo-action-plan/2026-Q3/"))])
def test_the_published_404_pages_resolve_from_any_depth(published: Path, tree: str, other: tuple[str, str]) -> None:
    page = published / "wipo-action-plan" / tree / VERSION / "404.html"
    html = page.read_text(encoding="utf-8")
    assert f'"base": "/wipo-action-plan/{tree}{VERSION}/"' in html
    # The archive banner (shown by Material's script when this cycle is no longer the latest) links to it.
    assert f'<a href="/wipo-action-plan/{tree}latest/">' in html
    for depth in ("", "no/", "no/such/page/", "no/such/page.html"):
        served_at = f"https://{HOST}/wipo-action-plan/{tree}{VERSION}/{depth}"
        assert unresolved(page, published, served_at) == [], served_at
    # A negative control: the same page served at the host's root does not resolve.
    assert unresolved(page, published / "wipo-action-plan", f"https://{HOST}/{tree}{VERSION}/no/") != []
    parser = _Urls()
    parser.feed(html)
    assert parser.language_links == [other]
    assert parser.head_alternates == []
    assert policy_problems(page) == []
