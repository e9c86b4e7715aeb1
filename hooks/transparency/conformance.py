"""GIGW 3.0 conformance: the register of the 88 checkpoints, and the report of one build.

- The register (``gigw.yml`` beside this file) names every checkpoint with the guideline's words and
  how it is covered: static checks on the built HTML (``conformance_checks.CHECKS``), tests marked
  ``@pytest.mark.gigw(...)`` (browser, validators, whole builds), or the office (a person must act).
- ``report`` joins the register, the results of the static checks and, when given, the test
  suite's outcomes into one plain structure, written as ``conformance.json`` and rendered as the
  Conformance page. Without test outcomes, a checkpoint the tests check is "not run", never "pass".

Plain Python: no MkDocs. Deterministic: everything is sorted, nothing depends on the clock.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .conformance_checks import CHECKS, CheckResult

REGISTER = Path(__file__).with_name("gigw.yml")
GROUPS = {"5.1": 25, "5.2": 50, "5.3": 3, "5.4": 10}  # GIGW 3.0: quality, accessibility, security, lifecycle
STATUSES = ("pass", "fail", "not-run", "office")


# --- The register ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Checkpoint:
    number: str  # "5.1.18"
    title: str  # short English name
    words: str  # the guideline's words, in English as published
    checks: tuple[str, ...] = ()  # static checks (names in CHECKS)
    tests: bool = False  # tests marked with this checkpoint check it
    office: bool = False  # a person must act or judge
    wcag: str = ""  # "1.4.10 AA" for 5.2.x

    @property
    def group(self) -> str:
        return self.number.rsplit(".", 1)[0]


def checkpoint_key(number: str) -> tuple[int, ...]:
    """Sort key: 5.1.2 before 5.1.10."""
    return tuple(int(part) for part in number.split("."))


def load_register(path: Path = REGISTER) -> list[Checkpoint]:
    """The checkpoints in order; ValueError naming the entry and field for anything malformed."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = data.get("checkpoints") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ValueError(f"{path.name}: 'checkpoints' must be a list")
    known = {"number", "title", "words", "checks", "tests", "office", "wcag"}
    register = []
    for index, entry in enumerate(entries):
        where = f"{path.name}: checkpoints[{index}]"
        if not isinstance(entry, dict):
            raise ValueError(f"{where}: not a mapping")
        if unknown := sorted(set(entry) - known):
            raise ValueError(f"{where}: unknown field(s) {unknown} (allowed: {sorted(known)})")
        number = str(entry.get("number", ""))
        if not re.fullmatch(r"5\.[1-4]\.[1-9][0-9]?", number):
            raise ValueError(f"{where}: number {number!r} is not a GIGW 3.0 checkpoint such as 5.1.18")
        for name in ("title", "words"):
            if not isinstance(entry.get(name), str) or not entry[name].strip():
                raise ValueError(f"{where} ({number}): '{name}' must be non-empty text")
        checks = entry.get("checks", [])
        if not isinstance(checks, list) or any(c not in CHECKS for c in checks):
            raise ValueError(f"{where} ({number}): checks {checks!r} must name static checks of {sorted(CHECKS)}")
        for name in ("tests", "office"):
            if not isinstance(entry.get(name, False), bool):
                raise ValueError(f"{where} ({number}): '{name}' must be true or false")
        wcag = str(entry.get("wcag", ""))
        if number.startswith("5.2.") != bool(re.fullmatch(r"[1-4]\.[1-5]\.[0-9]{1,2} (A|AA)", wcag)):
            raise ValueError(f"{where} ({number}): 'wcag' must be set (as '1.4.10 AA') for 5.2.x only")
        if not (checks or entry.get("tests") or entry.get("office")):
            raise ValueError(f"{where} ({number}): not covered: give checks, tests: true or office: true")
        register.append(Checkpoint(number, entry["title"].strip(), " ".join(entry["words"].split()), tuple(checks),
                                   entry.get("tests", False), entry.get("office", False), wcag))
    numbers = [c.number for c in register]
    expected = [f"{group}.{n}" for group, count in GROUPS.items() for n in range(1, count + 1)]
    if numbers != expected:
        missing = sorted(set(expected) - set(numbers), key=checkpoint_key)
        extra = sorted(set(numbers) - set(expected), key=checkpoint_key)
        raise ValueError(f"{path.name}: the checkpoints must be 5.1.1-5.1.25, 5.2.1-5.2.50, 5.3.1-5.3.3 and "
                         f"5.4.1-5.4.10 in order (missing {missing}, unexpected {extra})")
    return register


# --- The report -----------------------------------------------------------------------------------

DECISION_CHECK = "third_party"  # the recorded decision "zero third-party requests" is checked by this


def parse_test_outcomes(data: Any) -> dict[str, dict[str, str]]:
    """The test suite's outcomes by checkpoint ({"5.2.17": {test id: "passed"|"failed"|"skipped"}}),
    validated: ValueError for anything else."""
    if not isinstance(data, dict):
        raise ValueError("the test results must map checkpoints to {test: outcome}")
    outcomes: dict[str, dict[str, str]] = {}
    for number, tests in data.items():
        if not isinstance(tests, dict) or any(o not in ("passed", "failed", "skipped") for o in tests.values()):
            raise ValueError(f"test results for {number!r}: expected {{test: passed|failed|skipped}}")
        outcomes[str(number)] = {str(k): str(v) for k, v in tests.items()}
    return outcomes


def checkpoint_status(checkpoint: Checkpoint, checks: Mapping[str, CheckResult],
                      tests: Mapping[str, str] | None) -> str:
    """pass, fail, not-run (covered by tests that did not run for this build) or office (no automated check)."""
    ran = [o for o in (tests or {}).values() if o != "skipped"]
    if any(not checks[name].passed for name in checkpoint.checks) or "failed" in ran:
        return "fail"
    if checkpoint.tests and not ran:
        return "not-run"
    if checkpoint.checks or ran:
        return "pass"
    return "office"


def report(register: list[Checkpoint], checks: Mapping[str, CheckResult],
           outcomes: Mapping[str, Mapping[str, str]] | None, language: str) -> dict[str, Any]:
    """The whole report as plain data (conformance.json): summary, every checkpoint, the office's to-do,
    the recorded decision, the static checks with their failures."""
    known = {c.number for c in register}
    if outcomes and (unknown := sorted(set(outcomes) - known, key=str)):
        raise ValueError(f"test results name checkpoints that GIGW 3.0 does not have: {unknown}")
    rows = []
    for checkpoint in register:
        tests = dict(sorted((outcomes or {}).get(checkpoint.number, {}).items()))
        rows.append({
            "number": checkpoint.number, "title": checkpoint.title, "words": checkpoint.words,
            "wcag": checkpoint.wcag or None,
            "status": checkpoint_status(checkpoint, checks, tests if outcomes is not None else None),
            "checks": {name: "pass" if checks[name].passed else "fail" for name in checkpoint.checks},
            "tests": tests if outcomes is not None else ("not-run" if checkpoint.tests else None),
            "office": checkpoint.office,
        })
    counts = {status: sum(1 for r in rows if r["status"] == status) for status in STATUSES}
    decision = checks.get(DECISION_CHECK)
    return {
        "guidelines": "GIGW 3.0",
        "language": language,
        "test_results": "included" if outcomes is not None else "not-run",
        "summary": {"checkpoints": len(rows), "checked": counts["pass"] + counts["fail"], "passed": counts["pass"],
                    "failed": counts["fail"], "not_run": counts["not-run"], "office_only": counts["office"],
                    "office_todo": sum(1 for r in rows if r["office"])},
        "checkpoints": rows,
        "decisions": [{"id": "zero-third-party-requests",
                       "check": DECISION_CHECK,
                       "status": "pass" if decision is not None and decision.passed else "fail"}],
        "static_checks": {name: {"pages": result.pages, "status": "pass" if result.passed else "fail",
                                 "failures": list(result.failures)} for name, result in sorted(checks.items())},
    }


def report_json(data: Mapping[str, Any]) -> str:
    """conformance.json: sorted keys, two-space indent, a final newline; byte-identical for the same report."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def summary_line(data: Mapping[str, Any]) -> str:
    s = data["summary"]
    return (f"GIGW 3.0 ({data['language']}): {s['checkpoints']} checkpoints, {s['checked']} checked: "
            f"{s['passed']} passed, {s['failed']} failed; {s['not_run']} not run; "
            f"{s['office_todo']} on the office's to-do ({s['office_only']} for the office alone)")
