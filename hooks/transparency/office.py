"""The office behind the site, from one file: ``data/office.yml``.

Its name and lineage (department, ministry, Government of India), its contact details and its Web
Information Manager's, the address of its feedback form and whether the website policies are
approved are shown in the footer of every page, in ``<title>`` and on the Contact, Feedback and
Website Policies pages of every language (GIGW 3.0 5.1.2, 5.1.10, 5.1.11, 5.4.1, 5.4.3). They are
typed here once. Words have one value per language (``{en: ..., hi: ...}``); e-mail addresses,
phone numbers and the form's address are the same in every language.

Honesty: ``demonstration: true`` marks the contact details as demonstration values, and every
page that shows them says so. With ``demonstration: false`` every contact detail must be set and
no address may be a reserved example domain, so a half-configured file cannot pass for real.

Pure Python: MkDocs is not imported; a problem raises ``ContentError`` with file, line and field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import Field, ValidationError, field_validator

from .errors import ContentError, ContentProblem
from .frontmatter import ParsedPage, Path_, _line_map, format_field
from .schemas import Strict

LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]
Words = Annotated[str, Field(min_length=1, max_length=300)]
LocalText = Annotated[dict[LanguageCode, Words], Field(min_length=1)]  # {language code: text}
Email = Annotated[str, Field(pattern=r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$", max_length=120)]
# GIGW 2.0 5.5: the country code, then the area code and number, e.g. +91-11-23456789.
Phone = Annotated[str, Field(pattern=r"^\+91-\d{2,5}-\d{5,8}$")]

# Reserved for documentation (RFC 2606, RFC 6761): an address here can never reach anyone.
DEMONSTRATION_DOMAINS = (".example", ".invalid", ".test")
# Hosts a feedback form may be on: government-hosted, never a third-party form service.
GOVERNMENT_HOSTS = (".gov.in", ".nic.in")


class Person(Strict):
    """A functionary whose contact details GIGW asks the site to publish."""

    name: LocalText | None = None  # None only while `demonstration: true`
    designation: LocalText | None = None
    email: Email
    phone: Phone | None = None


class Contact(Strict):
    """How the public reaches the office."""

    address: LocalText | None = None  # postal address
    phone: Phone | None = None
    fax: Phone | None = None  # optional, also on a real site
    email: Email
    hours: LocalText | None = None  # public dealing hours


class Office(Strict):
    demonstration: bool  # true: the contact details are demonstration values, and the pages say so
    name: LocalText  # the office, e.g. Office of the Controller General of Patents, Designs and Trade Marks
    department: LocalText
    ministry: LocalText
    government: LocalText  # "Government of India"
    contact: Contact
    web_information_manager: Person  # GIGW 5.4.1: nominated, not below Joint Secretary
    # The office's online feedback form (GIGW 5.1.11), on a government host; None: e-mail only.
    feedback_form_url: Annotated[str, Field(max_length=300)] | None = None
    policies_status: Literal["draft", "approved"]  # are the texts on the Website Policies page approved?
    policies_approved_on: dt.date | None = None  # the date the Web Information Manager approved them

    @field_validator("feedback_form_url")
    @classmethod
    def _government_form(cls, url: str | None) -> str | None:
        if url is None:
            return url
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme != "https" or not any(host.endswith(h) or host == h[1:] for h in GOVERNMENT_HOSTS):
            raise ValueError(f"{url!r} is not an https address on a government host "
                             f"(a host ending in {' or '.join(GOVERNMENT_HOSTS)})")
        return url

    def contact_details(self) -> list[tuple[Path_, Any]]:
        """Every contact detail with its place in the file, for the honesty checks."""
        wim = self.web_information_manager
        contact = [("contact", name) for name in ("address", "phone", "fax", "email", "hours")]
        person = [("web_information_manager", name) for name in ("name", "designation", "email", "phone")]
        return [(where, getattr(self.contact if where[0] == "contact" else wim, where[1]))
                for where in [*contact, *person]]


def _consistency_problems(office: Office, parsed: ParsedPage) -> list[ContentProblem]:
    """Approval needs its date; a site that is not a demonstration needs real, complete contacts."""
    problems = []

    def problem(where: Path_, message: str, allowed: str) -> None:
        problems.append(ContentProblem(parsed.path, parsed.line_of(where), format_field(where), message, allowed))

    if office.policies_status == "approved" and office.policies_approved_on is None:
        problem(("policies_status",), "is 'approved' but policies_approved_on is not set",
                "policies_approved_on: the date of the approval, e.g. 2026-12-01")
    if office.policies_status == "draft" and office.policies_approved_on is not None:
        problem(("policies_approved_on",), "is set but policies_status is 'draft'",
                "policies_status: approved, or no date")
    if office.demonstration:
        return problems
    for where, value in office.contact_details():
        if value is None and where != ("contact", "fax"):
            problem(where, "is not set, and demonstration is false",
                    "the real detail (or demonstration: true while the office sets them)")
        elif isinstance(value, str) and value.lower().endswith(DEMONSTRATION_DOMAINS):
            problem(where, f"{value!r} is a demonstration address, and demonstration is false",
                    "the office's real address")
    return problems


@dataclass(frozen=True)
class OfficeFile:
    """The validated file, with the line of each field for later messages."""

    office: Office
    path: str
    lines: dict[Path_, int]


@dataclass(frozen=True)
class OfficeView:
    """The office in one language, as templates show it; None: not set (demonstration only)."""

    language: str
    demonstration: bool
    name: str
    department: str
    ministry: str
    government: str
    address: str | None
    phone: str | None
    fax: str | None
    email: str
    hours: str | None
    wim_name: str | None
    wim_designation: str | None
    wim_email: str
    wim_phone: str | None
    feedback_form_url: str | None
    policies_draft: bool
    policies_approved_on: dt.date | None

    @property
    def feedback_form_host(self) -> str:
        """The host of the feedback form, named next to the link to it."""
        return urlsplit(self.feedback_form_url or "").hostname or ""


def load_office(path: Path, display: str) -> OfficeFile:
    """Read and validate ``data/office.yml``; raise ContentError naming the file, line and field."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError([ContentProblem(display, None, "", "is missing",
                                           "the office's name, contact details and policy status")]) from None
    except UnicodeDecodeError as exc:
        raise ContentError([ContentProblem(display, None, "", f"is not UTF-8 text ({exc.reason})", "UTF-8")]) from None
    problems: list[ContentProblem] = []
    lines: dict[Path_, int] = {}
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        reason = getattr(exc, "problem", None) or str(exc)
        raise ContentError([ContentProblem(display, mark.line + 1 if mark else None, "", f"broken YAML: {reason}",
                                           "valid YAML 'field: value' lines")]) from None
    if node is not None:
        _line_map(node, 1, (), lines, problems, display)
    if not isinstance(data, dict):
        raise ContentError([*problems, ContentProblem(display, 1, "", "expected 'field: value' pairs",
                                                      "a YAML mapping")])
    parsed = ParsedPage(display, data, "", 0, lines)
    problems += _text_problems(data, parsed)
    try:
        office = Office.model_validate(data)
    except ValidationError as exc:
        problems += _validation_problems(exc, parsed)
    else:
        problems += _consistency_problems(office, parsed)
    if problems:
        raise ContentError(problems)
    return OfficeFile(office, display, lines)


# What a field with a pattern accepts, by the pattern's field name.
_PATTERN_ALLOWED = {
    "phone": "a number with country and area code, e.g. +91-11-23456789",
    "fax": "a number with country and area code, e.g. +91-11-23456789",
    "email": "an e-mail address such as name@department.gov.in",
}


def _validation_problems(exc: ValidationError, parsed: ParsedPage) -> list[ContentProblem]:
    problems = []
    for error in exc.errors():
        loc = tuple(part for part in error["loc"] if not (isinstance(part, str) and part.startswith("function-")))
        loc = tuple(part for part in loc if part != "[key]")
        name, kind, found = format_field(loc) or "office", error["type"], error.get("input")
        allowed = ""
        if kind == "missing":
            message = "is required but missing"
        elif kind == "extra_forbidden":
            parent: Any = {(): Office, ("contact",): Contact, ("web_information_manager",): Person}.get(loc[:-1])
            message = "unknown field"
            allowed = f"fields {', '.join(parent.model_fields)}" if parent else ""
        elif kind == "string_pattern_mismatch":
            message = f"found {found!r}"
            field_name = next((str(part) for part in reversed(loc) if str(part) in _PATTERN_ALLOWED), "")
            allowed = _PATTERN_ALLOWED.get(field_name, "a language code such as en or hi")
        elif kind == "value_error":
            message = str(error["msg"]).removeprefix("Value error, ")
        else:
            message = f"{error['msg'].lower()} (found {found!r})" if found is not None else error["msg"]
        problems.append(ContentProblem(parsed.path, parsed.line_of(loc), name, message, allowed))
    return problems


def _text_problems(value: Any, parsed: ParsedPage, path: Path_ = ()) -> list[ContentProblem]:
    # Plain text only: templates add the markup.
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in _text_problems(item, parsed, (*path, str(key)))]
    if isinstance(value, str) and ("<" in value or ">" in value):
        return [ContentProblem(parsed.path, parsed.line_of(path), format_field(path),
                               f"contains '<' or '>' in {value[:60]!r}", "plain text")]
    return []


def office_view(file: OfficeFile, language: str) -> OfficeView:
    """The office's words in ``language``; raise ContentError for every text not given in it."""
    office, problems = file.office, []

    def text(value: dict[str, str] | None, where: Path_) -> str | None:
        if value is None:
            return None
        if language not in value:
            problems.append(ContentProblem(file.path, file.lines.get(where), format_field(where),
                                           f"has no '{language}' text (found {', '.join(sorted(value))})",
                                           f"a line '{language}: ...' with the text in that language"))
            return ""
        return value[language]

    wim, contact = office.web_information_manager, office.contact
    view = OfficeView(
        language=language, demonstration=office.demonstration,
        name=text(office.name, ("name",)) or "", department=text(office.department, ("department",)) or "",
        ministry=text(office.ministry, ("ministry",)) or "", government=text(office.government, ("government",)) or "",
        address=text(contact.address, ("contact", "address")), phone=contact.phone, fax=contact.fax,
        email=contact.email, hours=text(contact.hours, ("contact", "hours")),
        wim_name=text(wim.name, ("web_information_manager", "name")),
        wim_designation=text(wim.designation, ("web_information_manager", "designation")),
        wim_email=wim.email, wim_phone=wim.phone, feedback_form_url=office.feedback_form_url,
        policies_draft=office.policies_status == "draft", policies_approved_on=office.policies_approved_on)
    if problems:
        raise ContentError(problems)
    return view
