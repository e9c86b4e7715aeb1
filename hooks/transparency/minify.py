"""Comments out of the site's own style sheets and scripts, as they are published.

Our CSS and JavaScript are written for the people who maintain them: most of their weight is
comments, which readers download on every first visit (about 6 kB gzipped of a KPI page's
100 kB budget, issue 6). The published copies leave the comments out; nothing else changes
(no renaming, no reformatting), so a published file still reads like its source.

CSS: every comment outside a string goes (CSS has no other comment form). JavaScript: only what
cannot be anything but a comment in our files: a ``/* … */`` block that opens at the start of a
line (after indentation), and a line that holds nothing but a ``//`` comment. Comments at the end
of a line of code stay: telling them from a regular expression or a string needs a JavaScript
parser, which is not worth its weight here. Blank lines go in both.
"""

from __future__ import annotations

import re

_JS_BLOCK = re.compile(r"^[ \t]*/\*.*?\*/[ \t]*(?:\n|$)", re.S | re.M)
_JS_LINE = re.compile(r"^[ \t]*//[^\n]*(?:\n|$)", re.M)
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")


def strip_css_comments(css: str) -> str:
    """``css`` without its comments (strings kept as they are) and without blank lines."""
    out: list[str] = []
    i, n = 0, len(css)
    while i < n:
        char = css[i]
        if char in "\"'":
            end = i + 1
            while end < n and css[end] != char:
                end += 2 if css[end] == "\\" else 1
            out.append(css[i:end + 1])
            i = end + 1
        elif css.startswith("/*", i):
            end = css.find("*/", i + 2)
            i = n if end < 0 else end + 2
        else:
            out.append(char)
            i += 1
    return _tidy("".join(out))


def strip_js_comments(js: str) -> str:
    """``js`` without the comments that open a line, and without blank lines."""
    return _tidy(_JS_LINE.sub("", _JS_BLOCK.sub("", js)))


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in _BLANK_LINES.sub("\n", text).split("\n")]
    return "\n".join(line for line in lines if line).strip("\n") + "\n"
