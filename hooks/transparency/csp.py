"""A strict Content-Security-Policy that each page carries itself, in a ``<meta http-equiv>``.

Static hosts such as GitHub Pages cannot send response headers, so every page declares its own
policy. Scripts may come only from the site itself, plus the inline scripts the theme writes into
the page, each allowed by the SHA-256 hash of its exact text (no ``'unsafe-inline'`` for scripts,
no ``'unsafe-eval'``). Data blocks such as ``<script type="application/json">`` are never executed
and need no hash. ``frame-ancestors``, ``report-uri`` and ``sandbox`` are ignored in a meta policy:
hosts that can send headers add them there.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from itertools import accumulate

# The policy's directives, in the order they are written. plotly.js (charts) needs inline styles
# and data:/blob: images. Material's search runs in a worker loaded from the site's own URL (never a
# blob:) and fetches its index from the site, so 'self' is enough for workers and connections.
DIRECTIVES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("default-src", ("'self'",)),
    ("script-src", ("'self'",)),  # the hashes of the page's inline scripts are appended
    ("style-src", ("'self'", "'unsafe-inline'")),
    ("img-src", ("'self'", "data:", "blob:")),
    ("font-src", ("'self'",)),
    ("connect-src", ("'self'",)),
    ("object-src", ("'none'",)),
    ("base-uri", ("'self'",)),
    ("form-action", ("'self'",)),
    ("frame-src", ("'none'",)),
    ("worker-src", ("'self'",)),
)

META_NAME = "content-security-policy"

# `type` values (MIME essence, lower case) of scripts a browser runs, and so must allow by hash:
# classic scripts (HTML's list of JavaScript MIME types), modules, import maps, speculation rules.
_JAVASCRIPT_TYPES = frozenset({
    "application/ecmascript", "application/javascript", "application/x-ecmascript",
    "application/x-javascript", "text/ecmascript", "text/javascript", "text/javascript1.0",
    "text/javascript1.1", "text/javascript1.2", "text/javascript1.3", "text/javascript1.4",
    "text/javascript1.5", "text/jscript", "text/livescript", "text/x-ecmascript", "text/x-javascript",
})
_OTHER_EXECUTED_TYPES = frozenset({"module", "importmap", "speculationrules"})


@dataclass(frozen=True)
class _Tag:
    start: int  # offset of '<'
    end: int  # offset just after '>'


def is_executable_script(attrs: dict[str, str | None]) -> bool:
    """Whether a browser runs an inline ``<script>`` with these attributes (HTML's "prepare the script element")."""
    script_type = attrs.get("type")
    if script_type is None:
        language = attrs.get("language")
        # No `type`: classic script, unless an old `language` attribute names something else.
        return not language or f"text/{language.strip().lower()}" in _JAVASCRIPT_TYPES
    essence = script_type.split(";", 1)[0].strip().lower()
    return essence == "" or essence in _JAVASCRIPT_TYPES or essence in _OTHER_EXECUTED_TYPES


def _source_text(raw: str) -> str:
    # What the browser hashes: the text after HTML's input preprocessing (CR LF and CR become LF;
    # a NUL in script data becomes U+FFFD). Script text is raw: entities are not decoded.
    return raw.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "\ufffd")


class _FullScanner(HTMLParser):
    """Finds inline executable scripts, the ``<head>``, its ``<meta charset>`` and any CSP meta, with
    the standard library's HTML tokenizer: exact, and slow on a large page (every tag and attribute
    goes through Python code)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self._line_starts = [0, *(match.end() for match in re.finditer("\n", text))]
        self.scripts: list[str] = []
        self.head: _Tag | None = None
        self.charset_meta: _Tag | None = None
        self.policy_metas: list[tuple[_Tag, str]] = []
        self._in_head = False
        self._script: list[str] | None = None
        self.feed(text)
        self.close()

    def _current_tag(self) -> _Tag:
        line, column = self.getpos()
        start = self._line_starts[line - 1] + column
        return _Tag(start, start + len(self.get_starttag_text() or ""))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "head" and self.head is None:
            self.head, self._in_head = self._current_tag(), True
        elif tag == "body":
            self._in_head = False
        elif tag == "meta":
            if self._in_head and self.charset_meta is None and "charset" in values:
                self.charset_meta = self._current_tag()
            if (values.get("http-equiv") or "").strip().lower() == META_NAME:
                self.policy_metas.append((self._current_tag(), values.get("content") or ""))
        elif tag == "script" and "src" not in values and is_executable_script(values):
            self._script = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <meta ... /> is the same element as <meta ...>; a self-closed <script/> is not closed in HTML.
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._in_head = False
        elif tag == "script" and self._script is not None:
            self.scripts.append(_source_text("".join(self._script)))
            self._script = None


# A fast scan for the same findings, in the pages this site builds. Most of a page is markup that
# cannot hold a script (a large site's navigation is most of every page's bytes), so the scan lets
# one regular expression skip runs of plain text, comments and ordinary tags, and stops only at the
# tags that matter. It accepts a strict subset of HTML in which every tokenizer agrees on where
# each tag, comment and script ends: quoted attribute values without '<' or '>', comments without
# '--' inside, raw text (script, style, title) without '</' or '<!' before its end tag. Anything
# else (an unusual construct, or an element whose content another HTMLParser version reads
# differently: textarea, noscript, iframe...) makes it give up, and the page is scanned by
# ``_FullScanner``, so the findings are always those of the full parser.
# HTML's own whitespace only: Python's \s also matches Unicode spaces, which the tokenizer does not
# take for separators in every place.
_WS = r"[ \t\n\r\f]"
_ATTRIBUTES = rf"""(?:{_WS}++[^\s"'<>/=]++(?:{_WS}*+={_WS}*+(?:"[^"<>]*+"|'[^'<>]*+'|[^\s"'<>=`]++))?+)*+{_WS}*+/?+>"""
# Elements the scan stops at: those it reads, raw-text elements, and those to leave to the full parser.
_WATCHED = "script|style|meta|head|body|title|textarea|xmp|iframe|noembed|noframes|noscript|plaintext"
_SKIP = re.compile(
    r"(?:[^<]++"
    rf"|<(?!(?:{_WATCHED})[ \t\n\r\f/>])[a-zA-Z][a-zA-Z0-9-]*+{_ATTRIBUTES}"
    rf"|</(?!(?:{_WATCHED})[ \t\n\r\f>])[a-zA-Z][a-zA-Z0-9-]*+{_WS}*+>"
    r"|<!--(?![->])[^<>-]*+(?:-[^<>-]++)*+-->"
    r"|<!doctype html>)*+", re.IGNORECASE)
_WATCHED_START = re.compile(rf"<({_WATCHED}){_ATTRIBUTES}", re.IGNORECASE)
_WATCHED_END = re.compile(rf"</({_WATCHED}){_WS}*+>", re.IGNORECASE)
# Raw text up to its end tag, without '</' or '<!' before it (where tokenizers' end rules differ).
_RAW_TEXT = {name: re.compile(rf"[^<]*+(?:<(?![/!])[^<]*+)*+</{name}>", re.IGNORECASE)
             for name in ("script", "style", "title")}


class _TagReader(HTMLParser):
    """The attributes of one start tag, decoded exactly as ``_FullScanner`` decodes them."""

    def __init__(self, tag_text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.attrs: dict[str, str | None] = {}
        self.feed(tag_text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs = dict(attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs = dict(attrs)


# The attributes of start tags already read: pages repeat the same <script> and <meta> tags. A
# tag's attributes depend on its text alone, so the memo holds across builds; callers only read them.
_TAG_ATTRS: dict[str, dict[str, str | None]] = {}
_TAG_ATTRS_MAX = 10_000


def _tag_attrs(tag_text: str) -> dict[str, str | None]:
    attrs = _TAG_ATTRS.get(tag_text)
    if attrs is None:
        if len(_TAG_ATTRS) >= _TAG_ATTRS_MAX:
            _TAG_ATTRS.clear()
        attrs = _TAG_ATTRS[tag_text] = _TagReader(tag_text).attrs
    return attrs


@dataclass
class _Findings:
    scripts: list[str] = field(default_factory=list)
    head: _Tag | None = None
    charset_meta: _Tag | None = None
    policy_metas: list[tuple[_Tag, str]] = field(default_factory=list)


# Pieces of page known to be plain: read by _SKIP from start to end, starting outside any tag, with
# nothing watched inside. A large site's pages repeat the same navigation items, so most of a page
# is such pieces, recognised by a dictionary look-up instead of a scan. Cut at a string that starts
# the theme's navigation items; where it is cut does not change the findings, only how many pieces
# are found again. A piece's verdict depends on its text alone, so the memo holds across builds.
_PIECE_MARK = '<li class="md-nav__item'
_PLAIN_PIECES: set[str] = set()
_PLAIN_PIECES_MAX = 200_000  # pieces of about 300 characters: tens of MB at most
_ONE_TOKEN = re.compile(
    rf"[^<]++|<(?!(?:{_WATCHED})[ \t\n\r\f/>])[a-zA-Z][a-zA-Z0-9-]*+{_ATTRIBUTES}"
    rf"|</(?!(?:{_WATCHED})[ \t\n\r\f>])[a-zA-Z][a-zA-Z0-9-]*+{_WS}*+>"
    r"|<!--(?![->])[^<>-]*+(?:-[^<>-]++)*+-->|<!doctype html>", re.IGNORECASE)


def _fast_scan(text: str) -> _Findings | None:
    """The findings of ``_FullScanner``, or None when the page leaves the subset this scan reads."""
    found = _Findings()
    in_head = False
    at = 0  # where the scan is: always outside any tag, comment or raw text
    if len(_PLAIN_PIECES) > _PLAIN_PIECES_MAX:
        _PLAIN_PIECES.clear()
    pieces = text.split(_PIECE_MARK)
    # Where each piece ends in the text; every piece but the first starts with the mark.
    lengths = list(accumulate(map(len, pieces)))

    def end_of(index: int) -> int:
        return lengths[index] + index * len(_PIECE_MARK)

    # Pieces to scan: the first (no mark before it) and those not known to be plain.
    unknown = [index for index, piece in enumerate(pieces) if not index or piece not in _PLAIN_PIECES]
    index = 0
    while index < len(pieces):
        piece, piece_start, piece_end = pieces[index], end_of(index - 1) if index else 0, end_of(index)
        from_start = at == piece_start  # not inside a token that began in the piece before
        if index and from_start and piece in _PLAIN_PIECES:
            # Jump over this run of plain pieces to the next piece to scan.
            following = bisect_right(unknown, index)
            index = unknown[following] if following < len(unknown) else len(pieces)
            at = end_of(index - 1)
            continue
        watched = False
        while at < piece_end:
            at = _SKIP.match(text, at, piece_end).end()
            if at >= piece_end:
                break
            # A watched element, or a token that runs on into the next piece.
            end_tag = _WATCHED_END.match(text, at)
            if end_tag:
                name = end_tag.group(1).lower()
                if name not in ("head", "body", "meta"):
                    return None  # a stray end tag of a raw-text or unusual element: leave it to the full parser
                in_head = in_head and name != "head"
                at, watched = end_tag.end(), True
                continue
            start_tag = _WATCHED_START.match(text, at)
            if start_tag is None:
                token = _ONE_TOKEN.match(text, at)
                if token is None:
                    return None
                at, watched = token.end(), True
                continue
            watched = True
            name, tag = start_tag.group(1).lower(), _Tag(at, start_tag.end())
            at = tag.end
            if name in ("script", "style", "title"):
                if text.startswith("/>", tag.end - 2):
                    return None  # a "self-closed" raw-text element: parsers differ
                content = _RAW_TEXT[name].match(text, at)
                if content is None:
                    return None
                at = content.end()
                if name == "script":
                    attrs = _tag_attrs(text[tag.start:tag.end])
                    if "src" not in attrs and is_executable_script(attrs):
                        found.scripts.append(_source_text(text[tag.end:at - len("</script>")]))
            elif name == "head":
                if found.head is None:
                    found.head, in_head = tag, True
            elif name == "body":
                in_head = False
            elif name == "meta":
                attrs = _tag_attrs(text[tag.start:tag.end])
                if in_head and found.charset_meta is None and "charset" in attrs:
                    found.charset_meta = tag
                if (attrs.get("http-equiv") or "").strip().lower() == META_NAME:
                    found.policy_metas.append((tag, attrs.get("content") or ""))
            else:
                return None  # textarea, noscript, iframe...: elements parsers read differently
        if index and from_start and not watched and at == piece_end:
            _PLAIN_PIECES.add(piece)
        index += 1
    return found


def _scan(page_html: str) -> _Findings:
    """Inline executable scripts, ``<head>``, its ``<meta charset>`` and policy metas, as the full parser finds them."""
    fast = _fast_scan(page_html)
    if fast is not None:
        return fast
    full = _FullScanner(page_html)
    return _Findings(full.scripts, full.head, full.charset_meta, full.policy_metas)


def inline_scripts(page_html: str) -> list[str]:
    """The text of every inline script the browser would execute, in document order."""
    return _scan(page_html).scripts


def script_hash(source: str) -> str:
    """The CSP source expression that allows exactly this script text: ``'sha256-<base64>'``."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def build_policy(script_hashes: Iterable[str] = ()) -> str:
    """The policy string; hashes are added to ``script-src`` once each, in the order given."""
    hashes = list(dict.fromkeys(script_hashes))
    parts = []
    for name, sources in DIRECTIVES:
        values = [*sources, *hashes] if name == "script-src" else list(sources)
        parts.append(" ".join([name, *values]))
    return "; ".join(parts)


def insert_policy_meta(page_html: str, policy: str) -> str:
    """Put ``<meta http-equiv="Content-Security-Policy">`` first in ``<head>``, after ``<meta charset>``.

    The policy governs only what follows it, so it goes before every script and stylesheet.
    Raises ``ValueError`` if the page has no ``<head>`` or already declares a policy.
    """
    return _with_meta(page_html, _scan(page_html), policy)


def add_policy(page_html: str) -> str:
    """The page with its own strict policy, allowing its own inline scripts, in a ``<meta>`` element."""
    scanner = _scan(page_html)
    return _with_meta(page_html, scanner, build_policy(script_hash(source) for source in scanner.scripts))


def _with_meta(page_html: str, scanner: _Findings, policy: str) -> str:
    if scanner.head is None:
        raise ValueError("the page has no <head> to carry its Content-Security-Policy")
    if scanner.policy_metas:
        raise ValueError("the page already declares a Content-Security-Policy in a <meta> element")
    anchor = scanner.charset_meta or scanner.head
    # Only '&', '<', '>' and '"' need escaping in a double-quoted attribute; the policy's quotes stay readable.
    content = html.escape(policy, quote=False).replace('"', "&quot;")
    meta = f'\n  <meta http-equiv="Content-Security-Policy" content="{content}">'
    return page_html[: anchor.end] + meta + page_html[anchor.end :]


def read_policy(page_html: str) -> tuple[str | None, str]:
    """The policy a page declares in its ``<meta>`` (or None), and the page without that element.

    For serving the policy as a response header instead, as hosts that can send headers may do.
    """
    scanner = _scan(page_html)
    if not scanner.policy_metas:
        return None, page_html
    if len(scanner.policy_metas) > 1:
        raise ValueError("the page declares more than one Content-Security-Policy <meta> element")
    tag, policy = scanner.policy_metas[0]
    return policy, page_html[: tag.start] + page_html[tag.end :]
