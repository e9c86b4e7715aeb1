#!/usr/bin/env python3
"""Write the release archive of the published site: the whole pages branch at one commit, checksummed.

GitHub Pages is staging only: GIGW 3.0 wants production hosted in India (5.3.2) on a gov.in or
nic.in domain (5.1.21). Each published cycle therefore also yields one archive of everything a
production host serves (every cycle, both languages, versions.json, the redirects, `latest`), with
its SHA-256, so the host is a copy of what was published and an auditor can check any file of it.
DEPLOYMENT.md says how to verify, unpack and serve it.

Called by .ci/publish.py after a cycle is published, and by the release workflow on the commit it
pushed. Written into ``build/release/`` (``--out``), for the site named NAME (the last part of
``repo_url`` in mkdocs.yml) and the cycle CYCLE:

- ``NAME-CYCLE.tar.gz``, holding one folder ``NAME-CYCLE/`` with
  - ``site/``: the pages branch's tree at the commit, exactly: read from git's objects, never from
    a checkout that may hold stray files; the symlink alias ``latest`` stays a symlink (hosts follow
    it; it is how GitHub Pages serves it too), so ``latest/`` serves the very bytes of its cycle;
  - ``SHA256SUMS``: the SHA-256 of every file under ``site/`` (``sha256sum -c`` format, paths
    relative to ``site/``; symlinks are not listed, their targets are);
  - ``csp-header.txt``: the Content-Security-Policy for the host to send as a header: every page's
    own policy (from its ``<meta>``), the union of their script hashes, plus ``frame-ancestors
    'none'``, which a ``<meta>`` policy cannot carry; ``csp.nginx.conf`` and ``csp.apache.conf``
    are the same value as a line to include in the host's configuration;
  - ``RELEASE.txt``: the cycle, the commit of the pages branch and its time;
- ``NAME-CYCLE.tar.gz.sha256``: the archive's SHA-256 in ``sha256sum`` format.

Deterministic: the same commit gives a byte-identical archive. Entries are sorted by path; every
entry's mtime is the commit's committer time (not 0: hosts derive Last-Modified and ETag from it, and
nginx's ETag is mtime plus size, so a fixed mtime would keep the ETag of a same-size file that changed);
uid and gid 0 without user names; modes 0644 for files, 0755 for folders and executables; PAX format;
gzip with no file name and mtime 0. (``git archive`` is deterministic too, but writes modes 0664,
the user name "root" and a commit comment, and cannot add the checksums.) The gzip stream is
zlib's: the same machine gives the same bytes; another zlib version may compress differently,
while the tar inside stays identical.

Exit codes: 0 written; 1 git failed; 2 bad arguments, or the commit does not publish the cycle in
every language tree; 3 the tree or its pages cannot be archived as promised (a path sha256sum cannot
list, a page policy without default-src).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import io
import json
import re
import subprocess
import sys
import tarfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

# The core module that writes each page's policy also reads it back (plain Python, no MkDocs).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))
from transparency.csp import read_policy

# As in publish.py (a test checks they agree): YYYY-Qn, ASCII digits.
CYCLE_PATTERN = re.compile(r"[0-9]{4}-Q[1-4]")
# What a site name may be: it names a file and the archive's folder.
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
DEFAULT_NAME = "site"
# The directive a <meta> policy cannot carry, added to the header: no page may be framed.
FRAME_ANCESTORS = "frame-ancestors 'none'"
# Characters a header value may have so that it is copied verbatim into a double-quoted nginx or
# Apache string: no quote, backslash, `$` (nginx variables) or `%` (Apache format specifiers).
HEADER_SAFE = re.compile(r"[A-Za-z0-9 '\-:;/+=.*]+")

EXIT_GIT, EXIT_USAGE, EXIT_UNARCHIVABLE = 1, 2, 3


class Stop(Exception):
    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Entry:
    """One entry of the pages branch's tree, as `git ls-tree -r -t` lists it."""

    path: str
    mode: str  # "100644", "100755", "120000" (symlink), "040000" (folder)
    oid: str

    @property
    def is_folder(self) -> bool:
        return self.mode == "040000"

    @property
    def is_symlink(self) -> bool:
        return self.mode == "120000"


@dataclass(frozen=True)
class Release:
    """What one archive holds besides the tree, computed from it."""

    cycle: str
    commit: str
    commit_time: int
    sums: str  # SHA256SUMS
    csp_header: str


# --- Pure parts (unit-tested without git) ---------------------------------------------------------------


def archive_name(name: str, cycle: str) -> str:
    return f"{name}-{cycle}"


def site_name(config_text: str) -> str:
    """The last part of ``repo_url`` in mkdocs.yml (``.../wipo-action-plan`` -> ``wipo-action-plan``), else
    "site". A plain top-level scalar, read without a YAML library so that the release job needs only Python."""
    found = re.search(r"^repo_url:[ \t]*['\"]?([^'\"\s#]+)", config_text, re.MULTILINE)
    if not found:
        return DEFAULT_NAME
    last = found.group(1).rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    return last if NAME_PATTERN.fullmatch(last) else DEFAULT_NAME


def sums_line(digest: str, path: str) -> str:
    """One line of ``sha256sum`` output. sha256sum escapes names holding a newline or backslash; such a
    name has no place on a website, so it is refused rather than escaped."""
    if "\n" in path or "\\" in path or "\r" in path:
        raise Stop(EXIT_UNARCHIVABLE,
                   f"{path!r}: a file name with a newline or backslash cannot be listed in SHA256SUMS")
    return f"{digest}  {path}\n"


def parse_policy(policy: str) -> list[tuple[str, list[str]]]:
    """``"default-src 'self'; img-src 'self' data:"`` -> ``[("default-src", ["'self'"]), ("img-src", [...])]``."""
    directives = []
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives.append((words[0].lower(), words[1:]))
    return directives


# Fetch directives, and the ones each falls back to before default-src when a policy leaves it out (CSP 3).
FETCH_DIRECTIVES = frozenset({
    "default-src", "child-src", "connect-src", "font-src", "frame-src", "img-src", "manifest-src", "media-src",
    "object-src", "prefetch-src", "script-src", "script-src-elem", "script-src-attr", "style-src",
    "style-src-elem", "style-src-attr", "worker-src",
})
FALLBACKS = {"script-src-elem": ("script-src",), "script-src-attr": ("script-src",), "style-src-elem": ("style-src",),
             "style-src-attr": ("style-src",), "worker-src": ("child-src", "script-src"), "frame-src": ("child-src",)}


def effective_sources(policy: dict[str, list[str]], name: str) -> list[str] | None:
    """What ``policy`` allows for the directive ``name``: its own sources, a fetch directive's fallback's,
    or None when the policy does not restrict it at all."""
    if name in policy:
        return policy[name]
    if name in FETCH_DIRECTIVES and name != "default-src":
        for fallback in (*FALLBACKS.get(name, ()), "default-src"):
            if fallback in policy:
                return policy[fallback]
    return None


def header_policy(policies: Iterable[tuple[str, str]]) -> str:
    """The Content-Security-Policy header for every page at once, from ``(path, policy)`` pairs in path order.

    The pages' policies differ in the hashes of their inline scripts (the theme writes the page's
    depth into them), and an archived cycle keeps the policy it was published with. The header is
    no stricter than any page's policy: each directive with the union of what every page allows for
    it (its own sources, or those of the directive it falls back to), left out if some page does not
    restrict it; plus ``frame-ancestors 'none'``, which a <meta> policy cannot carry. A browser
    enforces both the header and the page's own <meta> policy, so each page stays held to exactly
    its own hashes; the header adds the framing ban and is what scanners read. Pages without a
    policy (the redirect page at each tree's root) are skipped. Raises ValueError when no page has a
    policy, or one lacks default-src (its fetches would be unrestricted: the header could not hold).
    """
    pages: list[tuple[str, dict[str, list[str]]]] = []
    names: list[str] = []
    for path, policy in policies:
        parsed = dict(parse_policy(policy))
        if "default-src" not in parsed:
            raise ValueError(f"{path}: its Content-Security-Policy has no default-src")
        if "frame-ancestors" in parsed:
            raise ValueError(f"{path}: a <meta> policy cannot carry frame-ancestors (browsers ignore it there)")
        pages.append((path, parsed))
        names.extend(name for name in parsed if name not in names)
    if not pages:
        raise ValueError("no page carries a Content-Security-Policy <meta> element")
    parts = []
    for name in names:
        allowed = [effective_sources(policy, name) for _, policy in pages]
        if any(sources is None for sources in allowed):
            continue  # some page does not restrict it: neither may the header
        union: list[str] = []
        for sources in allowed:
            union.extend(source for source in sources or () if source not in union)
        if len(union) > 1 and "'none'" in union:  # 'none' beside another source would be ignored
            union.remove("'none'")
        parts.append(" ".join([name, *union]))
    header = "; ".join([*parts, FRAME_ANCESTORS])
    if not HEADER_SAFE.fullmatch(header):
        raise ValueError(f"the policy holds characters a server configuration would read as syntax: {header!r}")
    return header


def host_snippets(header: str) -> dict[str, str]:
    """The header as a line of nginx and of Apache configuration (DEPLOYMENT.md includes these files)."""
    return {
        "csp-header.txt": f"{header}\n",
        "csp.nginx.conf": f'add_header Content-Security-Policy "{header}" always;\n',
        "csp.apache.conf": f'Header always set Content-Security-Policy "{header}"\n',
    }


def release_text(release: Release) -> str:
    published = dt.datetime.fromtimestamp(release.commit_time, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (f"cycle: {release.cycle}\npages branch commit: {release.commit}\npublished: {published}\n"
            "contents: site/ (the pages branch at that commit), SHA256SUMS (every file of site/), "
            "csp-header.txt, csp.nginx.conf, csp.apache.conf (the Content-Security-Policy header); see DEPLOYMENT.md\n")


def published_trees_missing(versions_files: dict[str, str], cycle: str) -> list[str]:
    """The versions.json files (by path) that do not list ``cycle``: every language tree must have it."""
    missing = []
    for path, text in sorted(versions_files.items()):
        try:
            listed = {str(item.get("version")) for item in json.loads(text)}
        except (ValueError, AttributeError, TypeError):
            missing.append(f"{path} (unreadable)")
            continue
        if cycle not in listed:
            missing.append(path)
    return missing


# --- git --------------------------------------------------------------------------------------------------


def git(*args: str, input_bytes: bytes | None = None) -> bytes:
    completed = subprocess.run(["git", *args], input=input_bytes, capture_output=True, check=False)
    if completed.returncode != 0:
        raise Stop(EXIT_GIT, f"'git {' '.join(args)}' failed: {completed.stderr.decode(errors='replace').strip()}")
    return completed.stdout


def resolve_commit(ref: str) -> str:
    found = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], capture_output=True,
                           text=True, check=False)
    if found.returncode != 0:
        raise Stop(EXIT_USAGE, f"'{ref}' is not a commit here (fetch the pages branch first)")
    return found.stdout.strip()


def tree_entries(commit: str) -> list[Entry]:
    entries = []
    for record in git("ls-tree", "-r", "-t", "-z", "--full-tree", commit).decode("utf-8").split("\0"):
        if not record:
            continue
        meta, path = record.split("\t", 1)
        mode, kind, oid = meta.split()
        if kind not in ("blob", "tree"):
            raise Stop(EXIT_UNARCHIVABLE, f"{path}: a {kind} (submodule) has no place on the pages branch")
        entries.append(Entry(path, mode, oid))
    return sorted(entries, key=lambda entry: entry.path)


class Blobs:
    """Reads blobs through one `git cat-file --batch` process, one at a time."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(["git", "cat-file", "--batch"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE)

    def read(self, oid: str) -> bytes:
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(f"{oid}\n".encode())
        self._process.stdin.flush()
        header = self._process.stdout.readline().split()
        if len(header) != 3 or header[1] != b"blob":
            raise Stop(EXIT_GIT, f"git cat-file: {oid} is not a blob ({b' '.join(header).decode(errors='replace')})")
        data = self._process.stdout.read(int(header[2]))
        self._process.stdout.read(1)  # the newline after each object
        return data

    def close(self) -> None:
        if self._process.stdin:
            self._process.stdin.close()
        self._process.wait()


# --- Writing ----------------------------------------------------------------------------------------------


def _member(name: str, mtime: int, *, kind: bytes = tarfile.REGTYPE, size: int = 0, mode: int = 0o644,
            link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.size, info.mode, info.mtime, info.linkname = kind, size, mode, mtime, link
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def _tree_members(entries: Sequence[Entry], blobs: Blobs, root: str,
                  mtime: int) -> Iterator[tuple[tarfile.TarInfo, bytes]]:
    for entry in entries:
        name = f"{root}/{entry.path}"
        if entry.is_folder:
            yield _member(name, mtime, kind=tarfile.DIRTYPE, mode=0o755), b""
        elif entry.is_symlink:
            yield _member(name, mtime, kind=tarfile.SYMTYPE, mode=0o777, link=blobs.read(entry.oid).decode()), b""
        else:
            data = blobs.read(entry.oid)
            yield _member(name, mtime, size=len(data), mode=0o755 if entry.mode == "100755" else 0o644), data


def describe(entries: Sequence[Entry], blobs: Blobs, cycle: str, commit: str, commit_time: int) -> Release:
    """The checksums and the header policy of the tree, each blob read once."""
    digests: dict[str, str] = {}
    sums, policies = [], []
    for entry in entries:
        if entry.is_folder or entry.is_symlink:
            continue
        if entry.oid not in digests:
            data = blobs.read(entry.oid)
            digests[entry.oid] = hashlib.sha256(data).hexdigest()
            if entry.path.endswith(".html"):
                try:
                    policy, _ = read_policy(data.decode("utf-8", errors="replace"))
                except ValueError as error:  # two policies in one page: which one would the header extend?
                    raise Stop(EXIT_UNARCHIVABLE, f"{entry.path}: {error}") from None
                if policy is not None:
                    policies.append((entry.path, policy))
        sums.append(sums_line(digests[entry.oid], entry.path))
    try:
        header = header_policy(policies)
    except ValueError as error:
        raise Stop(EXIT_UNARCHIVABLE, str(error)) from None
    return Release(cycle, commit, commit_time, "".join(sums), header)


def write_archive(target: Path, entries: Sequence[Entry], blobs: Blobs, release: Release, folder: str) -> None:
    mtime = release.commit_time
    extra = {"RELEASE.txt": release_text(release), "SHA256SUMS": release.sums, **host_snippets(release.csp_header)}
    members: list[tuple[tarfile.TarInfo, bytes]] = [
        (_member(folder, mtime, kind=tarfile.DIRTYPE, mode=0o755), b""),
        *((_member(f"{folder}/{name}", mtime, size=len(text.encode()), mode=0o644), text.encode())
          for name, text in sorted(extra.items())),
        (_member(f"{folder}/site", mtime, kind=tarfile.DIRTYPE, mode=0o755), b""),
    ]
    partial = target.with_name(target.name + ".partial")
    with partial.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0,
                                                  compresslevel=9) as compressed, \
            tarfile.open(fileobj=compressed, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for info, data in [*members, *_tree_members(entries, blobs, f"{folder}/site", mtime)]:
            tar.addfile(info, io.BytesIO(data) if info.isfile() else None)
    partial.replace(target)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for chunk in iter(lambda: source.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def make_release(cycle: str, ref: str, out: Path, name: str) -> Path:
    """Writes the archive and its .sha256 for ``cycle`` from the pages branch at ``ref``; returns the archive."""
    if not CYCLE_PATTERN.fullmatch(cycle):
        raise Stop(EXIT_USAGE, f"{cycle!r} is not a reporting cycle: write YYYY-Qn, e.g. 2026-Q3")
    if not NAME_PATTERN.fullmatch(name):
        raise Stop(EXIT_USAGE, f"{name!r} cannot name an archive: letters, digits, '.', '-' and '_' only")
    commit = resolve_commit(ref)
    commit_time = int(git("show", "-s", "--format=%ct", commit).decode().strip())
    entries = tree_entries(commit)
    versions = {entry.path: git("cat-file", "blob", entry.oid).decode("utf-8", errors="replace")
                for entry in entries if entry.path.rsplit("/", 1)[-1] == "versions.json"
                and not any(CYCLE_PATTERN.fullmatch(part) for part in entry.path.split("/"))}
    if not versions:
        raise Stop(EXIT_USAGE, f"{ref} ({commit[:12]}) has no versions.json: it is not a published site")
    missing = published_trees_missing(versions, cycle)
    if missing:
        raise Stop(EXIT_USAGE, f"{cycle} is not published at {ref} ({commit[:12]}): not listed in {', '.join(missing)}")
    folder = archive_name(name, cycle)
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{folder}.tar.gz"
    blobs = Blobs()
    try:
        release = describe(entries, blobs, cycle, commit, commit_time)
        write_archive(target, entries, blobs, release, folder)
    finally:
        blobs.close()
    Path(f"{target}.sha256").write_text(sums_line(sha256_of(target), target.name), encoding="utf-8")
    return target


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="archive.py", description="Write the release archive of the whole "
                                     "published site (the pages branch at one commit) and its SHA-256. Run from "
                                     "the repository's root.")
    parser.add_argument("cycle", help="the cycle the archive is released for, YYYY-Qn; the commit must publish it")
    parser.add_argument("--ref", default="gh-pages", help="commit or branch of the pages branch (default: gh-pages)")
    parser.add_argument("--out", default="build/release", help="folder to write into (default: build/release)")
    parser.add_argument("--name", help="the site's name in the file names (default: the last part of repo_url in "
                        "--config-file)")
    parser.add_argument("--config-file", default="mkdocs.yml", help="where repo_url is read (default: mkdocs.yml)")
    args = parser.parse_args(argv)
    try:
        name = args.name
        if name is None:
            config = Path(args.config_file)
            name = site_name(config.read_text(encoding="utf-8")) if config.is_file() else DEFAULT_NAME
        target = make_release(args.cycle, args.ref, Path(args.out), name)
    except Stop as stop:
        print(f"archive: error: {stop}", file=sys.stderr)
        return stop.code
    digest = Path(f"{target}.sha256").read_text(encoding="utf-8").split()[0]
    print(f"archive: {target} (SHA-256 {digest}) and {target}.sha256")
    return 0


if __name__ == "__main__":
    sys.exit(main())
