"""Load every page of one language, validate it, and join pages into one model of the plan.

``load_site`` reads the Markdown files itself (MkDocs would silently drop broken front matter),
validates each against its schema, checks the references between pages, and returns a ``Site``
or raises ``ContentError`` listing every problem with file, line, field and what is allowed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from pydantic import ValidationError

from . import schemas as s
from .budget import budget_findings
from .errors import ContentError, ContentProblem
from .frontmatter import ParsedPage, format_field, parse_page
from .markers import find_markers
from .policies import policy_section_problems
from .safety import front_matter_problems, markdown_problems
from .table_captions import table_problems

P = TypeVar("P", bound=s.PageBase)


@dataclass(frozen=True)
class Entry:
    """One validated page: where it is, what its front matter says, and its body."""

    src_uri: str  # path relative to the language's content folder, e.g. objectives/governance.md
    path: str  # repository-relative path, for messages and "suggest a change" links
    meta: s.PageBase
    parsed: ParsedPage


@dataclass
class Site:
    """Every page of one language, indexed by id and by type."""

    entries: dict[str, Entry] = field(default_factory=dict)  # by src_uri
    by_id: dict[str, Entry] = field(default_factory=dict)
    # ids of pages that failed validation: references to them are not reported again
    invalid_ids: set[str] = field(default_factory=set)

    # Lists by type, sorted once: templates and roll-ups ask for them on every page. Kept with the
    # entries they were computed from, so a change to the entries (a dropped report) is never missed.
    _sorted: dict[type, list[Any]] = field(default_factory=dict, init=False, repr=False, compare=False)
    _sorted_from: tuple[Entry, ...] = field(default=(), init=False, repr=False, compare=False)
    _kpis_by_objective: dict[str, list[s.KpiPage]] | None = field(default=None, init=False, repr=False,
                                                                  compare=False)

    def of_type(self, page_type: type[P]) -> list[P]:
        """Pages of one type, in their declared order (``order`` or ``number``), then by id.

        A new list each time (callers may change it); the sorting is done once.
        """
        current = tuple(self.entries.values())
        if current != self._sorted_from:
            self._sorted, self._sorted_from, self._kpis_by_objective = {}, current, None
        found = self._sorted.get(page_type)
        if found is None:
            found = sorted((e.meta for e in current if isinstance(e.meta, page_type)),
                           key=lambda m: (getattr(m, "order", getattr(m, "number", 0)), m.id))
            self._sorted[page_type] = found
        return list(found)

    def entry(self, page_id: str) -> Entry:
        return self.by_id[page_id]

    def one(self, page_type: type[P]) -> P | None:
        found = self.of_type(page_type)
        return found[0] if found else None

    @property
    def home(self) -> s.HomePage:
        home = self.one(s.HomePage)
        assert home is not None  # load_site guarantees it
        return home

    def kpis_of(self, objective_id: str) -> list[s.KpiPage]:
        kpis = self.of_type(s.KpiPage)  # also forgets the index below when the entries changed
        if self._kpis_by_objective is None:
            index: dict[str, list[s.KpiPage]] = defaultdict(list)
            for kpi in kpis:
                index[kpi.objective].append(kpi)
            self._kpis_by_objective = dict(index)
        return list(self._kpis_by_objective.get(objective_id, []))

    def priority_areas_of(self, objective_id: str) -> list[s.PriorityAreaPage]:
        return [a for a in self.of_type(s.PriorityAreaPage) if objective_id in a.objectives]

    def phases_of(self, objective_id: str) -> list[s.PhasePage]:
        return [p for p in self.of_type(s.PhasePage) if any(i.objective == objective_id for i in p.items)]

    def objective(self, objective_id: str) -> s.ObjectivePage:
        meta = self.by_id[objective_id].meta
        assert isinstance(meta, s.ObjectivePage)
        return meta

    def objectives_by_ids(self, ids: list[str]) -> list[s.ObjectivePage]:
        return [self.objective(i) for i in ids]

    def latest_update(self) -> Any:
        return max(e.meta.updated for e in self.entries.values())


def _validation_problems(exc: ValidationError, parsed: ParsedPage, model: type[s.PageBase]) -> list[ContentProblem]:
    problems = []
    for error in exc.errors():
        loc = tuple(part for part in error["loc"] if not (isinstance(part, str) and part.startswith("function-")))
        name = format_field(loc) or "front matter"
        line = parsed.line_of(loc)
        kind = error["type"]
        found = error.get("input")
        if kind == "missing":
            message, allowed = "is required but missing", _describe(model, loc)
        elif kind == "extra_forbidden":
            parent = _model_at(model, loc[:-1])
            fields = ", ".join(parent.model_fields) if parent else ""
            message, allowed = f"unknown field (found {found!r})", f"fields {fields}"
        elif kind == "enum" or kind == "literal_error":
            message, allowed = f"found {found!r}", error["ctx"]["expected"].replace("'", "")
        elif kind == "string_pattern_mismatch":
            pattern = error["ctx"]["pattern"]
            allowed = ("lower-case letters, digits and single hyphens, e.g. 'digital-services'"
                       if pattern == s.SLUG else "a cycle like 2026-Q3")
            message = f"found {found!r}"
        elif kind == "value_error":
            message, allowed = str(error["msg"]).removeprefix("Value error, "), ""
        else:
            message = f"{error['msg'].lower()} (found {found!r})" if found is not None else error["msg"]
            allowed = ""
        problems.append(ContentProblem(parsed.path, line, name, message, allowed))
    return problems


def _model_at(model: type[s.Strict], loc: tuple[Any, ...]) -> type[s.Strict] | None:
    """The nested model a location points into, to list its fields in messages."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = current.model_fields[part].annotation if part in current.model_fields else None
        args = getattr(annotation, "__args__", ()) or (annotation,)
        nested = [a for a in args if isinstance(a, type) and issubclass(a, s.Strict)]
        if not nested:
            nested = [b for a in args for b in getattr(a, "__args__", ())
                      if isinstance(b, type) and issubclass(b, s.Strict)]
        if not nested:
            return None
        current = nested[0]
    return current


def _describe(model: type[s.Strict], loc: tuple[Any, ...]) -> str:
    parent = _model_at(model, loc[:-1])
    if parent is None or not loc or loc[-1] not in parent.model_fields:
        return "a value"
    return f"a value for '{loc[-1]}'"


def _read_page(file: Path, src_uri: str, display: str) -> tuple[Entry | None, list[ContentProblem]]:
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [ContentProblem(display, None, "", f"is not UTF-8 text ({exc.reason})", "UTF-8")]
    parsed, problems = parse_page(text, display)
    if parsed is None:
        return None, problems
    problems += front_matter_problems(parsed) + markdown_problems(parsed) + table_problems(parsed)
    page_type = parsed.meta.get("type")
    model = s.PAGE_MODELS.get(page_type) if isinstance(page_type, str) else None
    if model is None:
        problems.append(ContentProblem(display, parsed.line_of(("type",)), "type",
                                       f"unknown page type {page_type!r}" if page_type else "is required but missing",
                                       ", ".join(s.PAGE_MODELS)))
        return None, problems
    try:
        meta = model.model_validate(parsed.meta)
    except ValidationError as exc:
        return None, problems + _validation_problems(exc, parsed, model)
    problems += _placement_problems(meta, src_uri, parsed)
    return Entry(src_uri, display, meta, parsed), problems


def _placement_problems(meta: s.PageBase, src_uri: str, parsed: ParsedPage) -> list[ContentProblem]:
    """A page's id is its file name, and its type decides its folder, so URLs stay stable."""
    problems = []
    path = PurePosixPath(src_uri)
    expected_stem = "index" if isinstance(meta, s.HomePage) else meta.id
    if path.stem != expected_stem:
        problems.append(ContentProblem(parsed.path, parsed.line_of(("id",)), "id",
                                       f"{meta.id!r} does not match the file name {path.name!r}",
                                       f"rename the file to {expected_stem}.md or change the id"))
    folder = s.PAGE_FOLDERS[parsed.meta["type"]]
    if folder is not None and str(path.parent).replace(".", "") != folder:
        problems.append(ContentProblem(parsed.path, parsed.line_of(("type",)), "type",
                                       f"a {parsed.meta['type']} page must be in the folder "
                                       f"'{folder or 'the content root'}', found in '{path.parent}'",
                                       "move the file"))
    return problems


def load_site(docs_dir: Path, repo_root: Path) -> Site:
    """Read and validate every page under ``docs_dir``; raise ContentError with every problem."""
    problems: list[ContentProblem] = []
    site = Site()
    for file in sorted(docs_dir.rglob("*.md")):
        src_uri = file.relative_to(docs_dir).as_posix()
        display = file.relative_to(repo_root).as_posix() if file.is_relative_to(repo_root) else str(file)
        entry, found = _read_page(file, src_uri, display)
        problems += found
        if entry is None:
            site.invalid_ids.add(file.stem)
            continue
        if entry.meta.id in site.by_id:
            other = site.by_id[entry.meta.id]
            problems.append(ContentProblem(display, entry.parsed.line_of(("id",)), "id",
                                           f"duplicate id {entry.meta.id!r}, already used by {other.path}",
                                           "an id used by no other page"))
            continue
        site.entries[src_uri] = entry
        site.by_id[entry.meta.id] = entry
    problems += _site_problems(site)
    if problems:
        raise ContentError(problems)
    return site


def _site_problems(site: Site) -> list[ContentProblem]:
    """Checks across pages: references resolve, years fit the plan, singletons are single."""
    problems: list[ContentProblem] = []
    singles: dict[str, list[Entry]] = defaultdict(list)
    for entry in site.entries.values():
        if isinstance(entry.meta, s.HomePage | s.BudgetPage | s.SchedulePage | s.MonitoringPage | s.MethodPage
                      | s.ContactPage | s.FeedbackPage | s.PolicyPage | s.SitemapPage):
            singles[entry.meta.type].append(entry)
    for page_type, entries in singles.items():
        for extra in entries[1:]:
            problems.append(ContentProblem(extra.path, extra.parsed.line_of(("type",)), "type",
                                           f"a second {page_type} page (the first is {entries[0].path})",
                                           f"one {page_type} page"))
    if not singles.get("home"):
        problems.append(ContentProblem("content", None, "", "there is no home page (index.md, type: home)"))
        return problems
    period = site.home.period

    def ref(entry: Entry, loc: tuple[Any, ...], target: str, wanted: type[s.PageBase]) -> None:
        found = site.by_id.get(target)
        if found is None and target in site.invalid_ids:
            return  # the target page's own problems are reported already
        if found is None or not isinstance(found.meta, wanted):
            known = ", ".join(m.id for m in site.of_type(wanted))
            kind = wanted.model_fields["type"].annotation.__args__[0]  # the Literal's value
            problems.append(ContentProblem(entry.path, entry.parsed.line_of(loc), format_field(loc),
                                           f"unknown {kind} id {target!r}", known))

    def within_period(entry: Entry, loc: tuple[Any, ...], start: int, end: int) -> None:
        if start < period.start or end > period.end:
            problems.append(ContentProblem(entry.path, entry.parsed.line_of(loc), format_field(loc),
                                           f"{start}–{end} falls outside the plan period",
                                           f"years {period.start} to {period.end}"))

    kpi_ids = [k.id for k in site.of_type(s.KpiPage)]
    for entry in site.entries.values():
        for line, kpi_id, text in find_markers(entry.parsed.body, entry.parsed.body_first_line):
            if kpi_id is None:
                problems.append(ContentProblem(entry.path, line, "body", f"malformed chart marker {text.strip()!r}",
                                               "a line of its own: [[kpi-chart KPI-ID]]"))
            elif kpi_id not in kpi_ids:
                problems.append(ContentProblem(entry.path, line, "body", f"chart marker names unknown KPI {kpi_id!r}",
                                               ", ".join(kpi_ids)))

    orders: dict[tuple[str, int], Entry] = {}
    cycles: dict[str, Entry] = {}
    for entry in site.entries.values():
        meta = entry.meta
        position = getattr(meta, "order", getattr(meta, "number", None))
        if position is not None:
            key = (meta.type, position)  # type: ignore[attr-defined]
            if key in orders:
                field_name = "order" if hasattr(meta, "order") else "number"
                problems.append(ContentProblem(entry.path, entry.parsed.line_of((field_name,)), field_name,
                                               f"{position} is also used by {orders[key].path}",
                                               f"a {field_name} that no other {meta.type} page uses"))  # type: ignore[attr-defined]
            orders[key] = entry
        if isinstance(meta, s.ObjectivePage):
            within_period(entry, ("timeline",), meta.timeline.start, meta.timeline.end)
            seen: set[str] = set()
            for index, action in enumerate(meta.key_actions):
                if action.id in seen:
                    problems.append(ContentProblem(entry.path, entry.parsed.line_of(("key_actions", index, "id")),
                                                   format_field(("key_actions", index, "id")),
                                                   f"duplicate key action id {action.id!r}",
                                                   "an id unique within the objective"))
                seen.add(action.id)
        elif isinstance(meta, s.PhasePage):
            within_period(entry, ("years",), meta.years.start, meta.years.end)
            for index, item in enumerate(meta.items):
                if item.objective:
                    ref(entry, ("items", index, "objective"), item.objective, s.ObjectivePage)
                    target = site.by_id.get(item.objective)
                    if item.key_action and target and isinstance(target.meta, s.ObjectivePage):
                        actions = [a.id for a in target.meta.key_actions]
                        if item.key_action not in actions:
                            problems.append(ContentProblem(
                                entry.path, entry.parsed.line_of(("items", index, "key_action")),
                                format_field(("items", index, "key_action")),
                                f"unknown key action {item.key_action!r} of objective {item.objective!r}",
                                ", ".join(actions)))
        elif isinstance(meta, s.PriorityAreaPage):
            for index, objective in enumerate(meta.objectives):
                ref(entry, ("objectives", index), objective, s.ObjectivePage)
        elif isinstance(meta, s.KpiPage):
            ref(entry, ("objective",), meta.objective, s.ObjectivePage)
            if meta.target.by is not None:
                within_period(entry, ("target", "by"), meta.target.by, meta.target.by)
            if meta.baseline is not None:
                year = s.cycle_key(meta.baseline.period)[0]
                if year > period.end:
                    within_period(entry, ("baseline", "period"), year, year)
        elif isinstance(meta, s.BudgetPage):
            shares = [c.share_percent for c in meta.categories]
            amounts = [c.annual_amount_usd for c in meta.categories]
            for finding in budget_findings(shares, amounts):
                loc: tuple[Any, ...] = ("categories",) if finding.index is None else (
                    "categories", finding.index, finding.field)
                problems.append(ContentProblem(entry.path, entry.parsed.line_of(loc),
                                               format_field(loc) if finding.index is not None else finding.field,
                                               finding.message, finding.allowed))
            ids = [c.id for c in meta.categories]
            for index, category_id in enumerate(ids):
                if ids.index(category_id) != index:
                    problems.append(ContentProblem(entry.path, entry.parsed.line_of(("categories", index, "id")),
                                                   format_field(("categories", index, "id")),
                                                   f"duplicate category id {category_id!r}", "unique ids"))
        elif isinstance(meta, s.PolicyPage):
            problems += policy_section_problems(entry.parsed)
        elif isinstance(meta, s.ReportPage):
            year = s.cycle_key(meta.cycle)[0]
            within_period(entry, ("cycle",), year, year)
            if meta.cycle in cycles:
                problems.append(ContentProblem(entry.path, entry.parsed.line_of(("cycle",)), "cycle",
                                               f"{meta.cycle} is also reported by {cycles[meta.cycle].path}",
                                               "one report page per cycle"))
            cycles[meta.cycle] = entry
    return problems
