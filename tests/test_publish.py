"""Publishing a cycle (.ci/publish.py): archives never change, `latest` moves, every guard refuses loudly.

End to end against a local bare repository standing in for GitHub: a copy of the site is committed,
2026-Q2 is published and pushed, then 2026-Q3 from a later commit; the published 2026-Q2 must stay
byte-identical. Each language is its own mike tree on the pages branch (English at the root, Hindi
in hi/), each with its versions.json and `latest`, and every check holds in both. The checks the
script makes are also tested as pure functions.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml
from conftest import REPO, copy_project, load_script

pytest_plugins = ("browser_harness",)  # the session's Chromium

PUBLISH = REPO / ".ci" / "publish.py"
REPORTS = "content/en/reports"  # the default language's report pages
# Git without the machine's own configuration, with a fixed identity (mike reads GIT_COMMITTER_*).
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Test Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
    "GIT_COMMITTER_NAME": "Test Publisher", "GIT_COMMITTER_EMAIL": "publisher@example.org",
    "NO_MKDOCS_2_WARNING": "1",
}


publish = load_script(PUBLISH, "publish")


# The site's public address the test cycles are published with (a GitHub Pages project site).
PUBLIC_URL = "https://example-office.github.io/wipo-action-plan/"
SITE_PATH = "/wipo-action-plan/"


def env() -> dict[str, str]:
    base = {k: v for k, v in os.environ.items()
            if k not in ("SITE_CYCLE", "SITE_VERSION", "SITE_PUBLIC_URL", "SOURCE_DATE_EPOCH")}
    return {**base, **GIT_ENV}


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=env(), check=True, capture_output=True, text=True).stdout


def run_publish(work: Path, *args: str, public_url: str | None = PUBLIC_URL) -> subprocess.CompletedProcess[str]:
    """publish.py in ``work``, with SITE_PUBLIC_URL set to ``public_url`` (None: unset)."""
    environment = env() if public_url is None else {**env(), "SITE_PUBLIC_URL": public_url}
    return subprocess.run([sys.executable, str(PUBLISH), *args], cwd=work, env=environment, capture_output=True,
                          text=True, timeout=600, check=False)


def report_pages(work: Path) -> dict[str, Path]:
    """The default language's report pages, by the cycle each reports on."""
    pages = {}
    for path in sorted((work / REPORTS).glob("*.md")):
        found = re.search(r"^cycle: *(\S+) *$", path.read_text(encoding="utf-8"), re.MULTILINE)
        if found:
            pages[found.group(1)] = path
    return pages


def ensure_report(work: Path, cycle: str, published: str) -> None:
    """A report page for ``cycle`` (the build of a cycle needs one), made from one of the demo's if missing."""
    pages = report_pages(work)
    if cycle in pages:
        return
    assert pages, f"no report page in {REPORTS} to start from"
    model_cycle, model = next(iter(pages.items()))
    text = model.read_text(encoding="utf-8")
    fields = {"id": cycle.lower(), "title": f'"Quarterly progress report: {cycle}"', "cycle": cycle,
              "updated": published, "published": published}
    for field, value in fields.items():
        text, count = re.subn(rf"^{field}: .*$", f"{field}: {value}", text, count=1, flags=re.MULTILINE)
        assert count == 1, f"the report pages in {REPORTS} have no '{field}:' line"
    (work / REPORTS / f"{cycle.lower()}.md").write_text(text, encoding="utf-8")
    # Its translations, from the model's (every page of the default language has one in each language).
    for translation in sorted((work / "content").glob(f"*/reports/{model.name}")):
        if translation != model:
            text = translation.read_text(encoding="utf-8")
            assert f"id: {model_cycle.lower()}" in text, translation
            text = text.replace(model_cycle, cycle).replace(model_cycle.lower(), cycle.lower())
            translation.with_name(f"{cycle.lower()}.md").write_text(text, encoding="utf-8")


def commit_all(work: Path, message: str) -> None:
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", message)
    git(work, "push", "-q", "origin", "HEAD:main")


def add_report(work: Path, cycle: str, published: str) -> None:
    ensure_report(work, cycle, published)
    commit_all(work, f"Report for {cycle}")


def set_aside_reports_after(work: Path, cycle: str, store: Path) -> list[Path]:
    """Take out the report pages (in every language) of cycles after ``cycle``: the site as it was then."""
    moved = []
    for later, page in report_pages(work).items():
        if publish.cycle_key(later) > publish.cycle_key(cycle):
            for translation in sorted((work / "content").glob(f"*/reports/{page.name}")):
                relative = translation.relative_to(work)
                (store / relative).parent.mkdir(parents=True, exist_ok=True)
                translation.rename(store / relative)
                moved.append(relative)
    return moved


def snapshot(repo: Path, ref: str, *folders: str) -> dict[str, tuple[int, bytes]]:
    """Every file (and symlink) under ``folders`` on ``ref``: its mode and its bytes."""
    archive = subprocess.run(["git", "archive", "--format=tar", ref, *folders], cwd=repo, env=env(),
                             capture_output=True, check=True).stdout
    files = {}
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar.getmembers():
            if member.isfile():
                extracted = tar.extractfile(member)
                assert extracted is not None
                files[member.name] = (member.mode, extracted.read())
            elif member.issym():
                files[member.name] = (member.mode, member.linkname.encode())
    return files


# The site's language trees on the pages branch: English at the root, Hindi in hi/ (extra.languages).
TREES = {"en": "", "hi": "hi/"}


def versions_on(repo: Path, ref: str = "gh-pages", base: str = "") -> list[dict[str, object]]:
    return json.loads(git(repo, "show", f"{ref}:{base}versions.json"))


def head(repo: Path, ref: str = "gh-pages") -> str:
    return git(repo, "rev-parse", ref).strip()


def archived(repo: Path, *cycles: str) -> dict[str, tuple[int, bytes]]:
    """Every file of ``cycles`` in every language's tree."""
    return snapshot(repo, "gh-pages", *(f"{base}{cycle}" for base in TREES.values() for cycle in cycles))


@dataclass
class PublishedSite:
    root: Path
    work: Path  # the site's repository, a clone of origin
    origin: Path  # the bare repository standing in for GitHub
    q2_before_q3: dict[str, tuple[int, bytes]]  # 2026-Q2 (en and hi) on origin right after it was published
    q2_output: str
    q3_output: str
    versions_after_q2: dict[str, list[dict[str, object]]]  # each tree's versions.json, by its folder


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> PublishedSite:
    """2026-Q2 published from the site as it was then, then 2026-Q3 from a later commit with Q3's report.
    Each publish is a strict build of both languages and a mike deploy of each: about 20 s here."""
    root = tmp_path_factory.mktemp("publish")
    origin = root / "origin.git"
    git(root, "init", "-q", "--bare", "-b", "main", str(origin))
    work = copy_project(root / "work")
    (work / ".gitignore").write_text("site/\n__pycache__/\nbuild/\n", encoding="utf-8")  # as the repository's
    ensure_report(work, "2026-Q2", "2026-07-15")
    ensure_report(work, "2026-Q3", "2026-10-15")
    later = set_aside_reports_after(work, "2026-Q2", root / "later")
    assert Path(REPORTS, "2026-q3.md") in later and Path("content/hi/reports/2026-q3.md") in later
    git(work, "init", "-q", "-b", "main")
    git(work, "remote", "add", "origin", str(origin))
    commit_all(work, "The site as of 2026-Q2")

    q2 = run_publish(work, "2026-Q2", "--push", "--public-url", PUBLIC_URL, public_url=None)  # the option
    assert q2.returncode == 0, q2.stdout + q2.stderr
    q2_snapshot = archived(origin, "2026-Q2")
    versions_after_q2 = {base: versions_on(origin, base=base) for base in TREES.values()}

    for relative in later:
        (root / "later" / relative).rename(work / relative)
    commit_all(work, "Reports up to 2026-Q3")
    q3 = run_publish(work, "2026-Q3", "--push")  # SITE_PUBLIC_URL
    assert q3.returncode == 0, q3.stdout + q3.stderr
    return PublishedSite(root, work, origin, q2_snapshot, q2.stdout + q2.stderr, q3.stdout + q3.stderr,
                         versions_after_q2)


def copy_of(state: PublishedSite, destination: Path) -> PublishedSite:
    """An independent copy of the published state (site repository and origin), for tests that publish more."""
    shutil.copytree(state.root, destination, symlinks=True)
    copied = PublishedSite(**{**state.__dict__, "root": destination, "work": destination / "work",
                              "origin": destination / "origin.git"})
    git(copied.work, "remote", "set-url", "origin", str(copied.origin))
    git(copied.work, "fetch", "-q", "origin")
    return copied


def page_of(files: dict[str, tuple[int, bytes]], path: str) -> str:
    return files[path][1].decode("utf-8")


# --- The two cycles published ---------------------------------------------------------------------------


@pytest.mark.slow
def test_first_cycle_is_published_as_latest_in_both_languages(published: PublishedSite) -> None:
    for base in TREES.values():
        assert published.versions_after_q2[base] == [{"version": "2026-Q2", "title": "2026-Q2",
                                                      "aliases": ["latest"]}], base
        assert f"{base}2026-Q2/index.html" in published.q2_before_q3
        assert f"{base}2026-Q2/reports/2026-q2/index.html" in published.q2_before_q3
    assert "strict build of 2026-Q2 (en, hi)" in published.q2_output
    assert "Building the 'hi' site into" in published.q2_output  # the gate checks Hindi too
    assert "mike deploy 2026-Q2 in en (2026-Q2/) with alias 'latest'" in published.q2_output
    assert "mike deploy 2026-Q2 in hi (hi/2026-Q2/) with alias 'latest'" in published.q2_output
    assert "2026-Q2 (en, hi) is published on 'origin/gh-pages'" in published.q2_output


@pytest.mark.slow
def test_each_language_is_its_own_tree_not_a_folder_of_the_english_cycle(published: PublishedSite) -> None:
    assert not [path for path in published.q2_before_q3 if path.startswith("2026-Q2/hi/")]
    assert '<html lang="en"' in page_of(published.q2_before_q3, "2026-Q2/index.html")
    assert '<html lang="hi"' in page_of(published.q2_before_q3, "hi/2026-Q2/index.html")
    english = {path.removeprefix("2026-Q2/") for path in published.q2_before_q3 if path.startswith("2026-Q2/")}
    hindi = {path.removeprefix("hi/2026-Q2/") for path in published.q2_before_q3 if path.startswith("hi/2026-Q2/")}
    assert "objectives/capacity-building/index.html" in english & hindi


@pytest.mark.slow
def test_every_file_of_an_archived_cycle_stays_byte_identical(published: PublishedSite) -> None:
    after = archived(published.origin, "2026-Q2")
    assert after.keys() == published.q2_before_q3.keys()
    changed = [path for path in after if after[path] != published.q2_before_q3[path]]
    assert changed == []
    # The check can fail: a rebuild of the same pages from the later commit differs (Q3 adds a report).
    q3 = archived(published.origin, "2026-Q3")
    for base in TREES.values():
        assert f"{base}2026-Q3/reports/2026-q3/index.html" in q3
        assert f"{base}2026-Q2/reports/2026-q3/index.html" not in after
        assert q3[f"{base}2026-Q3/index.html"][1] != after[f"{base}2026-Q2/index.html"][1]


@pytest.mark.slow
@pytest.mark.parametrize("base", TREES.values(), ids=TREES.keys())
def test_versions_json_lists_both_cycles_with_latest_on_the_newest(published: PublishedSite, base: str) -> None:
    assert versions_on(published.origin, base=base) == [
        {"version": "2026-Q3", "title": "2026-Q3", "aliases": ["latest"]},
        {"version": "2026-Q2", "title": "2026-Q2", "aliases": []},
    ]


@pytest.mark.slow
@pytest.mark.parametrize("base", TREES.values(), ids=TREES.keys())
def test_latest_is_a_symlink_to_the_newest_cycle_and_the_tree_root_redirects_to_it(published: PublishedSite,
                                                                                   base: str) -> None:
    listing = git(published.origin, "ls-tree", f"gh-pages:{base}" if base else "gh-pages")
    assert "120000 blob" in next(line for line in listing.splitlines() if line.endswith("\tlatest"))
    assert git(published.origin, "cat-file", "-p", f"gh-pages:{base}latest") == "2026-Q3"
    root_page = git(published.origin, "show", f"gh-pages:{base}index.html")
    assert '<meta http-equiv="refresh" content="0; url=latest/">' in root_page
    assert '<p><a href="latest/">' in root_page
    # In the tree's own language, with its catalogue's words: the Hindi root is Hindi.
    language = base.strip("/") or "en"
    words = yaml.safe_load((REPO / "content" / "i18n" / f"{language}.yml").read_text(encoding="utf-8"))["messages"]
    assert f'<html lang="{language}">' in root_page
    assert f"<title>{words['site.name']}</title>" in root_page
    assert f">{words['cycle.outdated.link']}</a>" in root_page
    assert "<script" not in root_page and "{" not in root_page
    top_level = {line.split("\t")[1] for line in listing.splitlines()}
    expected = {"2026-Q2", "2026-Q3", "index.html", "latest", "versions.json"}
    assert top_level == (expected | {".nojekyll", "hi"} if base == "" else expected)


@pytest.mark.slow
@pytest.mark.parametrize("base", TREES.values(), ids=TREES.keys())
def test_each_cycle_is_built_with_the_public_address(published: PublishedSite, base: str) -> None:
    assert f"publish: the site's public address is {PUBLIC_URL}" in published.q2_output  # from --public-url
    assert f"publish: the site's public address is {PUBLIC_URL}" in published.q3_output  # from SITE_PUBLIC_URL
    for cycle in ("2026-Q2", "2026-Q3"):
        tree = f"{base}{cycle}/"
        sitemap = git(published.origin, "show", f"gh-pages:{tree}sitemap.xml")
        assert f"<loc>{PUBLIC_URL}{tree}</loc>" in sitemap and f"<loc>{PUBLIC_URL}{tree}budget/</loc>" in sitemap
        # The 404 page, shown at any missing address, links from the cycle's tree on the host (hooks/not_found.py).
        not_found = git(published.origin, "show", f"gh-pages:{tree}404.html")
        assert f'"base": "{SITE_PATH}{tree}"' in not_found
        assert f'href="{SITE_PATH}{tree}assets/stylesheets/plan.css"' in not_found
        assert 'href="/assets/' not in not_found


@pytest.mark.slow
def test_publishing_without_a_public_address_needs_the_explicit_flag(published: PublishedSite) -> None:
    result = run_publish(published.work, "2026-Q4", "--push", public_url=None)
    assert_refused(published, result, 2, "the site's public address is not set", "--public-url", "SITE_PUBLIC_URL",
                   "PUBLIC_URL=", "--without-public-url")
    both = run_publish(published.work, "2026-Q4", "--push", "--without-public-url")
    assert_refused(published, both, 2, "--without-public-url, but the SITE_PUBLIC_URL environment variable sets")
    malformed = run_publish(published.work, "2026-Q4", "--push", public_url="example-office.github.io")
    assert_refused(published, malformed, 2, "is not the site's public address")


@pytest.mark.slow
def test_an_archived_page_links_to_its_other_language_in_the_same_cycle(published: PublishedSite) -> None:
    page = "objectives/capacity-building/"
    english = page_of(published.q2_before_q3, f"2026-Q2/{page}index.html")
    hindi = page_of(published.q2_before_q3, f"hi/2026-Q2/{page}index.html")
    # /2026-Q2/objectives/capacity-building/ <-> /hi/2026-Q2/objectives/capacity-building/
    assert f'href="../../../hi/2026-Q2/{page}" hreflang="hi"' in english
    assert f'<link rel="alternate " hreflang="hi" href="../../../hi/2026-Q2/{page}">' in english
    assert f'href="../../../../2026-Q2/{page}" hreflang="en"' in hindi
    assert f'<link rel="alternate " hreflang="en" href="../../../../2026-Q2/{page}">' in hindi
    # The archive banner of each language leads to `latest` of the same language: /hi/latest/ from Hindi.
    assert '<a href="../../../latest/">' in english and '<a href="../../../latest/">' in hindi
    # Nothing links to the unversioned Hindi site (the layout of `make build`).
    assert f'"../../hi/{page}"' not in english


@pytest.mark.slow
def test_the_local_pages_branch_is_what_was_pushed(published: PublishedSite) -> None:
    assert head(published.work) == head(published.origin)
    assert "2026-Q3 (en, hi) is published on 'origin/gh-pages'; 'latest' points at it" in published.q3_output


# --- The release archive written by each publish (.ci/archive.py; tests/test_release_archive.py) -----------

RELEASE = "build/release"
ARCHIVE_NAME = "wipo-action-plan"  # the last part of repo_url in mkdocs.yml


def release_files(archive_path: Path) -> dict[str, tuple[bool, bytes]]:
    """Everything under the archive's site/: whether it is a symlink, and its bytes or link target."""
    folder = archive_path.name.removesuffix(".tar.gz")
    found = {}
    with tarfile.open(archive_path) as tar:
        for member in tar.getmembers():
            name = member.name.removeprefix(f"{folder}/site/")
            if name != member.name and not member.isdir():
                data = member.linkname.encode() if member.issym() else tar.extractfile(member).read()  # type: ignore[union-attr]
                found[name] = (member.issym(), data)
    return found


def archive_extra(archive_path: Path, name: str) -> str:
    folder = archive_path.name.removesuffix(".tar.gz")
    with tarfile.open(archive_path) as tar:
        extracted = tar.extractfile(f"{folder}/{name}")
        assert extracted is not None
        return extracted.read().decode()


@pytest.mark.slow
@pytest.mark.parametrize("cycle", ["2026-Q2", "2026-Q3"])
def test_each_publish_writes_the_archive_and_its_sha256(published: PublishedSite, cycle: str) -> None:
    release = published.work / RELEASE
    name = f"{ARCHIVE_NAME}-{cycle}.tar.gz"
    verified = subprocess.run(["sha256sum", "-c", f"{name}.sha256"], cwd=release, capture_output=True, text=True,
                              check=False)
    assert verified.returncode == 0 and f"{name}: OK" in verified.stdout, verified.stdout + verified.stderr
    output = published.q2_output if cycle == "2026-Q2" else published.q3_output
    assert f"archive: {RELEASE}/{name} (SHA-256 " in output
    assert output.index("release archive of 'gh-pages'") < output.index("is published on 'origin/gh-pages'")


@pytest.mark.slow
def test_the_archive_is_the_whole_pages_branch_as_published(published: PublishedSite) -> None:
    files = release_files(published.work / RELEASE / f"{ARCHIVE_NAME}-2026-Q3.tar.gz")
    branch = snapshot(published.origin, "gh-pages")
    symlinks = {line.split("\t", 1)[1] for line in git(published.origin, "ls-tree", "-r", "gh-pages").splitlines()
                if line.startswith("120000 ")}
    assert symlinks == {"latest", "hi/latest"}
    assert files.keys() == branch.keys()
    for path, (_, data) in branch.items():
        assert files[path] == (path in symlinks, data), path
    for base in TREES.values():  # every cycle and both languages, with what makes them a versioned site
        for cycle in ("2026-Q2", "2026-Q3"):
            assert f"{base}{cycle}/index.html" in files and f"{base}{cycle}/404.html" in files
        assert files[f"{base}latest"] == (True, b"2026-Q3")
        assert f"{base}versions.json" in files and f"{base}index.html" in files
    assert ".nojekyll" in files


@pytest.mark.slow
def test_a_published_cycle_is_unchanged_in_the_next_cycles_archive(published: PublishedSite) -> None:
    release = published.work / RELEASE
    q2 = release_files(release / f"{ARCHIVE_NAME}-2026-Q2.tar.gz")
    q3 = release_files(release / f"{ARCHIVE_NAME}-2026-Q3.tar.gz")
    q2_cycle = {path for path in q2 if path.startswith(("2026-Q2/", "hi/2026-Q2/"))}
    assert len(q2_cycle) > 100 and {path for path in q3 if path.startswith(("2026-Q2/", "hi/2026-Q2/"))} == q2_cycle
    assert [path for path in q2_cycle if q3[path] != q2[path]] == []
    assert all(q2[path][1] == published.q2_before_q3[path][1] for path in q2_cycle)
    assert q2["latest"] == (True, b"2026-Q2") and q3["latest"] == (True, b"2026-Q3")


@pytest.mark.slow
def test_the_archive_of_the_same_commit_is_byte_identical(published: PublishedSite, tmp_path: Path) -> None:
    again = subprocess.run([sys.executable, str(REPO / ".ci" / "archive.py"), "2026-Q3", "--ref", "origin/gh-pages",
                            "--out", str(tmp_path)], cwd=published.work, env=env(), capture_output=True, text=True,
                           check=False, timeout=300)
    assert again.returncode == 0, again.stdout + again.stderr
    name = f"{ARCHIVE_NAME}-2026-Q3.tar.gz"
    assert (tmp_path / name).read_bytes() == (published.work / RELEASE / name).read_bytes()


@pytest.mark.slow
def test_the_archives_csp_header_is_the_pages_policies_plus_frame_ancestors(published: PublishedSite) -> None:
    from transparency.csp import read_policy

    archive_path = published.work / RELEASE / f"{ARCHIVE_NAME}-2026-Q3.tar.gz"
    header = archive_extra(archive_path, "csp-header.txt").strip()
    assert header.endswith("; frame-ancestors 'none'") and header.count("frame-ancestors") == 1

    def without_hashes(policy: str) -> str:
        return re.sub(r" 'sha256-[A-Za-z0-9+/=]+'", "", policy)

    hashes, pages = set(), 0
    for path, (_, data) in release_files(archive_path).items():
        policy = read_policy(data.decode("utf-8", errors="replace"))[0] if path.endswith(".html") else None
        if policy is None:
            continue
        pages += 1
        assert without_hashes(policy) + "; frame-ancestors 'none'" == without_hashes(header), path
        hashes |= set(re.findall(r"'sha256-[A-Za-z0-9+/=]+'", policy))
    assert pages > 100 and hashes == set(re.findall(r"'sha256-[A-Za-z0-9+/=]+'", header))
    assert archive_extra(archive_path, "csp.nginx.conf") == f'add_header Content-Security-Policy "{header}" always;\n'


# --- Refusals: non-zero exit, a clear message, no build, nothing changed ----------------------------------


def assert_refused(state: PublishedSite, result: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    assert result.returncode == code, result.stdout + result.stderr
    for word in words:
        assert word in result.stderr
    assert "strict build" not in result.stdout  # refused before building
    assert head(state.work) == head(state.origin)
    assert versions_on(state.origin)[0] == {"version": "2026-Q3", "title": "2026-Q3", "aliases": ["latest"]}


@pytest.mark.slow
@pytest.mark.parametrize("extra", [[], ["--force-older"]], ids=["plain", "forced"])
def test_republishing_a_cycle_is_refused(published: PublishedSite, extra: list[str]) -> None:
    result = run_publish(published.work, "2026-Q2", "--push", *extra)
    assert_refused(published, result, 3, "2026-Q2 is already published", "never changes")


@pytest.mark.slow
def test_a_cycle_with_missing_kpi_figures_is_refused(published: PublishedSite, tmp_path: Path) -> None:
    state = copy_of(published, tmp_path / "copy")
    add_report(state.work, "2026-Q4", "2027-01-15")  # a report, but no figure for 2026-Q4 in data/
    result = run_publish(state.work, "2026-Q4", "--push")
    assert_refused(state, result, 3, "KPI figures are missing for 2026-Q4")
    assert "participation-rate" in result.stdout + result.stderr  # the missing figures are listed


@pytest.mark.slow
def test_republishing_latest_is_refused(published: PublishedSite) -> None:
    assert_refused(published, run_publish(published.work, "2026-Q3", "--push"), 3, "2026-Q3 is already published")


@pytest.mark.slow
def test_a_cycle_older_than_latest_needs_the_explicit_flag(published: PublishedSite) -> None:
    result = run_publish(published.work, "2026-Q1", "--push")
    assert_refused(published, result, 3, "2026-Q1 is older than the latest published cycle, 2026-Q3",
                   "--force-older")


@pytest.mark.slow
@pytest.mark.parametrize("name", ["latest", "Latest", "stable"])
def test_a_cycle_named_like_an_alias_is_refused(published: PublishedSite, name: str) -> None:
    result = run_publish(published.work, name, "--push")
    assert_refused(published, result, 2, f"'{name}' is an alias, not a reporting cycle")


@pytest.mark.slow
@pytest.mark.parametrize("name", ["2026-Q5", "2026-Q0", "2026q3", "2026-q3", "26-Q3", "2026-Q3\n", "२०२६-Q3",
                                  "../2026-Q3", "2026-Q3/x", ""])
def test_a_malformed_cycle_is_refused(published: PublishedSite, name: str) -> None:
    assert_refused(published, run_publish(published.work, "--push", "--", name), 2, "is not a reporting cycle",
                   "YYYY-Qn")


@pytest.mark.slow
def test_uncommitted_changes_are_refused(published: PublishedSite, tmp_path: Path) -> None:
    state = copy_of(published, tmp_path / "copy")
    (state.work / "content/en/method.md").write_text("changed\n", encoding="utf-8")
    assert_refused(state, run_publish(state.work, "2026-Q4", "--push"), 3, "uncommitted changes")
    result = run_publish(state.work, "2026-Q4", "--push", "--allow-dirty")
    assert_refused(state, result, 2, "--allow-dirty cannot be pushed")


@pytest.mark.slow
def test_publishing_from_the_hindi_config_is_refused(published: PublishedSite) -> None:
    result = run_publish(published.work, "2026-Q4", "--push", "--config-file", "mkdocs.hi.yml")
    assert_refused(published, result, 2, "mkdocs.hi.yml builds the language 'hi', not the default one, 'en'")


@pytest.mark.slow
def test_a_half_published_cycle_is_refused_naming_the_missing_language(published: PublishedSite,
                                                                       tmp_path: Path) -> None:
    state = copy_of(published, tmp_path / "copy")
    # The public branch lost Hindi's 2026-Q3 (its folder, versions entry and alias), English has it.
    mike = Path(sys.executable).parent / "mike"
    subprocess.run([str(mike), "delete", "--config-file", "mkdocs.hi.yml", "--deploy-prefix", "hi", "2026-Q3"],
                   cwd=state.work, env=env(), capture_output=True, text=True, check=True)
    git(state.work, "push", "-q", "origin", "gh-pages")
    hindi = git(state.origin, "ls-tree", "--name-only", "gh-pages", "hi/").split()
    assert "hi/2026-Q2" in hindi and "hi/2026-Q3" not in hindi  # English still has it: the root is unchanged

    for extra in ([], ["--force-older"]):
        result = run_publish(state.work, "2026-Q3", "--push", *extra)
        assert_refused(state, result, 3, "2026-Q3 is half-published", "in 'en' (2026-Q3/)",
                       "missing in 'hi' (hi/2026-Q3/)", "nothing was done")


# --- A missed older cycle, forced: published, and `latest` stays ------------------------------------------


@pytest.mark.slow
def test_a_forced_older_cycle_is_published_without_moving_latest(published: PublishedSite, tmp_path: Path) -> None:
    state = copy_of(published, tmp_path / "copy")
    add_report(state.work, "2026-Q1", "2026-04-15")
    archives = archived(state.origin, "2026-Q2", "2026-Q3")
    root_pages = {base: git(state.origin, "show", f"gh-pages:{base}index.html") for base in TREES.values()}

    # A trial run without --push: published on the local branch only.
    trial = run_publish(state.work, "2026-Q1", "--force-older")
    assert trial.returncode == 0, trial.stdout + trial.stderr
    assert "not pushed" in trial.stdout
    for base in TREES.values():
        assert "2026-Q1" not in json.dumps(versions_on(state.origin, base=base))
        assert "2026-Q1" in json.dumps(versions_on(state.work, base=base))

    # The real run starts again from what is public: the trial commits are dropped, not pushed along.
    result = run_publish(state.work, "2026-Q1", "--force-older", "--push")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "dropping 2 commit(s) of the local 'gh-pages' that were never pushed" in result.stdout
    assert "mike deploy 2026-Q1 in en (2026-Q1/) ('latest' stays)" in result.stdout
    assert "mike deploy 2026-Q1 in hi (hi/2026-Q1/) ('latest' stays)" in result.stdout
    # Q2 en, en redirect, hi, hi redirect; Q3 en, hi (the redirects unchanged); Q1 en, hi
    assert git(state.origin, "rev-list", "--count", "gh-pages").strip() == "8"
    for base in TREES.values():
        assert versions_on(state.origin, base=base) == [
            {"version": "2026-Q3", "title": "2026-Q3", "aliases": ["latest"]},
            {"version": "2026-Q2", "title": "2026-Q2", "aliases": []},
            {"version": "2026-Q1", "title": "2026-Q1", "aliases": []},
        ]
        assert git(state.origin, "cat-file", "-p", f"gh-pages:{base}latest") == "2026-Q3"
        assert git(state.origin, "show", f"gh-pages:{base}index.html") == root_pages[base]
        assert f"{base}2026-Q1/reports/2026-q1/index.html" in archived(state.origin, "2026-Q1")
    assert archived(state.origin, "2026-Q2", "2026-Q3") == archives


# --- The diff check, end to end: a deploy that touches an archived cycle is undone and not pushed -----------


@pytest.mark.slow
def test_a_deploy_that_touches_another_cycle_in_either_language_is_aborted(
        published: PublishedSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    state = copy_of(published, tmp_path / "copy")
    add_report(state.work, "2026-Q4", "2027-01-15")
    local_before, origin_before = head(state.work), head(state.origin)
    real_run = publish.run
    deploys = []

    # After each language's mike deploy, something rewrites a page of that language's archived 2026-Q2.
    def sabotaged_run(command, **kwargs):
        completed = real_run(command, **kwargs)
        if Path(command[0]).name == "mike" and command[1] == "deploy":
            base = f"{command[command.index('--deploy-prefix') + 1]}/" if "--deploy-prefix" in command else ""
            deploys.append(base)
            index = tmp_path / "sabotage.index"
            with monkeypatch.context() as m:
                m.setenv("GIT_INDEX_FILE", str(index))
                git(state.work, "read-tree", "gh-pages")
                blob = subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=state.work, env=env(),
                                      input="rewritten", capture_output=True, text=True, check=True).stdout.strip()
                git(state.work, "update-index", "--cacheinfo", f"100644,{blob},{base}2026-Q2/index.html")
                tree = git(state.work, "write-tree").strip()
            commit = git(state.work, "commit-tree", tree, "-p", "gh-pages", "-m", "rewrite an archive").strip()
            git(state.work, "update-ref", "refs/heads/gh-pages", commit)
        return completed

    monkeypatch.setattr(publish, "run", sabotaged_run)
    # The strict build is not what this test is about (the published fixture runs it): spare its time.
    monkeypatch.setattr(publish, "strict_build", lambda options, languages, public_url: None)
    monkeypatch.setattr(publish, "check_figures", lambda options: None)  # 2026-Q4 has no figures in the demo
    run_publish_in(state.work, monkeypatch)

    code = publish.main(["2026-Q4", "--push", "--public-url", PUBLIC_URL])

    assert code == publish.EXIT_ABORTED
    assert deploys == ["", "hi/"]
    message = capsys.readouterr().err
    assert "the deploy changed more than the new cycle; nothing was pushed" in message
    assert "  2026-Q2/index.html: changed" in message
    assert "  hi/2026-Q2/index.html: changed" in message
    assert head(state.work) == local_before  # the local branch is reset
    assert head(state.origin) == origin_before  # and nothing was pushed


def run_publish_in(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """publish.main() called in-process as the Makefile runs it: in the project, git's test identity, no cycle
    or version left in the environment."""
    monkeypatch.chdir(work)
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("SITE_CYCLE", raising=False)
    monkeypatch.delenv("SITE_VERSION", raising=False)


@pytest.mark.slow
def test_a_publish_whose_archive_cannot_be_written_is_undone_and_not_pushed(
        published: PublishedSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    state = copy_of(published, tmp_path / "copy")
    add_report(state.work, "2026-Q4", "2027-01-15")
    local_before, origin_before = head(state.work), head(state.origin)
    failing = tmp_path / "archive.py"
    failing.write_text("import sys\nprint('archive: error: cannot write', file=sys.stderr)\nsys.exit(3)\n",
                       encoding="utf-8")
    monkeypatch.setattr(publish, "ARCHIVER", failing)
    monkeypatch.setattr(publish, "strict_build", lambda options, languages, public_url: None)  # as in the test above
    monkeypatch.setattr(publish, "check_figures", lambda options: None)
    run_publish_in(state.work, monkeypatch)

    code = publish.main(["2026-Q4", "--push", "--public-url", PUBLIC_URL])

    assert code == publish.EXIT_TOOL
    message = capsys.readouterr().err
    assert "the release archive could not be written, so nothing was published" in message
    assert "archive: error: cannot write" in message
    assert head(state.work) == local_before and head(state.origin) == origin_before


# --- The checks as pure functions ---------------------------------------------------------------------------


# A pages branch with 2026-Q2 published in both trees: path -> (mode, object id), as `git ls-tree -r` lists it.
BEFORE = {f"{base}{path}": ("100644", "a" * 40) for base in TREES.values()
          for path in ("index.html", "versions.json", "2026-Q2/index.html", "2026-Q2/css/x.css")}
BEFORE |= {".nojekyll": ("100644", "a" * 40), "latest": ("120000", "b" * 40), "hi/latest": ("120000", "b" * 40)}
BOTH_MOVE = {"": "latest", "hi": "latest"}


def published_q3(base: str) -> dict[str, tuple[str, str]]:
    """What publishing 2026-Q3 changes in the tree at ``base``."""
    return {f"{base}2026-Q3/index.html": ("100644", "c" * 40), f"{base}2026-Q3/a/b.html": ("100644", "d" * 40),
            f"{base}latest": ("120000", "e" * 40), f"{base}versions.json": ("100644", "f" * 40),
            f"{base}index.html": ("100644", "1" * 40)}


def test_diff_check_accepts_the_new_cycle_the_alias_versions_and_the_redirect_in_each_tree() -> None:
    after = {**BEFORE, **published_q3(""), **published_q3("hi/")}
    assert publish.unexpected_changes(BEFORE, after, cycle="2026-Q3", trees=BOTH_MOVE) == []


@pytest.mark.parametrize(("change", "problem"), [
    ({"2026-Q2/index.html": ("100644", "9" * 40)}, "2026-Q2/index.html: changed"),
    ({"hi/2026-Q2/index.html": ("100644", "9" * 40)}, "hi/2026-Q2/index.html: changed"),
    ({"2026-Q2/new.html": ("100644", "9" * 40)}, "2026-Q2/new.html: added"),
    ({"hi/2026-Q2/new.html": ("100644", "9" * 40)}, "hi/2026-Q2/new.html: added"),
    ({"stray.txt": ("100644", "9" * 40)}, "stray.txt: added"),
    ({"hi/stray.txt": ("100644", "9" * 40)}, "hi/stray.txt: added"),
    ({"hi/.nojekyll": ("100644", "9" * 40)}, "hi/.nojekyll: added"),  # only at the branch's root
    ({"2026-Q3/hi/index.html": ("100644", "9" * 40)}, None),  # inside the new cycle: allowed
    ({"2026-Q2/css/x.css": None}, "2026-Q2/css/x.css: deleted"),
    ({"hi/2026-Q2/css/x.css": None}, "hi/2026-Q2/css/x.css: deleted"),
    ({"2026-Q2/index.html": ("100755", "a" * 40)}, "2026-Q2/index.html: changed"),  # mode only
    ({"2026-Q3": ("120000", "9" * 40)}, "2026-Q3: added"),  # the cycle as a file, not a folder
    ({"hi/2026-Q3": ("120000", "9" * 40)}, "hi/2026-Q3: added"),
    ({"ja/2026-Q3/index.html": ("100644", "9" * 40)}, "ja/2026-Q3/index.html: added"),  # not a language tree
])
def test_diff_check_flags_any_other_change(change: dict[str, tuple[str, str] | None], problem: str | None) -> None:
    after = {**BEFORE, "2026-Q3/index.html": ("100644", "c" * 40), "hi/2026-Q3/index.html": ("100644", "c" * 40)}
    for path, entry in change.items():
        if entry is None:
            del after[path]
        else:
            after[path] = entry
    expected = [] if problem is None else [problem]
    assert publish.unexpected_changes(BEFORE, after, cycle="2026-Q3", trees=BOTH_MOVE) == expected


@pytest.mark.parametrize("base", TREES.values(), ids=TREES.keys())
def test_diff_check_flags_a_change_to_files_the_new_cycle_already_had(base: str) -> None:
    before = {**BEFORE, f"{base}2026-Q3/index.html": ("100644", "c" * 40)}
    after = {**before, f"{base}2026-Q3/index.html": ("100644", "d" * 40)}
    assert publish.unexpected_changes(before, after, cycle="2026-Q3", trees=BOTH_MOVE) == [
        f"{base}2026-Q3/index.html: changed, but it was already there before this cycle was published"]


def test_diff_check_without_alias_move_flags_latest_and_the_redirect_of_each_tree() -> None:
    after = {**BEFORE, **published_q3(""), **published_q3("hi/")}
    after = {path.replace("2026-Q3/", "2026-Q1/"): entry for path, entry in after.items()}
    assert publish.unexpected_changes(BEFORE, after, cycle="2026-Q1", trees={"": None, "hi": None}) == [
        "hi/index.html: changed", "hi/latest: changed", "index.html: changed", "latest: changed"]
    # The alias is checked per tree: moving in one does not allow it in the other.
    assert publish.unexpected_changes(BEFORE, after, cycle="2026-Q1", trees={"": "latest", "hi": None}) == [
        "hi/index.html: changed", "hi/latest: changed"]


def test_diff_check_of_a_single_tree_allows_nothing_in_the_others() -> None:
    after = {**BEFORE, **published_q3(""), **published_q3("hi/")}
    assert publish.unexpected_changes(BEFORE, after, cycle="2026-Q3", trees={"hi": "latest"}) == [
        "2026-Q3/a/b.html: added", "2026-Q3/index.html: added", "index.html: changed", "latest: changed",
        "versions.json: changed"]


def test_versions_check_wants_every_earlier_cycle_and_the_alias_on_the_new_one() -> None:
    before = publish.Published({"2026-Q2": ["latest"], "2026-Q1": []})
    good = publish.Published({"2026-Q3": ["latest"], "2026-Q2": [], "2026-Q1": []})
    assert publish.versions_problems(before, good, cycle="2026-Q3", alias="latest") == []
    dropped = publish.Published({"2026-Q3": ["latest"], "2026-Q2": []})
    assert publish.versions_problems(before, dropped, cycle="2026-Q3", alias="latest", where="hi/versions.json") == [
        "hi/versions.json: 2026-Q1 was listed before and is missing now"]
    stayed = publish.Published({"2026-Q3": [], "2026-Q2": ["latest"], "2026-Q1": []})
    assert publish.versions_problems(before, stayed, cycle="2026-Q3", alias="latest") == [
        "versions.json: 'latest' points at 2026-Q2, expected 2026-Q3"]
    assert publish.versions_problems(before, stayed, cycle="2026-Q3", alias=None) == []


EN = publish.Language("en", "", "mkdocs.yml")
HI = publish.Language("hi", "hi", "mkdocs.hi.yml")


def trees(en: dict[str, list[str]], hi: dict[str, list[str]], *, hi_paths: tuple[str, ...] = ()) -> list:
    return [publish.PagesTree(EN, publish.Published(en)), publish.PagesTree(HI, publish.Published(hi), hi_paths)]


@pytest.mark.parametrize(("cycle", "force_older", "expected"), [
    ("2026-Q4", False, None),
    ("2027-Q1", False, None),
    ("2026-Q2", False, "already published"),
    ("2026-Q2", True, "already published"),
    ("2026-Q1", False, "older than the latest published cycle, 2026-Q3"),
    ("2025-Q4", True, None),
])
def test_publish_refusal(cycle: str, force_older: bool, expected: str | None) -> None:
    both = trees({"2026-Q3": ["latest"], "2026-Q2": []}, {"2026-Q3": ["latest"], "2026-Q2": []})
    refusal = publish.publish_refusal(cycle, both, force_older=force_older)
    assert refusal is None if expected is None else expected in refusal


@pytest.mark.parametrize("force_older", [False, True])
def test_a_cycle_in_one_language_only_is_half_published_and_refused(force_older: bool) -> None:
    english_only = trees({"2026-Q3": ["latest"], "2026-Q2": []}, {"2026-Q2": ["latest"]})
    refusal = publish.publish_refusal("2026-Q3", english_only, force_older=force_older)
    assert refusal is not None
    assert "2026-Q3 is half-published" in refusal
    assert "in 'en' (2026-Q3/) but missing in 'hi' (hi/2026-Q3/)" in refusal
    hindi_only = trees({"2026-Q2": ["latest"]}, {"2026-Q2": ["latest"]}, hi_paths=("hi/2026-Q3/index.html",))
    refusal = publish.publish_refusal("2026-Q3", hindi_only, force_older=force_older)
    assert refusal is not None and "in 'hi' (hi/2026-Q3/) but missing in 'en' (2026-Q3/)" in refusal


def test_older_than_latest_is_judged_over_every_tree() -> None:
    # English lags (its 2026-Q3 was withdrawn by hand, say): 2026-Q2 is not newer than Hindi's latest.
    uneven = trees({"2026-Q1": ["latest"]}, {"2026-Q3": ["latest"]})
    refusal = publish.publish_refusal("2026-Q2", uneven, force_older=False)
    assert refusal is not None and "older than the latest published cycle, 2026-Q3" in refusal
    assert [tree.alias_moves("2026-Q2") for tree in uneven] == [True, False]


def test_a_folder_left_without_a_versions_entry_counts_as_published() -> None:
    leftovers = [publish.PagesTree(EN, publish.Published({}), ("2026-Q4/index.html",)),
                 publish.PagesTree(HI, publish.Published({}), ("hi/2026-Q4/index.html",))]
    refusal = publish.publish_refusal("2026-Q4", leftovers, force_older=False)
    assert refusal is not None and "already published" in refusal


def test_latest_falls_back_to_the_newest_cycle_when_no_alias_is_set() -> None:
    assert publish.Published({"2026-Q1": [], "2025-Q4": [], "dev": []}).latest_cycle() == "2026-Q1"
    assert publish.Published({}).latest_cycle() is None


# --- The languages, from extra.languages ----------------------------------------------------------------


def test_the_sites_languages_are_read_from_mkdocs_yml(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    assert publish.read_languages("mkdocs.yml") == [EN, HI]


def test_without_a_language_list_the_site_is_one_tree_at_the_root() -> None:
    assert publish.site_languages({"theme": {"name": "material", "language": "fr"}}, "mkdocs.yml") == [
        publish.Language("fr", "", "mkdocs.yml")]
    assert publish.site_languages({}, "site/mkdocs.yml") == [publish.Language("en", "", "site/mkdocs.yml")]


def test_a_languages_config_is_relative_to_the_default_config() -> None:
    config = {"extra": {"languages": [{"code": "en"}, {"code": "hi", "path": "/hi/", "config": "mkdocs.hi.yml"},
                                      {"code": "ta", "path": "lang/ta", "config": "mkdocs.ta.yml"}]}}
    assert publish.site_languages(config, "site/mkdocs.yml") == [
        publish.Language("en", "", "site/mkdocs.yml"), publish.Language("hi", "hi", "site/mkdocs.hi.yml"),
        publish.Language("ta", "lang/ta", "site/mkdocs.ta.yml")]


@pytest.mark.parametrize(("languages", "problem"), [
    ([{"code": "en", "path": "en"}], "the first language, 'en', is the default one"),
    ([{"code": "en"}, {"code": "hi", "config": "mkdocs.hi.yml"}], "the language 'hi' needs a 'path'"),
    ([{"code": "en"}, {"code": "hi", "path": "hi"}], "the language 'hi' needs a 'path'"),
    ([{"code": "en"}, {"code": "hi", "path": "latest", "config": "x.yml"}], "has the path 'latest'"),
    ([{"code": "en"}, {"code": "hi", "path": "2026-Q3", "config": "x.yml"}], "has the path '2026-Q3'"),
    ([{"code": "en"}, {"code": "hi", "path": "../hi", "config": "x.yml"}], "has the path '../hi'"),
    ([{"code": "en"}, {"code": "hi", "path": "h i", "config": "x.yml"}], "has the path 'h i'"),
    ([{"code": "en"}, {"code": "hi", "path": "hi", "config": "a.yml"}, {"code": "mr", "path": "hi", "config": "b.yml"}],
     "the language 'mr' (path 'hi') is listed twice"),
    ([{"code": "en"}, {"path": "hi", "config": "x.yml"}], "each with a 'code'"),
    ({"en": "English"}, "expected a list of languages"),
])
def test_a_malformed_language_list_is_refused(languages: object, problem: str) -> None:
    with pytest.raises(ValueError, match=re.escape(problem)):
        publish.site_languages({"extra": {"languages": languages}}, "mkdocs.yml")


# --- The strict build: every language, never versioned ------------------------------------------------------


def test_the_strict_build_is_not_versioned_and_mike_builds_are(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_VERSION", "2020-Q1")  # left over in the shell: must not reach the gate
    strict = publish.tool_env("2026-Q3", versioned=False)
    assert strict["SITE_CYCLE"] == "2026-Q3" and "SITE_VERSION" not in strict
    assert publish.tool_env("2026-Q3", versioned=True)["SITE_VERSION"] == "2026-Q3"


def test_every_build_gets_the_chosen_public_address_and_no_other(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_PUBLIC_URL", "https://left.over.example/")
    for versioned in (False, True):
        assert publish.tool_env("2026-Q3", versioned=versioned, public_url=PUBLIC_URL)["SITE_PUBLIC_URL"] == PUBLIC_URL
        assert "SITE_PUBLIC_URL" not in publish.tool_env("2026-Q3", versioned=versioned, public_url=None)


@pytest.mark.parametrize(("option", "environment", "configured", "expected"), [
    ("https://a.example/x", "https://b.example/", "https://c.example/", "https://a.example/x/"),
    (None, "https://b.example/", "https://c.example/", "https://b.example/"),
    ("  ", "", "https://c.example/p/", "https://c.example/p/"),
])
def test_the_public_address_option_wins_over_the_environment_over_the_config(
        option: str | None, environment: str | None, configured: str | None, expected: str) -> None:
    assert publish.public_url_choice(option, environment, configured, "mkdocs.yml", without=False) == expected


def test_a_missing_contradicting_or_malformed_public_address_stops_the_run() -> None:
    assert publish.public_url_choice(None, "", None, "mkdocs.yml", without=True) is None
    for arguments, without, problem in (
            ((None, None, None), False, "the site's public address is not set (--public-url, SITE_PUBLIC_URL or "
                                        "extra.public_url in mkdocs.yml"),
            ((None, None, "https://c.example/"), True, "--without-public-url, but mkdocs.yml: extra.public_url sets"),
            (("c.example", None, None), False, "--public-url: 'c.example' is not the site's public address"),
            ((None, "https://c.example/?q", None), False, "the SITE_PUBLIC_URL environment variable: "
                                                          "'https://c.example/?q' is not")):
        with pytest.raises(publish.Stop, match=re.escape(problem)) as stopped:
            publish.public_url_choice(*arguments, "mkdocs.yml", without=without)
        assert stopped.value.code == publish.EXIT_USAGE


def test_a_language_the_strict_build_did_not_build_stops_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    commands = []

    def build_only_english(command, **kwargs):  # as if hooks/languages.py were left out of mkdocs.yml
        commands.append(command)
        site = Path(command[command.index("--site-dir") + 1])
        (site / "index.html").write_text("built", encoding="utf-8")
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(publish, "run", build_only_english)
    options = publish.Options("2026-Q3", "origin", "gh-pages", "mkdocs.yml", False, False, False)
    with pytest.raises(publish.Stop, match="the strict build did not build hi") as stopped:
        publish.strict_build(options, [EN, HI])
    assert stopped.value.code == publish.EXIT_TOOL
    assert commands[0][1:5] == ["build", "--strict", "--clean", "--config-file"]


# --- The redirect page at the root of each language's tree -------------------------------------------------


@pytest.mark.parametrize("language", ["en", "hi"])
def test_the_redirect_page_speaks_its_trees_language(monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    monkeypatch.chdir(REPO)
    page = publish.redirect_page(language)
    words = yaml.safe_load((REPO / "content" / "i18n" / f"{language}.yml").read_text(encoding="utf-8"))["messages"]
    assert f'<html lang="{language}">' in page
    assert f"<title>{words['site.name']}</title>" in page
    assert f'<p><a href="latest/">{words["cycle.outdated.link"]}</a></p>' in page
    assert '<meta http-equiv="refresh" content="0; url=latest/">' in page
    # mike renders the page as a template: it must come out unchanged, or every publish would rewrite it.
    rendered = jinja2.Template(page, autoescape=True, keep_trailing_newline=True).render(href="ignored/")
    assert rendered == page
    assert publish.redirect_page("en") != publish.redirect_page("hi")


def test_the_redirect_page_escapes_its_words_for_html_and_for_mike(monkeypatch: pytest.MonkeyPatch,
                                                                   tmp_path: Path) -> None:
    (tmp_path / "content" / "i18n").mkdir(parents=True)
    (tmp_path / "content" / "i18n" / "xx.yml").write_text(
        'messages:\n  site.name: "A & B {{ href }} {% if %}"\n  cycle.outdated.link: "Go {# on"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    page = publish.redirect_page("xx")
    assert "<title>A &amp; B &#123;&#123; href &#125;&#125; &#123;% if %&#125;</title>" in page
    assert jinja2.Template(page, autoescape=True, keep_trailing_newline=True).render(href="x/") == page


def test_a_language_without_the_redirect_words_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "content" / "i18n").mkdir(parents=True)
    (tmp_path / "content" / "i18n" / "xx.yml").write_text("messages:\n  site.name: X\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for code, problem in (("xx", "KeyError: 'cycle.outdated.link'"), ("yy", "FileNotFoundError")):
        with pytest.raises(publish.Stop, match=re.escape(problem)) as stopped:
            publish.redirect_page(code)
        assert stopped.value.code == publish.EXIT_USAGE
        assert f"content/i18n/{code}.yml: cannot read the words of the '{code}' redirect page" in str(stopped.value)


# --- The cycle on the page: overrides/partials/cycle.html ---------------------------------------------------

WORDS = {"cycle.statement": "Reporting cycle: {cycle}", "cycle.outdated": "This is the archived cycle {cycle}.",
         "cycle.outdated.link": "Go to the latest cycle"}


def render_cycle(cycle: str, base_url: str, versions_root: str | None = None) -> tuple[str, str]:
    # MkDocs renders the theme with autoescape off, as here: the partial must escape by itself.
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(REPO / "overrides"), autoescape=False)
    environment.globals["t"] = lambda key, **values: WORDS[key].format(**values)
    template = environment.from_string('{% import "partials/cycle.html" as cycle with context %}'
                                       '{{ cycle.statement(c) }}|{{ cycle.outdated(c) }}')
    statement, banner = template.render(c=cycle, base_url=base_url, plan_versions_root=versions_root,
                                        config={"extra": {"version": {"default": "latest"}}}).split("|")
    return statement, " ".join(banner.split())


def test_each_page_states_its_cycle_and_an_archived_one_links_to_latest() -> None:
    statement, banner = render_cycle("2026-Q2", "../..")
    assert statement == '<p class="plan-cycle" data-cycle="2026-Q2">Reporting cycle: 2026-Q2</p>'
    assert "This is the archived cycle 2026-Q2." in banner
    assert '<a href="../../../latest/">' in banner  # from /2026-Q2/objectives/x/ to /latest/
    assert '<a href="./../latest/">' in render_cycle("2026-Q2", ".")[1]
    # The 404 page's base_url is "/", which would leave the published path: no link there.
    assert "<a " not in render_cycle("2026-Q2", "/")[1] and "//" not in render_cycle("2026-Q2", "/")[1]
    # Published, its versions' folder is known (hooks/not_found.py): the link goes there.
    assert '<a href="/wipo-action-plan/hi/latest/">' in render_cycle("2026-Q2", "/wipo-action-plan/hi/2026-Q2/",
                                                                    "/wipo-action-plan/hi/")[1]


def test_the_cycle_partial_escapes_what_it_prints() -> None:
    statement, banner = render_cycle('"><script>', "..")
    assert "<script>" not in statement + banner
    assert "&#34;&gt;&lt;script&gt;" in statement
    assert render_cycle("", "..")[0] == ""


# --- The chart library: one copy per cycle for every language -------------------------------------------

CHART_LIBRARY = "assets/javascripts/vendor/plotly-basic.min.js"
_PLOTLY_SRC = re.compile(r'data-plotly-src="([^"]+)"')


@pytest.mark.slow
def test_every_chart_page_of_a_cycle_in_every_language_names_one_chart_library(published: PublishedSite) -> None:
    from posixpath import normpath

    files = archived(published.origin, "2026-Q3")
    found: dict[str, set[str]] = {}
    for path, (_, data) in files.items():
        if path.endswith(".html") and (sources := _PLOTLY_SRC.findall(data.decode("utf-8"))):
            for folder in (path, path.replace("2026-Q3/", "latest/", 1)):  # `latest` serves the same bytes
                for source in sources:
                    url = normpath("/" + folder.rsplit("/", 1)[0] + "/" + source)
                    found.setdefault(url, set()).add(folder.split("/")[0])
    # Pages of both trees (en: 2026-Q3/, latest/; hi: hi/...) point at the English cycle's copy.
    assert found == {f"/2026-Q3/{CHART_LIBRARY}": {"2026-Q3", "latest", "hi"}}, found


@pytest.mark.slow
def test_a_reader_switching_language_downloads_the_chart_library_once(published: PublishedSite, tmp_path: Path,
                                                                       chromium: Any) -> None:
    # The session's one Chromium (browser_harness): a second Playwright in the same thread fails.
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    # The pages branch as a static host serves it (symlinks followed, so latest/ is the newest cycle).
    archive = subprocess.run(["git", "archive", "--format=tar", "gh-pages"], cwd=published.origin, env=env(),
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(tmp_path / "pages", filter="tar")
    handler = type("Quiet", (SimpleHTTPRequestHandler,), {"log_message": lambda *args: None})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(tmp_path / "pages")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    library = f"{base}/2026-Q3/{CHART_LIBRARY}"
    try:
        context = chromium.new_context()
        requested: list[str] = []
        context.on("request", lambda request: requested.append(request.url))
        transferred = []
        for path in ("/latest/budget/", "/hi/2026-Q3/budget/"):  # English by `latest`, then Hindi
            page = context.new_page()
            page.goto(base + path)
            page.locator(".plan-chart__plot").first.scroll_into_view_if_needed()
            page.wait_for_selector(".plan-chart__plot[data-rendered='true']", timeout=20_000)
            transferred.append(page.evaluate(
                "(url) => performance.getEntriesByName(url).map((entry) => entry.transferSize)", library))
            page.close()
        context.close()
    finally:
        server.shutdown()
        server.server_close()
    assert requested and {url for url in requested if "plotly" in url} == {library}
    # The first page downloaded it (about 400 KB gzipped, here served as is); the second had it from
    # the cache, at most revalidated (headers only).
    assert transferred[0][0] > 100_000 and transferred[1][0] < 2_000, transferred
