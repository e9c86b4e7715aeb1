"""The Website Policies page: which policies it must hold, and how a draft is marked.

GIGW 3.0 5.4.3 and 5.3.3 ask for these policies, defined, approved and published. Editors write
each as a section of the ``policy`` page, a level-2 heading with a fixed anchor
(``## Copyright policy {#copyright}``), so links such as ``website-policies/#privacy`` stay stable
in every language. Whether the texts are approved is one fact in data/office.yml
(``policies_status``); while they are drafts, the page says so at the top and under every heading.
"""

from __future__ import annotations

import re

from .errors import ContentProblem
from .frontmatter import ParsedPage

# Anchor of each required section -> what it is about (for messages).
POLICY_SECTIONS: dict[str, str] = {
    "copyright": "copyright policy",
    "hyperlinking": "hyperlinking policy",
    "privacy": "privacy policy",
    "terms": "terms and conditions",
    "archival": "content archival policy",
    "review": "content review policy",
    "moderation": "content moderation and approval policy",
    "monitoring": "website monitoring plan",
    "contingency": "contingency management plan",
    "security": "security policy",
}

_SECTION_HEADING = re.compile(r"^##[ \t]+\S.*?\{[ \t]*#([A-Za-z0-9_-]+)[^}]*\}[ \t]*$")


def policy_section_problems(page: ParsedPage) -> list[ContentProblem]:
    """Every required policy has its level-2 heading with its anchor, once."""
    found: dict[str, int] = {}
    problems: list[ContentProblem] = []
    for index, line in enumerate(page.body.split("\n")):
        match = _SECTION_HEADING.match(line)
        if not match:
            continue
        anchor, number = match.group(1), page.body_first_line + index
        if anchor in found:
            problems.append(ContentProblem(page.path, number, "body", f"a second section '#{anchor}'",
                                           f"one section per policy (the first is on line {found[anchor]})"))
        found.setdefault(anchor, number)
    for anchor, name in POLICY_SECTIONS.items():
        if anchor not in found:
            problems.append(ContentProblem(
                page.path, page.body_first_line, "body", f"the {name} is missing",
                f"a section headed like '## {name.capitalize()} {{#{anchor}}}'"))
    return problems


def mark_sections(html: str, notice: str) -> str:
    """``notice`` (trusted HTML) after every level-2 heading of ``html``, so each policy says it is a draft."""
    return html.replace("</h2>", "</h2>" + notice)
