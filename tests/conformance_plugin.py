"""pytest plugin: records the outcome of every test marked ``@pytest.mark.gigw("5.2.17", ...)``.

At the end of the session it writes ``build/conformance/test-results.json``: for each GIGW 3.0
checkpoint, the tests that check it and their outcome (passed, failed or skipped), sorted, with
no timestamps. ``make test`` then builds the site with PLAN_CONFORMANCE_TESTS pointing at this
file (.ci/conformance_report.py), so the conformance report shows the tests' results. A test
that did not run (deselected, or a partial run) is not in the file: its checkpoint shows as
not run, never as passed. Registered by tests/conftest.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from transparency.conformance import checkpoint_key, load_register

MARKER = "gigw"


class GigwRecorder:
    def __init__(self, output: Path) -> None:
        self.output = output
        self.checkpoints: dict[str, tuple[str, ...]] = {}  # test id -> the checkpoints it checks
        self.outcomes: dict[str, str] = {}  # test id -> passed | failed | skipped

    # Each marked test's checkpoints, which must be GIGW 3.0 checkpoints of the register.
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        known = {c.number for c in load_register()}
        for item in items:
            numbers = tuple(n for marker in item.iter_markers(MARKER) for n in marker.args)
            if not numbers:
                continue
            unknown = [n for n in numbers if n not in known]
            if unknown:
                raise pytest.UsageError(f"{item.nodeid}: @pytest.mark.gigw names {unknown}, which are not "
                                        "GIGW 3.0 checkpoints (5.1.1-5.1.25, 5.2.1-5.2.50, 5.3.1-5.3.3, 5.4.1-5.4.10)")
            self.checkpoints[item.nodeid] = numbers

    # A test fails if any phase fails; it passes if its call passed; otherwise it was skipped.
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.nodeid not in self.checkpoints or self.outcomes.get(report.nodeid) == "failed":
            return
        if report.failed:
            self.outcomes[report.nodeid] = "failed"
        elif report.skipped:
            self.outcomes[report.nodeid] = "skipped"
        elif report.when == "call":
            self.outcomes[report.nodeid] = "passed"

    def results(self) -> dict[str, dict[str, str]]:
        by_checkpoint: dict[str, dict[str, str]] = {}
        for nodeid, outcome in self.outcomes.items():
            for number in self.checkpoints[nodeid]:
                by_checkpoint.setdefault(number, {})[nodeid] = outcome
        return {n: dict(sorted(by_checkpoint[n].items())) for n in sorted(by_checkpoint, key=checkpoint_key)}

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: Any) -> None:
        if not self.outcomes:
            return  # no marked test ran: leave an earlier complete record alone
        self.output.parent.mkdir(parents=True, exist_ok=True)
        self.output.write_text(json.dumps(self.results(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
