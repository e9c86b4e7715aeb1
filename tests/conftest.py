"""Shared fixtures: whole builds of the repository's site, or of a modified copy of it."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
from conformance_plugin import GigwRecorder

REPO = Path(__file__).resolve().parent.parent
# The outcomes of the tests marked @pytest.mark.gigw(...), for the conformance report (make test).
CONFORMANCE_RESULTS = REPO / "build" / "conformance" / "test-results.json"
SITE_PARTS = ("mkdocs.yml", "mkdocs.hi.yml", "content", "data", "hooks", "overrides")


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(GigwRecorder(CONFORMANCE_RESULTS), "gigw-recorder")


@dataclass
class BuildResult:
    returncode: int
    output: str  # stdout and stderr together, as an editor sees them
    site: Path
    root: Path


def load_script(path: Path, name: str) -> ModuleType:
    """A script that is not a package module (.ci/publish.py, .ci/archive.py), imported under ``name``."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


def copy_project(destination: Path) -> Path:
    """A copy of everything a build reads, so a test may break it freely."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in SITE_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, destination / part)
    return destination


def run_build(root: Path, *extra: str) -> BuildResult:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", *extra],
        cwd=root, env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    return BuildResult(completed.returncode, completed.stdout + completed.stderr, root / "site", root)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh, writable copy of the site's sources."""
    return copy_project(tmp_path / "project")


@pytest.fixture
def build() -> Callable[..., BuildResult]:
    return run_build


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """One strict build of the repository's own content, shared by read-only tests."""
    root = copy_project(tmp_path_factory.mktemp("demo"))
    result = run_build(root)
    assert result.returncode == 0, result.output
    return result


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace text in a file, failing loudly if the text is not there (so a test cannot pass vacuously)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not found in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
