"""Our style sheets and scripts are published without their comments, and otherwise unchanged."""

from __future__ import annotations

import gzip
import re
import subprocess
from pathlib import Path

import pytest
from conftest import REPO
from transparency.minify import strip_css_comments, strip_js_comments

ASSETS = REPO / "overrides/assets"
OWN = sorted([*(ASSETS / "stylesheets").glob("*.css"), *(ASSETS / "javascripts").glob("*.js")])


def test_css_comments_go_strings_stay() -> None:
    css = '/* head */\n.a { content: "/* not a comment */"; } /* tail */\n\n\n.b{color:red}\n'
    assert strip_css_comments(css) == '.a { content: "/* not a comment */"; }\n.b{color:red}\n'
    assert strip_css_comments(".a{content:'it\\'s /*'}/* x */") == ".a{content:'it\\'s /*'}\n"
    assert strip_css_comments("/* never closed") == "\n"


def test_js_comments_that_open_a_line_go_others_stay() -> None:
    js = ("/*\n * File comment.\n */\n(function () {\n  // a whole-line comment\n"
          "  var url = \"https://example.org/\"; // kept: it follows code\n"
          "  var re = /a\\/*b/;\n  /* block */\n  return 1;\n})();\n")
    assert strip_js_comments(js) == ("(function () {\n  var url = \"https://example.org/\"; // kept: it follows code\n"
                                     "  var re = /a\\/*b/;\n  return 1;\n})();\n")


@pytest.mark.parametrize("source", OWN, ids=lambda path: path.name)
def test_published_own_assets_are_their_source_without_comments(demo_site, source: Path) -> None:
    folder = source.parent.name  # stylesheets or javascripts
    for tree in (demo_site.site, demo_site.site / "hi"):
        published = (tree / "assets" / folder / source.name).read_text(encoding="utf-8")
        text = source.read_text(encoding="utf-8")
        expected = strip_css_comments(text) if source.suffix == ".css" else strip_js_comments(text)
        assert published == expected
        assert not re.search(r"^\s*(/\*|//)", published, re.M), f"{source.name}: a comment opens a line"
        assert len(gzip.compress(published.encode(), 9)) < len(gzip.compress(text.encode(), 9))


def test_scripts_still_parse(demo_site) -> None:
    """Every published script is valid JavaScript (node --check), so no comment took code with it."""
    for script in sorted((demo_site.site / "assets/javascripts").glob("*.js")):
        completed = subprocess.run(["node", "--check", str(script)], capture_output=True, text=True, check=False)
        assert completed.returncode == 0, f"{script.name}: {completed.stderr}"
