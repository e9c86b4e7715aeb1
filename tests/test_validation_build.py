"""Every editor mistake fails `mkdocs build --strict` with file, line, field and what is allowed."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BuildResult, edit

GOV = "content/en/objectives/governance-participation.md"
KPI = "content/en/kpis/participation-rate.md"
GOV_KEYWORDS = "keywords:\n  - WIPO committees\n  - IP governance\n  - treaty negotiations\n  - working groups\n"
BUDGET = "content/en/budget.md"
PHASE = "content/en/phases/phase-1.md"

Mutation = Callable[[Path], None]


def _edit(rel: str, old: str, new: str) -> Mutation:
    return lambda root: edit(root / rel, old, new)


def _copy(rel: str, to: str) -> Mutation:
    return lambda root: shutil.copy(root / rel, root / to)


def _append(rel: str, text: str) -> Mutation:
    return lambda root: (root / rel).write_text((root / rel).read_text(encoding="utf-8") + text, encoding="utf-8")


def _line_of(root: Path, rel: str, needle: str) -> int:
    for number, line in enumerate((root / rel).read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {rel}")


# (case id, mutation, file whose line must be named, text on that line (or None), words the message must hold)
CASES: list[tuple[str, Mutation, str, str | None, list[str]]] = [
    ("broken-yaml", _edit(GOV, 'title: "Enhanced Global IP Governance Participation"',
                          'title: "Enhanced Global IP Governance Participation\nbad: [1, 2'),
     GOV, None, ["broken YAML", "front matter"]),
    ("missing-field", _edit(GOV, "target: ", "aim: "), GOV, None, ["target", "is required but missing"]),
    # GIGW 5.1.17: every page has keywords; a page without them fails at load, not after the build.
    ("no-keywords", _edit(GOV, GOV_KEYWORDS, ""), GOV, None, ["keywords", "is required but missing"]),
    ("empty-keywords", _edit(GOV, GOV_KEYWORDS, "keywords: []\n"), GOV, "keywords: []",
     ["keywords", "at least 1 item"]),
    ("wrong-type", _edit(GOV, "order: 1", "order: first"), GOV, "order: first", ["order", "'first'"]),
    ("unknown-status", _edit(GOV, "status: on-track", "status: done"), GOV, "status: done",
     ["status", "'done'", "on-track", "in-progress", "planning"]),
    ("unknown-key-action-status", _edit(GOV, "status: completed", "status: finished"), GOV, "status: finished",
     ["key_actions[1].status", "'finished'", "not-started"]),
    ("unknown-reference", _edit(KPI, "objective: governance-participation", "objective: governance"), KPI,
     "objective: governance", ["objective", "unknown objective id 'governance'", "governance-participation"]),
    ("duplicate-id", _copy(GOV, "content/en/objectives/zz-copy.md"), "content/en/objectives/zz-copy.md",
     "id: governance-participation", ["duplicate id 'governance-participation'", GOV]),
    ("timeline-backwards", _edit(GOV, "  end: 2025", "  end: 2023"), GOV, "timeline:",
     ["timeline", "ends in 2023, before it starts in 2024"]),
    ("unknown-type", _edit(GOV, "type: objective", "type: objectve"), GOV, "type: objectve",
     ["type", "unknown page type 'objectve'", "objective, phase"]),
    ("script-in-markdown", _append(GOV, "\nHello <script>alert(1)</script>\n"), GOV, "<script>",
     ["body", "<script> is not allowed"]),
    ("event-handler", _append(GOV, '\n<img src="x.png" onerror="alert(1)">\n'), GOV, "onerror",
     ["body", "event-handler attribute 'onerror='"]),
    ("javascript-link", _append(GOV, "\n[Read more](JaVaScRiPt:alert(1))\n"), GOV, "Read more",
     ["body", "'javascript:' link is not allowed", "https:"]),
    ("entity-encoded-javascript-link", _append(GOV, "\n[Read more](&#106;avascript&#58;alert(1))\n"), GOV,
     "Read more", ["'javascript:' link is not allowed"]),
    ("angle-bracket-in-front-matter", _edit(GOV, 'title: "Enhanced Global IP Governance Participation"',
                                            'title: "</title><script>alert(1)</script>"'), GOV, "title:",
     ["title", "'<' and '>'", "plain text"]),
    ("budget-shares-not-100", _edit(BUDGET, "share_percent: 35", "share_percent: 36"), BUDGET, "categories:",
     ["shares add up to 101%, not 100%"]),
    ("budget-share-disagrees-with-amount", _edit(BUDGET, "annual_amount_usd: 2500000", "annual_amount_usd: 4500000"),
     BUDGET, "share_percent: 35", ["categories[1].share_percent", "disagrees with its amount"]),
    ("unknown-field", _edit(GOV, "order: 1", "order: 1\ncolour: red"), GOV, "colour: red",
     ["colour", "unknown field", "fields"]),
    ("duplicate-key", _edit(GOV, "order: 1", "order: 1\norder: 2"), GOV, "order: 2", ["order", "appears twice"]),
    ("no-front-matter", lambda root: (root / GOV).write_text("Just text\n", encoding="utf-8"), GOV, None,
     ["does not start with a '---' front-matter block"]),
    ("id-not-file-name", _edit(GOV, "id: governance-participation", "id: governance-participation-x"), GOV,
     "id: governance-participation-x", ["does not match the file name"]),
    ("phase-outside-plan-period", _edit(PHASE, "  start: 2024", "  start: 2021"), PHASE, "years:",
     ["years", "falls outside the plan period", "2024 to 2027"]),
    ("bad-slug", _edit(GOV, "id: standing-committees", "id: Standing Committees"), GOV, "Standing Committees",
     ["key_actions[1].id", "lower-case letters"]),
]


@pytest.mark.parametrize(("mutate", "rel", "line_text", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_editor_mistake_fails_strict_build(project: Path, build: Callable[[Path], BuildResult],
                                           mutate: Mutation, rel: str, line_text: str | None, words: list[str]) -> None:
    mutate(project)
    result = build(project)
    assert result.returncode != 0, result.output
    assert "Traceback" not in result.output, result.output
    assert not (project / "site" / "index.html").exists(), "nothing half-built may be written"
    expected_location = rel
    if line_text is not None:
        expected_location += f":{_line_of(project, rel, line_text)}"
    assert expected_location in result.output, result.output
    for word in words:
        assert word in result.output, f"{word!r} missing from:\n{result.output}"
