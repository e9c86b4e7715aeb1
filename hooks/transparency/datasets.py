"""Load the CSV files in ``data/`` and validate every cell against ``data_schema``.

Files are read as text with the csv module before anything is typed, so every problem names
its file, row (the file's line number; the header is row 1) and 1-based column. The checks run
in layers, and all problems of a file are reported together:

1. the file: it exists, is not empty, is UTF-8 without a byte-order mark, uses commas;
2. the header: exactly the declared columns, in the declared order;
3. each cell: its type and constraints as declared (required, enum, pattern, bounds, length);
4. each row: declared two-column rules (a value, or the reason it is missing, never both);
5. across rows and against the plan: no duplicate keys, known KPI and category ids, periods and
   years inside the plan period, values the KPI's unit allows.

Pure Python: MkDocs is not imported; a problem raises ``ContentError``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .data_schema import (
    BUDGET_SPENDING,
    INTEGER_ALLOWED,
    INTEGER_PATTERN,
    NUMBER_ALLOWED,
    NUMBER_PATTERN,
    OBSERVATIONS,
    PERIOD_PATTERN,
    UNIT_RULES,
    Column,
    FieldType,
    TableSchema,
)
from .errors import ContentError, ContentProblem
from .schemas import Unit

_BOMS = {b"\xef\xbb\xbf": "UTF-8", b"\xff\xfe": "UTF-16", b"\xfe\xff": "UTF-16"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
_NOT_FINITE = {"nan", "inf", "infinity"}
_EXPONENT = re.compile(r"[+-]?[0-9]*\.?[0-9]+[eE][+-]?[0-9]+")
_PANDAS_DTYPES = {FieldType.STRING: "string", FieldType.INTEGER: "Int64", FieldType.NUMBER: "Float64",
                  FieldType.DATE: "object"}


@dataclass
class Row:
    """One data row: its line, its cells as written, and the typed values of the cells that passed."""

    line: int
    cells: dict[str, str]
    values: dict[str, Any] = field(default_factory=dict)  # None for an empty cell
    bad: set[str] = field(default_factory=set)  # columns whose cell failed; later checks skip them

    def ok(self, *names: str) -> bool:
        return not self.bad or not self.bad.intersection(names)  # most rows have no bad cell


@dataclass
class Table:
    """A file read against its schema; ``problems`` is empty when every check passed."""

    schema: TableSchema
    path: str  # repository-relative, for messages
    rows: list[Row] = field(default_factory=list)
    problems: list[ContentProblem] = field(default_factory=list)

    def problem(self, line: int | None, name: str | None, message: str, allowed: str = "") -> None:
        column = self.schema.names.index(name) + 1 if name in self.schema.names else None
        self.problems.append(ContentProblem(self.path, line, name or "", message, allowed, column))

    def cell_problem(self, row: Row, name: str, message: str, allowed: str) -> None:
        row.bad.add(name)
        self.problem(row.line, name, message, allowed)


def load_observations(path: Path, display_path: str, kpis: Mapping[str, Unit],
                      period: tuple[int, int]) -> pd.DataFrame:
    """Read and validate ``data/kpi-observations.csv``; raise ContentError listing every problem.

    ``kpis`` maps every known KPI id to its unit, in the order rows are sorted; ``period`` is the
    plan's first and last year. The frame has the declared columns (``value`` as Float64, missing
    when not reported) plus ``year`` and ``quarter`` (Int64) taken from ``period``, sorted by KPI in
    the given order, then by period.
    """
    start, end = period
    schema = OBSERVATIONS.refine("kpi", enum=tuple(kpis))
    table = read_table(path, display_path, schema)
    # Year and quarter of each period text, read once: every KPI has rows for the same quarters.
    year_quarter: dict[str, tuple[int, int]] = {}

    def parts(period: str) -> tuple[int, int]:
        if period not in year_quarter:
            match = re.fullmatch(PERIOD_PATTERN, period)
            year_quarter[period] = (int(match.group(1)), int(match.group(2)))  # type: ignore[union-attr]
        return year_quarter[period]

    for row in table.rows:
        if row.ok("period") and row.values["period"] is not None:
            year = parts(row.values["period"])[0]
            if not start <= year <= end:
                table.cell_problem(row, "period", f"{row.cells['period']!r} is outside the plan period",
                                   f"quarters of the years {start} to {end}, e.g. {end}-Q1")
        if row.ok("kpi", "value") and row.values["kpi"] is not None and row.values["value"] is not None:
            _check_unit(table, row, kpis[row.values["kpi"]])
    _check_keys(table)
    if table.problems:
        raise ContentError(table.problems)
    frame = _frame(table)
    periods = [row.values["period"] for row in table.rows]  # valid here: every row has its period
    frame["year"] = pd.array([parts(period)[0] for period in periods], dtype="Int64")
    frame["quarter"] = pd.array([parts(period)[1] for period in periods], dtype="Int64")
    order = {kpi_id: index for index, kpi_id in enumerate(kpis)}
    frame["_rank"] = frame["kpi"].map(order)
    frame = frame.sort_values(["_rank", "year", "quarter"], kind="stable").drop(columns="_rank")
    return frame.reset_index(drop=True)


def load_budget_spending(path: Path, display_path: str, categories: Iterable[str],
                         period: tuple[int, int]) -> pd.DataFrame:
    """Read and validate ``data/budget-spending.csv``; raise ContentError listing every problem.

    ``categories`` are the budget page's category ids, in the order rows are sorted; ``period`` is
    the plan's first and last year. Amounts are Int64 (whole US dollars); rows are sorted by
    category in the given order, then by year.
    """
    start, end = period
    category_ids = tuple(categories)
    table = read_table(path, display_path, BUDGET_SPENDING.refine("category", enum=category_ids))
    for row in table.rows:
        year = row.values.get("year")
        if row.ok("year") and year is not None and not start <= year <= end:
            table.cell_problem(row, "year", f"{year} is outside the plan period", f"a year from {start} to {end}")
    _check_keys(table)
    if table.problems:
        raise ContentError(table.problems)
    frame = _frame(table)
    order = {category_id: index for index, category_id in enumerate(category_ids)}
    frame["_rank"] = frame["category"].map(order)
    frame = frame.sort_values(["_rank", "year"], kind="stable").drop(columns="_rank")
    return frame.reset_index(drop=True)


def read_table(path: Path, display_path: str, schema: TableSchema) -> Table:
    """Layers 1 to 4 (file, header, cells, two-column row rules) for any declared file."""
    table = Table(schema, display_path)
    text = _read_text(path, table)
    if text is None:
        return table
    records = _records(text, table)
    if not records:
        return table
    header_line, header = records[0]
    if not _check_header(table, header_line, header):
        return table
    width = len(schema.columns)
    names = schema.names
    # A cell's checks depend only on its column and its text, and files repeat the same texts (ids,
    # periods, statuses, sources): the value of a text that passed is looked up, not checked again.
    # Cells that fail are checked each time, so every one of them is reported.
    passed: dict[tuple[str, str], Any] = {}
    for line, cells in records[1:]:
        if not cells:
            table.problem(line, None, "is an empty line", "one data row per line, no blank lines")
            continue
        if len(cells) != width:
            hint = ""
            if len(cells) == 1 and (";" in cells[0] or "\t" in cells[0]):
                hint = " (the cells seem to be separated by ';' or tabs)"
            where = schema.names[len(cells)] if len(cells) < width else None
            table.problems.append(ContentProblem(
                table.path, line, where or "", f"has {len(cells)} cells, expected {width}{hint}",
                f"{width} comma-separated cells: {schema.header}", min(len(cells), width) + 1))
            continue
        row = Row(line, dict(zip(names, cells, strict=True)))
        for column in schema.columns:
            key = (column.name, row.cells[column.name])
            if key in passed:
                row.values[column.name] = passed[key]
                continue
            value = row.values[column.name] = _check_cell(table, row, column)
            if column.name not in row.bad:
                passed[key] = value
        _check_exactly_one(table, row)
        table.rows.append(row)
    return table


def _read_text(path: Path, table: Table) -> str | None:
    """The file's text, or None (with a problem) when it cannot be read as a CSV file at all."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        table.problem(None, None, "is missing", f"a CSV file with the header {table.schema.header}")
        return None
    for bom, encoding in _BOMS.items():
        if data.startswith(bom):
            table.problems.append(ContentProblem(
                table.path, 1, "", f"starts with a {encoding} byte-order mark (BOM)",
                "UTF-8 without a byte-order mark (in a spreadsheet, export as plain CSV UTF-8)", 1))
            if encoding != "UTF-8":
                return None
            data = data[len(bom):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        table.problem(line, None, f"is not UTF-8 text (byte {data[exc.start]:#04x})", "UTF-8 text")
        return None
    if not text.strip():
        table.problem(1, None, "is empty", f"a header row {table.schema.header}, then one row per line")
        return None
    return text


def _records(text: str, table: Table) -> list[tuple[int, list[str]]]:
    """Each record with the line it starts on; stops at the first unreadable record."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for cells in reader:
            records.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        table.problem(reader.line_num or line, None, f"cannot be read as CSV ({exc})",
                      "comma-separated cells; a cell containing a comma or a quote is wrapped in double "
                      "quotes, with inner quotes doubled")
    return records


def _check_header(table: Table, line: int, header: list[str]) -> bool:
    """True when the header lists exactly the declared columns in order; else adds problems."""
    expected = list(table.schema.names)
    if header == expected:
        return True
    allowed = f"the header {table.schema.header}"
    path = table.path

    def at(column: int, name: str, message: str, allowed: str = allowed) -> None:
        table.problems.append(ContentProblem(path, line, name, message, allowed, column))

    if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
        delimiter = "';'" if ";" in header[0] else "a tab"
        at(1, "", f"uses {delimiter} as the delimiter", "commas between cells, and " + allowed)
        return False
    if not set(header) & set(expected):
        shown = ",".join(header)[:80]
        at(1, "", f"has no header row (line 1 is {shown!r})" if header else "has no header row (line 1 is empty)")
        return False
    before = len(table.problems)
    seen: set[str] = set()
    for index, name in enumerate(header, start=1):
        if name in seen:
            at(index, name, f"column {name!r} appears twice")
        elif name not in expected:
            spaces = " (it has spaces around it)" if name.strip() in expected else ""
            at(index, name, f"unknown column {name!r}{spaces}")
        seen.add(name)
    for index, name in enumerate(expected, start=1):
        if name not in header:
            at(index, name, f"column {name!r} is missing")
    if len(table.problems) == before:  # the right columns, in the wrong order
        for index, (found, wanted) in enumerate(zip(header, expected, strict=False), start=1):
            if found != wanted:
                at(index, found, f"column {found!r} is out of order: {wanted!r} belongs here")
                break
    return False


def _check_cell(table: Table, row: Row, column: Column) -> Any:
    """The typed value of one cell (None when empty), or None after recording its problem."""
    raw = row.cells[column.name]
    if raw in table.schema.missing_values:
        if column.required:
            table.cell_problem(row, column.name, "is empty", column.allowed)
        return None
    if not raw.strip():
        table.cell_problem(row, column.name, f"{raw!r} contains only spaces",
                           "an empty cell (no spaces) or " + column.allowed)
        return None
    if raw != raw.strip():
        table.cell_problem(row, column.name, f"{raw!r} has spaces around it", "the value without spaces around it")
        return None
    value: Any
    if column.type is FieldType.STRING:
        value = raw
        if _CONTROL.search(raw):
            table.cell_problem(row, column.name, f"{raw[:60]!r} contains a line break, tab or control character",
                               "text on one line")
            return None
        if found := sorted({ch for ch in raw if ch in "<>"}):
            table.cell_problem(row, column.name, f"contains {' and '.join(map(repr, found))} in {raw[:60]!r}",
                               "plain text without '<' or '>' (write 'less than' / 'more than')")
            return None
        if column.max_length is not None and len(raw) > column.max_length:
            table.cell_problem(row, column.name, f"is {len(raw)} characters long",
                               f"at most {column.max_length} characters")
            return None
    elif column.type in (FieldType.INTEGER, FieldType.NUMBER):
        whole = column.type is FieldType.INTEGER
        if not re.fullmatch(INTEGER_PATTERN if whole else NUMBER_PATTERN, raw):
            table.cell_problem(row, column.name, _number_problem(raw, whole),
                               column.allowed or (INTEGER_ALLOWED if whole else NUMBER_ALLOWED))
            return None
        value = int(raw) if whole else float(raw)
    else:
        try:
            value = dt.date.fromisoformat(raw) if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw) else None
        except ValueError:
            value = None
        if value is None:
            table.cell_problem(row, column.name, f"{raw!r} is not a date", "a date written YYYY-MM-DD")
            return None
    if column.enum is not None:
        if value not in column.enum:
            table.cell_problem(row, column.name, f"unknown {column.name} {raw!r}", ", ".join(column.enum))
            return None
    elif column.pattern is not None and not re.fullmatch(column.pattern, raw):
        table.cell_problem(row, column.name, f"{raw!r} is malformed", column.allowed)
        return None
    if column.minimum is not None and value < column.minimum:
        table.cell_problem(row, column.name, f"{raw} is less than {column.minimum:g}", _bounds(column))
        return None
    if column.maximum is not None and value > column.maximum:
        table.cell_problem(row, column.name, f"{raw} is more than {column.maximum:g}", _bounds(column))
        return None
    return value


def _bounds(column: Column) -> str:
    if column.minimum is not None and column.maximum is not None:
        return f"from {column.minimum:g} to {column.maximum:g}"
    if column.minimum is not None:
        return f"{column.minimum:g} or more"
    return f"{column.maximum:g} or less"


def _number_problem(raw: str, whole: bool) -> str:
    """Why a cell is not a number as declared, naming the usual spreadsheet mistakes."""
    if raw.lower().lstrip("+-") in _NOT_FINITE:
        return f"{raw!r} is not a finite number"
    if "," in raw:
        return f"{raw!r} contains a comma (decimal comma or thousands separator)"
    if _EXPONENT.fullmatch(raw):
        return f"{raw!r} is in exponent notation"
    if whole and re.fullmatch(NUMBER_PATTERN, raw):
        return f"{raw!r} is not a whole number"
    return f"{raw!r} is not a number"


def _check_exactly_one(table: Table, row: Row) -> None:
    """Declared pairs of which a row fills exactly one, e.g. value or not_reported_reason."""
    for first, second in table.schema.exactly_one_of:
        if not row.ok(first, second):
            continue
        has_first, has_second = row.values[first] is not None, row.values[second] is not None
        if not has_first and not has_second:
            table.cell_problem(row, first, f"is empty and {second} is empty too",
                               f"a value, or an empty {first} with the reason in {second}")
        elif has_first and has_second:
            table.cell_problem(row, second, f"gives a reason although {first} is given ({row.cells[first]})",
                               f"{second} only when {first} is empty")


def _check_unit(table: Table, row: Row, unit: Unit) -> None:
    """A value must be one the KPI's unit allows: counts whole and not negative, percent 0 to 100."""
    rule = UNIT_RULES[unit]
    raw, value = row.cells["value"], row.values["value"]
    if rule.minimum is not None and value < rule.minimum:
        message = f"{raw} is negative" if rule.minimum == 0 else f"{raw} is less than {rule.minimum:g}"
    elif rule.maximum is not None and value > rule.maximum:
        message = f"{raw} is more than {rule.maximum:g}"
    elif rule.whole and "." in raw:
        message = f"{raw} is not a whole number (write it without a decimal part)"
    else:
        return
    table.cell_problem(row, "value", message, rule.allowed(unit))


def _check_keys(table: Table) -> None:
    """No two rows share the primary key (e.g. the same KPI and period)."""
    key_names = table.schema.primary_key
    first_seen: dict[tuple[Any, ...], int] = {}
    for row in table.rows:
        if not row.ok(*key_names):
            continue
        key = tuple(row.values[name] for name in key_names)
        if key in first_seen:
            described = " and ".join(f"{name} {row.cells[name]!r}" for name in key_names)
            table.cell_problem(row, key_names[-1], f"duplicate row: {described} already on row {first_seen[key]}",
                               f"one row per {' and '.join(key_names)}")
        else:
            first_seen[key] = row.line


def _frame(table: Table) -> pd.DataFrame:
    """The rows as a DataFrame with one nullable dtype per declared type."""
    data = {
        column.name: pd.array([row.values[column.name] for row in table.rows], dtype=_PANDAS_DTYPES[column.type])
        for column in table.schema.columns
    }
    return pd.DataFrame(data, columns=list(table.schema.names))
