"""Links between the languages of the site: the same page's URL in every language."""

from __future__ import annotations

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


def default_tree_url(page_url: str, current: str, all_languages: list[dict[str, Any]], version: str,
                     site_path: str) -> str:
    """A file of the default language's tree of a published ``version``, relative to a page of any
    language's tree: from ``hi/2026-Q3/kpis/x/`` (or ``latest/kpis/x/``) to ``2026-Q3/<site_path>``."""
    here = next(lang for lang in all_languages if lang["code"] == current)
    depth = page_url.count("/") + len(prefix(here)) + 1
    default = "".join(f"{part}/" for part in prefix(all_languages[0]))
    return "../" * depth + f"{default}{version}/{site_path}"
