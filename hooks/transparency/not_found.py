"""Where the 404 page's links point: the root-absolute path of its own language tree.

A host shows the 404 page at whatever address was missing (``/2026-Q3/no/such/page/``), so links
relative to the page's own file would resolve against that address; MkDocs therefore renders
404.html with root-absolute links, from the path of ``site_url`` or else ``/``, which is right only
for the default language of an unversioned site at the host's root. Each language tree of each
published version needs its own: ``<site path>/[<language path>/][<version>/]``, where the site's
path is that of ``site_url`` when set (``mkdocs serve`` sets it to where it serves), else of the
public address (SITE_PUBLIC_URL, extra.public_url; GitHub Pages project sites live under
``/<repository>/``), else ``/`` (the site at the host's root).

Pure: no MkDocs.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from .sitemap import tree_url


def site_path(served_base: str | None, public_base: str | None, version: str | None) -> str:
    """The site's path on its host, with one trailing slash, without language or version.

    ``served_base`` is ``site_url`` without the language's folder (``public_base`` form, or None):
    under mike with a ``site_url``, mike's plugin appends the version, which is taken off again.
    """
    path = urlsplit(served_base or public_base or "/").path or "/"
    path = path if path.endswith("/") else path + "/"
    if served_base and version and path.endswith(f"/{version}/"):
        path = path.removesuffix(f"{version}/")
    return path


def not_found_links(path: str, current: str, all_languages: list[dict[str, Any]],
                    version: str | None) -> tuple[str, list[dict[str, Any]]]:
    """The 404 page's ``base_url`` (its language tree's root-absolute path, e.g.
    ``/wipo-action-plan/hi/2026-Q3/``) and its language links: the home page of every language's
    tree of the same version (a missing page has no counterpart to link to)."""
    by_code = {language["code"]: language for language in all_languages}
    links = [{"code": code, "label": language.get("label", code), "href": tree_url(path, language, version),
              "current": code == current} for code, language in by_code.items()]
    return tree_url(path, by_code[current], version), links
