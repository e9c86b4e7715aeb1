"""DEPLOYMENT.md agrees with the site it deploys: its nginx and Apache snippets name files the release
archive holds and 404 pages the build writes, give every published file the same caching class, and both
set the same security headers.

These tests read the guide and a build; they do not start a web server, and a server started here would
not be the production host either. What only the host can show is listed in the guide's last section.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType

import yaml
from conftest import REPO, BuildResult, load_script

GUIDE = REPO / "DEPLOYMENT.md"
CYCLE = "2026-Q3"  # any published cycle's name: the patterns must not depend on which
IMMUTABLE = "public, max-age=31536000, immutable"
ONE_DAY = "public, max-age=86400"
REVALIDATE = "no-cache"


def load_archiver() -> ModuleType:
    return load_script(REPO / ".ci" / "archive.py", "archive_for_guide")


def snippet(language: str) -> str:
    """The one fenced block of ``language`` in the guide."""
    blocks = re.findall(rf"^```{language}\n(.*?)^```$", GUIDE.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL)
    assert len(blocks) == 1, f"expected one ```{language} block in DEPLOYMENT.md, found {len(blocks)}"
    return blocks[0]


NGINX, APACHE = snippet("nginx"), snippet("apache")


# --- The caching classes, read from each configuration -----------------------------------------------------


def nginx_cache_rules() -> tuple[list[tuple[re.Pattern[str], str]], str]:
    """The `map $uri $plan_cache_control` block: its regex patterns in order (the first match wins), its default."""
    block = re.search(r"map \$uri \$plan_cache_control \{\n(.*?)\n\}", NGINX, re.DOTALL)
    assert block, "no Cache-Control map in the nginx snippet"
    rules, default = [], None
    for line in block.group(1).splitlines():
        entry = re.match(r'\s*(?:"~([^"]+)"|(default))\s+"([^"]+)";', line)
        assert entry, f"unexpected line in the map: {line!r}"
        if entry.group(2):
            default = entry.group(3)
        else:
            rules.append((re.compile(entry.group(1)), entry.group(3)))
    assert default is not None
    return rules, default


def apache_cache_rules() -> tuple[list[tuple[re.Pattern[str], str]], str]:
    """The vhost's Cache-Control and each <LocationMatch>'s, in order (the last match wins)."""
    default = re.search(r'^    Header set Cache-Control "([^"]+)"$', APACHE, re.MULTILINE)
    assert default, "no default Cache-Control in the Apache snippet"
    sections = re.findall(r'<LocationMatch "([^"]+)">\n\s*Header set Cache-Control "([^"]+)"\n\s*</LocationMatch>',
                          APACHE)
    assert sections, "no <LocationMatch> with a Cache-Control in the Apache snippet"
    return [(re.compile(pattern), value) for pattern, value in sections], default.group(1)


def nginx_class(uri: str) -> str:
    rules, default = nginx_cache_rules()
    return next((value for pattern, value in rules if pattern.search(uri)), default)


def apache_class(uri: str) -> str:
    rules, default = apache_cache_rules()
    matching = [value for pattern, value in rules if pattern.search(uri)]
    return matching[-1] if matching else default


def published_uris(site: Path) -> list[str]:
    """Every address of a published site made of this build: each file under a cycle and under `latest`,
    in each language's tree, and what mike adds at each tree's root."""
    languages = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["languages"]
    folders = [str(language.get("path") or "").strip("/") for language in languages]
    uris = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        relative = path.relative_to(site).as_posix()
        tree = next((folder for folder in folders if folder and relative.startswith(f"{folder}/")), "")
        inside = relative.removeprefix(f"{tree}/") if tree else relative
        base = f"/{tree}/" if tree else "/"
        uris += [f"{base}{CYCLE}/{inside}", f"{base}latest/{inside}"]
    for folder in folders:
        base = f"/{folder}/" if folder else "/"
        uris += [f"{base}versions.json", f"{base}index.html", base]
    return uris


def test_nginx_and_apache_give_every_published_address_the_same_caching(demo_site: BuildResult) -> None:
    uris = published_uris(demo_site.site)
    assert len(uris) > 300
    differ = [(uri, nginx_class(uri), apache_class(uri)) for uri in uris if nginx_class(uri) != apache_class(uri)]
    assert differ == []


def test_what_never_changes_is_cached_long_and_what_moves_is_revalidated(demo_site: BuildResult) -> None:
    site = demo_site.site
    bundles = sorted(p.relative_to(site).as_posix() for p in (site / "assets").rglob("*.min.*")
                     if re.search(r"\.[0-9a-f]{8}\.min\.(css|js)$", p.name))
    # The theme's fingerprinted stylesheet and script, which every page loads: long-lived at any address.
    assert any(b.startswith("assets/stylesheets/main.") for b in bundles)
    assert any(b.startswith("assets/javascripts/bundle.") for b in bundles)
    for bundle in bundles:
        for uri in (f"/latest/{bundle}", f"/{CYCLE}/{bundle}", f"/hi/latest/{bundle}"):
            assert nginx_class(uri) == IMMUTABLE, uri
    # Our own assets have no fingerprint: long-lived only inside a published cycle.
    for own in ("assets/stylesheets/plan.css", "assets/javascripts/charts.js",
                "assets/javascripts/vendor/plotly-basic.min.js", "assets/fonts/fonts.css"):
        assert (site / own).is_file(), own
        assert nginx_class(f"/{CYCLE}/{own}") == IMMUTABLE
        assert nginx_class(f"/hi/{CYCLE}/{own}") == IMMUTABLE
        assert nginx_class(f"/latest/{own}") == REVALIDATE
        assert nginx_class(f"/hi/latest/{own}") == REVALIDATE
    assert nginx_class(f"/{CYCLE}/index.html") == ONE_DAY
    assert nginx_class(f"/hi/{CYCLE}/objectives/capacity-building/index.html") == ONE_DAY
    for moving in ("/versions.json", "/hi/versions.json", "/index.html", "/", "/hi/", "/latest/index.html",
                   "/latest/search/search_index.json", "/hi/latest/404.html"):
        assert nginx_class(moving) == REVALIDATE, moving
    # A folder named like a cycle deeper down is not a cycle.
    assert nginx_class(f"/latest/reports/{CYCLE}/index.html") == REVALIDATE


# --- The 404 pages, the headers, the included files ---------------------------------------------------------


def test_the_404_pages_the_configurations_name_exist_in_each_language(demo_site: BuildResult) -> None:
    assert re.search(r"^    error_page 403 404 /latest/404\.html;$", NGINX, re.MULTILINE)
    assert re.search(r"location /hi/ \{\n\s+error_page 403 404 /hi/latest/404\.html;\n\s+\}", NGINX)
    for status in ("403", "404"):
        assert f"    ErrorDocument {status} /latest/404.html" in APACHE
        assert f"        ErrorDocument {status} /hi/latest/404.html" in APACHE
    # Each build of a cycle writes them: <cycle>/404.html and hi/<cycle>/404.html, which latest/ leads to.
    for path, language in (("404.html", "en"), ("hi/404.html", "hi")):
        page = (demo_site.site / path).read_text(encoding="utf-8")
        words = yaml.safe_load((REPO / "content" / "i18n" / f"{language}.yml").read_text(encoding="utf-8"))
        assert f'<html lang="{language}"' in page
        assert words["messages"]["page.not_found"] in page


# The configurations serve the site at the root of its name: the 404 pages then need a public address
# without a path, and the guide says to publish with exactly that name (hooks/not_found.py).
def test_the_guide_publishes_with_the_address_the_configurations_serve() -> None:
    names = set(re.findall(r"server_name ([\w.-]+);", NGINX))
    assert len(names) == 1 and re.search(r"^    root /srv/[\w/-]+/current/site;$", NGINX, re.MULTILINE)
    note = GUIDE.read_text(encoding="utf-8").split("- **404 page.**", 1)[1].split("- **Caching.**", 1)[0]
    assert f"(`https://{names.pop()}/`)" in note and "`SITE_PUBLIC_URL`" in note
    assert "Known limitation" not in note


def headers(text: str, pattern: str) -> dict[str, str]:
    return {name.lower(): value for name, value in re.findall(pattern, text)}


def test_both_configurations_send_the_same_security_headers() -> None:
    nginx = headers(NGINX, r'add_header ([\w-]+) "([^"]+)" always;')
    apache = headers(APACHE, r'Header always set ([\w-]+) "([^"]+)"')
    assert nginx == apache == {
        "strict-transport-security": "max-age=31536000; includeSubDomains",
        "x-content-type-options": "nosniff",
        "x-frame-options": "DENY",
        "referrer-policy": "no-referrer",
    }
    assert "add_header Cache-Control $plan_cache_control always;" in NGINX
    # Only the server block sets headers: nginx drops them in a location that sets its own.
    for location in re.findall(r"location [^{]*\{(.*?)\}", NGINX, re.DOTALL):
        assert "add_header" not in location


def test_https_only_tls_12_and_13_and_no_server_version() -> None:
    assert re.search(r"listen 80;.*?return 301 https://", NGINX, re.DOTALL)
    assert "ssl_protocols TLSv1.2 TLSv1.3;" in NGINX
    assert NGINX.count("server_tokens off;") == 2  # the HTTP redirect too
    assert "autoindex off;" in NGINX
    assert "Redirect permanent / https://" in APACHE
    assert "SSLProtocol -all +TLSv1.2 +TLSv1.3" in APACHE
    assert "ServerTokens Prod" in APACHE and "ServerSignature Off" in APACHE
    assert "Indexes" not in APACHE.replace("-Indexes", "")  # no directory listings
    ciphers = re.search(r"ssl_ciphers (\S+);", NGINX)
    assert ciphers and f"SSLCipherSuite {ciphers.group(1)}\n" in APACHE
    assert not re.search(r"RC4|3DES|DES-CBC|MD5|NULL|EXPORT", ciphers.group(1))


def test_the_csp_header_is_included_from_the_files_the_archive_holds() -> None:
    archiver = load_archiver()
    files = archiver.host_snippets("default-src 'self'; frame-ancestors 'none'")
    assert "include /srv/wipo-action-plan/current/csp.nginx.conf;" in NGINX
    assert "Include /srv/wipo-action-plan/current/csp.apache.conf" in APACHE
    assert files["csp.nginx.conf"].startswith('add_header Content-Security-Policy "')
    assert files["csp.nginx.conf"].endswith('" always;\n')  # valid where the guide includes it: in server {}
    assert files["csp.apache.conf"].startswith('Header always set Content-Security-Policy "')
    guide = GUIDE.read_text(encoding="utf-8")
    for name in files:
        assert f"`{name}`" in guide, name
    assert "frame-ancestors 'none'" in guide


def test_the_readme_links_the_guide() -> None:
    assert "](DEPLOYMENT.md)" in (REPO / "README.md").read_text(encoding="utf-8")
