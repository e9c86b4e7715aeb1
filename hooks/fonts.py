"""MkDocs adapter: Noto Sans and Noto Sans Devanagari, self-hosted as WOFF2 subsets (never a font service).

Events used:
- on_config: put ``assets/fonts/fonts.css`` first in ``extra_css`` (the theme's own font stays
  off: ``theme.font: false`` in mkdocs.yml).
- on_files: add the WOFF2 subsets, fonts.css and the fonts' licences as generated files.
- on_page_context: ``plan_font_preloads``, the font files the page's first screen needs, which
  overrides/partials/plan-fonts.html preloads.

Subsetting is in ``transparency/fonts.py``. It takes seconds per face, so the results are cached
in the virtual environment (``<venv>/cache/plan-fonts``; outside a venv ``.cache/fonts/`` of the
project), keyed by the source font's hash, the subset's parameters and the tool versions: a cached
file is byte for byte what a fresh subset would be.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from transparency.fonts import (
    BuiltFace,
    FontSource,
    fonts_css,
    noto_sources,
    preloaded_files,
    site_faces,
    subset_cached,
)

log = get_plugin_logger("fonts")

FONTS_DIR = "assets/fonts"
STYLESHEET = f"{FONTS_DIR}/fonts.css"
LANGUAGE_LINK = ".plan-language__link"  # overrides/partials/plan-language.html


def cache_dir(config: MkDocsConfig) -> Path:
    if sys.prefix != sys.base_prefix:
        return Path(sys.prefix) / "cache" / "plan-fonts"  # shared by every copy of the project (tests)
    return Path(config.config_file_path).resolve().parent / ".cache" / "fonts"


# The font stylesheet before the site's own, so that they may refine it.
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if STYLESHEET not in config.extra_css:
        config.extra_css.insert(0, STYLESHEET)
    return config


# The subsets, their stylesheet and the licences, as files of the site.
def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    try:
        latin, devanagari = noto_sources()
    except ImportError as exc:
        raise PluginError(f"The site's fonts are not installed ({exc.name}): run `make build`, or "
                          "`.venv/bin/pip install -r requirements.lock`.") from None
    names = _names_text(config)
    folder = cache_dir(config)
    built = [BuiltFace(face, subset_cached(face, folder)) for face in site_faces(latin, devanagari, names)]
    licences = {_licence_name(source): source for source in (latin, devanagari)}
    for built_face in built:
        log.debug("%s: %d bytes", built_face.face.file_name, len(built_face.woff2))
        files.append(File.generated(config, f"{FONTS_DIR}/{built_face.face.file_name}", content=built_face.woff2))
    for name, source in licences.items():
        files.append(File.generated(config, f"{FONTS_DIR}/{name}", content=source.licence.read_bytes()))
    css = fonts_css(built, names_selector=LANGUAGE_LINK, licence_files=list(licences))
    files.append(File.generated(config, STYLESHEET, content=css))
    return files


# The fonts to fetch with the stylesheets: site paths, for the template's preload links.
def on_page_context(context: dict[str, Any], /, *, page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    context["plan_font_preloads"] = [f"{FONTS_DIR}/{name}"
                                     for name in preloaded_files(config.theme["language"], _names_text(config))]
    return context


def _names_text(config: MkDocsConfig) -> str:
    return " ".join(str(language.get("label", "")) for language in config.extra.get("languages") or [])


def _licence_name(source: FontSource) -> str:
    return source.family.replace(" ", "") + "-OFL.txt"
