"""Test the built site as readers get it: served on 127.0.0.1, opened in Debian's headless Chromium.

- ``SiteServer``: a threaded stdlib HTTP server for a built ``site/`` folder on a free port, laid
  out as mike publishes it (``/<version>/`` and ``/versions.json``). In ``header_policy`` mode it
  sends each page's Content-Security-Policy as a response header and removes the ``<meta>`` copy,
  as a host that can send headers would. A missing address gets the 404 page of its language tree
  (``/hi/...``: the Hindi one) with status 404, as GitHub Pages and DEPLOYMENT.md's nginx do.
- ``published_site_server``: a cycle built as .ci/publish.py has mike build it (each language alone,
  SITE_VERSION, SITE_PUBLIC_URL the server's address), served by ``SiteServer``.
- ``launch_chromium``: the system's chromium (``CHROMIUM`` overrides the path). Test tools never
  download a browser; if chromium is missing the tests fail with the command that installs it.
- ``open_page``: one page in a fresh browser context, recording everything a reader should never
  see: console errors, uncaught exceptions, failed requests, requests to any host but 127.0.0.1,
  Content-Security-Policy violations and dialogs.
- ``axe_violations`` / ``format_axe``: axe-core (bundled by axe-playwright-python) with the
  WCAG 2.1 A and AA rules, and a readable summary of what it found.

Test modules load it with ``pytest_plugins = ("browser_harness",)`` (its fixtures are then shared by
the whole session) after importing helpers from it, too late for pytest to rewrite its asserts;
PYTEST_DONT_REWRITE says so and keeps pytest from warning about it. Its asserts carry messages.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import copy_project
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, Request, Response, sync_playwright
from transparency.csp import read_policy

HOST = "127.0.0.1"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
INSTALL_CHROMIUM = "sudo apt-get update && sudo apt-get install -y chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
    # Belt and braces: no name resolves except the test server's address, so even a request the
    # recorder flags cannot leave the machine.
    f"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {HOST}",
]
VERSION = "2026-q3"  # the site is published with mike, one version per reporting cycle
QUIET_SECONDS, QUIET_STEP_MS = 0.25, 50  # "the network is idle": nothing in flight for this long
# Material's first inline script defines __md_get; its bundle (which marks <html> "js") runs only
# if that script was allowed.
THEME_SCRIPTS_RAN = "typeof window.__md_get === 'function' && document.documentElement.classList.contains('js')"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# One page of each type in the demo site (use_directory_urls), by test id.
PAGES: dict[str, str] = {
    "home": "/",
    "objective": "/objectives/governance-participation/",
    "kpi": "/kpis/participation-rate/",
    "priority-area": "/priority-areas/traditional-knowledge/",
    "phase": "/phases/phase-1/",
    "budget": "/budget/",
    "report": "/reports/2026-q3/",
    "method": "/method/",
    "monitoring": "/monitoring/",
    "schedule": "/reporting-schedule/",
    "page": "/help/",
    "contact": "/contact/",
    "feedback": "/feedback/",
    "policy": "/website-policies/",
    "sitemap": "/sitemap/",
    "conformance": "/conformance/",  # a generic page, its report filled in after the build (hooks/conformance.py)
}

# The same pages of the Hindi site, which is published as its own tree (hi/<version>/, hi/versions.json).
HINDI_PAGES = {f"{page_type}-hi": f"/hi{path}" for page_type, path in PAGES.items()}
OTHER_TREES = ("/hi",)  # language trees published beside the default one, as .ci/publish.py deploys them

# Reports every Content-Security-Policy violation to Python. Injected by the DevTools protocol,
# so the page's own policy does not apply to it.
_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation({
    directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample,
    source: event.sourceFile, line: event.lineNumber, disposition: event.disposition,
  });
}, true);
"""


# --- the server --------------------------------------------------------------------------------------


class _SiteHandler(SimpleHTTPRequestHandler):
    header_policy = False
    version = VERSION

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: pytest shows failures, not access logs

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        tree = next((prefix for prefix in OTHER_TREES if path.startswith(f"{prefix}/")), "")
        alias = f"{tree}/latest"  # mike's alias of the newest version: the same files
        if path == alias or path.startswith(f"{alias}/"):
            self.path = f"{tree}/{self.version}" + self.path.removeprefix(alias)
            path = unquote(urlsplit(self.path).path)
        if tree:  # a language tree: /hi/versions.json and /hi/<version>/...
            path = path.removeprefix(tree)
        if path == "/versions.json":
            versions = [{"version": self.version, "title": self.version, "aliases": ["latest"]}]
            self._send("application/json", json.dumps(versions).encode("utf-8"))
            return
        if not path.startswith(f"/{self.version}/"):
            self.send_error(404, "Outside the published version")
            return
        page = self._html_file(tree + path)
        if not self.header_policy or page is None:
            super().do_GET()
            return
        self._send_page(page)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A missing address: the tree's own 404 page, with status 404 (the stdlib's page otherwise)."""
        path = unquote(urlsplit(self.path).path)
        tree = next((prefix for prefix in OTHER_TREES if path.startswith(f"{prefix}/")), "")
        page = Path(self.directory, tree.lstrip("/"), "404.html")
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        self._send_page(page, status=404)

    def _send_page(self, page: Path, status: int = 200) -> None:
        html = page.read_text(encoding="utf-8")
        policy = None
        if self.header_policy:
            policy, html = read_policy(html)
        self._send("text/html; charset=utf-8", html.encode("utf-8"),
                   {} if policy is None else {"Content-Security-Policy": policy}, status=status)

    def translate_path(self, path: str) -> str:
        for tree in ("", *OTHER_TREES):  # /<version>/x -> x; /hi/<version>/x -> hi/x
            if path.startswith(f"{tree}/{self.version}/") or path == f"{tree}/{self.version}":
                return super().translate_path(tree + path.removeprefix(f"{tree}/{self.version}"))
        return super().translate_path(path)

    def _send(self, content_type: str, body: bytes, headers: dict[str, str] | None = None, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _html_file(self, path: str) -> Path | None:
        if not path.endswith("/") and not path.endswith(".html"):
            return None  # assets, and directories without their slash (the stdlib redirects those)
        file = Path(self.translate_path(path))
        file = file / "index.html" if file.is_dir() else file
        return file if file.is_file() else None


class SiteServer:
    """Serves one built site on 127.0.0.1 and a free port, in a background thread, laid out as mike
    publishes it: the site under ``/<version>/`` and ``/versions.json`` (read by Material's version
    selector) at the root."""

    def __init__(self, root: Path, *, header_policy: bool = False, version: str = VERSION) -> None:
        attributes = {"header_policy": header_policy, "version": version}
        handler = type("Handler", (_SiteHandler,), attributes)
        self._server = ThreadingHTTPServer((HOST, 0), functools.partial(handler, directory=str(root)))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="site-server", daemon=True)
        self._thread.start()
        self.version = version
        self.base_url = f"http://{HOST}:{self._server.server_port}/{version}"

    def url(self, path: str) -> str:
        """The address of a page given by its path in the site, e.g. ``/budget/``; a path in another
        language's tree (``/hi/budget/``) is served as published, under ``/hi/<version>/``."""
        for tree in OTHER_TREES:
            if path.startswith(f"{tree}/"):
                origin = self.base_url.removesuffix(f"/{self.version}")
                return f"{origin}{tree}/{self.version}{path.removeprefix(tree)}"
        return self.base_url + path

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


# --- the browser -------------------------------------------------------------------------------------


def chromium_executable() -> str:
    """The system's chromium; a missing browser fails the tests (never skips them)."""
    path = os.environ.get("CHROMIUM", DEFAULT_CHROMIUM)
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        pytest.fail(f"The browser tests need Debian's chromium at {path} (set CHROMIUM to use another path). "
                    f"Install it with:\n  {INSTALL_CHROMIUM}\n(`make test` installs it when run as root.)",
                    pytrace=False)
    return path


def launch_chromium(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS, headless=True)


@dataclass
class PageLog:
    """What happened while a page was open; ``problems()`` lists everything a reader should not meet."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    csp_violations: list[dict[str, Any]] = field(default_factory=list)
    csp_messages: list[str] = field(default_factory=list)  # console lines about the policy, any level
    dialogs: list[str] = field(default_factory=list)
    in_flight: int = 0  # requests started and not yet finished or failed

    def problems(self) -> list[str]:
        found = [f"console error: {text}" for text in self.console_errors]
        found += [f"uncaught exception: {text}" for text in self.page_errors]
        found += [f"failed request: {text}" for text in self.failed_requests]
        found += [f"request to another host: {url}" for url in self.foreign_requests]
        found += [f"CSP violation: {violation}" for violation in self.csp_violations]
        found += [f"CSP console message: {text}" for text in self.csp_messages if text not in self.console_errors]
        found += [f"dialog: {text}" for text in self.dialogs]
        return found

    def report(self) -> str:
        return "\n".join(self.problems()) or "nothing"


def _is_foreign(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about", "chrome-error"}:
        return False  # no request leaves the browser
    return parts.hostname != HOST


def _record(page: Page, log: PageLog) -> None:
    def on_console(message: ConsoleMessage) -> None:
        location = message.location or {}
        text = f"{message.text} ({location.get('url', '')}:{location.get('lineNumber', '')})"
        if message.type == "error":
            log.console_errors.append(text)
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            log.csp_messages.append(text)

    def on_request(request: Request) -> None:
        log.in_flight += 1
        if _is_foreign(request.url):
            log.foreign_requests.append(request.url)

    def on_request_finished(request: Request) -> None:
        log.in_flight -= 1

    def on_request_failed(request: Request) -> None:
        log.in_flight -= 1
        log.failed_requests.append(f"{request.method} {request.url}: {request.failure}")

    def on_response(response: Response) -> None:
        if response.status >= 400:
            log.failed_requests.append(f"{response.request.method} {response.url}: HTTP {response.status}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: log.page_errors.append(str(error)))
    page.on("request", on_request)
    page.on("requestfinished", on_request_finished)
    page.on("requestfailed", on_request_failed)
    page.on("response", on_response)

    def on_dialog(dialog: Any) -> None:
        log.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.expose_function("__reportCspViolation", lambda violation: log.csp_violations.append(violation))
    page.add_init_script(_CSP_LISTENER)


def wait_until_ready(page: Page, log: PageLog, *, idle: bool = True) -> None:
    """Material's script has started (``html.js``) and, with ``idle``, the network is quiet."""
    page.wait_for_function("() => document.documentElement.classList.contains('js')")
    if idle:
        wait_for_quiet(page, log)


def wait_for_quiet(page: Page, log: PageLog, timeout: float = 15) -> None:
    """Until no request has been in flight for a while, so that requests made after load (the
    search index, plotly.js near a chart) are recorded; quicker than Playwright's ``networkidle``,
    which always waits 500 ms. Then let queued violation reports arrive."""
    quiet_since = time.monotonic()
    deadline = quiet_since + timeout
    while time.monotonic() < deadline:
        page.wait_for_timeout(QUIET_STEP_MS)  # lets Playwright deliver the page's events meanwhile
        if log.in_flight > 0:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= QUIET_SECONDS:
            break
    page.evaluate("() => new Promise((resolve) => setTimeout(resolve, 50))")


@contextmanager
def open_page(browser: Browser, url: str, *, color_scheme: str = "light", idle: bool = True,
              rewrite_html: Callable[[str], str] | None = None, viewport: dict[str, int] | None = None,
              status: int | None = None) -> Iterator[tuple[Page, PageLog]]:
    """Open ``url`` in a fresh context (no shared storage or cache) and yield the page and its log.

    ``color_scheme`` is the reader's system preference, which Material follows on a first visit;
    ``rewrite_html`` changes the page's HTML on its way to the browser (negative controls);
    ``status``: the status the page must answer with (default: any success). The log records the
    page's own answer among the failed requests when it is an error (a 404 page).
    """
    context = browser.new_context(color_scheme=color_scheme, viewport=viewport or {"width": 1280, "height": 800})
    try:
        page = context.new_page()
        log = PageLog()
        _record(page, log)
        if rewrite_html is not None:
            def rewrite(route: Any) -> None:
                response = route.fetch()
                route.fulfill(response=response, body=rewrite_html(response.text()))

            page.route(url, rewrite)
        response = page.goto(url, wait_until="load")
        answered = response.status if response else None
        assert response is not None and (response.ok if status is None else answered == status), f"{url}: {answered}"
        wait_until_ready(page, log, idle=idle)
        yield page, log
    finally:
        context.close()


# --- axe-core ----------------------------------------------------------------------------------------

_AXE = Axe()


# Colours checked mid-transition (Material fades in search results and palette changes) are neither
# the start nor the end state: wait until every finite animation and transition has finished.
_SETTLED = """() => document.getAnimations().every((animation) =>
  animation.playState !== "running" || animation.effect?.getComputedTiming().endTime === Infinity)"""


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A and AA violations on the page once its animations have settled."""
    page.wait_for_function(_SETTLED)
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    return _AXE.run(page, options=options).response["violations"]


def format_axe(violations: list[dict[str, Any]]) -> str:
    """One block per rule: id, impact, help, then each failing element's selector and why it fails."""
    lines: list[str] = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation.get('impact')}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            lines.append(f"  at {' '.join(str(part) for part in node['target'])}")
            summary = (node.get("failureSummary") or "").strip()
            lines.extend(f"    {line.strip()}" for line in summary.splitlines() if line.strip())
    return "\n".join(lines)


# --- one visit per page and palette, shared by the tests that assert on it --------------------------


@dataclass(frozen=True)
class PageVisit:
    """What one load of a page showed: its log, axe-core's findings and a few facts from the DOM."""

    log: PageLog
    axe: list[dict[str, Any]]
    color_scheme: str  # Material's data-md-color-scheme on <body>
    h1_count: int
    policy_metas: list[str]  # content of each <meta http-equiv="Content-Security-Policy">
    theme_scripts_ran: bool  # Material's hashed inline scripts ran (they define __md_get) and its bundle too


class PageVisits:
    """Loads each (path, palette) once and remembers what it saw, so that the accessibility tests and
    the policy tests of the same page do not each pay for a page load."""

    def __init__(self, browser: Browser, server: SiteServer) -> None:
        self._browser, self._server = browser, server
        self._seen: dict[tuple[str, str], PageVisit] = {}

    def __call__(self, path: str, color_scheme: str = "light") -> PageVisit:
        key = (path, color_scheme)
        if key not in self._seen:
            with open_page(self._browser, self._server.url(path), color_scheme=color_scheme) as (page, log):
                self._seen[key] = PageVisit(
                    log=log,
                    axe=axe_violations(page),
                    color_scheme=page.evaluate("document.body.getAttribute('data-md-color-scheme')"),
                    h1_count=page.locator("h1").count(),
                    policy_metas=page.evaluate(
                        "[...document.querySelectorAll('meta[http-equiv=\"Content-Security-Policy\"]')]"
                        ".map((meta) => meta.content)"),
                    theme_scripts_ran=page.evaluate(THEME_SCRIPTS_RAN),
                )
        return self._seen[key]


# --- fixtures (test modules load this file with `pytest_plugins = ("browser_harness",)`) -------------


@pytest.fixture(scope="session")
def site_server(demo_site: Any) -> Iterator[SiteServer]:
    """The demo build's site, as shipped: each page carries its policy in a <meta> element."""
    server = SiteServer(demo_site.site)
    yield server
    server.close()


@pytest.fixture(scope="session")
def shipped_pages(chromium: Browser, site_server: SiteServer) -> PageVisits:
    """Pages of the site as shipped, each loaded once per palette for the whole session."""
    return PageVisits(chromium, site_server)


@pytest.fixture(scope="session")
def published_site_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """A cycle built as .ci/publish.py has mike build it: each language alone, with SITE_VERSION and the
    server's address as SITE_PUBLIC_URL, laid out as mike publishes it (``/<version>/``, ``/hi/<version>/``)."""
    root = copy_project(tmp_path_factory.mktemp("published"))
    server = SiteServer(root / "site")  # the address is needed before the build
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_VERSION": server.version,
           "SITE_PUBLIC_URL": server.base_url.removesuffix(f"/{server.version}") + "/"}
    env.pop("SOURCE_DATE_EPOCH", None)
    for extra in ((), ("--config-file", "mkdocs.hi.yml", "--site-dir", str(root / "site" / "hi"))):
        completed = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", *extra], cwd=root,
                                   env=env, capture_output=True, text=True, timeout=600, check=False)
        assert completed.returncode == 0, completed.stdout + completed.stderr
    yield server
    server.close()


@pytest.fixture(scope="session")
def header_site_server(demo_site: Any) -> Iterator[SiteServer]:
    """The same site with each page's policy sent as a response header instead of the <meta> element."""
    server = SiteServer(demo_site.site, header_policy=True)
    yield server
    server.close()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """One headless Chromium for the whole session; every test opens its own context."""
    chromium_executable()  # fail with the install command before starting Playwright
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()
