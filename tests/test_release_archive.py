"""The release archive (.ci/archive.py): the whole pages branch at one commit, checksummed, deterministic.

On a small pages branch made here (two cycles in two language trees, `latest` symlinks, pages with
their own CSP <meta>), so every property is checked in a second; tests/test_publish.py checks the
archives that publishing the real site writes.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from conftest import REPO, load_script
from transparency.csp import add_policy, build_policy, inline_scripts, script_hash

ARCHIVER = REPO / ".ci" / "archive.py"
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Test Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
    "GIT_COMMITTER_NAME": "Test Publisher", "GIT_COMMITTER_EMAIL": "publisher@example.org",
}
FOLDER = "demo-site-2026-Q3"  # the archive's folder for --name demo-site and 2026-Q3


archive = load_script(ARCHIVER, "archive")


def env(**extra: str) -> dict[str, str]:
    return {**os.environ, **GIT_ENV, **extra}


def git(cwd: Path, *args: str, **extra: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=env(**extra), check=True, capture_output=True,
                          text=True).stdout


def page(script: str) -> str:
    """A page with one inline script and its own policy allowing exactly it, as hooks/csp.py writes it."""
    return add_policy(f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>x</title>\n'
                      f"<script>{script}</script>\n</head>\n<body></body>\n</html>\n")


def versions(*cycles: str) -> str:
    """versions.json as mike writes it: the newest cycle first, with the alias."""
    return json.dumps([{"version": c, "title": c, "aliases": ["latest"] if i == 0 else []}
                       for i, c in enumerate(cycles)])


def write_tree(root: Path, files: dict[str, str]) -> None:
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def commit_pages(repo: Path, message: str, when: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, GIT_COMMITTER_DATE=when, GIT_AUTHOR_DATE=when)
    return git(repo, "rev-parse", "HEAD").strip()


def link_latest(repo: Path, base: str, cycle: str) -> None:
    link = repo / base / "latest"
    if link.is_symlink():
        link.unlink()
    os.symlink(cycle, link)


REDIRECT = ('<!DOCTYPE html>\n<html lang="en">\n<head><meta http-equiv="refresh" content="0; url=latest/"></head>\n'
            "</html>\n")


def cycle_files(base: str, cycle: str, marker: str) -> dict[str, str]:
    return {
        f"{base}{cycle}/index.html": page(f"var depth = 0; // {marker}"),
        f"{base}{cycle}/objectives/a/index.html": page("var depth = 2;"),
        f"{base}{cycle}/404.html": page("var depth = 0; // 404"),
        f"{base}{cycle}/assets/stylesheets/plan.css": f"/* {cycle} */\n",
        f"{base}{cycle}/assets/javascripts/bundle.0123abcd.min.js": "bundle\n",
    }


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A pages branch with 2026-Q2, then 2026-Q3, in the English (root) and Hindi (hi/) trees."""
    repo = tmp_path_factory.mktemp("pages")
    git(repo, "init", "-q", "-b", "gh-pages")
    files = {".nojekyll": "", "index.html": REDIRECT, "hi/index.html": REDIRECT.replace('"en"', '"hi"'),
             "versions.json": versions("2026-Q2"), "hi/versions.json": versions("2026-Q2"),
             **cycle_files("", "2026-Q2", "en q2"), **cycle_files("hi/", "2026-Q2", "hi q2")}
    write_tree(repo, files)
    for base in ("", "hi/"):
        link_latest(repo, base, "2026-Q2")
    q2 = commit_pages(repo, "2026-Q2", "2026-07-15T10:00:00+05:30")
    write_tree(repo, {"versions.json": versions("2026-Q3", "2026-Q2"),
                      "hi/versions.json": versions("2026-Q3", "2026-Q2"),
                      **cycle_files("", "2026-Q3", "en q3"), **cycle_files("hi/", "2026-Q3", "hi q3")})
    for base in ("", "hi/"):
        link_latest(repo, base, "2026-Q3")
    q3 = commit_pages(repo, "2026-Q3", "2026-10-15T10:00:00+05:30")
    # A stray file in the checkout, never committed: the archive reads the commit, not the folder.
    (repo / "2026-Q3" / "stray.html").write_text("stray", encoding="utf-8")
    return {"repo": repo, "q2": q2, "q3": q3}


def run_archiver(repo: Path, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ARCHIVER), *args, "--out", str(out), "--name", "demo-site"],
                          cwd=repo, env=env(), capture_output=True, text=True, check=False, timeout=120)


@pytest.fixture(scope="module")
def q3_archive(pages: dict[str, object], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("release")
    result = run_archiver(pages["repo"], out, "2026-Q3", "--ref", "gh-pages")  # type: ignore[arg-type]
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{out / FOLDER}.tar.gz (SHA-256 " in result.stdout
    return out / f"{FOLDER}.tar.gz"


def members(path: Path) -> list[tarfile.TarInfo]:
    with tarfile.open(path) as tar:
        return tar.getmembers()


def contents(path: Path) -> dict[str, bytes]:
    with tarfile.open(path) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}  # type: ignore[union-attr]


def site_of(path: Path, folder: str = FOLDER) -> dict[str, tuple[int, bytes]]:
    """Every file and symlink under the archive's site/, by its path there: mode and bytes (or link target)."""
    found = {}
    with tarfile.open(path) as tar:
        for member in tar.getmembers():
            name = member.name.removeprefix(f"{folder}/site/")
            if name == member.name or member.isdir():
                continue
            data = member.linkname.encode() if member.issym() else tar.extractfile(member).read()  # type: ignore[union-attr]
            found[name] = (member.mode, data)
    return found


# --- The archive and its checksum -------------------------------------------------------------------------


def test_the_archive_and_its_sha256_verify_with_sha256sum(q3_archive: Path, tmp_path: Path) -> None:
    checksum = Path(f"{q3_archive}.sha256")
    digest = hashlib.sha256(q3_archive.read_bytes()).hexdigest()
    assert checksum.read_text(encoding="utf-8") == f"{digest}  {FOLDER}.tar.gz\n"
    verified = subprocess.run(["sha256sum", "-c", checksum.name], cwd=q3_archive.parent, capture_output=True,
                              text=True, check=False)
    assert verified.returncode == 0 and f"{FOLDER}.tar.gz: OK" in verified.stdout
    # The check can fail: one byte changed.
    shutil.copy(checksum, tmp_path / checksum.name)
    damaged = bytearray(q3_archive.read_bytes())
    damaged[-20] ^= 1
    (tmp_path / q3_archive.name).write_bytes(bytes(damaged))
    failed = subprocess.run(["sha256sum", "-c", checksum.name], cwd=tmp_path, capture_output=True, text=True,
                            check=False)
    assert failed.returncode == 1 and "FAILED" in failed.stdout


def test_the_archive_holds_the_pages_branch_at_the_commit_exactly(pages: dict[str, object], q3_archive: Path) -> None:
    repo: Path = pages["repo"]  # type: ignore[assignment]
    listing = {}
    for line in git(repo, "ls-tree", "-r", "--full-tree", "gh-pages").splitlines():
        meta, path = line.split("\t", 1)
        mode, _, oid = meta.split()
        data = subprocess.run(["git", "cat-file", "blob", oid], cwd=repo, capture_output=True, check=True).stdout
        listing[path] = (0o777 if mode == "120000" else 0o644, data)
    site = site_of(q3_archive)
    assert site == listing
    # Every cycle, both languages, versions.json, the redirects, .nojekyll, `latest` as a symlink.
    for base in ("", "hi/"):
        for cycle in ("2026-Q2", "2026-Q3"):
            assert f"{base}{cycle}/index.html" in site
        assert f"{base}versions.json" in site and f"{base}index.html" in site
        assert site[f"{base}latest"] == (0o777, b"2026-Q3")
    assert ".nojekyll" in site
    assert "2026-Q3/stray.html" not in site  # in the checkout only


def test_entries_are_sorted_owned_by_root_without_names_and_dated_by_the_commit(pages: dict[str, object],
                                                                                 q3_archive: Path) -> None:
    found = members(q3_archive)
    names = [m.name for m in found]
    assert names == sorted(names)
    assert names[:7] == [FOLDER, *(f"{FOLDER}/{n}" for n in ("RELEASE.txt", "SHA256SUMS", "csp-header.txt",
                                                             "csp.apache.conf", "csp.nginx.conf", "site"))]
    commit_time = int(git(pages["repo"], "show", "-s", "--format=%ct", "gh-pages").strip())  # type: ignore[arg-type]
    assert commit_time == 1792038600  # 2026-10-15T10:00:00+05:30
    for member in found:
        assert (member.uid, member.gid, member.uname, member.gname) == (0, 0, "", ""), member.name
        assert member.mtime == commit_time, member.name
        expected = 0o755 if member.isdir() else 0o777 if member.issym() else 0o644
        assert member.mode == expected, member.name
    assert {m.name.removeprefix(f"{FOLDER}/site/") for m in found if m.isdir()} >= {"hi", "2026-Q3", "hi/2026-Q3"}


def test_the_gzip_header_has_no_name_and_no_time(q3_archive: Path) -> None:
    header = q3_archive.read_bytes()[:10]
    assert header[:3] == b"\x1f\x8b\x08"
    assert header[3] == 0  # no FNAME, FCOMMENT or FEXTRA
    assert header[4:8] == b"\0\0\0\0"  # mtime 0
    with tarfile.open(fileobj=io.BytesIO(gzip.decompress(q3_archive.read_bytes()))) as tar:
        assert tar.getnames()


def test_the_same_commit_gives_a_byte_identical_archive(pages: dict[str, object], q3_archive: Path,
                                                        tmp_path: Path) -> None:
    repo: Path = pages["repo"]  # type: ignore[assignment]
    again = run_archiver(repo, tmp_path, "2026-Q3", "--ref", str(pages["q3"]))
    assert again.returncode == 0, again.stderr
    assert (tmp_path / q3_archive.name).read_bytes() == q3_archive.read_bytes()
    assert Path(f"{tmp_path / q3_archive.name}.sha256").read_bytes() == Path(f"{q3_archive}.sha256").read_bytes()


def test_a_published_cycle_is_unchanged_in_the_archive_of_a_later_one(pages: dict[str, object], q3_archive: Path,
                                                                     tmp_path: Path) -> None:
    result = run_archiver(pages["repo"], tmp_path, "2026-Q2", "--ref", str(pages["q2"]))  # type: ignore[arg-type]
    assert result.returncode == 0, result.stderr
    q2 = site_of(tmp_path / "demo-site-2026-Q2.tar.gz", "demo-site-2026-Q2")
    q3 = site_of(q3_archive)
    for base in ("", "hi/"):
        cycle_files_q2 = {path for path in q2 if path.startswith(f"{base}2026-Q2/")}
        assert cycle_files_q2 and all(q3[path] == q2[path] for path in cycle_files_q2)
        # The check can fail: what moved on with Q3 differs.
        assert q2[f"{base}versions.json"] != q3[f"{base}versions.json"]
        assert q2[f"{base}latest"] == (0o777, b"2026-Q2")


def test_sha256sums_verify_every_file_of_the_unpacked_site(q3_archive: Path, tmp_path: Path) -> None:
    subprocess.run(["tar", "--no-same-owner", "-xzf", str(q3_archive), "-C", str(tmp_path)], check=True)
    site = tmp_path / FOLDER / "site"
    assert (site / "latest").is_symlink() and os.readlink(site / "latest") == "2026-Q3"
    assert (site / "latest" / "index.html").read_bytes() == (site / "2026-Q3" / "index.html").read_bytes()
    sums = (tmp_path / FOLDER / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    listed = [line.split("  ", 1)[1] for line in sums]
    files = sorted(str(p.relative_to(site)) for p in site.rglob("*") if p.is_file() and not p.is_symlink()
                   and not any(part == "latest" for part in p.relative_to(site).parts))
    assert listed == files  # every file once, links not followed
    verify = ["sha256sum", "-c", "--quiet", "--strict", "../SHA256SUMS"]
    assert subprocess.run(verify, cwd=site, capture_output=True, text=True, check=False).returncode == 0
    (site / "hi" / "2026-Q2" / "index.html").write_text("changed on the host", encoding="utf-8")
    changed = subprocess.run(verify, cwd=site, capture_output=True, text=True, check=False)
    assert changed.returncode == 1 and "hi/2026-Q2/index.html: FAILED" in changed.stdout


def test_release_txt_names_the_cycle_and_the_commit(pages: dict[str, object], q3_archive: Path) -> None:
    text = contents(q3_archive)[f"{FOLDER}/RELEASE.txt"].decode()
    assert f"cycle: 2026-Q3\npages branch commit: {pages['q3']}\npublished: 2026-10-15T04:30:00Z\n" in text


# --- The Content-Security-Policy header --------------------------------------------------------------------


def test_the_csp_header_is_every_pages_policy_united_plus_frame_ancestors(q3_archive: Path) -> None:
    files = contents(q3_archive)
    header = files[f"{FOLDER}/csp-header.txt"].decode()
    assert header.endswith("; frame-ancestors 'none'\n")
    pages_html = [data.decode() for name, data in files.items() if name.endswith(".html") and "/site/" in name]
    hashes = list(dict.fromkeys(script_hash(s) for html in pages_html for s in inline_scripts(html)))
    assert len(hashes) == 6  # one per cycle and language (4), depth 2, the 404 page
    assert header == build_policy(sorted(hashes, key=header.index)) + "; frame-ancestors 'none'\n"
    assert files[f"{FOLDER}/csp.nginx.conf"].decode() == \
        f'add_header Content-Security-Policy "{header.strip()}" always;\n'
    assert files[f"{FOLDER}/csp.apache.conf"].decode() == \
        f'Header always set Content-Security-Policy "{header.strip()}"\n'


def test_header_policy_unites_sources_and_follows_the_fallbacks() -> None:
    policies = [("a.html", "default-src 'self'; script-src 'self' 'sha256-A'; frame-src 'none'; base-uri 'self'"),
                ("b.html", "default-src 'self'; script-src 'self' 'sha256-B'; frame-src 'none'"),
                # an older cycle without worker-src: its workers fall back to script-src
                ("c.html", "default-src 'self'; script-src 'self' 'sha256-C'; worker-src 'self' blob:")]
    assert archive.header_policy(policies) == (
        "default-src 'self'; script-src 'self' 'sha256-A' 'sha256-B' 'sha256-C'; frame-src 'self'; "
        "worker-src 'self' 'sha256-A' 'sha256-B' blob:; frame-ancestors 'none'")
    # frame-src: c.html falls back to default-src 'self', and 'none' beside it would be ignored. base-uri is
    # left out: b.html and c.html do not restrict it, so the header must not either.


@pytest.mark.parametrize(("policies", "problem"), [
    ([], "no page carries a Content-Security-Policy"),
    ([("a.html", "script-src 'self'")], "a.html: its Content-Security-Policy has no default-src"),
    ([("a.html", "default-src 'self'; frame-ancestors 'none'")], "a <meta> policy cannot carry frame-ancestors"),
    ([("a.html", "default-src 'self' https://x.example/$x")], "characters a server configuration would read"),
])
def test_header_policy_refuses_what_it_cannot_unite(policies: list[tuple[str, str]], problem: str) -> None:
    with pytest.raises(ValueError, match=problem.replace("$", r"\$")):
        archive.header_policy(policies)


def test_none_beside_another_source_is_dropped() -> None:
    policies = [("a.html", "default-src 'self'; frame-src 'none'"), ("b.html", "default-src 'self'; frame-src 'self'")]
    assert archive.header_policy(policies) == "default-src 'self'; frame-src 'self'; frame-ancestors 'none'"


# --- Refusals ---------------------------------------------------------------------------------------------


def test_a_cycle_the_commit_does_not_publish_in_every_tree_is_refused(pages: dict[str, object],
                                                                      tmp_path: Path) -> None:
    result = run_archiver(pages["repo"], tmp_path, "2026-Q3", "--ref", str(pages["q2"]))  # type: ignore[arg-type]
    assert result.returncode == 2
    assert "2026-Q3 is not published at" in result.stderr and "hi/versions.json, versions.json" in result.stderr
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(("args", "problem"), [
    (["latest"], "'latest' is not a reporting cycle"),
    (["2026-Q3", "--ref", "no-such-branch"], "'no-such-branch' is not a commit here"),
])
def test_bad_arguments_are_refused(pages: dict[str, object], tmp_path: Path, args: list[str], problem: str) -> None:
    result = run_archiver(pages["repo"], tmp_path, *args)  # type: ignore[arg-type]
    assert result.returncode == 2 and problem in result.stderr


@pytest.mark.parametrize(("odd", "problem"), [
    ({"2026-Q3/a\\b.html": "x"}, "cannot be listed in SHA256SUMS"),
    ({"2026-Q3/two.html": page("x").replace("<head>", '<head><meta http-equiv="Content-Security-Policy" '
                                             'content="default-src *">')},
     "2026-Q3/two.html: the page declares more than one Content-Security-Policy"),
], ids=["backslash", "two-policies"])
def test_a_tree_the_archive_cannot_describe_is_refused(tmp_path: Path, odd: dict[str, str], problem: str) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "gh-pages")
    write_tree(repo, {"versions.json": versions("2026-Q3"), "2026-Q3/index.html": page("x"), **odd})
    commit_pages(repo, "odd", "2026-10-15T10:00:00+05:30")
    result = run_archiver(repo, tmp_path / "out", "2026-Q3")
    assert result.returncode == 3 and problem in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out" / f"{FOLDER}.tar.gz").exists()


# --- Names --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("config", "name"), [
    ("site_name: x\nrepo_url: https://github.com/example-office/wipo-action-plan\n", "wipo-action-plan"),
    ("repo_url: 'https://git.example.gov.in/office/plan-site.git/'  # comment\n", "plan-site"),
    ("site_name: x\n", "site"),
    ("repo_url: https://example.org/a b\n", "a"),
    ("  repo_url: https://github.com/nested/not-top-level\n", "site"),
])
def test_the_archive_is_named_after_the_repository(config: str, name: str) -> None:
    assert archive.site_name(config) == name


def test_the_repositorys_own_archive_name() -> None:
    assert archive.site_name((REPO / "mkdocs.yml").read_text(encoding="utf-8")) == "wipo-action-plan"


def test_the_cycle_pattern_is_the_publishers() -> None:
    publish = load_script(REPO / ".ci" / "publish.py", "publish_for_pattern")
    assert archive.CYCLE_PATTERN.pattern == publish.CYCLE_PATTERN.pattern
