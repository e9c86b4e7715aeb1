#!/usr/bin/env python3
"""Publish one reporting cycle as a new version of the site, in every language; never change a cycle already published.

Called by `make publish CYCLE=2026-Q3 [PUSH=1]` and by .github/workflows/release.yml, so what CI
runs is what anyone can run and test locally. Each language of `extra.languages` in mkdocs.yml is
its own mike tree on the pages branch, with its own versions.json, so Material's version selector
and archive banner work in every language: the default language at the root (`2026-Q3/`, `latest`,
`versions.json`, `index.html`), each other one in its folder (`hi/2026-Q3/`, `hi/latest`, ...).
Steps, in order; each one stops the run with a message and an exit code when it fails:

1. the cycle's name is YYYY-Qn (ASCII digits, nothing after it) and not an alias such as `latest`;
   the languages read from mkdocs.yml are well formed and their config files exist; the site's public
   address is known (see PUBLIC_URL_VARIABLE) and well formed, or ``--without-public-url`` says to go on
   without one;
2. the working tree is clean, so the published site is exactly a commit (``--allow-dirty`` to try);
3. the local pages branch is set to the remote's, fetched unless ``--no-fetch``: the guards read what is
   public, and local commits that were never pushed (a trial run without ``--push``) are dropped;
4. guards on the pages branch, over every language's tree: refuse a cycle already published (in any
   tree; a cycle in some trees only is reported as half-published, naming the missing ones), and one
   older than `latest` unless ``--force-older`` (then `latest` and the redirects stay where they are);
5. ``mkdocs build --strict`` of every language at once, with the public address (without SITE_VERSION,
   hooks/languages.py builds the other languages into the default one's site), into a temporary folder:
   mike builds again without ``--strict``, so this build is the gate;
6. per language, ``mike deploy --update-aliases <cycle> latest`` and ``mike set-default latest`` on
   the local pages branch (``--deploy-prefix`` and ``--config-file`` of the language), with symlink
   aliases (see ALIAS_TYPE) and SITE_VERSION set, so that the language links name the cycle, and
   SITE_PUBLIC_URL, so that the sitemaps list the cycle's pages and the 404 pages link inside the cycle;
7. the diff check: the branch's tree before and after may differ only, in each language's tree, in
   the new cycle's folder, the alias, versions.json and the redirect page, and in .nojekyll;
   otherwise the branch is reset to where it was and the run aborts;
8. the release archive of the whole pages branch as it now stands, with its SHA-256, in
   ``build/release/`` (``.ci/archive.py``; ``--archive-dir``); if it cannot be written, the branch
   is reset as in step 7: no cycle is published without its archive;
9. ``git push`` of the pages branch, only with ``--push``.

The cheap guards (1-4) run before the build, so a refusal costs no build and needs no valid content.

Exit codes: 0 published; 1 a tool failed (build, mike, git, archive, push); 2 bad arguments, cycle
name, languages or catalogues; 3 refused by a guard; 4 aborted by the diff check.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The hooks' plain-Python core (no MkDocs), for the public address's rule.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

# The only accepted cycle names. `[0-9]` and `fullmatch`, not `\d` and `$`: `\d` also matches
# other scripts' digits (Devanagari २०२६) and `$` accepts a trailing newline.
CYCLE_PATTERN = re.compile(r"[0-9]{4}-Q[1-4]")
ALIAS = "latest"
# Names that read like aliases: they get their own message instead of "not YYYY-Qn".
ALIAS_LIKE = frozenset({ALIAS, "stable", "current", "default", "dev", "next", "preview", "archive"})
# A language's folder on the pages branch (`path` in extra.languages), one part between slashes.
FOLDER_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
# Symlink aliases: `latest` is one tree entry pointing at the cycle's folder, so moving it changes one
# path, the diff check can be exact, and latest/ serves the very bytes of the archived cycle (no
# copy to drift, no redirect hop). GitHub Pages serves symlinks within the branch (mike writes
# .nojekyll). A host that cannot follow symlinks needs "redirect" here (latest/** becomes redirect
# pages, which the diff check also accepts as the alias).
ALIAS_TYPE = "symlink"
# The page at the root of each language's tree: no script, a link, and the tree's language, with the
# site's name and the link's words from that language's catalogue (the keys below).
REDIRECT_TEMPLATE = Path(__file__).with_name("redirect.html")
CATALOGUE = "content/i18n/{code}.yml"
REDIRECT_WORDS = {"title": "site.name", "link_text": "cycle.outdated.link"}
# The release archive of the whole published site, written after every publish (.ci/archive.py).
ARCHIVER = Path(__file__).with_name("archive.py")
# The site's public address (https://host/path/, without version or language): --public-url, else this
# environment variable, else extra.public_url of the config file. The builds need it for what must be
# absolute, and a published cycle never changes: sitemap.xml lists its pages only with it
# (hooks/sitemap.py), and the 404 page, shown at any missing address, links from the site's path on the
# host (hooks/not_found.py; a GitHub Pages project site lives under /<repository>/). Without it, publishing
# needs --without-public-url: the sitemaps then list no page and the 404 pages assume the site at the
# host's root (/<cycle>/, /hi/<cycle>/), as DEPLOYMENT.md's production configuration serves it.
PUBLIC_URL_VARIABLE = "SITE_PUBLIC_URL"

EXIT_TOOL, EXIT_USAGE, EXIT_REFUSED, EXIT_ABORTED = 1, 2, 3, 4


class Stop(Exception):
    """Ends the run with a message for the person publishing, and an exit code."""

    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code


# --- Pure checks (unit-tested without git) ----------------------------------------------------------


def cycle_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be published as a cycle, or None if it can."""
    if name.strip().lower() in ALIAS_LIKE:
        return (f"'{name}' is an alias, not a reporting cycle: aliases are moved by publishing a cycle, "
                "never published to. Name the cycle, e.g. 2026-Q3.")
    if not CYCLE_PATTERN.fullmatch(name):
        return f"{name!r} is not a reporting cycle: write the year and quarter as YYYY-Qn, e.g. 2026-Q3 (Q1 to Q4)."
    return None


def public_url_choice(option: str | None, environment: str | None, configured: str | None, config_file: str,
                      *, without: bool) -> str | None:
    """The public address the cycle is published with (one trailing slash), or None with ``without``.

    ``option`` (--public-url) wins over ``environment`` (SITE_PUBLIC_URL), which wins over ``configured``
    (extra.public_url of ``config_file``); empty values count as unset. Raises Stop (EXIT_USAGE) when
    there is none and ``without`` is not set, when there is one and ``without`` is set, and when it is
    not an absolute http(s) address as hooks/sitemap.py accepts it."""
    candidates = [(option, "--public-url"), (environment, f"the {PUBLIC_URL_VARIABLE} environment variable"),
                  (configured, f"{config_file}: extra.public_url")]
    value, where = next(((v.strip(), w) for v, w in candidates if v and v.strip()), (None, ""))
    if value is None:
        if without:
            return None
        raise Stop(EXIT_USAGE, f"the site's public address is not set (--public-url, {PUBLIC_URL_VARIABLE} or "
                   f"extra.public_url in {config_file}; PUBLIC_URL=... for make), e.g. "
                   "https://plan.example.gov.in/ or https://<owner>.github.io/<repository>/. A published cycle "
                   "never changes, and without it its sitemaps list no page and its 404 pages assume the site at "
                   "the host's root. To publish so all the same, pass --without-public-url (NO_PUBLIC_URL=1).")
    if without:
        raise Stop(EXIT_USAGE, f"--without-public-url, but {where} sets the public address {value!r}: "
                   "leave out one or the other")
    from transparency.sitemap import public_base  # the hooks' own rule (plain Python)

    try:
        return public_base(value, where)
    except ValueError as error:
        raise Stop(EXIT_USAGE, str(error)) from None


def cycle_key(cycle: str) -> tuple[int, int]:
    """``"2026-Q3"`` -> ``(2026, 3)``, for ordering cycles."""
    year, quarter = cycle.split("-Q")
    return int(year), int(quarter)


@dataclass(frozen=True)
class Language:
    """One language of the site and its mike tree on the pages branch."""

    code: str
    prefix: str  # the tree's folder on the pages branch: "" (the default language, at the root) or "hi"
    config_file: str  # its MkDocs configuration, which mike builds

    @property
    def base(self) -> str:
        """What the tree's paths start with: "" or "hi/"."""
        return f"{self.prefix}/" if self.prefix else ""

    def folder(self, cycle: str) -> str:
        return f"{self.base}{cycle}/"


def site_languages(config: Mapping[str, Any], config_file: str) -> list[Language]:
    """The languages of ``extra.languages`` in the (already parsed) ``config_file``: the first at the root,
    built from ``config_file``; every other in its ``path``, built from its ``config`` (relative to
    ``config_file``'s folder, as hooks/languages.py reads it). No list: one language, at the root.
    Raises ValueError with what to fix."""
    where = f"{config_file}, extra.languages"
    theme = config.get("theme")
    built = str(theme.get("language", "en")) if isinstance(theme, Mapping) else "en"
    entries = (config.get("extra") or {}).get("languages")
    if not entries:
        return [Language(built, "", config_file)]
    if not isinstance(entries, list) or not all(isinstance(e, Mapping) and e.get("code") for e in entries):
        raise ValueError(f"{where}: expected a list of languages, each with a 'code'")
    if built != str(entries[0]["code"]):  # e.g. --config-file mkdocs.hi.yml
        raise ValueError(f"{config_file} builds the language '{built}', not the default one, '{entries[0]['code']}': "
                         "publish with the default language's configuration, whose extra.languages names the others")
    if entries[0].get("path"):
        raise ValueError(f"{where}: the first language, '{entries[0]['code']}', is the default one, published at "
                         f"the root of the pages branch: it has no 'path' (found {entries[0]['path']!r})")
    found = [Language(str(entries[0]["code"]), "", config_file)]
    for entry in entries[1:]:
        code, path, config_path = str(entry["code"]), str(entry.get("path") or ""), entry.get("config")
        if not path.strip("/") or not config_path:
            raise ValueError(f"{where}: the language '{code}' needs a 'path' (its folder on the pages branch, "
                             "e.g. hi) and a 'config' (its MkDocs configuration, e.g. mkdocs.hi.yml)")
        parts = path.strip("/").split("/")
        for part in parts:
            if not FOLDER_PART.fullmatch(part) or CYCLE_PATTERN.fullmatch(part) or part.lower() in ALIAS_LIKE:
                raise ValueError(f"{where}: the language '{code}' has the path {path!r}; allowed: folder names of "
                                 "letters, digits, '-' and '_', none of them a cycle (YYYY-Qn) or an alias")
        language = Language(code, "/".join(parts), str(Path(config_file).parent / str(config_path)))
        if any(other.prefix == language.prefix or other.code == code for other in found):
            raise ValueError(f"{where}: the language '{code}' (path {path!r}) is listed twice")
        found.append(language)
    return found


@dataclass(frozen=True)
class Published:
    """What versions.json on the pages branch says: each version and its aliases."""

    versions: dict[str, list[str]]

    @classmethod
    def from_json(cls, text: str | None) -> Published:
        if text is None:
            return cls({})
        return cls({str(item["version"]): sorted(item.get("aliases", [])) for item in json.loads(text)})

    def alias_target(self, alias: str) -> str | None:
        return next((version for version, aliases in self.versions.items() if alias in aliases), None)

    def latest_cycle(self) -> str | None:
        """The cycle `latest` points at; failing that, the newest cycle published."""
        target = self.alias_target(ALIAS)
        if target is not None:
            return target
        cycles = [v for v in self.versions if CYCLE_PATTERN.fullmatch(v)]
        return max(cycles, key=cycle_key) if cycles else None


@dataclass(frozen=True)
class PagesTree:
    """One language's tree on the pages branch before publishing: its versions.json, and what is already
    at the folder of the cycle being published (a folder without a versions entry counts too)."""

    language: Language
    published: Published
    cycle_paths: tuple[str, ...] = ()

    def has(self, cycle: str) -> bool:
        return cycle in self.published.versions or self.published.alias_target(cycle) is not None \
            or bool(self.cycle_paths)

    def alias_moves(self, cycle: str) -> bool:
        """Whether `latest` of this tree moves to ``cycle`` (not for a forced older cycle)."""
        latest = self.published.latest_cycle()
        return latest is None or cycle_key(cycle) > cycle_key(latest)


def _trees_named(trees: Sequence[PagesTree], cycle: str) -> str:
    return " and ".join(f"'{tree.language.code}' ({tree.language.folder(cycle)})" for tree in trees)


def publish_refusal(cycle: str, trees: Sequence[PagesTree], *, force_older: bool) -> str | None:
    """Why ``cycle`` must not be published onto this pages branch, or None. ``--force-older`` never
    lifts the already-published refusals: a published cycle is a public record."""
    having = [tree for tree in trees if tree.has(cycle)]
    if having and len(having) == len(trees):
        return (f"{cycle} is already published and a published cycle never changes. To correct it, "
                "publish the correction in the next cycle (or, for a mistake that must be withdrawn, "
                "change the pages branch by hand with a reviewed commit).")
    if having:
        missing = [tree for tree in trees if not tree.has(cycle)]
        return (f"{cycle} is half-published: it is on the pages branch in {_trees_named(having, cycle)} but "
                f"missing in {_trees_named(missing, cycle)}. Publishing it again would replace pages that are "
                "already public, so nothing was done. Add the missing language by hand with a reviewed commit "
                "on the pages branch, or withdraw the cycle.")
    latest = max((c for tree in trees if (c := tree.published.latest_cycle())), key=cycle_key, default=None)
    if latest is not None and cycle_key(cycle) < cycle_key(latest) and not force_older:
        return (f"{cycle} is older than the latest published cycle, {latest}. To publish a missed "
                f"earlier cycle, run again with --force-older (FORCE_OLDER=1 for make): "
                f"'{ALIAS}' stays on {latest}.")
    return None


# A listing of a git tree: path -> (mode, object id); symlinks have mode 120000 and their target as blob.
Listing = Mapping[str, tuple[str, str]]


def unexpected_changes(before: Listing, after: Listing, *, cycle: str, trees: Mapping[str, str | None]) -> list[str]:
    """Every change between two listings of the pages branch that publishing ``cycle`` may not make.

    ``trees``: each language tree's folder ("" for the root, "hi") and the alias that moves to the
    cycle in it (None: it stays). Allowed in each tree: new files under ``<folder>/<cycle>/``; the
    alias ``<folder>/<alias>`` (a symlink, or ``<alias>/**`` with another alias type);
    ``<folder>/versions.json``; ``<folder>/index.html`` (the redirect; only when the alias moves).
    And ``.nojekyll``, which mike writes at the branch's root.
    """
    allowed, new_folders, alias_paths = {".nojekyll"}, [], []
    for prefix, alias in trees.items():
        base = f"{prefix.strip('/')}/" if prefix.strip("/") else ""
        allowed.add(f"{base}versions.json")
        new_folders.append(f"{base}{cycle}/")
        if alias is not None:
            allowed.add(f"{base}index.html")
            alias_paths.append(f"{base}{alias}")
    problems = []
    for path in sorted(before.keys() | after.keys()):
        old, new = before.get(path), after.get(path)
        if old == new:
            continue
        what = "added" if old is None else "deleted" if new is None else "changed"
        if path.startswith(tuple(new_folders)):
            if old is not None:
                problems.append(f"{path}: {what}, but it was already there before this cycle was published")
            continue
        if path in allowed:
            continue
        if any(path == alias or path.startswith(f"{alias}/") for alias in alias_paths):
            continue
        problems.append(f"{path}: {what}")
    return problems


def versions_problems(before: Published, after: Published, *, cycle: str, alias: str | None,
                      where: str = "versions.json") -> list[str]:
    """What is wrong with a tree's versions.json (at ``where``) after publishing: every earlier cycle stays
    listed, the new one is added, and the alias points at the new cycle (or, with --force-older, stays)."""
    problems = [f"{where}: {version} was listed before and is missing now"
                for version in before.versions if version not in after.versions]
    if cycle not in after.versions:
        problems.append(f"{where}: {cycle} is not listed")
    expected = cycle if alias is not None else before.alias_target(ALIAS)
    if after.alias_target(ALIAS) != expected:
        problems.append(f"{where}: '{ALIAS}' points at {after.alias_target(ALIAS)}, expected {expected}")
    return problems


# --- git and the tools ---------------------------------------------------------------------------------


def run(command: Sequence[str], *, env: Mapping[str, str] | None = None, check: bool = True,
        capture: bool = True) -> subprocess.CompletedProcess[str]:
    completed = subprocess.run(list(command), env=env, capture_output=capture, text=True, check=False)
    if check and completed.returncode != 0:
        detail = (completed.stderr or completed.stdout or "").strip() if capture else ""
        raise Stop(EXIT_TOOL, f"'{' '.join(command)}' failed (exit {completed.returncode})"
                   + (f":\n{detail}" if detail else ""))
    return completed


def git(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return run(["git", *args], check=check)


def rev(ref: str) -> str | None:
    found = git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
    return found.stdout.strip() if found.returncode == 0 else None


def tree_listing(commit: str | None) -> dict[str, tuple[str, str]]:
    if commit is None:
        return {}
    listing = {}
    for record in git("ls-tree", "-r", "-z", "--full-tree", commit).stdout.split("\0"):
        if record:
            meta, path = record.split("\t", 1)
            mode, _kind, oid = meta.split()
            listing[path] = (mode, oid)
    return listing


def read_on_branch(commit: str | None, path: str) -> str | None:
    if commit is None:
        return None
    shown = git("show", f"{commit}:{path}", check=False)
    return shown.stdout if shown.returncode == 0 else None


def read_config(config_file: str) -> dict[str, Any]:
    """The config file as MkDocs reads it (INHERIT, !ENV), not validated."""
    # Installed with MkDocs; imported here so the pure checks need nothing but Python.
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils import yaml_load

    try:
        with open(config_file, "rb") as source:
            config = yaml_load(source)
    except ConfigurationError as error:  # broken YAML, a missing INHERIT
        raise ValueError(f"{config_file}: {error}") from None
    return config if isinstance(config, dict) else {}


def read_languages(config_file: str) -> list[Language]:
    """The site's languages, from the config file as MkDocs reads it (INHERIT, !ENV)."""
    return site_languages(read_config(config_file), config_file)


def configured_public_url(config_file: str) -> str | None:
    """extra.public_url of the config file, if it is set."""
    extra = read_config(config_file).get("extra")
    value = extra.get("public_url") if isinstance(extra, dict) else None
    return str(value) if value else None


def start_from_published(remote: str, branch: str, *, fetch: bool) -> None:
    """Set the local pages branch to the remote's: what is public is what the guards read and what the
    deploy builds on. Local commits that were never pushed (a trial run without --push) are dropped,
    so a push always sends the remote's state plus exactly the one change checked in this run."""
    if remote not in git("remote").stdout.split():
        print(f"publish: no remote '{remote}': working on the local '{branch}' branch only")
        return
    tracking = f"refs/remotes/{remote}/{branch}"
    if fetch:
        if git("ls-remote", "--heads", remote, f"refs/heads/{branch}").stdout.strip():
            git("fetch", "--quiet", remote, f"+refs/heads/{branch}:{tracking}")
        else:
            git("update-ref", "-d", tracking, check=False)  # a stale copy of a branch the remote no longer has
    remote_head, local_head = rev(tracking), rev(f"refs/heads/{branch}")
    if remote_head == local_head:
        return
    if local_head is not None:
        unpushed = git("rev-list", "--count", local_head, *([f"^{remote_head}"] if remote_head else [])).stdout.strip()
        if unpushed != "0":
            start = f"{remote}/{branch}" if remote_head else f"nothing ('{remote}' has no '{branch}' yet)"
            print(f"publish: dropping {unpushed} commit(s) of the local '{branch}' that were never pushed "
                  f"(a trial run); starting from {start}")
    if remote_head is None:
        git("update-ref", "-d", f"refs/heads/{branch}")
    else:
        git("update-ref", f"refs/heads/{branch}", remote_head)


def tool_env(cycle: str, *, versioned: bool, public_url: str | None = None) -> dict[str, str]:
    """Subprocess environment: this interpreter's bin first (mike runs `mkdocs` from PATH), the cycle
    for the templates, the public address (SITE_PUBLIC_URL; none when ``public_url`` is None, whatever
    the shell had) and no MkDocs-2.0 notice. ``versioned``: SITE_VERSION, for mike's builds (each
    language alone, its language links naming the cycle); never for the strict build, which must build
    every language."""
    bin_dir = str(Path(sys.executable).parent)
    env = {key: value for key, value in os.environ.items() if key not in ("SITE_VERSION", PUBLIC_URL_VARIABLE)}
    env.update({"PATH": os.pathsep.join([bin_dir, os.environ.get("PATH", "")]), "SITE_CYCLE": cycle,
                "NO_MKDOCS_2_WARNING": "1"})
    if public_url is not None:
        env[PUBLIC_URL_VARIABLE] = public_url
    if versioned:
        env["SITE_VERSION"] = cycle
    return env


# --- The publishing flow ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    cycle: str
    remote: str
    branch: str
    config_file: str
    force_older: bool
    allow_dirty: bool
    push: bool
    fetch: bool = True
    archive_dir: str = "build/release"
    public_url: str | None = None  # --public-url
    without_public_url: bool = False


def publish(options: Options) -> None:
    """The whole flow; each step raises Stop with its message."""
    languages, public_url = check_request(options)
    start_from_published(options.remote, options.branch, fetch=options.fetch)
    before = rev(f"refs/heads/{options.branch}")
    before_listing = tree_listing(before)
    trees = [pages_tree(language, before, before_listing, options.cycle) for language in languages]
    guard(options.cycle, trees, force_older=options.force_older)
    check_figures(options)
    strict_build(options, languages, public_url)
    try:
        for tree in trees:
            mike_deploy(options, tree.language, public_url, moves_alias=tree.alias_moves(options.cycle))
        after = rev(f"refs/heads/{options.branch}")
        problems = deploy_problems(before_listing, after, trees, options.cycle)
    except Stop:
        _reset_branch(options.branch, before)
        raise
    if problems:
        _reset_branch(options.branch, before)
        raise Stop(EXIT_ABORTED, "the deploy changed more than the new cycle; nothing was pushed and the local "
                   f"'{options.branch}' branch is back where it was:\n" + "\n".join(f"  {p}" for p in problems))
    try:
        release_archive(options, after)
    except Stop:
        _reset_branch(options.branch, before)
        raise
    if options.push:
        push(options.remote, options.branch)
    where = (f"'{options.remote}/{options.branch}'" if options.push
             else f"the local '{options.branch}' branch (not pushed: add --push / PUSH=1)")
    codes = [tree.language.code for tree in trees]
    moved = [tree.language.code for tree in trees if tree.alias_moves(options.cycle)]
    alias_note = (f"; '{ALIAS}' points at it" if moved == codes
                  else f"; '{ALIAS}' points at it in {', '.join(moved)}" if moved else "")
    print(f"publish: {options.cycle} ({', '.join(codes)}) is published on {where}{alias_note}")


# Step 1-2: a well-formed cycle, languages and public address, run from a clean checkout of the site.
def check_request(options: Options) -> tuple[list[Language], str | None]:
    problem = cycle_name_problem(options.cycle)
    if problem:
        raise Stop(EXIT_USAGE, problem)
    if not Path(options.config_file).is_file():
        raise Stop(EXIT_USAGE, f"no MkDocs configuration '{options.config_file}' here: run from the repository's root")
    try:
        languages = read_languages(options.config_file)
    except ValueError as error:
        raise Stop(EXIT_USAGE, str(error)) from None
    for language in languages:
        if not Path(language.config_file).is_file():
            raise Stop(EXIT_USAGE, f"no MkDocs configuration '{language.config_file}' for the language "
                       f"'{language.code}' (extra.languages in {options.config_file})")
        redirect_page(language.code)  # its words are in the language's catalogue
    public_url = public_url_choice(options.public_url, os.environ.get(PUBLIC_URL_VARIABLE),
                                   configured_public_url(options.config_file), options.config_file,
                                   without=options.without_public_url)
    if public_url is None:
        print(f"publish: warning: no public address (--without-public-url): the sitemaps of {options.cycle} list "
              "no page, and its 404 pages link from the host's root (/<cycle>/, /<language>/<cycle>/)",
              file=sys.stderr)
    else:
        print(f"publish: the site's public address is {public_url}")
    if git("rev-parse", "--is-inside-work-tree", check=False).returncode != 0:
        raise Stop(EXIT_USAGE, "not inside a git repository")
    if options.allow_dirty and options.push:
        raise Stop(EXIT_USAGE, "--allow-dirty cannot be pushed: publish only committed content")
    if not options.allow_dirty and git("status", "--porcelain").stdout.strip():
        raise Stop(EXIT_REFUSED, "the working tree has uncommitted changes: the published site must be exactly a "
                   "commit. Commit or stash them (or pass --allow-dirty for a local try without --push).")
    return languages, public_url


# Step 4, input: what one language's tree holds before publishing.
def pages_tree(language: Language, before: str | None, listing: Listing, cycle: str) -> PagesTree:
    published = Published.from_json(read_on_branch(before, f"{language.base}versions.json"))
    here = language.folder(cycle)
    return PagesTree(language, published, tuple(p for p in listing if p.startswith(here) or p == here.rstrip("/")))


# Step 4: refuse what must not be published, over every language's tree.
def guard(cycle: str, trees: Sequence[PagesTree], *, force_older: bool) -> None:
    refusal = publish_refusal(cycle, trees, force_older=force_older)
    if refusal:
        raise Stop(EXIT_REFUSED, refusal)


# Step 5: the gate; mike's own builds do not pass --strict. Without SITE_VERSION the default
# language's build builds the others into their folders (hooks/languages.py): one strict build of all.
def check_figures(options: Options) -> None:
    # Every KPI needs a figure for the cycle, or a row saying why it is not reported (EDITING.md).
    figures = run([sys.executable, "hooks/transparency/cycle_tool.py", "check-figures", options.cycle],
                  check=False, capture=False)
    if figures.returncode == 1:
        raise Stop(EXIT_REFUSED, f"KPI figures are missing for {options.cycle} (listed above): add them, or a row "
                   "with a not_reported_reason, then publish")
    if figures.returncode != 0:
        raise Stop(EXIT_USAGE, f"the figures of {options.cycle} could not be checked (messages above)")


def strict_build(options: Options, languages: Sequence[Language], public_url: str | None = None) -> None:
    print(f"publish: strict build of {options.cycle} ({', '.join(language.code for language in languages)})")
    mkdocs = str(Path(sys.executable).parent / "mkdocs")
    with tempfile.TemporaryDirectory(prefix="publish-strict-") as site_dir:
        built = run([mkdocs, "build", "--strict", "--clean", "--config-file", options.config_file,
                     "--site-dir", site_dir], env=tool_env(options.cycle, versioned=False, public_url=public_url),
                    check=False, capture=False)
        if built.returncode != 0:
            raise Stop(EXIT_TOOL, "the strict build failed (messages above): nothing was published")
        # A language the gate did not build would reach the public site unchecked through mike.
        unbuilt = [language.code for language in languages if not Path(site_dir, language.base, "index.html").is_file()]
        if unbuilt:
            raise Stop(EXIT_TOOL, f"the strict build did not build {', '.join(unbuilt)} (is hooks/languages.py in "
                       f"the hooks of {options.config_file}?): nothing was published")


# Step 6: mike commits the new version of one language (and moves its alias) on the local pages branch.
def mike_deploy(options: Options, language: Language, public_url: str | None, *, moves_alias: bool) -> None:
    mike, env = str(Path(sys.executable).parent / "mike"), tool_env(options.cycle, versioned=True,
                                                                    public_url=public_url)
    git_options = ["--config-file", language.config_file, "--remote", options.remote, "--branch", options.branch]
    if language.prefix:
        git_options += ["--deploy-prefix", language.prefix]
    alias_note = f"with alias '{ALIAS}'" if moves_alias else f"('{ALIAS}' stays)"
    print(f"publish: mike deploy {options.cycle} in {language.code} ({language.folder(options.cycle)}) {alias_note}")
    aliases = ["--update-aliases", options.cycle, ALIAS] if moves_alias else [options.cycle]
    run([mike, "deploy", *git_options, "--alias-type", ALIAS_TYPE, *aliases], env=env, capture=False)
    current = read_on_branch(rev(f"refs/heads/{options.branch}"), f"{language.base}index.html")
    page = redirect_page(language.code)
    if moves_alias and current != page:
        with tempfile.TemporaryDirectory(prefix="publish-redirect-") as folder:
            template = Path(folder, "redirect.html")  # the finished page: mike renders it unchanged
            template.write_text(page, encoding="utf-8")
            run([mike, "set-default", *git_options, "--template", str(template), ALIAS], env=env, capture=False)


# Step 7: the diff check, on the branch as mike left it.
def deploy_problems(before: Listing, after: str | None, trees: Sequence[PagesTree], cycle: str) -> list[str]:
    aliases = {tree.language.prefix: ALIAS if tree.alias_moves(cycle) else None for tree in trees}
    problems = unexpected_changes(before, tree_listing(after), cycle=cycle, trees=aliases)
    for tree in trees:
        base, alias = tree.language.base, aliases[tree.language.prefix]
        now = Published.from_json(read_on_branch(after, f"{base}versions.json"))
        problems += versions_problems(tree.published, now, cycle=cycle, alias=alias, where=f"{base}versions.json")
        if alias is not None:
            problems += _alias_problems(after, base, cycle)
    return problems


# Step 8: the archive a production host is loaded from, of the branch as it now stands.
def release_archive(options: Options, commit: str | None) -> None:
    if commit is None:
        raise Stop(EXIT_TOOL, "there is no pages branch to archive")
    print(f"publish: release archive of '{options.branch}' ({commit[:12]}) in {options.archive_dir}/")
    archived = run([sys.executable, str(ARCHIVER), options.cycle, "--ref", commit, "--out", options.archive_dir,
                    "--config-file", options.config_file], check=False)
    print(archived.stdout, end="")
    if archived.returncode != 0:
        raise Stop(EXIT_TOOL, f"the release archive could not be written, so nothing was published: the local "
                   f"'{options.branch}' branch is back where it was:\n{archived.stderr.strip()}")


# Step 9: a plain fast-forward push; if someone published meanwhile it is refused and nothing changes.
def push(remote: str, branch: str) -> None:
    print(f"publish: pushing '{branch}' to '{remote}'")
    pushed = git("push", "--quiet", remote, f"refs/heads/{branch}:refs/heads/{branch}", check=False)
    if pushed.returncode != 0:
        raise Stop(EXIT_TOOL, f"the push was refused, nothing changed on '{remote}' (someone may have published "
                   f"meanwhile: run again to fetch and re-check):\n{pushed.stderr.strip()}")


def redirect_page(code: str) -> str:
    """The page at the root of the tree of the language ``code``, as it lands on the branch: in that language,
    with its catalogue's words. Handed to mike as a template without template syntax (braces are written as
    character references), so mike writes it unchanged and an unchanged page is not written again (mike
    would stop on the empty commit with a confusing warning)."""
    import jinja2  # installed with MkDocs; imported here so the pure checks need nothing but Python
    import yaml

    path = CATALOGUE.format(code=code)
    try:
        messages = yaml.safe_load(Path(path).read_text(encoding="utf-8"))["messages"]
        words = {name: str(messages[key]) for name, key in REDIRECT_WORDS.items()}
    except (OSError, yaml.YAMLError, KeyError, TypeError) as error:
        wanted = ", ".join(REDIRECT_WORDS.values())
        raise Stop(EXIT_USAGE, f"{path}: cannot read the words of the '{code}' redirect page ({wanted}): "
                   f"{type(error).__name__}: {error}") from None
    template = jinja2.Template(REDIRECT_TEMPLATE.read_text(encoding="utf-8"), autoescape=True,
                               keep_trailing_newline=True)
    page = template.render(lang=code, href=f"{ALIAS}/", **words)
    return page.replace("{", "&#123;").replace("}", "&#125;")


def _alias_problems(commit: str | None, base: str, cycle: str) -> list[str]:
    entry = tree_listing(commit).get(f"{base}{ALIAS}")
    if ALIAS_TYPE == "symlink" and (entry is None or entry[0] != "120000"
                                    or read_on_branch(commit, f"{base}{ALIAS}") != cycle):
        return [f"{base}{ALIAS}: is not a symlink to {cycle}"]
    return []


def _reset_branch(branch: str, commit: str | None) -> None:
    if commit is None:
        git("update-ref", "-d", f"refs/heads/{branch}", check=False)
    else:
        git("update-ref", f"refs/heads/{branch}", commit)


def parse_args(argv: Sequence[str] | None) -> Options:
    parser = argparse.ArgumentParser(
        prog="publish.py", description="Publish one reporting cycle as a new version of the site (mike), in every "
        "language of extra.languages, without changing any cycle already published. Run from the repository's root.")
    parser.add_argument("cycle", help="the reporting cycle, YYYY-Qn, e.g. 2026-Q3")
    parser.add_argument("--push", action="store_true", help="push the pages branch after every check passed")
    parser.add_argument("--force-older", action="store_true",
                        help=f"publish a cycle older than '{ALIAS}' (a missed one); '{ALIAS}' does not move")
    parser.add_argument("--remote", default="origin", help="git remote of the published site (default: origin)")
    parser.add_argument("--branch", default="gh-pages", help="the pages branch (default: gh-pages)")
    parser.add_argument("--config-file", default="mkdocs.yml",
                        help="MkDocs configuration of the default language, whose extra.languages names the others "
                        "(default: mkdocs.yml)")
    parser.add_argument("--allow-dirty", action="store_true",
                        help="build uncommitted changes, for a local try (refused with --push)")
    parser.add_argument("--no-fetch", dest="fetch", action="store_false",
                        help="use '<remote>/<branch>' as already fetched (CI fetches in a step that holds the token)")
    parser.add_argument("--archive-dir", default="build/release",
                        help="where the release archive of the published site is written (default: build/release)")
    parser.add_argument("--public-url", metavar="URL",
                        help=f"the site's public address, e.g. https://<owner>.github.io/<repository>/ (default: "
                        f"${PUBLIC_URL_VARIABLE}, else extra.public_url): the sitemaps' URLs and the 404 pages' "
                        "links; required unless --without-public-url")
    parser.add_argument("--without-public-url", action="store_true",
                        help="publish without a public address: the sitemaps list no page and the 404 pages "
                        "assume the site at the host's root")
    args = parser.parse_args(argv)
    return Options(args.cycle, args.remote, args.branch, args.config_file, args.force_older, args.allow_dirty,
                   args.push, args.fetch, args.archive_dir, args.public_url, args.without_public_url)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        publish(parse_args(argv))
    except Stop as stop:
        print(f"publish: refused: {stop}" if stop.code == EXIT_REFUSED else f"publish: error: {stop}",
              file=sys.stderr)
        return stop.code
    return 0


if __name__ == "__main__":
    sys.exit(main())
