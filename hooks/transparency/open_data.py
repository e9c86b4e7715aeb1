"""The published open-data files and their Frictionless Data Package descriptor, as bytes.

Pure functions of validated frames (from ``datasets.py``) and plain metadata; the MkDocs hook
only adds the results to the build with ``File.generated``. Output is deterministic: columns in
the declared order, rows sorted by their key, ``\\n`` line endings, numbers without float noise
(``12``, not ``12.0``), JSON keys in a fixed order, UTF-8 without escaping.

CSV files are for spreadsheets, so every text cell that a spreadsheet would run as a formula
(one starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return: OWASP "CSV injection") is
prefixed with a single quote. Number columns are written as plain numbers and are never touched,
so ``-5`` stays the number -5. JSON files keep the text as written: JSON is not opened by
spreadsheets, and a reader's program should get the exact value.

Reader-facing words (package and file titles, column titles) are arguments: the caller reads
them from ``content/i18n/<language>.yml``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from pathlib import PurePosixPath
from typing import Any

import pandas as pd

from .data_schema import BUDGET_SPENDING, OBSERVATIONS, FieldType, TableSchema, observations_schema, table_schema
from .schemas import Unit

# OWASP CSV injection: cells starting with these are read as formulas by spreadsheets.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MEDIATYPES = {"csv": "text/csv", "json": "application/json"}


def neutralise_formula(text: str) -> str:
    """Prefix a text cell that a spreadsheet would run as a formula with ``'`` (OWASP)."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def format_number(value: float) -> str:
    """A number as plain decimal text without float noise: 12.0 -> "12", 0.1 -> "0.1", 1e16 -> digits."""
    if isinstance(value, bool) or not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    if float(value).is_integer():
        return str(int(value))
    return format(Decimal(repr(float(value))), "f")  # shortest round-trip digits, never an exponent


def table_csv(frame: pd.DataFrame, schema: TableSchema) -> str:
    """Rows of ``frame`` as CSV text in the schema's column order, text cells neutralised.

    Rows keep the frame's order, so sort first (``sorted_rows``).
    """
    return _csv_text(frame[list(schema.names)].itertuples(index=False, name=None), schema)


def _csv_text(records: Iterable[tuple[Any, ...]], schema: TableSchema) -> str:
    """``table_csv`` of rows given as tuples in the schema's column order."""
    return _csv_line(list(schema.names)) + "".join(_csv_lines(records, schema))


def _csv_lines(records: Iterable[tuple[Any, ...]], schema: TableSchema) -> list[str]:
    """The CSV line of each row (tuples in the schema's column order), without the header."""
    kinds = [column.type for column in schema.columns]
    # A cell's text depends only on its column's type and its value (keyed by the value's type too:
    # 1 and 1.0 are equal); the files repeat the same ids, periods, statuses and sources.
    texts: dict[tuple[Any, ...], str] = {}
    lines = []
    for record in records:
        cells = []
        for index, (value, kind) in enumerate(zip(record, kinds, strict=True)):
            key = (index, type(value), value)
            text = texts.get(key)
            if text is None:
                text = texts[key] = _csv_cell(value, kind)
            cells.append(text)
        lines.append(_csv_line(cells))
    return lines


def _csv_line(cells: list[str]) -> str:
    """One CSV line ending in ``\\n``. Written with ``\\r\\n`` as the terminator because the csv module
    quotes only a cell holding a character of the terminator: a lone CR left unquoted starts a new
    row in a spreadsheet, whose first cell ("=1" of "'\\r=1") would escape the formula prefix."""
    line = ",".join(cells)
    # What the csv module writes when no cell needs quotes (no comma, quote, CR or LF in any cell,
    # and more than one cell: a lone empty cell is written as ""), without building a writer.
    if len(cells) > 1 and line.count(",") == len(cells) - 1 and not ('"' in line or "\r" in line or "\n" in line):
        return line + "\n"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()[:-2] + "\n"


def sorted_rows(frame: pd.DataFrame, schema: TableSchema) -> pd.DataFrame:
    """Rows sorted by the schema's key: the first key column keeps the order in which its values
    first appear (the KPI or category order the loader used), the others sort ascending."""
    first, *rest = schema.primary_key
    rank = {value: index for index, value in enumerate(dict.fromkeys(frame[first]))}
    ordered = frame.assign(_rank=frame[first].map(rank)).sort_values(["_rank", *rest], kind="stable")
    return ordered.drop(columns="_rank").reset_index(drop=True)


def observations_csv(observations: pd.DataFrame) -> str:
    """The whole observations file, every KPI, as published."""
    return table_csv(sorted_rows(observations, OBSERVATIONS), OBSERVATIONS)


def kpi_observations_csv(observations: pd.DataFrame, kpi_id: str) -> str:
    """One KPI's rows, with the same columns as the whole file (so files can be concatenated)."""
    return observations_csv(observations[observations["kpi"] == kpi_id])


def budget_spending_csv(spending: pd.DataFrame) -> str:
    return table_csv(sorted_rows(spending, BUDGET_SPENDING), BUDGET_SPENDING)


def kpi_json(kpi: Mapping[str, Any], observations: pd.DataFrame) -> str:
    """One KPI as JSON: its metadata as given (id, name, unit, target...), then its observations.

    ``kpi`` keeps its key order; floats that are whole become integers. Each observation lists
    the declared columns except ``kpi``, with ``null`` for an empty cell.
    """
    return _kpi_json(kpi, sorted_rows(observations[observations["kpi"] == kpi["id"]], OBSERVATIONS))


def _kpi_json(kpi: Mapping[str, Any], rows: pd.DataFrame) -> str:
    """``kpi_json`` of rows already narrowed to the KPI and sorted."""
    return _kpi_json_text(kpi, list(rows[list(OBSERVATIONS.names)].itertuples(index=False, name=None)))


# The observation fields a KPI's JSON lists (all columns but the KPI id), with their JSON keys.
_JSON_COLUMNS = [(index, column) for index, column in enumerate(OBSERVATIONS.columns) if column.name != "kpi"]
_JSON_KEYS = [json.encoder.encode_basestring(column.name) for _, column in _JSON_COLUMNS]


def _kpi_json_text(kpi: Mapping[str, Any], records: list[tuple[Any, ...]],
                   lines: dict[tuple[Any, ...], str] | None = None) -> str:
    """What ``json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"`` writes for
    ``{"kpi": ..., "observations": [...]}`` with one flat object of plain values per row (tuples in
    the columns' order). The standard library writes indented JSON in pure Python, value by value;
    the observations are written here line by line in the same layout (tested against json.dumps).
    ``lines``: the field lines already written, shared by the calls for one data package."""
    head = indented_json({"kpi": _plain(kpi), "observations": []})
    if not records:
        return head + "\n"
    empty_list = "[]\n}"
    assert head.endswith(empty_list)  # "observations" is the last key
    items = []
    # A field's line depends only on its column and its value (keyed by the value's type too).
    lines = {} if lines is None else lines
    for record in records:
        fields = []
        for key, (index, column) in zip(_JSON_KEYS, _JSON_COLUMNS, strict=True):
            value = record[index]
            memo_key = (index, type(value), value)
            line = lines.get(memo_key)
            if line is None:
                line = lines[memo_key] = f"      {key}: {_json_scalar(_json_cell(value, column.type))}"
            fields.append(line)
        items.append("    {\n" + ",\n".join(fields) + "\n    }")
    return head[: -len(empty_list)] + "[\n" + ",\n".join(items) + "\n  ]\n}\n"


def _json_scalar(value: Any) -> str:
    """One plain value as the json module writes it (ensure_ascii=False, allow_nan=False)."""
    if isinstance(value, str):
        return json.encoder.encode_basestring(value)
    if value is None:
        return "null"
    if type(value) is float and math.isfinite(value):
        return float.__repr__(value)
    if type(value) is int:
        return int.__repr__(value)
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


@dataclass(frozen=True)
class PublishedFile:
    """One file of the data package, with its place in it and its description."""

    path: str  # POSIX path relative to datapackage.json, e.g. "kpis/participation-rate.csv"
    content: bytes
    name: str  # resource name: lower-case letters, digits, "-", "_" or "."; unique in the package
    title: str
    description: str = ""
    schema: Mapping[str, Any] | None = None  # Frictionless Table Schema, for CSV files

    @property
    def format(self) -> str:
        return PurePosixPath(self.path).suffix.lstrip(".")


@dataclass(frozen=True)
class ResourceTexts:
    """Reader-facing words of the published files in one language (from content/i18n)."""

    observations: str  # title of the file with every KPI's observations
    budget_spending: str  # title of the budget spending file
    kpi_csv: str  # title of one KPI's CSV file; "{name}" is replaced by the KPI's name
    kpi_json: str  # title of one KPI's JSON file; "{name}" likewise
    field_titles: Mapping[str, str] = field(default_factory=dict)  # column name -> title
    field_descriptions: Mapping[str, str] = field(default_factory=dict)  # column name -> description


def open_data_files(observations: pd.DataFrame, spending: pd.DataFrame, kpis: Sequence[Mapping[str, Any]],
                    categories: Sequence[str], period: tuple[int, int], texts: ResourceTexts) -> list[PublishedFile]:
    """Every published data file, in a fixed order: all observations, budget spending, then per KPI
    (in the order of ``kpis``) its CSV and its JSON.

    ``kpis`` are plain dicts with at least ``id``, ``name`` and ``unit`` (a ``schemas.Unit`` value),
    plus whatever the JSON should carry (e.g. ``target``). ``categories`` and ``period`` (first and
    last year) narrow the published schemas to the plan's ids and years.
    """
    kpi_ids = tuple(str(k["id"]) for k in kpis)
    units = [Unit(k["unit"]) for k in kpis]
    columns = {"titles": texts.field_titles, "descriptions": texts.field_descriptions}
    all_schema = observations_schema(units).refine("kpi", enum=kpi_ids)
    spending_schema = (BUDGET_SPENDING.refine("category", enum=tuple(categories))
                       .refine("year", minimum=period[0], maximum=period[1]))
    # Sorted once, then cut by KPI: each KPI's rows keep the order sorted_rows gives them on their own
    # (by period; the KPI rank is the same for all of them).
    # The rows read out of the frame once, as tuples (pandas is slow at many small selections).
    ordered = sorted_rows(observations, OBSERVATIONS)
    records = list(zip(*(ordered[name].tolist() for name in OBSERVATIONS.names), strict=True))
    # Each row's CSV line is written once: the whole file and the KPI's own file have the same lines.
    header = _csv_line(list(OBSERVATIONS.names))
    lines = _csv_lines(records, OBSERVATIONS)
    rows_of: dict[str, list[tuple[Any, ...]]] = {}
    lines_of: dict[str, list[str]] = {}
    for record, line in zip(records, lines, strict=True):
        rows_of.setdefault(str(record[0]), []).append(record)  # column 0: the KPI id
        lines_of.setdefault(str(record[0]), []).append(line)
    files = [
        PublishedFile(f"{OBSERVATIONS.name}.csv", (header + "".join(lines)).encode(), OBSERVATIONS.name,
                      texts.observations, schema=table_schema(all_schema, **columns)),
        PublishedFile(f"{BUDGET_SPENDING.name}.csv", budget_spending_csv(spending).encode(), BUDGET_SPENDING.name,
                      texts.budget_spending, schema=table_schema(spending_schema, **columns)),
    ]
    json_lines: dict[tuple[Any, ...], str] = {}
    for kpi, unit in zip(kpis, units, strict=True):
        kpi_id, name = str(kpi["id"]), str(kpi["name"])
        one_schema = observations_schema([unit]).refine("kpi", enum=(kpi_id,))
        rows = rows_of.get(kpi_id, [])
        files.append(PublishedFile(f"kpis/{kpi_id}.csv", (header + "".join(lines_of.get(kpi_id, []))).encode(),
                                   f"kpi-{kpi_id}", texts.kpi_csv.format(name=name),
                                   schema=table_schema(one_schema, **columns)))
        files.append(PublishedFile(f"kpis/{kpi_id}.json", _kpi_json_text(kpi, rows, json_lines).encode(),
                                   f"kpi-{kpi_id}-json", texts.kpi_json.format(name=name)))
    return files


def datapackage_descriptor(files: Sequence[PublishedFile], *, name: str, title: str,
                           licenses: Sequence[Mapping[str, str]], description: str = "",
                           version: str | None = None, created: dt.date | dt.datetime | None = None,
                           ) -> dict[str, Any]:
    """A Frictionless Data Package (v1) describing ``files``, with the size and SHA-256 of each.

    ``licenses`` are Data Package licence objects (``name``, ``path``, ``title``), decided by the
    site, not here. ``created`` is only written when given (e.g. the data's last update or
    SOURCE_DATE_EPOCH), never from the clock; a date means its midnight UTC.
    """
    names = [f.name for f in files]
    paths = [f.path for f in files]
    for label, values in (("name", names), ("path", paths)):
        repeated = sorted(value for value, count in Counter(values).items() if count > 1)
        if repeated:
            raise ValueError(f"resource {label}s must be unique; repeated: {', '.join(repeated)}")
    descriptor: dict[str, Any] = {"profile": "data-package", "name": name, "title": title}
    if description:
        descriptor["description"] = description
    if version is not None:
        descriptor["version"] = version
    if created is not None:
        descriptor["created"] = _rfc3339(created)
    descriptor["licenses"] = [dict(licence) for licence in licenses]
    descriptor["resources"] = [_resource(f) for f in files]
    return descriptor


def datapackage_json(descriptor: Mapping[str, Any]) -> str:
    return indented_json(descriptor) + "\n"


def indented_json(value: Any) -> str:
    """What ``json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False)`` writes, for plain
    values (dicts, lists and tuples, text, numbers, booleans, None), by joining strings: with an
    indent the standard library encodes in pure Python, one generator per level, which is most of
    the time of writing the data package's descriptor (two resources per KPI). Anything else goes
    to json.dumps itself."""
    parts: list[str] = []
    _indented(value, "\n", parts)
    return "".join(parts)


def _indented(value: Any, newline: str, out: list[str]) -> None:
    """Append ``value``'s JSON to ``out``; ``newline`` is a line break and the indent of its level."""
    if isinstance(value, str):
        out.append(json.encoder.encode_basestring(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"Out of range float values are not JSON compliant: {value!r}")
        out.append(float.__repr__(value))
    elif isinstance(value, list | tuple) and value:
        inner = newline + "  "
        out.append("[")
        for index, item in enumerate(value):
            out.append(inner if not index else "," + inner)
            _indented(item, inner, out)
        out.append(newline + "]")
    elif isinstance(value, dict) and value and all(type(key) is str for key in value):
        inner = newline + "  "
        out.append("{")
        for index, (key, item) in enumerate(value.items()):
            out.append((inner if not index else "," + inner) + json.encoder.encode_basestring(key) + ": ")
            _indented(item, inner, out)
        out.append(newline + "}")
    else:  # empty containers, keys that are not text, other types: exactly as json.dumps writes them
        text = json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False)
        out.append(text.replace("\n", newline))


def _rfc3339(moment: dt.date | dt.datetime) -> str:
    """The form Data Package's ``created`` requires: 2026-10-15T00:00:00Z."""
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime(moment.year, moment.month, moment.day, tzinfo=dt.UTC)
    if moment.tzinfo is None:
        raise ValueError(f"created needs a time zone: {moment!r}")
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _resource(file: PublishedFile) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "name": file.name,
        "path": file.path,
        "profile": "tabular-data-resource" if file.schema is not None else "data-resource",
        "title": file.title,
    }
    if file.description:
        resource["description"] = file.description
    resource.update({
        "format": file.format,
        "mediatype": MEDIATYPES[file.format],
        "encoding": "utf-8",
        "bytes": len(file.content),
        "hash": "sha256:" + hashlib.sha256(file.content).hexdigest(),
    })
    if file.schema is not None:
        resource["schema"] = dict(file.schema)
    return resource


def _csv_cell(value: Any, kind: FieldType) -> str:
    if _missing(value):
        return ""
    if kind is FieldType.STRING:
        return neutralise_formula(str(value))
    if kind in (FieldType.INTEGER, FieldType.NUMBER):
        return format_number(value)
    return str(value)  # dates: ISO 8601


def _json_cell(value: Any, kind: FieldType) -> Any:
    if _missing(value):
        return None
    if kind in (FieldType.INTEGER, FieldType.NUMBER):
        return _plain(float(value))
    return str(value)


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _plain(value: Any) -> Any:
    """Metadata as JSON-ready values: enums as their value, whole floats as integers."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"not a finite number: {value!r}")
        return int(value) if value.is_integer() else value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
