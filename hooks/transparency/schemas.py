"""Front-matter schemas: one pydantic model per page type.

Every field an editor may write is declared here, with what it means. Unknown fields are
rejected (``extra="forbid"``) so a misspelt field never silently disappears. Facts (targets,
years, amounts, statuses) live in these fields, not in prose, so that the site, the checks and
a translation all read them from one place.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
CYCLE = r"^(\d{4})-Q([1-4])$"
Slug = Annotated[str, Field(pattern=SLUG, min_length=1, max_length=60)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
ShortText = Annotated[str, Field(min_length=1, max_length=160)]
Year = Annotated[int, Field(ge=2000, le=2100)]
Cycle = Annotated[str, Field(pattern=CYCLE)]


class DeclaredStatus(StrEnum):
    """An objective's status as the editors declare it (the plan uses the first four)."""

    ON_TRACK = "on-track"
    ACTIVE = "active"
    IN_PROGRESS = "in-progress"
    PLANNING = "planning"
    AT_RISK = "at-risk"
    DELAYED = "delayed"
    COMPLETED = "completed"


class KeyActionStatus(StrEnum):
    """Where one key action stands."""

    NOT_STARTED = "not-started"
    IN_PROGRESS = "in-progress"
    COMPLETED = "completed"
    DELAYED = "delayed"


class StatusSource(StrEnum):
    """Whether a set of statuses is official or illustrative demo content."""

    OFFICIAL = "official"
    ILLUSTRATIVE = "illustrative"


class TargetKind(StrEnum):
    """How a KPI target is read against the data."""

    ANNUAL_TOTAL = "annual-total"  # the sum of a year's quarters must reach the value every year
    LEVEL_BY_DATE = "level-by-date"  # the latest level must reach the value by the end of year `by`
    CUMULATIVE = "cumulative"  # the running total since the plan began must reach the value


class Direction(StrEnum):
    """Which way is better."""

    INCREASE = "increase"
    DECREASE = "decrease"


class Unit(StrEnum):
    """What a KPI's numbers are; decides which values are allowed."""

    COUNT = "count"  # whole numbers, never negative
    PERCENT = "percent"  # 0 to 100
    USD = "usd"  # amounts in US dollars, never negative


class ReportType(StrEnum):
    """The kinds of report in the plan's reporting schedule."""

    QUARTERLY = "quarterly"
    SEMI_ANNUAL = "semi-annual"
    ANNUAL = "annual"
    MID_TERM = "mid-term"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class YearSpan(Strict):
    """A span of whole calendar years, both ends included."""

    start: Year
    end: Year

    @model_validator(mode="after")
    def _ends_after_start(self) -> YearSpan:
        if self.end < self.start:
            raise ValueError(f"ends in {self.end}, before it starts in {self.start}")
        return self


class PageBase(Strict):
    """Fields every page has."""

    id: Slug  # stable identifier; equals the file name without .md
    title: ShortText  # page title, also used in navigation and <title>
    description: Annotated[str, Field(min_length=10, max_length=300)]  # one or two sentences for search engines
    keywords: Annotated[list[ShortText], Field(min_length=1)]  # <meta name="keywords">: every page (GIGW 5.1.17)
    updated: dt.date  # when the page's content was last reviewed (shown as "last updated")


class HomePage(PageBase):
    type: Literal["home"]
    plan_title: ShortText  # the plan's full name
    period: YearSpan  # the years the plan covers; every timeline must fall inside


class KeyAction(Strict):
    id: Slug
    title: ShortText
    status: KeyActionStatus
    completed: Cycle | None = None  # the reporting cycle in which it was completed (needed when completed)

    @model_validator(mode="after")
    def _completed_needs_cycle(self) -> KeyAction:
        if self.status is KeyActionStatus.COMPLETED and self.completed is None:
            raise ValueError("a completed key action needs 'completed: YYYY-Qn', the cycle it was completed in")
        if self.status is not KeyActionStatus.COMPLETED and self.completed is not None:
            raise ValueError(f"'completed' is given but the status is {self.status.value!r}, not 'completed'")
        return self


class ObjectivePage(PageBase):
    type: Literal["objective"]
    order: Annotated[int, Field(ge=1, le=99)]  # position in navigation and lists
    target: Text  # the target as the plan words it
    timeline: YearSpan
    status: DeclaredStatus  # declared by the editors, as in the plan
    key_actions: Annotated[list[KeyAction], Field(min_length=1)]
    key_action_statuses: StatusSource  # are the key-action statuses official or illustrative?


class PhaseItem(Strict):
    title: ShortText
    objective: Slug | None = None  # the objective this item serves, if any
    key_action: Slug | None = None  # a key action of that objective, if the item delivers one

    @model_validator(mode="after")
    def _key_action_needs_objective(self) -> PhaseItem:
        if self.key_action and not self.objective:
            raise ValueError("key_action is given without the objective it belongs to")
        return self


class PhasePage(PageBase):
    type: Literal["phase"]
    number: Annotated[int, Field(ge=1, le=9)]
    years: YearSpan
    focus: Text
    items: Annotated[list[PhaseItem], Field(min_length=1)]


class PriorityAreaPage(PageBase):
    type: Literal["priority-area"]
    order: Annotated[int, Field(ge=1, le=99)]
    summary: Text  # the area as the plan words it
    objectives: list[Slug] = []  # objectives this area serves (an editorial mapping, not in the plan)


class Target(Strict):
    kind: TargetKind
    value: Annotated[float, Field(gt=0, allow_inf_nan=False)]
    by: Year | None = None  # for level-by-date: the last year by which the value must be reached
    wording: ShortText  # the target as the plan words it, e.g. "50+ annually"

    @model_validator(mode="after")
    def _by_for_levels(self) -> Target:
        if self.kind is TargetKind.LEVEL_BY_DATE and self.by is None:
            raise ValueError("a level-by-date target needs 'by' (the year it must be reached)")
        return self


class Baseline(Strict):
    value: Annotated[float, Field(ge=0, allow_inf_nan=False)]
    period: Cycle


class KpiPage(PageBase):
    type: Literal["kpi"]
    order: Annotated[int, Field(ge=1, le=99)]
    name: ShortText  # short name used in tables and charts
    definition: Text  # what is counted, as the plan words it
    unit: Unit
    measure: ShortText  # what one unit is, plural, e.g. "participations"
    target: Target
    baseline: Baseline | None = None  # none published in the plan
    direction: Direction = Direction.INCREASE
    objective: Slug  # the strategic objective this KPI measures
    source: Text  # who collects the figures
    method: Text  # how the figure is counted


class BudgetCategory(Strict):
    id: Slug
    name: ShortText
    share_percent: Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)]
    annual_amount_usd: Annotated[int, Field(gt=0)]
    purpose: Text


class BudgetPage(PageBase):
    type: Literal["budget"]
    categories: Annotated[list[BudgetCategory], Field(min_length=1)]


class Cadence(Strict):
    id: ReportType
    title: ShortText
    purpose: Text  # what the report does, as the plan words it
    every_months: Annotated[int, Field(ge=1, le=48)] | None = None  # None: once in the plan period


class SchedulePage(PageBase):
    type: Literal["schedule"]
    cadences: Annotated[list[Cadence], Field(min_length=1)]


class MonitoringPage(PageBase):
    type: Literal["monitoring"]


class ReportPage(PageBase):
    type: Literal["report"]
    cycle: Cycle  # the reporting cycle, e.g. 2026-Q3
    report_type: ReportType
    published: dt.date
    content_status: StatusSource  # is the narrative official or an illustrative demonstration?


class MethodPage(PageBase):
    type: Literal["method"]  # the progress method; its rules and thresholds are generated from the code


class GenericPage(PageBase):
    type: Literal["page"]
    section: Literal["plan", "monitoring", "reporting", "about"] = "about"  # navigation section
    order: Annotated[int, Field(ge=1, le=99)] = 50  # position within the section


# The pages GIGW 3.0 asks every government website for. Each is a singleton in the "About this
# site" section of the navigation, placed among its other pages by `order`. What they show beyond
# the editors' text (contact details, the feedback form, the policies' approval) comes from
# data/office.yml, so those facts are typed once for every language.


class ContactPage(PageBase):
    type: Literal["contact"]  # the office's contact details and the Web Information Manager's (GIGW 5.1.10, 5.4.1)
    order: Annotated[int, Field(ge=1, le=99)] = 30  # position in the "About this site" section


class FeedbackPage(PageBase):
    type: Literal["feedback"]  # where to send feedback: the office's online form, or e-mail (GIGW 5.1.11)
    order: Annotated[int, Field(ge=1, le=99)] = 40


class PolicyPage(PageBase):
    type: Literal["policy"]  # the Website Policies, one section each, with their approval status (GIGW 5.4.3)
    order: Annotated[int, Field(ge=1, le=99)] = 50


class SitemapPage(PageBase):
    type: Literal["sitemap"]  # every page of the site, section by section, generated (GIGW 5.2.31)
    order: Annotated[int, Field(ge=1, le=99)] = 60


PAGE_MODELS: dict[str, type[PageBase]] = {
    "home": HomePage,
    "objective": ObjectivePage,
    "phase": PhasePage,
    "priority-area": PriorityAreaPage,
    "kpi": KpiPage,
    "budget": BudgetPage,
    "schedule": SchedulePage,
    "monitoring": MonitoringPage,
    "report": ReportPage,
    "method": MethodPage,
    "page": GenericPage,
    "contact": ContactPage,
    "feedback": FeedbackPage,
    "policy": PolicyPage,
    "sitemap": SitemapPage,
}

# The folder each page type lives in (relative to the language's content folder); None: anywhere.
PAGE_FOLDERS: dict[str, str | None] = {
    "home": "",
    "objective": "objectives",
    "phase": "phases",
    "priority-area": "priority-areas",
    "kpi": "kpis",
    "budget": "",
    "schedule": "",
    "monitoring": "",
    "report": "reports",
    "method": "",
    "page": None,
    "contact": "",
    "feedback": "",
    "policy": "",
    "sitemap": "",
}


# Page types whose content is built from the data files (data/*.csv): they change when the figures do.
DATA_PAGE_TYPES = ("home", "objective", "kpi", "budget", "report")


# A pure function of its text, called for every quarter of every KPI: remembered (a plan has a few
# dozen cycles; the bound only guards against unusual input).
@functools.lru_cache(maxsize=4096)
def cycle_key(cycle: str) -> tuple[int, int]:
    """``"2026-Q3"`` -> ``(2026, 3)``, for ordering cycles."""
    match = re.match(CYCLE, cycle)
    if not match:
        raise ValueError(f"not a cycle: {cycle!r}")
    return int(match.group(1)), int(match.group(2))
