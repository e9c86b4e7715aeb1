"""MkDocs adapter: every HTML page carries its own strict Content-Security-Policy.

Events used:
- on_post_page, at the lowest priority: runs after every other hook and plugin has finished the
  page, so the policy's script hashes cover the final HTML exactly.
- on_post_template: the same for pages rendered from theme templates (404.html); other static
  templates (sitemap.xml) are not HTML and are left alone.

The policy itself and the hashing are in ``transparency/csp.py``.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from transparency.csp import add_policy


# The final HTML of a page, with its policy in a <meta> element after <meta charset>.
@event_priority(-100)
def on_post_page(output: str, /, *, page: Page, config: MkDocsConfig) -> str:
    return _with_policy(output, page.file.src_uri)


# Theme pages such as 404.html get the same policy as content pages.
@event_priority(-100)
def on_post_template(output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str:
    if not template_name.endswith(".html"):
        return output_content
    return _with_policy(output_content, template_name)


def _with_policy(html: str, source: str) -> str:
    try:
        return add_policy(html)
    except ValueError as exc:
        raise PluginError(f"{source}: cannot add the Content-Security-Policy: {exc}") from None
