"""The GIGW 3.0 conformance report with the test suite's results: `make test` runs this after pytest.

Builds the site (strict, both languages) into build/conformance/site/ with PLAN_CONFORMANCE_TESTS
naming build/conformance/test-results.json, which tests/conformance_plugin.py wrote during the
test run, so every checkpoint that a test checks shows that test's outcome. Copies each
language's conformance.json to build/conformance/ and prints one summary line per language.
Exits non-zero if the results file is missing or the build fails (a static check failing is a
warning, so the strict build fails, naming the page).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "hooks"))
from transparency.conformance import summary_line  # noqa: E402

OUT = REPO / "build" / "conformance"
RESULTS = OUT / "test-results.json"


def main() -> int:
    if not RESULTS.is_file():
        print(f"No test results at {RESULTS.relative_to(REPO)}: run the test suite first (make test).", file=sys.stderr)
        return 1
    site = OUT / "site"
    env = {**os.environ, "PLAN_CONFORMANCE_TESTS": str(RESULTS), "NO_MKDOCS_2_WARNING": "1"}
    completed = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--quiet",
                                "--site-dir", str(site)], cwd=REPO, env=env, check=False)
    languages = [("en", site / "conformance.json")] + [
        (path.parent.name, path) for path in sorted(site.glob("*/conformance.json"))]
    for code, path in languages:
        if not path.is_file():
            continue
        target = OUT / ("conformance.json" if code == "en" else f"conformance.{code}.json")
        shutil.copyfile(path, target)
        print(summary_line(json.loads(path.read_text(encoding="utf-8"))) + f" -> {target.relative_to(REPO)}")
    if completed.returncode != 0:
        print("The conformance build failed: see the warnings above.", file=sys.stderr)
    return completed.returncode


if __name__ == "__main__":
    sys.exit(main())
