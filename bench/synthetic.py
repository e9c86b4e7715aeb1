"""Write a synthetic transparency site of any size, in two variants, for the build benchmark.

Usage: ``python bench/synthetic.py DEST --kpis 1000 [--variant hooks|baseline|theme-nav] [--languages en hi]
[--seed 2024]``

What is generated (deterministic: the same arguments give byte-identical files):

- A plan of ten years, 2017–2026, so every KPI has 40 quarters of figures (2017-Q1 to 2026-Q4).
- ``N`` KPI pages (``kpis/``), valid against ``schemas.KpiPage``, the three target kinds in turn:
  annual total (a count), level by a date (a percentage or a count), cumulative (US dollars).
- One objective per 10 KPIs (``objectives/``), each with 3 to 5 key actions in every status,
  completed ones with their cycle; every KPI's ``objective`` names one of them.
- Three phases whose items point at objectives and key actions, six priority areas that map
  every objective, a budget page with four categories, and the monitoring, method and
  reporting-schedule pages.
- Ten reports, one per year (``YYYY-Q4``; the 2021 one is the mid-term evaluation).
- ``data/kpi-observations.csv`` (40 rows per KPI: every 37th quarter is "not reported" with a
  reason, every 11th has a note) and ``data/budget-spending.csv`` (each category, each year).
- What does not grow with the plan is taken from the repository as it is: its pages of other
  types (generic pages, contact, feedback, policies, sitemap...) and its other files in data/
  (such as office.yml).

Two variants of the same site, with the same pages in the same folders and the same navigation
(and a third, ``theme-nav``, described last):

``hooks`` (what is measured): a copy of the repository's mkdocs.yml, hooks/, overrides/ and
content/i18n/ with the generated content/en/ and data/. The build validates every page and data
file, computes each KPI's status, renders every generated section (facts, KPI charts as JSON
islands with their tables, objective roll-ups with their KPIs' charts, the home dashboard, the
monitoring table, each report's changes), publishes the open data and writes the CSP into
every page.

Languages (``--languages``): ``en`` alone (the default) or ``en hi``. In English only, when
``extra.languages`` lists more than one language, the copy keeps only the first, so the other
languages' builds are not run. With ``en hi``, every generated page also has its Hindi counterpart
in ``content/hi/`` (id and type, with title, description, keywords, a KPI's name and the body in
Hindi; the facts come from the English page, as the site requires), the repository's own Hindi
pages of the types not generated are copied, and the copied mkdocs.yml keeps the repository's
languages, so ``mkdocs build`` builds the English site and then the Hindi one into ``hi/`` (as
hooks/languages.py does for the real site). Otherwise the copied mkdocs.yml is the repository's.

``baseline`` (what it is compared with): the same pages written as plain Markdown, built by stock
MkDocs + Material without our hooks and without our template overrides. Its mkdocs.yml is the
repository's with ``hooks:`` and ``theme.custom_dir`` removed and the navigation the hooks would
generate written out as ``nav:``; everything else is identical (theme, palette, features including
``navigation.prune``, the search plugin, Markdown extensions, ``extra_css``/``extra_javascript``,
``validation``, strict mode). The template overrides go because they call what the hooks provide
(``t()``, page facts), so a hook-free build cannot render them; the static files under
``overrides/assets/`` (our CSS, charts.js, the chart library) are copied into the baseline's pages
folder at the same site paths, so both sites ship the same assets. Every page has the same file
name and Markdown body, with front matter reduced to ``title`` and ``description`` (the only keys
the hooks leave in ``page.meta``). A KPI page also carries, in plain Markdown, what an editor
without the generator would type: its facts as a definition list and a table of the same 40
quarterly figures; an objective page carries its key actions as a table. No charts, no data files.

Why this is the fair baseline: it isolates what the hooks add to an ordinary Material site of the
same pages (loading and validating content and data, computing statuses, charts and roll-ups,
open-data files, sanitising and the CSP) while holding constant everything whose cost does not
come from the hooks: the number of pages, the navigation every page carries (the dominant cost of
a large Material site; ``theme-nav`` renders it with the theme's template, as the baseline does),
the theme and its settings, the search index of the same bodies, and the static assets (the chart
library is copied in both variants). In two languages the baseline is
two plain builds of the same pages, English then Hindi (``mkdocs.hi.yml``: the same settings,
``theme.language: hi``, the Hindi titles in its ``nav``, into ``hi/``), run one after the other in
one process as the hooks' build runs its Hindi build; ``build_languages.py`` runs it. Each Hindi
page has the Hindi title, description and body of the hooks' Hindi page, with the same facts and
table as the English baseline page. The KPI pages' numbers are
present in both, so the ratio is not flattered by a baseline with less to show. What the baseline
does not have is exactly what only the hooks provide: generated roll-up sections (dashboard,
monitoring table, report changes, charts of an objective's KPIs).

``theme-nav``: the ``hooks`` variant with the theme's own ``partials/nav-item.html`` instead of
ours (overrides/partials/nav-item.html, which renders each plain navigation item once per
address and reuses it: the same bytes). The navigation every page carries is most of a large
Material site's build, and the baseline renders it with the theme's template; this variant
measures what the hooks alone add, with the navigation rendered exactly as the baseline renders it.

One adaptation of the copied core: ``schemas.py`` limits ``order`` to 1–99, so a site with more
than 99 KPIs (or objectives, or priority areas) cannot be built; the copy in the generated project
has the bound raised to 9999 (``ORDER_PATCH``) and nothing else changed. The benchmark reports it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
FIRST_YEAR, LAST_YEAR = 2017, 2026  # 10 years: 40 quarters
QUARTERS = [f"{year}-Q{quarter}" for year in range(FIRST_YEAR, LAST_YEAR + 1) for quarter in (1, 2, 3, 4)]
KPIS_PER_OBJECTIVE = 10
UPDATED = dt.date(2027, 1, 20)
VARIANTS = ("hooks", "baseline", "theme-nav")
NAV_MEMO = Path("overrides") / "partials" / "nav-item.html"  # left out of the theme-nav variant

# The schema's bound on `order`, and what the benchmark's copy of it allows instead.
ORDER_BOUND = "order: Annotated[int, Field(ge=1, le=99)]"
ORDER_PATCH = "order: Annotated[int, Field(ge=1, le=9999)]"

OBSERVATION_HEADER = ["kpi", "period", "value", "data_status", "not_reported_reason", "note", "source"]
SPENDING_HEADER = ["category", "year", "planned_usd", "actual_usd", "data_status", "note"]

_TEXT = (
    "the office works with partners to improve services for applicants examiners and the public "
    "training programmes reach staff in regional offices and new systems connect filing records "
    "progress is reviewed every quarter against targets agreed in the plan and reported openly "
    "figures are collected from registers kept by the units responsible for each activity "
    "cooperation covers policy dialogue technical assistance exchange of data and shared tools "
    "each initiative has a work plan a budget and a named team accountable for its delivery"
)
_WORDS = tuple(_TEXT.split())
# The same kind of filler in Hindi (Devanagari), for the Hindi pages.
_TEXT_HI = (
    "कार्यालय साझेदारों के साथ मिलकर आवेदकों परीक्षकों और जनता के लिए सेवाओं में सुधार करता है "
    "प्रशिक्षण कार्यक्रम क्षेत्रीय कार्यालयों के कर्मचारियों तक पहुँचते हैं और नई प्रणालियाँ फाइलिंग अभिलेखों को जोड़ती हैं "
    "योजना में तय लक्ष्यों के सामने प्रगति की हर तिमाही समीक्षा होती है और खुले रूप से बताई जाती है "
    "आंकड़े प्रत्येक गतिविधि के लिए उत्तरदायी इकाइयों के रजिस्टरों से एकत्र किए जाते हैं "
    "सहयोग में नीति संवाद तकनीकी सहायता आंकड़ों का आदान प्रदान और साझा उपकरण शामिल हैं"
)
_WORDS_HI = tuple(_TEXT_HI.split())
LANGUAGES = ("en", "hi")


@dataclass
class Page:
    """One generated page: where it goes, its full front matter, its body, and Markdown the
    baseline adds in place of what the hooks generate from front matter and data."""

    src_uri: str
    meta: dict[str, Any]
    body: str
    baseline_extra: str = ""
    text: str | None = None  # the file as it is, for pages taken from the repository
    hi_meta: dict[str, Any] | None = None  # the Hindi page's front matter (generated pages)
    hi_body: str = ""
    hi_text: str | None = None  # the repository's Hindi page as it is, for pages taken from it


@dataclass
class Plan:
    """Everything generated for one size, before it is written out in a variant."""

    pages: list[Page] = field(default_factory=list)
    observations: list[list[str]] = field(default_factory=list)
    spending: list[list[str]] = field(default_factory=list)
    nav_order: dict[str, list[str]] = field(default_factory=dict)  # section key -> src_uris


@dataclass(frozen=True)
class Written:
    """What ``generate`` wrote, for the benchmark's report."""

    root: Path
    variant: str
    pages: int
    kpis: int
    objectives: int
    reports: int
    observation_rows: int
    order_bound_raised: bool
    languages: tuple[str, ...] = ("en",)
    config_files: tuple[str, ...] = ("mkdocs.yml",)  # what builds the site: one config per language for the baseline


def _prose(rng: random.Random, sentences: int, words: tuple[str, ...] = _WORDS) -> str:
    out = []
    for _ in range(sentences):
        chosen = [rng.choice(words) for _ in range(rng.randint(12, 22))]
        out.append(" ".join(chosen).capitalize() + ("." if words is _WORDS else "।"))
    return " ".join(out)


def _body(rng: random.Random, paragraphs: int, words: tuple[str, ...] = _WORDS) -> str:
    return "\n\n".join(_prose(rng, rng.randint(3, 5), words) for _ in range(paragraphs)) + "\n"


# Hindi words for the generated titles, by the English word they replace.
_TITLE_HI = {"Objective": "उद्देश्य", "Indicator": "संकेतक", "Phase": "चरण", "Priority area": "प्राथमिकता क्षेत्र",
             "Annual report": "वार्षिक रिपोर्ट", "Key performance indicator": "प्रमुख निष्पादन संकेतक"}


def _hindi(page: Page, rng: random.Random) -> tuple[dict[str, Any], str]:
    """The Hindi counterpart of a generated page: its id and type, its words in Hindi, a Hindi body
    as long as the English one (the facts are the English page's)."""
    title = page.meta["title"]
    for english, hindi in _TITLE_HI.items():
        title = title.replace(english, hindi)
    meta: dict[str, Any] = {"id": page.meta["id"], "type": page.meta["type"], "title": title,
                            "description": _prose(rng, 1, _WORDS_HI), "keywords": ["हिन्दी", page.meta["id"]]}
    if page.meta["type"] == "kpi":
        meta["name"] = title
    paragraphs = page.body.count("\n\n") + 1
    return meta, _body(rng, paragraphs, _WORDS_HI)


def _base(page_id: str, page_type: str, title: str, description: str, keywords: list[str]) -> dict[str, Any]:
    return {"id": page_id, "type": page_type, "title": title, "description": description,
            "keywords": keywords, "updated": UPDATED}


def _number(value: float) -> str:
    """A CSV number as data_schema accepts it: digits, optional '.' part, no exponent."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _kpi_series(rng: random.Random, kind: str, unit: str) -> tuple[list[float], dict[str, Any]]:
    """40 quarterly values and a target that fits them (some KPIs on track, some not)."""
    pace = rng.uniform(0.5, 1.3)  # how fast this KPI moves relative to its target
    if kind == "annual-total":
        target = rng.choice([40, 50, 120, 400, 1000])
        values = [float(max(0, round(target / 4 * pace * rng.uniform(0.7, 1.3)))) for _ in QUARTERS]
        return values, {"kind": kind, "value": target, "wording": f"{target} or more each year"}
    if kind == "level-by-date":
        by = rng.choice([2024, 2025, 2026])
        if unit == "percent":
            start, target = rng.uniform(10, 30), rng.choice([60, 75, 90])
            step = (target - start) / 32 * pace
            values = [round(min(100.0, start + step * i + rng.uniform(-1.5, 1.5)), 1) for i in range(len(QUARTERS))]
            return values, {"kind": kind, "value": target, "by": by, "wording": f"{target}% by {by}"}
        start, target = rng.randint(0, 3), rng.choice([12, 15, 20, 30])
        level = float(start)
        values = []
        for _ in QUARTERS:
            level += 1 if rng.random() < (target - start) / 32 * pace else 0
            values.append(level)
        return values, {"kind": kind, "value": target, "by": by, "wording": f"{target} by {by}"}
    per_quarter = rng.choice([50_000, 120_000, 250_000])
    target = per_quarter * 40
    values = [float(round(per_quarter * pace * rng.uniform(0.6, 1.4))) for _ in QUARTERS]
    return values, {"kind": kind, "value": target, "wording": f"US${target:,} over the plan"}


def build_plan(kpi_count: int, seed: int = 2024) -> Plan:
    """The pages and data of a site with ``kpi_count`` KPIs (deterministic for a seed)."""
    rng = random.Random(seed)
    plan = Plan()
    objective_count = math.ceil(kpi_count / KPIS_PER_OBJECTIVE)

    home = _base("home", "home", "Synthetic Cooperation Plan",
                 "A synthetic ten-year cooperation plan generated for the build benchmark of the site generator.",
                 ["benchmark", "synthetic"])
    home |= {"plan_title": "Synthetic Cooperation Plan 2017–2026", "period": {"start": FIRST_YEAR, "end": LAST_YEAR}}
    plan.pages.append(Page("index.md", home, _body(rng, 4)))

    # Objectives, each with key actions in every status.
    action_statuses = ["completed", "in-progress", "not-started", "delayed", "in-progress"]
    declared = ["on-track", "active", "in-progress", "planning"]
    objective_ids, first_actions = [], {}
    for number in range(1, objective_count + 1):
        oid = f"objective-{number:03d}"
        actions = []
        for index in range(3 + number % 3):
            status = action_statuses[(number + index) % len(action_statuses)]
            action: dict[str, Any] = {"id": f"action-{index + 1}", "status": status,
                                      "title": f"Key action {index + 1} of objective {number}"}
            if status == "completed":
                action["completed"] = QUARTERS[(number * 7 + index * 3) % len(QUARTERS)]
            actions.append(action)
        meta = _base(oid, "objective", f"Objective {number}: {rng.choice(_WORDS).capitalize()} cooperation",
                     f"Strategic objective {number} of the synthetic plan, with its target, timeline and key actions.",
                     ["objective", f"objective {number}"])
        meta |= {"order": number, "target": f"Reach the agreed level of cooperation in area {number} by {LAST_YEAR}",
                 "timeline": {"start": FIRST_YEAR + number % 3, "end": LAST_YEAR},
                 "status": declared[number % len(declared)], "key_actions": actions,
                 "key_action_statuses": "illustrative"}
        rows = "\n".join(f"| {a['title']} | {a['status']} |" for a in actions)
        extra = f"\n## Key actions\n\n| Key action | Status |\n| --- | --- |\n{rows}\n"
        plan.pages.append(Page(f"objectives/{oid}.md", meta, _body(rng, 2), extra))
        objective_ids.append(oid)
        first_actions[oid] = actions[0]["id"]

    # Phases: items point at objectives and their first key action.
    phase_years = [(2017, 2019), (2020, 2022), (2023, 2026)]
    for number, (start, end) in enumerate(phase_years, start=1):
        linked = objective_ids[number - 1::3][:4]
        items: list[dict[str, Any]] = [{"title": f"Deliver the first key action of {o}", "objective": o,
                                        "key_action": first_actions[o]} for o in linked]
        items.append({"title": f"Review of phase {number}"})
        meta = _base(f"phase-{number}", "phase", f"Phase {number}: years {start} to {end}",
                     f"Implementation phase {number} of the synthetic plan, from {start} to {end}.", ["phase"])
        meta |= {"number": number, "years": {"start": start, "end": end},
                 "focus": f"Focus of phase {number}", "items": items}
        plan.pages.append(Page(f"phases/phase-{number}.md", meta, _body(rng, 2)))

    # Priority areas: every objective is served by one area.
    for number in range(1, 7):
        meta = _base(f"area-{number}", "priority-area", f"Priority area {number}",
                     f"Priority area {number} of the synthetic plan and the objectives it serves.", ["priority area"])
        meta |= {"order": number, "summary": f"Summary of priority area {number}.",
                 "objectives": objective_ids[number - 1::6]}
        plan.pages.append(Page(f"priority-areas/area-{number}.md", meta, _body(rng, 1)))

    # Budget: shares add up to 100 and agree with the amounts; spending for every category and year.
    categories = [("infrastructure", 35, 3_500_000), ("training", 30, 3_000_000),
                  ("programmes", 25, 2_500_000), ("monitoring", 10, 1_000_000)]
    budget = _base("budget", "budget", "Budget", "How the synthetic plan's annual budget is divided.", ["budget"])
    budget["categories"] = [{"id": cid, "name": cid.capitalize(), "share_percent": share,
                             "annual_amount_usd": amount, "purpose": f"Spending on {cid}"}
                            for cid, share, amount in categories]
    plan.pages.append(Page("budget.md", budget, _body(rng, 1)))
    for cid, _, amount in categories:
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            plan.spending.append([cid, str(year), str(amount), str(round(amount * rng.uniform(0.8, 1.0))),
                                  "illustrative", ""])

    monitoring = _base("monitoring", "monitoring", "Monitoring and evaluation framework",
                       "How progress on the synthetic plan is monitored, with its indicators.", ["monitoring"])
    plan.pages.append(Page("monitoring.md", monitoring, _body(rng, 1)))
    method = _base("method", "method", "How progress is measured",
                   "How this site computes whether each target of the synthetic plan is on track.", ["method"])
    plan.pages.append(Page("method.md", method, _body(rng, 3)))

    # KPIs: the three target kinds in turn; 40 quarters each.
    kinds = [("annual-total", "count", "participations"), ("level-by-date", "percent", "percent of offices"),
             ("cumulative", "usd", "US dollars"), ("level-by-date", "count", "services")]
    kpi_uris = []
    for number in range(1, kpi_count + 1):
        kid = f"kpi-{number:04d}"
        kind, unit, measure = kinds[(number - 1) % len(kinds)]
        values, target = _kpi_series(rng, kind, unit)
        objective = objective_ids[(number - 1) // KPIS_PER_OBJECTIVE]
        meta = _base(kid, "kpi", f"Indicator {number}",
                     f"Key performance indicator {number} of the synthetic plan, measured every quarter.",
                     ["KPI", f"indicator {number}"])
        meta |= {"order": number, "name": f"Indicator {number}", "definition": f"What indicator {number} counts",
                 "unit": unit, "measure": measure, "target": target, "objective": objective,
                 "source": f"Register kept by unit {number % 17 + 1}",
                 "method": "Counted on the last day of each quarter from the register."}
        if kind == "level-by-date" and number % 8 == 2:
            meta["baseline"] = {"value": values[0], "period": QUARTERS[0]}
        figures = []
        for index, (period, value) in enumerate(zip(QUARTERS, values, strict=True)):
            missing = (number + index) % 37 == 0
            note = "Method revised this quarter" if (number + index) % 11 == 0 else ""
            plan.observations.append([kid, period, "" if missing else _number(value), "illustrative",
                                      "Register not closed in time" if missing else "", note, ""])
            figures.append(f"| {period} | {'not reported' if missing else _number(value)} | {note} |")
        facts = (f"Definition\n:   {meta['definition']}\n\nTarget\n:   {target['wording']}\n\n"
                 f"Unit\n:   {unit} ({measure})\n\nObjective\n:   [{objective}](../objectives/{objective}.md)\n\n"
                 f"Source\n:   {meta['source']}\n\nMethod\n:   {meta['method']}\n")
        table = "| Period | Value | Note |\n| --- | ---: | --- |\n" + "\n".join(figures) + "\n"
        plan.pages.append(Page(f"kpis/{kid}.md", meta, _body(rng, 1), f"\n{facts}\n## Figures\n\n{table}"))
        kpi_uris.append(f"kpis/{kid}.md")

    schedule = _base("reporting-schedule", "schedule", "Reporting schedule",
                     "When progress on the synthetic plan is reported and reviewed.", ["reporting"])
    schedule["cadences"] = [
        {"id": "quarterly", "title": "Quarterly", "purpose": "Progress reports", "every_months": 3},
        {"id": "semi-annual", "title": "Semi-annual", "purpose": "Review", "every_months": 6},
        {"id": "annual", "title": "Annual", "purpose": "Impact assessment", "every_months": 12},
        {"id": "mid-term", "title": "Mid-term", "purpose": "Evaluation of the plan"},
    ]
    plan.pages.append(Page("reporting-schedule.md", schedule, _body(rng, 1)))

    report_uris = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        rid = f"{year}-q4"
        meta = _base(rid, "report", f"Annual report {year}", f"The synthetic plan's report for {year}.", ["report"])
        meta |= {"cycle": f"{year}-Q4", "report_type": "mid-term" if year == 2021 else "annual",
                 "published": dt.date(year + 1, 1, 20), "content_status": "illustrative"}
        plan.pages.append(Page(f"reports/{rid}.md", meta, _body(rng, 3)))
        report_uris.append(f"reports/{rid}.md")

    rng_hi = random.Random(seed + 1)
    for page in plan.pages:
        page.hi_meta, page.hi_body = _hindi(page, rng_hi)
    others = repository_pages()
    plan.pages += others

    def generic(section: str) -> list[str]:
        found = [p for p in others if p.meta["type"] == "page" and p.meta.get("section", "about") == section]
        return [p.src_uri for p in sorted(found, key=lambda p: (p.meta.get("order", 50), p.meta["id"]))]

    about = [p for p in others if p.meta["type"] in ABOUT_TYPES or (
        p.meta["type"] == "page" and p.meta.get("section", "about") == "about")]
    defaults = {"contact": 30, "feedback": 40, "policy": 50, "sitemap": 60}
    about.sort(key=lambda p: (p.meta.get("order", defaults.get(p.meta["type"], 50)), p.meta["id"]))
    # The navigation hooks/transparency/navigation.py generates; None: pages at the top level.
    plan.nav_order = {
        "top:home": ["index.md"],
        "nav.objectives": [f"objectives/{o}.md" for o in objective_ids],
        "nav.phases": [f"phases/phase-{n}.md" for n in range(1, len(phase_years) + 1)],
        "nav.priority_areas": [f"priority-areas/area-{n}.md" for n in range(1, 7)],
        "top:plan": ["budget.md", *generic("plan")],
        "nav.monitoring": ["monitoring.md", *kpi_uris, "method.md", *generic("monitoring")],
        "nav.reporting": ["reporting-schedule.md", *reversed(report_uris), *generic("reporting")],
        "nav.about": [p.src_uri for p in about],
    }
    return plan


# Page types generated here; pages of every other type are taken from the repository.
GENERATED_TYPES = frozenset({"home", "objective", "phase", "priority-area", "kpi", "budget", "monitoring",
                             "schedule", "report", "method"})
# Singleton page types listed with the generic pages of the "about" section (hooks/transparency/navigation.py).
ABOUT_TYPES = ("contact", "feedback", "policy", "sitemap")


def repository_pages() -> list[Page]:
    """The repository's English pages whose type is not generated here, unchanged."""
    docs = REPO / "content" / "en"
    pages = []
    for path in sorted(docs.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        head, _, body = text.removeprefix("---\n").partition("\n---\n")
        meta = yaml.safe_load(head) if text.startswith("---\n") else None
        if isinstance(meta, dict) and meta.get("type") not in GENERATED_TYPES:
            src_uri = path.relative_to(docs).as_posix()
            page = Page(src_uri, meta, body.lstrip("\n"), text=text)
            hindi = REPO / "content" / "hi" / src_uri
            if hindi.exists():
                page.hi_text = hindi.read_text(encoding="utf-8")
                head, _, hi_body = page.hi_text.removeprefix("---\n").partition("\n---\n")
                page.hi_meta, page.hi_body = yaml.safe_load(head), hi_body.lstrip("\n")
            pages.append(page)
    return pages


def _front_matter(meta: dict[str, Any]) -> str:
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000) + "---\n\n"


def _csv(header: list[str], rows: list[list[str]]) -> str:
    # The cells are generated (no commas, quotes or line breaks), so plain joining is exact.
    return "\n".join(",".join(row) for row in [header, *rows]) + "\n"


def _repo_config(languages: tuple[str, ...] = ("en",)) -> dict[str, Any]:
    """The repository's mkdocs.yml, with the languages generated (see the module's docstring)."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    listed = (config.get("extra") or {}).get("languages")
    if isinstance(listed, list) and len(listed) > 1:
        kept = [language for language in listed if language["code"] in languages]
        if [language["code"] for language in kept] != list(languages):
            raise RuntimeError(f"mkdocs.yml lists the languages {[lang['code'] for lang in listed]}, not {languages}")
        config["extra"]["languages"] = kept
    elif languages != ("en",):
        raise RuntimeError("mkdocs.yml lists no second language to generate")
    return config


def _dump(config: dict[str, Any], path: Path) -> None:
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")


def _baseline_config(plan: Plan, language: str = "en") -> dict[str, Any]:
    """The repository's mkdocs.yml without hooks or template overrides, with the navigation the hooks
    would generate; for Hindi, the same with the Hindi pages, titles and theme language, into hi/."""
    config = _repo_config()
    config.pop("hooks", None)
    config.pop("watch", None)
    config["theme"].pop("custom_dir", None)
    config["extra"].pop("languages", None)  # read by our hooks only
    if language != "en":
        config["docs_dir"] = f"content/{language}"
        config["theme"]["language"] = language
        config["edit_uri"] = f"edit/main/content/{language}/"
    words = yaml.safe_load((REPO / "content" / "i18n" / f"{language}.yml").read_text(encoding="utf-8"))["messages"]
    titles = {p.src_uri: (p.meta if language == "en" else p.hi_meta or p.meta)["title"] for p in plan.pages}

    def items(uris: list[str]) -> list[dict[str, str]]:
        return [{titles[uri]: uri} for uri in uris]

    nav: list[dict[str, Any]] = []
    for key, uris in plan.nav_order.items():
        if uris:
            nav += items(uris) if key.startswith("top:") else [{words[key]: items(uris)}]
    config["nav"] = nav
    return config


def write(plan: Plan, dest: Path, variant: str, languages: tuple[str, ...] = ("en",)) -> Written:
    """Write ``plan`` as a complete project in ``dest`` (emptied first), in ``languages``."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}: {', '.join(VARIANTS)}")
    if languages not in (("en",), LANGUAGES):
        raise ValueError(f"languages: en, or en hi; not {' '.join(languages)}")
    if dest.exists():
        shutil.rmtree(dest)
    docs = dest / "content" / "en"
    docs.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    raised = False
    config_files = ["mkdocs.yml"]
    generated = "hooks" if variant == "theme-nav" else variant  # theme-nav: the hooks' site, but for NAV_MEMO
    if generated == "hooks":
        _dump(_repo_config(languages), dest / "mkdocs.yml")
        for language in languages[1:]:
            shutil.copy2(REPO / f"mkdocs.{language}.yml", dest / f"mkdocs.{language}.yml")
        shutil.copytree(REPO / "overrides", dest / "overrides", ignore=ignore)
        if variant == "theme-nav":
            (dest / NAV_MEMO).unlink()
        shutil.copytree(REPO / "content" / "i18n", dest / "content" / "i18n", ignore=ignore)
        shutil.copytree(REPO / "hooks", dest / "hooks", ignore=ignore)
        largest_order = max(int(p.meta.get("order", 0)) for p in plan.pages)
        if largest_order > 99:
            schemas = dest / "hooks" / "transparency" / "schemas.py"
            text = schemas.read_text(encoding="utf-8")
            if ORDER_BOUND not in text:
                raise RuntimeError(f"{schemas}: expected {ORDER_BOUND!r} to raise for >99 pages; update ORDER_PATCH")
            schemas.write_text(text.replace(ORDER_BOUND, ORDER_PATCH), encoding="utf-8")
            raised = True
        data = dest / "data"
        shutil.copytree(REPO / "data", data, ignore=ignore)  # files that do not grow with the plan (office.yml)
        (data / "kpi-observations.csv").write_text(_csv(OBSERVATION_HEADER, plan.observations), encoding="utf-8")
        (data / "budget-spending.csv").write_text(_csv(SPENDING_HEADER, plan.spending), encoding="utf-8")
        shutil.copy2(REPO / "data" / "office.yml", data / "office.yml")  # the office's names and contacts
    else:
        _dump(_baseline_config(plan), dest / "mkdocs.yml")
        for language in languages[1:]:
            _dump(_baseline_config(plan, language), dest / f"mkdocs.{language}.yml")
            config_files.append(f"mkdocs.{language}.yml")
        # The same static files at the same site paths; not the Markdown notes beside them (they would be pages).
        shutil.copytree(REPO / "overrides" / "assets", docs / "assets",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.md", "*.html"))
    for page in plan.pages:
        path = docs / page.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        if generated == "hooks":
            text = page.text if page.text is not None else _front_matter(page.meta) + page.body
        else:
            text = _front_matter({"title": page.meta["title"], "description": page.meta["description"]})
            text += page.body + page.baseline_extra
        path.write_text(text, encoding="utf-8")
        if "hi" in languages:
            _write_hindi(page, dest, generated)
    kinds = [p.meta["type"] for p in plan.pages]
    return Written(dest, variant, len(plan.pages), kinds.count("kpi"), kinds.count("objective"),
                   kinds.count("report"), len(plan.observations), raised, languages, tuple(config_files))


def _write_hindi(page: Page, dest: Path, variant: str) -> None:
    """The Hindi counterpart of ``page`` in content/hi/ (the baseline's: plain, with the English page's
    facts and table)."""
    if page.hi_meta is None:
        raise RuntimeError(f"content/en/{page.src_uri} has no Hindi counterpart in the repository")
    path = dest / "content" / "hi" / page.src_uri
    path.parent.mkdir(parents=True, exist_ok=True)
    if variant == "hooks":
        text = page.hi_text if page.hi_text is not None else _front_matter(page.hi_meta) + page.hi_body
    else:
        text = _front_matter({"title": page.hi_meta["title"], "description": page.hi_meta["description"]})
        text += page.hi_body + page.baseline_extra
    path.write_text(text, encoding="utf-8")


def generate(dest: Path, kpi_count: int, variant: str = "hooks", seed: int = 2024,
             languages: tuple[str, ...] = ("en",)) -> Written:
    """Generate the site with ``kpi_count`` KPIs in ``variant`` and ``languages`` into ``dest``."""
    return write(build_plan(kpi_count, seed), dest, variant, languages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path, help="folder to write the project into (replaced)")
    parser.add_argument("--kpis", type=int, default=100, help="number of KPI pages (default 100)")
    parser.add_argument("--variant", choices=VARIANTS, default="hooks")
    parser.add_argument("--languages", nargs="+", default=["en"], help="en (default), or en hi")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    written = generate(args.dest, args.kpis, args.variant, args.seed, tuple(args.languages))
    print(json.dumps({k: str(v) if isinstance(v, Path) else v for k, v in written.__dict__.items()}, indent=2))


if __name__ == "__main__":
    main()
