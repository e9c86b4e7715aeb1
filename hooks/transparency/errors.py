"""Problems an editor can act on: where, which field, what was found, what is allowed."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentProblem:
    """One editor mistake, located as precisely as the source allows."""

    path: str  # repository-relative path of the file, e.g. content/en/objectives/governance.md
    line: int | None  # 1-based line (or CSV row) where known
    field: str  # field name, dotted for nested fields, e.g. key_actions[2].status
    message: str  # what is wrong, including the value found
    allowed: str = ""  # what would be accepted
    column: int | None = None  # 1-based column (CSV) where known

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        if self.allowed:
            text += f" (allowed: {self.allowed})"
        return text


class ContentError(Exception):
    """Raised with every problem found, so an editor fixes them in one pass."""

    def __init__(self, problems: list[ContentProblem]):
        self.problems = sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.column or 0, p.field))
        count = len(self.problems)
        header = f"{count} content problem{'s' if count != 1 else ''} found:"
        super().__init__("\n".join([header, *(f"  {p}" for p in self.problems)]))
