"""The declared layout of the CSV files in ``data/``: one place for validation and the data package.

Each file has a ``TableSchema``: its columns in their required order, with name, type, title,
description, unit and constraints, the cell text that counts as missing, and row rules that
involve two columns. ``datasets.py`` validates every cell against it; ``table_schema`` turns it
into a Frictionless Table Schema for ``datapackage.json``, so the published description can never
drift from what the build accepts.

Missing values: only an empty cell is missing. ``NA``, ``n/a``, ``-`` or a blank made of spaces
are not, and fail as ordinary values, so a reader of the published files meets one convention.

Numbers: ASCII digits with an optional leading ``-`` and an optional ``.`` decimal part (``12``,
``12.5``). Refused: a decimal comma (``12,5``), thousands separators (``1,000`` or ``1 000``),
exponents (``1e3``), a leading ``+``, ``.5``/``5.``, ``NaN`` and ``Infinity``, and spaces around
the value. A spreadsheet exporting with a decimal comma or a ``;`` delimiter is caught at the
first cell instead of being misread.

The English titles and descriptions below document the files; a caller publishing in another
language passes its own words to ``table_schema``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .schemas import StatusSource, Unit

# Patterns are anchored implicitly (Table Schema semantics); Python code uses re.fullmatch.
SLUG_PATTERN = r"[a-z0-9]+(-[a-z0-9]+)*"  # XML Schema regex syntax too: no (?:...)
PERIOD_PATTERN = r"([0-9]{4})-Q([1-4])"
INTEGER_PATTERN = r"-?[0-9]+"
NUMBER_PATTERN = r"-?[0-9]+(?:\.[0-9]+)?"

NUMBER_ALLOWED = ("digits with an optional '.' decimal part, e.g. 12 or 12.5 (no thousands separators, "
                  "no decimal comma, no exponent, not NaN or Infinity)")
INTEGER_ALLOWED = "a whole number written with digits only, e.g. 12 (no thousands separators, no decimals)"


class FieldType(StrEnum):
    """Cell types, named as in Frictionless Table Schema."""

    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    DATE = "date"  # ISO 8601, YYYY-MM-DD


@dataclass(frozen=True)
class Column:
    """One column of a data file: what it holds and which cells are accepted."""

    name: str  # header text, exactly
    type: FieldType
    title: str  # short label (English default; translations are passed to table_schema)
    description: str  # what the column means, for the data package and data/README.md
    allowed: str  # what an editor may write, quoted in error messages
    required: bool = False  # an empty cell is an error
    unit: str | None = None  # e.g. "usd"; None when the column has no unit or it varies by row
    enum: tuple[str, ...] | None = None
    pattern: str | None = None  # regular expression the whole cell must match
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None  # in characters, for text


@dataclass(frozen=True)
class TableSchema:
    """The columns of one CSV file, in the order its header must list them."""

    name: str  # resource name in the data package, also the file's stem in data/
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]  # no two rows may share these values
    missing_values: tuple[str, ...] = ("",)  # cell texts that mean "no value"
    # Pairs of columns of which each row fills exactly one, e.g. a value or the reason it is missing.
    exactly_one_of: tuple[tuple[str, str], ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def header(self) -> str:
        return ",".join(self.names)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.name} has no column {name!r}")

    def refine(self, name: str, **changes: Any) -> TableSchema:
        """A copy with one column changed, e.g. ``refine("kpi", enum=("participation-rate",))``."""
        self.column(name)  # fail loudly on a misspelt column
        columns = tuple(dataclasses.replace(c, **changes) if c.name == name else c for c in self.columns)
        return dataclasses.replace(self, columns=columns)


@dataclass(frozen=True)
class UnitRule:
    """Which values a KPI unit (``schemas.Unit``) allows."""

    minimum: float | None
    maximum: float | None
    whole: bool  # only whole numbers, written without a decimal part

    def allowed(self, unit: Unit) -> str:
        kind = "a whole number" if self.whole else "a number"
        if self.minimum is not None and self.maximum is not None:
            span = f"from {self.minimum:g} to {self.maximum:g}"
        elif self.minimum is not None:
            span = f"of {self.minimum:g} or more"
        else:
            span = ""
        return " ".join(part for part in (kind, span, f"(unit {unit.value})") if part)


UNIT_RULES: Mapping[Unit, UnitRule] = {
    Unit.COUNT: UnitRule(minimum=0, maximum=None, whole=True),
    Unit.PERCENT: UnitRule(minimum=0, maximum=100, whole=False),
    Unit.USD: UnitRule(minimum=0, maximum=None, whole=False),
}

_DATA_STATUS = Column(
    "data_status", FieldType.STRING, "Data status",
    "Whether the row is an official figure of the office or illustrative demonstration data. "
    "Pages that show illustrative rows say so.",
    "illustrative or official", required=True, enum=tuple(s.value for s in StatusSource))

OBSERVATIONS = TableSchema(
    name="kpi-observations",
    columns=(
        Column("kpi", FieldType.STRING, "KPI",
               "Id of the key performance indicator: the file name, without .md, of its page in kpis/.",
               "the id of a KPI page", required=True, pattern=SLUG_PATTERN, max_length=60),
        Column("period", FieldType.STRING, "Period",
               "The calendar quarter the value is for, written YYYY-Qn (e.g. 2026-Q3).",
               "a quarter like 2026-Q3", required=True, pattern=PERIOD_PATTERN),
        Column("value", FieldType.NUMBER, "Value",
               "The figure for the quarter in the KPI's unit: count (a whole number, 0 or more), "
               "percent (0 to 100) or usd (US dollars, 0 or more). For an annual-total or cumulative KPI "
               "it is what happened in the quarter; for a level-by-date KPI it is the level on the "
               "quarter's last day. Empty only when not_reported_reason says why.",
               NUMBER_ALLOWED),
        _DATA_STATUS,
        Column("not_reported_reason", FieldType.STRING, "Reason not reported",
               "Why no value is reported for the quarter; given exactly when value is empty, and shown "
               "on the site.",
               "plain text, only when value is empty", max_length=300),
        Column("note", FieldType.STRING, "Note",
               "Anything a reader should know to read the value, e.g. a change of method.",
               "plain text, or empty", max_length=500),
        Column("source", FieldType.STRING, "Source",
               "Where the figure comes from, when it differs from the source named on the KPI's page.",
               "plain text, or empty", max_length=300),
    ),
    primary_key=("kpi", "period"),
    exactly_one_of=(("value", "not_reported_reason"),),
)

BUDGET_SPENDING = TableSchema(
    name="budget-spending",
    columns=(
        Column("category", FieldType.STRING, "Budget category",
               "Id of the budget category, as listed on the budget page.",
               "the id of a category on the budget page", required=True, pattern=SLUG_PATTERN, max_length=60),
        Column("year", FieldType.INTEGER, "Year", "The calendar year.",
               "a year of the plan period, e.g. 2025", required=True),
        Column("planned_usd", FieldType.INTEGER, "Planned (US$)",
               "The amount planned for the category in the year, in whole US dollars.",
               INTEGER_ALLOWED, required=True, unit=Unit.USD.value, minimum=0),
        Column("actual_usd", FieldType.INTEGER, "Actual (US$)",
               "The amount spent in the year, in whole US dollars; for the current year, spending to "
               "date (the note says up to when).",
               INTEGER_ALLOWED, required=True, unit=Unit.USD.value, minimum=0),
        _DATA_STATUS,
        Column("note", FieldType.STRING, "Note",
               "Anything a reader should know to read the amounts, e.g. the date spending is counted to.",
               "plain text, or empty", max_length=500),
    ),
    primary_key=("category", "year"),
)


def observations_schema(units: Iterable[Unit]) -> TableSchema:
    """The observations schema with ``value`` narrowed to what the given KPI units all allow.

    For one KPI (one unit) this is exact: a count is an integer of 0 or more. For several units
    the bounds are the loosest that cover them all.
    """
    rules = [UNIT_RULES[u] for u in dict.fromkeys(units)]
    if not rules:
        return OBSERVATIONS
    minima = [r.minimum for r in rules]
    maxima = [r.maximum for r in rules]
    unique_units = list(dict.fromkeys(units))
    return OBSERVATIONS.refine(
        "value",
        type=FieldType.INTEGER if all(r.whole for r in rules) else FieldType.NUMBER,
        minimum=None if None in minima else min(m for m in minima if m is not None),
        maximum=None if None in maxima else max(m for m in maxima if m is not None),
        unit=unique_units[0].value if len(unique_units) == 1 else None,
    )


def table_schema(schema: TableSchema, *, titles: Mapping[str, str] | None = None,
                 descriptions: Mapping[str, str] | None = None) -> dict[str, Any]:
    """A Frictionless Table Schema (v1) descriptor; ``titles``/``descriptions`` override by column name."""
    titles, descriptions = titles or {}, descriptions or {}
    fields = []
    for column in schema.columns:
        descriptor: dict[str, Any] = {
            "name": column.name,
            "type": column.type.value,
            "title": titles.get(column.name, column.title),
            "description": descriptions.get(column.name, column.description),
        }
        if column.unit is not None:
            descriptor["unit"] = column.unit  # an extension property; Table Schema allows extra properties
        constraints: dict[str, Any] = {}
        if column.required:
            constraints["required"] = True
        if column.enum is not None:
            constraints["enum"] = list(column.enum)
        if column.pattern is not None:
            constraints["pattern"] = column.pattern
        if column.minimum is not None:
            constraints["minimum"] = _plain_number(column.minimum)
        if column.maximum is not None:
            constraints["maximum"] = _plain_number(column.maximum)
        if column.max_length is not None:
            constraints["maxLength"] = column.max_length
        if constraints:
            descriptor["constraints"] = constraints
        fields.append(descriptor)
    return {
        "fields": fields,
        "missingValues": list(schema.missing_values),
        "primaryKey": list(schema.primary_key),
    }


def _plain_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value
