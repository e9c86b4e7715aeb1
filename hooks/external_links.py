"""MkDocs adapter: the government domains for the alert before leaving for another website (GIGW 5.4.4).

Events used:
- on_config (after hooks/plan_pages.py, which starts the build's state): check
  ``extra.government_domains`` (a list of domain names; gov.in and nic.in when unset); a
  malformed value stops the build, naming the setting.
- on_env: give the domains to partials/plan-external-notice.html, which hands them, with the
  question in the page's language, to assets/javascripts/external-links.js.

The rule itself is in ``transparency/government_hosts.py``.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from transparency import build as build_state
from transparency.government_hosts import government_domains


# The configured domains, checked before anything is built.
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    where = f"{Path(config.config_file_path).name}: extra.government_domains"
    try:
        domains = government_domains(config.extra.get("government_domains"), where)
    except ValueError as exc:
        raise PluginError(str(exc)) from None
    build_state.current().extra["government_domains"] = domains
    return config


# The theme's templates read them as `plan_government_domains`.
def on_env(env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    env.globals["plan_government_domains"] = build_state.current().extra["government_domains"]
    return env
