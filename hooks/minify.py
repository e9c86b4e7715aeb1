"""Publish the site's own style sheets and scripts without their comments (transparency/minify.py).

Only our files from ``overrides/assets/`` listed in ``extra_css`` and ``extra_javascript`` (plus the
scripts the templates load from there); the theme's bundles and the vendored plotly.js are minified
already. Runs after the build has written them; the files keep their names, so no link changes.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from transparency.minify import strip_css_comments, strip_js_comments

OWN_ASSETS = ("assets/stylesheets", "assets/javascripts")


def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    source = Path(config.config_file_path).resolve().parent / "overrides"
    for folder in OWN_ASSETS:
        for original in sorted((source / folder).glob("*.*")):
            published = site / folder / original.name
            if not published.is_file():
                continue
            if original.suffix == ".css":
                published.write_text(strip_css_comments(original.read_text(encoding="utf-8")), encoding="utf-8")
            elif original.suffix == ".js":
                published.write_text(strip_js_comments(original.read_text(encoding="utf-8")), encoding="utf-8")
