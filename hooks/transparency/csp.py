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
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser

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


class _PageScanner(HTMLParser):
    """Finds inline executable scripts, the ``<head>``, its ``<meta charset>`` and any CSP meta."""

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


def inline_scripts(page_html: str) -> list[str]:
    """The text of every inline script the browser would execute, in document order."""
    return _PageScanner(page_html).scripts


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
    return _with_meta(page_html, _PageScanner(page_html), policy)


def add_policy(page_html: str) -> str:
    """The page with its own strict policy, allowing its own inline scripts, in a ``<meta>`` element."""
    scanner = _PageScanner(page_html)
    return _with_meta(page_html, scanner, build_policy(script_hash(source) for source in scanner.scripts))


def _with_meta(page_html: str, scanner: _PageScanner, policy: str) -> str:
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
    scanner = _PageScanner(page_html)
    if not scanner.policy_metas:
        return None, page_html
    if len(scanner.policy_metas) > 1:
        raise ValueError("the page declares more than one Content-Security-Policy <meta> element")
    tag, policy = scanner.policy_metas[0]
    return policy, page_html[: tag.start] + page_html[tag.end :]
