"""Links to other websites are marked as such, for sighted and screen-reader readers alike.

GIGW 3.0 5.1.12 and 5.4.4 ask that a reader can tell, before following it, that a link leaves the
site. Every link to another host gets the class ``plan-external`` (the stylesheet draws an icon
after it), ``rel="external"`` and, inside the link, visually hidden words such as "(external
link)", so that screen readers say what the icon shows. A link that opens a new window also gets
``rel="noopener"``.

Runs on HTML that the sanitiser has already normalised (attributes in double quotes, no nested
links), so a regular expression over ``<a ...>...</a>`` is enough. Pure: no MkDocs.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection
from urllib.parse import urlsplit

EXTERNAL_CLASS = "plan-external"
_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.IGNORECASE | re.DOTALL)
_ATTRIBUTE = re.compile(r'\s([a-zA-Z-]+)="([^"]*)"')


def is_external(href: str, own_hosts: Collection[str] = ()) -> bool:
    """Whether ``href`` leads to another website: http(s) or protocol-relative, to a host not our own."""
    parts = urlsplit(html.unescape(href).strip())
    if parts.scheme not in ("http", "https", "") or not parts.netloc:
        return False  # relative links stay on the site; mailto: and tel: open no website
    return (parts.hostname or "").lower() not in {h.lower() for h in own_hosts}


def mark_external_links(fragment: str, words: str, language: str, own_hosts: Collection[str] = ()) -> str:
    """``fragment`` with every link to another host marked; ``words`` (plain text) are the hidden
    words read out after the link's text, in ``language``."""
    hidden = (f'<span class="plan-visually-hidden" lang="{html.escape(language)}"> '
              f"{html.escape(words)}</span>")

    def mark(match: re.Match[str]) -> str:
        attributes = dict(_ATTRIBUTE.findall(match.group(1)))
        classes = attributes.get("class", "").split()
        if not is_external(attributes.get("href", ""), own_hosts) or EXTERNAL_CLASS in classes:
            return match.group(0)
        rel = attributes.get("rel", "").split()
        wanted = ["external", *(["noopener"] if attributes.get("target") == "_blank" else [])]
        attributes["class"] = " ".join([*classes, EXTERNAL_CLASS])
        attributes["rel"] = " ".join(dict.fromkeys([*rel, *wanted]))
        rendered = "".join(f' {name}="{value}"' for name, value in attributes.items())
        return f"<a{rendered}>{match.group(2)}{hidden}</a>"

    return _LINK.sub(mark, fragment)
