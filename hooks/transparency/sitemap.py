"""The XML sitemap of one language's tree: absolute URLs inside the published version, with hreflang.

The sitemaps protocol (sitemaps.org) requires absolute URLs, and a sitemap may list only URLs at
or below its own folder. The site links relatively everywhere (``site_url`` is empty, so every
published version stays self-contained), so the sitemap needs the site's public address from
elsewhere: ``public_base`` checks it. Each language is its own tree (``<base>/<version>/...``,
``<base>/hi/<version>/...``, as .ci/publish.py deploys them; without a version, ``<base>/...``
and ``<base>/hi/...``), and each tree's sitemap lists its own pages, each with
``<xhtml:link rel="alternate" hreflang>`` to itself and its counterparts (Google's form of
hreflang in sitemaps), ``x-default`` being the default language's page. A page whose
translation is pending is published in the default language: it claims no language of its own.

Pure: no MkDocs. The XML is written by ``overrides/plan/sitemap.xml.html`` with autoescape on.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from .language_links import alternate_codes, prefix

# http(s), a host name (or IPv4 address) and an optional port and path: no user, query or fragment.
# Characters outside RFC 3986 (spaces, non-ASCII) must be percent-encoded by whoever sets it.
_PUBLIC_URL = re.compile(r"https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?"
                         r"(?:/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*)?")
MAX_URLS = 50_000  # the protocol's limit per sitemap file


@dataclass(frozen=True)
class SitemapPage:
    """One page of the tree: its URL in the site (``objectives/x/``, ``""`` for the home page), the
    date it last changed, and the languages it is published in as a translation of its own."""

    url: str
    lastmod: dt.date | None
    languages: frozenset[str]


def public_base(value: str, where: str) -> str | None:
    """The site's public address with one trailing slash, or None when ``value`` is empty.

    Raises ValueError naming ``where`` (the setting it came from) when it is not an absolute
    http(s) URL without user, query or fragment.
    """
    value = value.strip()
    if not value:
        return None
    if not _PUBLIC_URL.fullmatch(value):
        raise ValueError(f"{where}: {value!r} is not the site's public address: expected an absolute http(s) URL "
                         "such as https://plan.example.gov.in/ (host, optional port and path; no query, fragment, "
                         "user or spaces; other characters percent-encoded)")
    return value.rstrip("/") + "/"


def tree_url(base: str, language: dict[str, Any], version: str | None) -> str:
    """Where one language's tree of one version is served: ``<base>[<path>/][<version>/]``."""
    parts = [*prefix(language), *([version] if version else [])]
    return base + "".join(f"{quote(part, safe='')}/" for part in parts)


def page_location(base: str, language: dict[str, Any], version: str | None, page_url: str) -> str:
    """A page's absolute URL in one language's tree, its path percent-encoded (RFC 3986)."""
    return tree_url(base, language, version) + quote(page_url, safe="/")


def sitemap_entries(base: str, current: str, languages: Sequence[dict[str, Any]], version: str | None,
                    pages: Sequence[SitemapPage]) -> list[dict[str, Any]]:
    """The ``<url>`` entries of the ``current`` language's sitemap, ordered by location.

    Each entry: ``loc``, ``lastmod`` (ISO date or None) and ``alternates`` (``hreflang``,
    ``href``), listing every language the page is translated into, itself included, and
    ``x-default`` (the default language's page); none for a page that is not a translation of its
    own in this language (a pending translation shown in the default language).
    """
    by_code = {language["code"]: language for language in languages}
    default = languages[0]["code"]
    entries = []
    for page in pages:
        alternates = [{"hreflang": code, "href": page_location(base, by_code[default if code == "x-default" else code],
                                                                 version, page.url)}
                      for code in alternate_codes(current, list(languages), page.languages)]
        entries.append({"loc": page_location(base, by_code[current], version, page.url),
                        "lastmod": page.lastmod.isoformat() if page.lastmod else None, "alternates": alternates})
    entries.sort(key=lambda entry: entry["loc"])
    locations = [entry["loc"] for entry in entries]
    if len(set(locations)) != len(locations):
        raise ValueError("two pages have the same address: " + ", ".join(sorted(
            {loc for loc in locations if locations.count(loc) > 1})))
    if len(entries) > MAX_URLS:
        raise ValueError(f"{len(entries)} pages: a sitemap may list at most {MAX_URLS}")
    return entries
