"""Reader-facing words the build generates, looked up by key in one catalogue per language.

Catalogues live in ``content/i18n/<language>.yml`` beside the pages, so a translator edits words
without touching code. Numbers and dates are formatted with Babel for the language's locale.
"""

from __future__ import annotations

import datetime as dt
import functools
import string
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from babel import Locale
from babel.dates import format_date
from babel.numbers import NumberPattern, get_group_symbol, parse_pattern
from markupsafe import Markup, escape

from .errors import ContentProblem


@dataclass(frozen=True)
class Catalogue:
    """The generated words of one language, and how it writes numbers and dates."""

    language: str  # e.g. "en"
    locale: str  # Babel locale for numbers and dates, e.g. "en_IN"
    messages: dict[str, str]
    path: str = ""
    # Texts and numbers already formatted: pages repeat the same labels and figures thousands of
    # times. Keyed by the values' types as well as the values (12 and 12.0, markup and text differ).
    _memo: dict[tuple[object, ...], str] = field(default_factory=dict, init=False, repr=False, compare=False,
                                                 hash=False)

    def t(self, key: str, /, **values: object) -> str:
        """The text for ``key``, with ``{name}`` placeholders filled in."""
        try:
            template = self.messages[key]
        except KeyError:
            raise KeyError(f"{self.path}: no text for '{key}' (add it to the catalogue)") from None
        return template.format(**values) if values else template

    def markup(self, key: str, /, **values: object) -> Markup:
        """``t`` for HTML templates: the text escaped, values escaped unless already markup."""
        memo_key = ("markup", key, *((name, type(value), value) for name, value in values.items()))
        if all(type(value) in _PLAIN_TYPES for value in values.values()):
            found = self._memo.get(memo_key)
            if found is None:
                found = self._memo[memo_key] = self._markup(key, values)
            return found  # type: ignore[return-value]
        return self._markup(key, values)

    def _markup(self, key: str, values: dict[str, object]) -> Markup:
        self.t(key)  # a missing key fails here, with its file
        return Markup(escape(self.messages[key])).format(**values)

    def number(self, value: float, decimals: int = 0) -> str:
        """A number grouped as the locale writes it (en_IN and hi_IN: 12,34,567)."""
        # What babel.numbers.format_decimal(value, format=pattern, locale=...) does, with the locale
        # and the parsed pattern looked up once instead of on every number.
        memo_key = ("number", decimals, type(value), value)
        cacheable = type(value) in (int, float) and value != 0  # 0 and -0.0 are equal but written apart
        if cacheable and memo_key in self._memo:
            return self._memo[memo_key]
        whole = _whole_number_format(self.locale, decimals)
        if whole is not None and type(value) in (int, float) and value != 0 and -1e15 < value < 1e15 \
                and value == int(value):
            text = whole.apply(int(value))
        else:
            locale, pattern = _number_format(self.locale, decimals)
            text = pattern.apply(value, locale, decimal_quantization=True, group_separator=True,
                                 numbering_system="latn")
        if cacheable:
            self._memo[memo_key] = text
        return text

    def file_size(self, size: int) -> str:
        """A file size as readers expect it next to a download link: 646 bytes, 2.4 KB, 1.2 MB."""
        if size < 1024:
            return self.t("size.bytes", size=self.number(size))
        if size < 1024 * 1024:
            return self.t("size.kb", size=self.number(size / 1024, 1))
        return self.t("size.mb", size=self.number(size / (1024 * 1024), 1))

    def date(self, value: dt.date) -> str:
        """A date with the day before the month, e.g. 25 November 2026."""
        return format_date(value, format="d MMMM y", locale=_locale(self.locale))


# Values whose formatting depends only on their type and value (immutable, compared by value).
_PLAIN_TYPES = frozenset({str, Markup, int, float, bool})


# Babel's locale data and parsed patterns, looked up once per locale (they are fixed data).
@functools.lru_cache(maxsize=16)
def _locale(name: str) -> Locale:
    return Locale.parse(name)


@functools.lru_cache(maxsize=64)
def _number_format(locale_name: str, decimals: int) -> tuple[Locale, NumberPattern]:
    """The locale and the parsed pattern of its grouping with ``decimals`` decimals."""
    locale = _locale(locale_name)
    grouping = locale.decimal_formats[None].pattern.split(".")[0]  # "#,##,##0" for en_IN
    return locale, parse_pattern(grouping + ("." + "0" * decimals if decimals else ""))


@dataclass(frozen=True)
class _WholeNumberFormat:
    """What ``NumberPattern.apply`` writes for a whole, non-zero number of less than 10**15 with
    no decimals, for a plain grouping pattern, without its Decimal arithmetic (most of the time of
    a large site's tables): the sign's prefix and suffix around the digits, grouped from the right
    as ``NumberPattern._format_int`` groups them. Tested against Babel in both languages."""

    prefixes: tuple[str, str]  # positive, negative
    suffixes: tuple[str, str]
    group_symbol: str
    grouping: tuple[int, int]  # the last group's size, then the others' (3, 2 for en_IN)

    def apply(self, value: int) -> str:
        negative = value < 0
        digits = str(-value if negative else value)
        size, groups = self.grouping[0], []
        while len(digits) > size:
            groups.append(digits[-size:])
            digits = digits[:-size]
            size = self.grouping[1]
        groups.append(digits)
        return self.prefixes[negative] + self.group_symbol.join(reversed(groups)) + self.suffixes[negative]


@functools.lru_cache(maxsize=64)
def _whole_number_format(locale_name: str, decimals: int) -> _WholeNumberFormat | None:
    """The fast format of whole numbers, or None when the pattern is not a plain grouping one
    (decimals, scaling, exponent, significant digits, quoted text or currency: Babel writes those)."""
    locale, pattern = _number_format(locale_name, decimals)
    affixes = "".join((*pattern.prefix, *pattern.suffix))
    if (decimals or pattern.frac_prec != (0, 0) or pattern.scale or pattern.exp_prec or "@" in pattern.pattern
            or pattern.int_prec[0] > 1 or min(pattern.grouping) < 1 or "'" in affixes or "\u00a4" in affixes):
        return None
    return _WholeNumberFormat(pattern.prefix, pattern.suffix, get_group_symbol(locale, numbering_system="latn"),
                              pattern.grouping)


def load_catalogue(path: Path, display_path: str) -> tuple[Catalogue | None, list[ContentProblem]]:
    """Read a catalogue file; every problem is reported with its file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        return None, [ContentProblem(display_path, None, "", f"cannot read the catalogue: {exc}")]
    if not isinstance(data, dict) or not isinstance(data.get("messages"), dict):
        return None, [ContentProblem(display_path, None, "messages", "missing or not a mapping",
                                     "language, locale and a 'messages' mapping")]
    problems = []
    messages: dict[str, str] = {}
    for key, text in data["messages"].items():
        if not isinstance(text, str):
            problems.append(ContentProblem(display_path, None, f"messages.{key}", "is not text"))
            continue
        if "<" in text or ">" in text:
            problems.append(ContentProblem(display_path, None, f"messages.{key}",
                                           "contains '<' or '>'", "plain text; templates add markup"))
        try:
            list(string.Formatter().parse(text))
        except ValueError as exc:
            problems.append(ContentProblem(display_path, None, f"messages.{key}", f"bad placeholder: {exc}",
                                           "{name} placeholders; write {{ or }} for a brace"))
        messages[str(key)] = text
    catalogue = Catalogue(str(data.get("language", "")), str(data.get("locale", "")), messages, display_path)
    return catalogue, problems


def catalogue_problems(default: Catalogue, other: Catalogue) -> list[ContentProblem]:
    """A translated catalogue has every key of the default one, with the same placeholders."""
    problems = []
    for key, text in default.messages.items():
        if key not in other.messages:
            problems.append(ContentProblem(other.path, None, f"messages.{key}", "is missing",
                                           f"a translation of {text!r}"))
            continue
        wanted = {name for _, name, _, _ in string.Formatter().parse(text) if name}
        found = {name for _, name, _, _ in string.Formatter().parse(other.messages[key]) if name}
        if wanted != found:
            problems.append(ContentProblem(other.path, None, f"messages.{key}",
                                           f"placeholders {sorted(found)} differ from the default's",
                                           ", ".join("{" + n + "}" for n in sorted(wanted)) or "no placeholders"))
    for key in other.messages:
        if key not in default.messages:
            problems.append(ContentProblem(other.path, None, f"messages.{key}", "is not in the default catalogue",
                                           "keys of " + default.path))
    return problems
