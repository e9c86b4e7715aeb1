"""Pure functions of the core, without a build."""

from __future__ import annotations

import pytest
from transparency.budget import budget_findings
from transparency.frontmatter import format_field, parse_page
from transparency.safety import front_matter_problems, markdown_problems, sanitize_html

PLAN_BUDGET = ([35, 30, 25, 10], [2_500_000, 2_100_000, 1_800_000, 700_000])


def test_plan_budget_is_consistent() -> None:
    assert budget_findings(*PLAN_BUDGET) == []


def test_budget_sum_and_share_checks() -> None:
    findings = budget_findings([35, 30, 25, 11], PLAN_BUDGET[1])
    assert findings[0].index is None and "101%" in findings[0].message
    findings = budget_findings([35, 30, 25, 10], [2_500_000, 2_100_000, 1_800_000, 2_700_000])
    assert {f.index for f in findings} == {0, 1, 2, 3}


def test_line_numbers_follow_the_file() -> None:
    text = "---\ntype: objective\nkey_actions:\n  - id: a\n    status: x\n---\nBody\n"
    page, problems = parse_page(text, "f.md")
    assert problems == [] and page is not None
    assert page.line_of(("key_actions", 0, "status")) == 5
    assert page.line_of(("key_actions", 0, "missing")) == 4  # falls back to the enclosing item
    assert page.body_first_line == 7
    assert format_field(("key_actions", 0, "status")) == "key_actions[1].status"


@pytest.mark.parametrize("text", [
    "---\ntitle: [unclosed\n---\n",
    "---\ntitle: x\n",  # never closed
    "no front matter\n",
    "---\n- a list\n---\n",
])
def test_unreadable_front_matter_is_reported(text: str) -> None:
    page, problems = parse_page(text, "f.md")
    assert page is None and problems and all(p.path == "f.md" and p.line for p in problems)


def test_bom_is_reported() -> None:
    _, problems = parse_page("\ufeff---\ntype: page\n---\n", "f.md")
    assert any("byte-order mark" in p.message for p in problems)


@pytest.mark.parametrize("body", [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//x></SCRIPT>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '<img src=x onerror=alert(1)>',
    '<a/onclick="alert(1)">x</a>',
    "[a](javascript:alert(1))",
    "[a](  JAVASCRIPT:alert(1))",
    "[a](java\tscript:alert(1))",
    "[a](&#x6A;avascript:alert(1))",
    "[a](&#106&#97&#118&#97&#115&#99&#114&#105&#112&#116&#58alert(1))",
    "[a]: javascript:alert(1)",
    "<javascript:alert(1)>",
    '<a href="vbscript:msgbox(1)">x</a>',
    '<img src="data:text/html;base64,PHNjcmlwdD4=">',
    '<iframe src="https://example.org"></iframe>',
    '<p style="position:fixed">x</p>',
    "<svg onload=alert(1)>",
])
def test_dangerous_markdown_is_rejected(body: str) -> None:
    page, _ = parse_page(f"---\ntype: page\n---\n\nIntro\n{body}\n", "f.md")
    assert page is not None
    problems = markdown_problems(page)
    assert problems, body
    assert problems[0].line == 6


@pytest.mark.parametrize("body", [
    "Plain text with a [link](https://www.wipo.int/) and [another page](../objectives/x.md).",
    "Data: the figures are illustrative.",
    "Scores went from 3 < 4 in tables | a | b |",
    "Contact [us](mailto:office@example.gov.in).",
])
def test_ordinary_markdown_passes(body: str) -> None:
    page, _ = parse_page(f"---\ntype: page\n---\n{body}\n", "f.md")
    assert page is not None
    assert markdown_problems(page) == []


@pytest.mark.parametrize("value", ["</title><script>x</script>", "a > b", "line\u2028separator", "nul\x00"])
def test_front_matter_strings_must_be_plain(value: str) -> None:
    page, _ = parse_page("---\ntype: page\ntitle: placeholder\n---\n", "f.md")
    assert page is not None
    page.meta["title"] = value
    problems = front_matter_problems(page)
    assert problems and problems[0].field == "title" and problems[0].line == 3


def test_sanitizer_drops_what_the_first_line_missed() -> None:
    dirty = ('<p onclick="x()">hi <a href="javascript:alert(1)">a</a><script>bad()</script>'
             '<img src="x" onerror="y()"><span style="color:red">s</span></p>')
    clean = sanitize_html(dirty)
    for banned in ("onclick", "javascript:", "<script", "onerror", "style="):
        assert banned not in clean
    assert "<p>hi <a>a</a>" in clean


def test_sanitizer_keeps_markdown_output() -> None:
    html = ('<h2 id="x">T<a class="headerlink" href="#x" title="Permanent link">¶</a></h2>'
            '<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n</table>')
    assert sanitize_html(html) == html
