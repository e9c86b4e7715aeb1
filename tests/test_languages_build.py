"""The Hindi site: facts from one place, translations checked, language links and metadata."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import BuildResult
from transparency.language_links import alternates, default_tree_url

LANGUAGES = [{"code": "en", "label": "English"}, {"code": "hi", "label": "हिन्दी", "path": "hi"}]


def test_language_links_stay_relative() -> None:
    assert [a["href"] for a in alternates("objectives/x/", "en", LANGUAGES)] == [
        "../../objectives/x/", "../../hi/objectives/x/"]
    assert [a["href"] for a in alternates("objectives/x/", "hi", LANGUAGES)] == [
        "../../../objectives/x/", "../../../hi/objectives/x/"]
    assert [a["href"] for a in alternates("", "hi", LANGUAGES)] == ["../", "../hi/"]


def _english_ids(root: Path) -> list[str]:
    ids = []
    for page in sorted((root / "content/en").rglob("*.md")):
        meta = yaml.safe_load(page.read_text(encoding="utf-8").split("---")[1])
        ids.append(meta["id"])
    return ids


def _only_translated(root: Path, translated: dict[str, str]) -> None:
    """Make content/hi hold exactly `translated` (path -> text); everything else pending."""
    shutil.rmtree(root / "content/hi", ignore_errors=True)
    for rel, text in translated.items():
        (root / "content/hi" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "content/hi" / rel).write_text(text, encoding="utf-8")
    (root / "content/hi").mkdir(exist_ok=True)
    translated_ids = {yaml.safe_load(t.split("---")[1])["id"] for t in translated.values()}
    pending = [i for i in _english_ids(root) if i not in translated_ids]
    (root / "content/i18n/pending-hi.yml").write_text(yaml.safe_dump({"pending": pending}), encoding="utf-8")


GOV_HI = """---
id: governance-participation
type: objective
title: "वैश्विक आईपी शासन में बढ़ी हुई भागीदारी"
description: "WIPO समितियों और कार्य समूहों में भारत की सक्रिय भागीदारी बढ़ाने का उद्देश्य।"
{extra}---

यह उद्देश्य WIPO की बैठकों में भारत की भागीदारी के बारे में है।
"""


def test_a_file_of_the_default_tree_is_reached_from_every_tree_of_a_published_cycle() -> None:
    asset = "assets/x.js"
    # /2026-Q3/kpis/k/ and /latest/kpis/k/ -> /2026-Q3/assets/x.js; /hi/2026-Q3/kpis/k/ -> the same file.
    assert default_tree_url("kpis/k/", "en", LANGUAGES, "2026-Q3", asset) == "../../../2026-Q3/assets/x.js"
    assert default_tree_url("kpis/k/", "hi", LANGUAGES, "2026-Q3", asset) == "../../../../2026-Q3/assets/x.js"
    assert default_tree_url("", "hi", LANGUAGES, "2026-Q3", asset) == "../../2026-Q3/assets/x.js"


def test_a_translated_page_takes_facts_from_english(project: Path, build: Callable[[Path], BuildResult]) -> None:
    _only_translated(project, {"objectives/governance-participation.md": GOV_HI.format(extra="")})
    result = build(project)
    assert result.returncode == 0, result.output
    html = (result.site / "hi/objectives/governance-participation/index.html").read_text(encoding="utf-8")
    assert '<html lang="hi"' in html
    assert "वैश्विक आईपी शासन में बढ़ी हुई भागीदारी" in html
    assert "2024–2025" in html  # the timeline, a fact, from the English page
    assert 'hreflang="en" href="../../../objectives/governance-participation/"' in html
    english = (result.site / "objectives/governance-participation/index.html").read_text(encoding="utf-8")
    assert 'href="../../hi/objectives/governance-participation/" hreflang="hi" lang="hi">हिन्दी</a>' in english


@pytest.mark.parametrize(("extra", "field", "words"), [
    ("status: delayed\n", "status", ["changes a fact", "'delayed'", "'on-track'"]),
    ("timeline:\n  start: 2024\n  end: 2026\n", "timeline.end", ["changes a fact", "2026", "2025"]),
    ("key_actions:\n  - id: standing-committees\n    title: \"स्थायी समितियों में नियमित प्रतिनिधित्व\"\n"
     "    status: delayed\n", "key_actions[1].status", ["changes a fact", "'delayed'", "'completed'"]),
])
def test_a_translation_that_changes_a_fact_fails(project: Path, build: Callable[[Path], BuildResult],
                                                 extra: str, field: str, words: list[str]) -> None:
    _only_translated(project, {"objectives/governance-participation.md": GOV_HI.format(extra=extra)})
    result = build(project)
    assert result.returncode != 0 and "Traceback" not in result.output, result.output
    assert "content/hi/objectives/governance-participation.md:" in result.output
    assert f": {field}: " in result.output, result.output
    for word in words:
        assert word in result.output, result.output


def test_a_translation_without_english_page_fails(project: Path, build: Callable[[Path], BuildResult]) -> None:
    _only_translated(project, {"objectives/governance-participation.md": GOV_HI.format(extra=""),
                               "objectives/unknown.md": GOV_HI.format(extra="").replace(
                                   "id: governance-participation", "id: unknown")})
    result = build(project)
    assert result.returncode != 0
    assert "content/hi/objectives/unknown.md:1: has no page at the same path in the default language" in result.output


@pytest.mark.gigw("5.4.6")
def test_5_4_6_an_untranslated_page_must_be_listed_as_pending(project: Path,
                                                              build: Callable[[Path], BuildResult]) -> None:
    _only_translated(project, {})
    pending = project / "content/i18n/pending-hi.yml"
    data = yaml.safe_load(pending.read_text(encoding="utf-8"))
    data["pending"].remove("budget")
    pending.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = build(project)
    assert result.returncode != 0
    assert "content/en/budget.md:1: has no translation at content/hi/budget.md" in result.output
    assert "list its id 'budget' in content/i18n/pending-hi.yml" in result.output


@pytest.mark.gigw("5.4.6", "5.2.39")
def test_5_4_6_a_pending_page_is_english_marked_as_english(project: Path, build: Callable[[Path], BuildResult]) -> None:
    _only_translated(project, {})
    result = build(project)
    assert result.returncode == 0, result.output
    html = (result.site / "hi/budget/index.html").read_text(encoding="utf-8")
    assert '<html lang="hi"' in html
    article = html[html.index("<article"): html.index("</article>")]
    notice, english = article.split('<div lang="en">', 1)
    assert 'class="plan-notice plan-notice--translation"' in notice
    assert re.search(r"[\u0900-\u097F]", notice), "the notice is in Hindi"
    assert "US$2.5 million" in english and "Technical Infrastructure" in english
    assert '<h1 lang="en">' in article
    # no English sentence outside the lang="en" part of the article
    assert "Technical Infrastructure" not in notice


def _head_alternates(html: str) -> list[tuple[str, str]]:
    head = html[:html.index("</head>")]
    return re.findall(r'<link rel="alternate " hreflang="([^"]+)" href="([^"]+)">', head)


# The head's hreflang alternates follow the sitemap's rule: a pending page claims no Hindi copy.
def test_a_pending_page_has_no_hindi_alternate_in_its_head(project: Path,
                                                           build: Callable[[Path], BuildResult]) -> None:
    _only_translated(project, {"objectives/governance-participation.md": GOV_HI.format(extra="")})
    result = build(project)
    assert result.returncode == 0, result.output
    translated = "objectives/governance-participation/index.html"
    for folder, up in (("", "../../"), ("hi/", "../../../")):
        html = (result.site / folder / translated).read_text(encoding="utf-8")
        assert _head_alternates(html) == [
            ("en", f"{up}objectives/governance-participation/"), ("hi", f"{up}hi/objectives/governance-participation/"),
            ("x-default", f"{up}objectives/governance-participation/")]
    for folder in ("", "hi/"):
        html = (result.site / folder / "budget/index.html").read_text(encoding="utf-8")
        assert _head_alternates(html) == [], folder
        assert 'class="plan-language__link"' in html, "the reader can still switch languages"
