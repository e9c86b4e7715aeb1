"""Editor input is untrusted: reject dangerous Markdown and strings, sanitise what is rendered.

First line: ``markdown_problems`` and ``front_matter_problems`` reject, with file, line and a
reason, anything that could run script (pull requests may come from forks), and placeholder
wording such as "coming soon" that a government site may not publish (GIGW 5.4.8). Second line:
``sanitize_html`` passes the editor's rendered HTML through nh3 (Rust's ammonia) with an
allow-list, so anything the first line missed is dropped, not executed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

import nh3

from .errors import ContentProblem
from .frontmatter import ParsedPage, Path_, format_field

# Tags whose mere presence in editor Markdown is refused.
_FORBIDDEN_TAGS = re.compile(
    r"<\s*/?\s*(script|style|iframe|frame|frameset|object|embed|applet|form|input|button|textarea|"
    r"select|meta|link|base|svg|math|template|noscript)\b", re.IGNORECASE)
# on...= attributes inside a tag: <img src=x onerror=...>, <a/onclick=...>
_EVENT_HANDLER = re.compile(r"<[^>]*?[\s/\"'](on[a-z]+)\s*=", re.IGNORECASE | re.DOTALL)
# Schemes that run code or smuggle documents, after entities are decoded and blanks removed.
_BAD_SCHEME = re.compile(r"(javascript|vbscript|livescript|data)\s*:", re.IGNORECASE)
_BLANKS = re.compile(r"[\s\x00-\x1f\x7f]+")
_STYLE_ATTRIBUTE = re.compile(r"<[^>]*?[\s/\"']style\s*=", re.IGNORECASE | re.DOTALL)
# Placeholder wording, in English and Hindi: GIGW 3.0 5.4.8 allows no "under construction" page
# or text on a published site. (Devanagari has no \b word boundaries that Python recognises.)
_PLACEHOLDER = re.compile(r"\b(?:under\s+construction|coming\s+soon|TBD|lorem)\b"
                          r"|निर्माणाधीन|(?:जल्द|शीघ्र)\s+(?:ही\s+)?आ\s+रह", re.IGNORECASE)
_PLACEHOLDER_ALLOWED = "finished text; leave out what is not ready yet (GIGW 5.4.8)"


def placeholder(text: str) -> str | None:
    """The first placeholder phrase in ``text`` ("coming soon", "TBD", "lorem"...), or None."""
    match = _PLACEHOLDER.search(text)
    return match.group(0) if match else None


def _decoded(text: str) -> str:
    """What a browser would read in a URL: entities decoded (twice, for &amp;#106;), blanks dropped.
    Percent-escapes too: MkDocs decodes ``%6Aavascript:`` when it checks links, which would fail the
    build without a line number."""
    return _BLANKS.sub("", unquote(html.unescape(html.unescape(text))))


def _url_candidates(line: str) -> Iterator[str]:
    # Markdown link/image targets, autolinks, reference definitions and HTML attributes.
    yield from re.findall(r"\]\(\s*<?([^)\s>]*)", line)
    yield from re.findall(r"^\s*\[[^\]]+\]:\s*<?(\S+)", line)
    yield from re.findall(r"<([a-zA-Z][a-zA-Z0-9+.\-]*:[^>\s]*)>", line)
    yield from re.findall(r"(?:href|src|action|formaction|xlink:href|poster|background)\s*=\s*"
                          r"(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", line, re.IGNORECASE)


def markdown_problems(page: ParsedPage) -> list[ContentProblem]:
    """Dangerous constructs in a page body, each with its file line."""
    problems: list[ContentProblem] = []
    lines = page.body.split("\n")
    for index, line in enumerate(lines):
        number = page.body_first_line + index
        decoded_line = html.unescape(line)
        if match := _FORBIDDEN_TAGS.search(decoded_line):
            problems.append(ContentProblem(
                page.path, number, "body", f"<{match.group(1).lower()}> is not allowed in page text",
                "Markdown and simple HTML; charts and tables are added by the build"))
        if match := _EVENT_HANDLER.search(decoded_line):
            problems.append(ContentProblem(
                page.path, number, "body", f"event-handler attribute '{match.group(1)}=' is not allowed",
                "HTML without on...= attributes"))
        if _STYLE_ATTRIBUTE.search(decoded_line):
            problems.append(ContentProblem(
                page.path, number, "body", "style attributes are not allowed",
                "plain Markdown; the theme styles the page"))
        if found := placeholder(decoded_line):
            problems.append(ContentProblem(page.path, number, "body", f"placeholder text {found!r}",
                                           _PLACEHOLDER_ALLOWED))
        candidates = [c for found in _url_candidates(line)
                      for c in (found if isinstance(found, tuple) else (found,)) if c]
        # a scheme split across the whole line (e.g. entity-encoded) is caught on the decoded line too
        candidates.append(line)
        for candidate in candidates:
            if match := _BAD_SCHEME.search(_decoded(candidate)):
                scheme = match.group(1).lower()
                if scheme == "data" and candidate is line:
                    continue  # the word "data:" in prose is fine; only data: URLs are refused
                problems.append(ContentProblem(
                    page.path, number, "body", f"a '{scheme}:' link is not allowed",
                    "https:, mailto:, tel: or a link to another page of this site"))
                break
    return problems


def _strings(value: Any, path: Path_) -> Iterator[tuple[Path_, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def front_matter_problems(page: ParsedPage) -> list[ContentProblem]:
    """Front-matter strings must be plain text: no markup, no control characters."""
    problems: list[ContentProblem] = []
    for path, text in _strings(page.meta, ()):
        found = sorted({ch for ch in text if ch in "<>"})
        if found:
            problems.append(ContentProblem(
                page.path, page.line_of(path), format_field(path),
                f"contains {' and '.join(repr(ch) for ch in found)} in {text[:60]!r}",
                "plain text without '<' or '>' (write 'less than' / 'more than')"))
        if any(ch in text for ch in "\u2028\u2029") or re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text):
            problems.append(ContentProblem(
                page.path, page.line_of(path), format_field(path),
                "contains an invisible control or line-separator character", "printable text"))
        if found := placeholder(text):
            problems.append(ContentProblem(page.path, page.line_of(path), format_field(path),
                                           f"placeholder text {found!r}", _PLACEHOLDER_ALLOWED))
    return problems


# What editor Markdown may render to. Anything else is dropped by the sanitiser.
_ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd",
    "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
}
_ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "time": {"datetime"},
    "ol": {"start"},
    "details": {"open"},
}


def sanitize_html(fragment: str) -> str:
    """Drop any tag, attribute or URL scheme outside the allow-list."""
    return nh3.clean(
        fragment,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel=None,
        strip_comments=True,
    )
