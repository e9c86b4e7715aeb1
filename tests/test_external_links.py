"""GIGW 3.0 5.4.4: which hosts count as government websites, and the setting that lists them.

The alert itself is tested in Chromium (test_external_links_browser.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BuildResult, edit
from transparency.government_hosts import government_domains, is_government_host


def test_government_hosts_are_the_domains_and_their_subdomains() -> None:
    domains = government_domains(["gov.in", " NIC.in", "gov.in"], "extra.government_domains")
    assert domains == ["gov.in", "nic.in"]
    assert all(is_government_host(host, domains) for host in ("india.gov.in", "www.meity.gov.in", "gov.in",
                                                              "WWW.NIC.IN", "india.gov.in."))
    assert not any(is_government_host(host, domains) for host in ("github.com", "notgov.in", "gov.in.example.com",
                                                                  "www.nvaccess.org", "nic.int"))
    assert government_domains(None, "x") == ["gov.in", "nic.in"]


@pytest.mark.parametrize("value", ["gov.in", [], ["https://gov.in"], ["*.gov.in"], ["gov"], [".gov.in"], [3],
                                   ["gov.in/x"]])
def test_malformed_government_domains_are_refused(value: object) -> None:
    with pytest.raises(ValueError, match=r"^mkdocs\.yml: extra\.government_domains: "):
        government_domains(value, "mkdocs.yml: extra.government_domains")


@pytest.mark.gigw("5.4.4")
def test_5_4_4_a_malformed_setting_stops_the_build(project: Path, build: Callable[..., BuildResult]) -> None:
    edit(project / "mkdocs.yml", "  government_domains:\n    - gov.in\n    - nic.in\n",
         "  government_domains: gov.in\n")
    result = build(project)
    assert result.returncode != 0
    assert "mkdocs.yml: extra.government_domains: expected a list of domain names" in result.output, result.output
    assert "Traceback" not in result.output


@pytest.mark.gigw("5.4.4")
def test_5_4_4_every_page_carries_the_question(demo_site: BuildResult) -> None:
    for language, tree, words in (("en", demo_site.site, "a website not run by the Government of India"),
                                  ("hi", demo_site.site / "hi", "जो भारत सरकार की वेबसाइट नहीं है")):
        pages = sorted(tree.rglob("*.html"))
        if language == "en":
            pages = [p for p in pages if p.relative_to(tree).parts[0] != "hi"]
        assert len(pages) > 25
        for page in pages:
            html = page.read_text(encoding="utf-8")
            assert html.count('<template id="plan-external-notice" data-plan-government="gov.in nic.in">') == 1, page
            assert words in html and "{host}" in html, page
            assert "assets/javascripts/external-links.js" in html, page


# GIGW 5.1.12: a link to the site's own public address (SITE_PUBLIC_URL, extra.public_url) is not
# marked as leaving the site; a link to another host still is.
def test_links_to_the_public_address_are_the_sites_own(project: Path, build: Callable[..., BuildResult],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_PUBLIC_URL", "https://plan.example.gov.in/wipo/")
    with (project / "content/en/help.md").open("a", encoding="utf-8") as page:
        page.write("\n[Our budget](https://plan.example.gov.in/wipo/latest/budget/) and "
                   "[another site](https://other.example.org/).\n")
    result = build(project)
    assert result.returncode == 0, result.output
    html = (result.site / "help/index.html").read_text(encoding="utf-8")
    own = re.search(r'<a [^>]*href="https://plan\.example\.gov\.in/wipo/latest/budget/"[^>]*>', html)
    other = re.search(r'<a [^>]*href="https://other\.example\.org/"[^>]*>', html)
    assert own and other, html
    assert "plan-external" not in own.group(0)
    assert "plan-external" in other.group(0)
