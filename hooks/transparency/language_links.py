"""Links between the languages of the site: the same page's URL in every language."""

from __future__ import annotations

from collections.abc import Container
from pathlib import Path
from typing import Any


def prefix(language: dict[str, Any]) -> list[str]:
    """The folders a language's site lives under ("hi" -> ["hi"]; the default language: [])."""
    return [part for part in str(language.get("path", "")).split("/") if part]


def alternates(page_url: str, current: str, all_languages: list[dict[str, Any]],
               version: str | None = None) -> list[dict[str, Any]]:
    """This page in every language: href relative to the page, and whether it is the current language.

    Unversioned (``make build``/``serve``): the other languages sit in their folders of one site,
    ``hi/objectives/x/``. Published (``version`` set, e.g. "2026-Q3"): each language is its own
    versioned tree, ``2026-Q3/objectives/x/`` and ``hi/2026-Q3/objectives/x/``, and the link
    names the version, so a reader of an archived cycle stays in that cycle.
    """
    here = next(lang for lang in all_languages if lang["code"] == current)
    depth = page_url.count("/") + len(prefix(here))  # "objectives/x/" is two folders deep; "404.html" none
    if version:
        depth += 1
    up = "../" * depth
    result = []
    for language in all_languages:
        target = "".join(f"{part}/" for part in prefix(language)) + (f"{version}/" if version else "") + page_url
        result.append({"code": language["code"], "label": language.get("label", language["code"]),
                       "href": up + target or "./", "current": language["code"] == current})
    return result


def site_url_root(site_url: str, language: dict[str, Any]) -> str:
    """``site_url`` without the language's folder: hooks/languages.py gives the build of another
    language the default one's ``site_url`` plus ``<path>/`` (under ``mkdocs serve``)."""
    folder = "".join(f"{part}/" for part in prefix(language))
    if folder and site_url.endswith("/" + folder):
        return site_url.removesuffix(folder)
    return site_url


def published_languages(src_uri: str, current: str, all_languages: list[dict[str, Any]],
                        pending_here: Container[str], content_root: Path) -> frozenset[str]:
    """The languages the page ``src_uri`` is published in as a translation of its own.

    The default language always; the language being built (``current``) unless its translation is
    pending there (``pending_here``: shown in the default language); any other language when
    ``content/<code>/<src_uri>`` exists under ``content_root``.
    """
    published = {all_languages[0]["code"]}
    for language in all_languages[1:]:
        code = language["code"]
        if code == current:
            if src_uri not in pending_here:
                published.add(code)
        elif (content_root / code / src_uri).is_file():
            published.add(code)
    return frozenset(published)


def alternate_codes(current: str, all_languages: list[dict[str, Any]], published: Container[str]) -> list[str]:
    """The hreflang values of a page's alternates, in the sitemap and in the page's head alike: every
    language it is translated into, itself included, then ``x-default`` (the default language's page).
    None for a page that is not a translation of its own in ``current`` (a pending translation, shown
    in the default language) or that exists in one language only."""
    codes = [language["code"] for language in all_languages if language["code"] in published]
    if current not in published or len(codes) < 2:
        return []
    return codes + (["x-default"] if all_languages[0]["code"] in published else [])


def default_tree_url(page_url: str, current: str, all_languages: list[dict[str, Any]], version: str,
                     site_path: str) -> str:
    """A file of the default language's tree of a published ``version``, relative to a page of any
    language's tree: from ``hi/2026-Q3/kpis/x/`` (or ``latest/kpis/x/``) to ``2026-Q3/<site_path>``."""
    here = next(lang for lang in all_languages if lang["code"] == current)
    depth = page_url.count("/") + len(prefix(here)) + 1
    default = "".join(f"{part}/" for part in prefix(all_languages[0]))
    return "../" * depth + f"{default}{version}/{site_path}"
