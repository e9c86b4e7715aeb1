"""Lighthouse scores of four page types in both languages, served gzipped from 127.0.0.1.

Usage: ``.venv/bin/python bench/lighthouse.py [--site DIR] [--runs 3] [--only PATH ...] [--keep-reports DIR]
[--json bench/lighthouse-results.json]``

1. Builds the demo site (``mkdocs build --strict`` of the repository, both languages) into a
   temporary folder, or takes an already built ``--site``.
2. Serves it on 127.0.0.1 from a small threaded stdlib server as a production host would: text
   responses gzipped (``Content-Encoding: gzip``), ``Cache-Control`` a year for files under
   ``assets/`` and ``no-cache`` for pages and data (they change with each cycle); laid out as
   .ci/publish.py publishes it with mike, each language its own versioned tree: ``/<cycle>/`` and
   ``/hi/<cycle>/``, each with its ``versions.json`` beside it (Material's version selector fetches
   it on every page: without it, each page logs a 404 in the console).
3. Runs ``node_modules/.bin/lighthouse`` (npm ``lighthouse@12.2.3``, pinned in package-lock.json;
   ``make node_modules`` installs it) with Debian's chromium (``CHROME_PATH``), mobile preset (the
   default form factor: a Moto G Power screen, simulated slow 4G and 4x CPU slowdown), on the home
   page, an objective, a KPI and the budget page, in English and Hindi, one page at a time,
   ``--runs`` times each (default 3): the run with the median performance score is reported, with
   every run's performance score beside it (one run varies by 5-15 points on a busy machine).
   Chromium's name resolution maps every host but 127.0.0.1 to nothing, so a run cannot reach the
   network, and Lighthouse's own background requests are switched off with the browser's flags.
4. Prints the scores against the targets of issue 6 (accessibility 100; best practices and SEO 95
   or more; performance 100 on a page without a chart, 90 or more on a page with one) and, for every
   score below its target, the audits that cost it points. Writes everything as JSON.

Exit status: 0 when every page was measured (targets met or not: they are reported), 1 otherwise.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import BuildFailed, build  # bench/ is not a package
from synthetic import REPO

HOST = "127.0.0.1"
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
PAGES = ("/", "/objectives/governance-participation/", "/kpis/participation-rate/", "/budget/")
LANGUAGE_PREFIXES = ("", "/hi")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = " ".join([
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
    f"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {HOST}",  # nothing but the local server resolves
])
RUN_TIMEOUT = 300  # seconds per page; a run takes about 15 s on 2 cores
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml",
                "application/atom+xml", "application/manifest+json")
ASSET_CACHE = "public, max-age=31536000"  # assets/: the theme's files are content-hashed, ours change rarely
PAGE_CACHE = "no-cache"  # pages, search index, data: revalidate, they change with every cycle
VERSION = "2026-q3"  # the folder mike publishes a cycle in; the scores do not depend on its name


def target(category: str, has_chart: bool) -> int:
    """The lowest acceptable score (0-100) of a category, from issue 6."""
    if category == "performance":
        return 90 if has_chart else 100
    return 100 if category == "accessibility" else 95


# --- the server --------------------------------------------------------------------------------------


class _GzipHandler(SimpleHTTPRequestHandler):
    """Static files; text gzipped for clients that accept it, with caching headers a host would send."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        # Cache-Control for every response; the stdlib's own (redirects, errors) included.
        path = site_path(self.path.split("?", 1)[0]) or ""
        self.send_header("Cache-Control", ASSET_CACHE if "/assets/" in path else PAGE_CACHE)
        super().end_headers()

    def translate_path(self, path: str) -> str:
        return super().translate_path(site_path(path.split("?", 1)[0]) or "/nonexistent/")

    def send_head(self) -> Any:
        request_path = self.path.split("?", 1)[0]
        if request_path in {f"{prefix}/versions.json" for prefix in LANGUAGE_PREFIXES}:  # as mike writes it
            return self._send("application/json", json.dumps(
                [{"version": VERSION, "title": VERSION, "aliases": ["latest"]}]).encode("utf-8"))
        if site_path(request_path) is None:
            self.send_error(404, "Outside the published cycle")
            return None
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the stdlib's redirect to the slash form
            path = path / "index.html"
        content_type = self.guess_type(str(path))
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and accepts_gzip and content_type.startswith(COMPRESSIBLE)):
            return super().send_head()
        charset = "; charset=utf-8" if content_type.startswith("text/") else ""
        return self._send(content_type + charset, _gzipped(path, path.stat().st_mtime_ns), gzipped=True)

    def _send(self, content_type: str, body: bytes, *, gzipped: bool = False) -> _Body:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    """What ``send_head`` returns: a file-like object ``copyfile`` reads the body from."""

    def __init__(self, data: bytes) -> None:
        self._data, self._read = data, False

    def read(self, size: int = -1) -> bytes:
        if self._read:
            return b""
        self._read = True
        return self._data

    def close(self) -> None:
        pass


def site_path(url_path: str) -> str | None:
    """The path in the built site of a URL of the published layout ("/hi/2026-q3/budget/" -> "/hi/budget/")."""
    for prefix in sorted(LANGUAGE_PREFIXES, key=len, reverse=True):
        if url_path.startswith(f"{prefix}/{VERSION}/"):
            return prefix + url_path.removeprefix(f"{prefix}/{VERSION}")
    return None


def published_url(base: str, path: str) -> str:
    """The URL of a site path in the published layout ("/hi/budget/" -> base + "/hi/2026-q3/budget/")."""
    prefix = next(p for p in sorted(LANGUAGE_PREFIXES, key=len, reverse=True) if not p or path.startswith(p + "/"))
    return f"{base}{prefix}/{VERSION}{path.removeprefix(prefix)}"


@functools.lru_cache(maxsize=512)  # a benchmark process serves one build: the mtime keys out stale files
def _gzipped(path: Path, mtime_ns: int) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


class GzipServer:
    """Serves ``root`` at http://127.0.0.1:<free port>/ in the published layout, in a background thread."""

    def __init__(self, root: Path) -> None:
        handler = functools.partial(_GzipHandler, directory=str(root))
        self._server = ThreadingHTTPServer((HOST, 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        self.base_url = f"http://{HOST}:{self._server.server_port}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


# --- Lighthouse --------------------------------------------------------------------------------------


def run_lighthouse(url: str, output: Path) -> dict[str, Any]:
    """One Lighthouse run (mobile preset); its JSON report. Raises RuntimeError with its output on failure."""
    command = [str(LIGHTHOUSE), url, "--output", "json", "--output-path", str(output), "--quiet",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    completed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT, check=False)
    if completed.returncode != 0 or not output.is_file():
        raise RuntimeError(f"{' '.join(command)} exited {completed.returncode}:\n{completed.stderr[-3000:]}")
    return json.loads(output.read_text(encoding="utf-8"))


def failing_audits(report: dict[str, Any], category: str) -> list[dict[str, Any]]:
    """The audits of a category that cost points: weighted, scored, below 1 (worst first)."""
    audits = report["audits"]
    found = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = audits[ref["id"]]
        if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
            found.append({"id": audit["id"], "title": audit["title"], "score": audit["score"],
                          "displayValue": audit.get("displayValue", ""), "weight": ref["weight"]})
    return sorted(found, key=lambda a: (a["score"], -a["weight"]))


def median_run(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """The run whose performance score is the median (the lower middle one of an even count), as
    Lighthouse's own docs advise for a noisy machine: one run's score varies by 5-15 points here."""
    ranked = sorted(reports, key=lambda report: report["categories"]["performance"]["score"] or 0)
    return ranked[(len(ranked) - 1) // 2]


def measure(site: Path, server: GzipServer, work: Path, only: list[str] | None = None,
            keep: Path | None = None, runs: int = 1) -> list[dict[str, Any]]:
    results = []
    for prefix in LANGUAGE_PREFIXES:
        for page in PAGES:
            path = prefix + page
            if only and path not in only:
                continue
            html = (site / path.lstrip("/") / "index.html").read_text(encoding="utf-8")
            has_chart = "data-plotly-src=" in html  # a chart's plot, drawn by charts.js with plotly.js
            print(f"  lighthouse {path} ...", file=sys.stderr, flush=True)
            output = (keep or work) / (path.strip("/").replace("/", "_") or "home")
            reports = [run_lighthouse(published_url(server.base_url, path), output.with_suffix(f".{run}.json"))
                       for run in range(runs)]
            report = median_run(reports)
            scores = {c: round(100 * report["categories"][c]["score"]) for c in CATEGORIES
                      if report["categories"][c]["score"] is not None}
            below = {c: failing_audits(report, c) for c in CATEGORIES if scores.get(c, 0) < target(c, has_chart)}
            metrics = {key: report["audits"][key].get("displayValue", "") for key in (
                "first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                "cumulative-layout-shift", "speed-index")}
            results.append({"path": path, "has_chart": has_chart, "scores": scores,
                            "performance_runs": [round(100 * r["categories"]["performance"]["score"])
                                                 for r in reports],
                            "targets": {c: target(c, has_chart) for c in CATEGORIES},
                            "met": all(scores.get(c, 0) >= target(c, has_chart) for c in CATEGORIES),
                            "metrics": metrics, "failing_audits": below,
                            "runtime_error": (report.get("runtimeError") or {}).get("message"),
                            "warnings": report.get("runWarnings", []),
                            "lighthouse_version": report["lighthouseVersion"],
                            "benchmark_index": report["environment"].get("benchmarkIndex"),
                            "browser": report["environment"]["hostUserAgent"]})
    return results


def report(results: list[dict[str, Any]]) -> None:
    names = {"performance": "perf", "accessibility": "a11y", "best-practices": "best", "seo": "seo"}
    print(f"\n{'page':45} chart " + " ".join(f"{names[c]:>9}" for c in CATEGORIES) + "  all met")
    for row in results:
        cells = [f"{row['scores'].get(c, '-')!s:>3}/{row['targets'][c]:<3}"
                 + ("" if row["scores"].get(c, 0) >= row["targets"][c] else "!") for c in CATEGORIES]
        print(f"{row['path']:45} {'yes' if row['has_chart'] else 'no':5} " + " ".join(f"{cell:>9}" for cell in cells)
              + f"  {'yes' if row['met'] else 'NO'}")
    print("\n(score/target; ! = below target)")
    for row in results:
        print(f"\n{row['path']}: " + ", ".join(f"{k} {v}" for k, v in row["metrics"].items())
              + f" (performance of each run: {row['performance_runs']})")
        for warning in row["warnings"]:
            print(f"  warning: {warning}")
        for category, audits in row["failing_audits"].items():
            print(f"  {category} {row['scores'].get(category)} < {row['targets'][category]}:")
            for audit in audits:
                print(f"    {audit['id']}: {audit['title']} (score {audit['score']}, weight {audit['weight']})"
                      + (f" {audit['displayValue']}" if audit["displayValue"] else ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build the demo site)")
    parser.add_argument("--json", type=Path, default=Path(__file__).resolve().parent / "lighthouse-results.json")
    parser.add_argument("--runs", type=int, default=3,
                        help="Lighthouse runs per page; the median run by performance is reported (default 3)")
    parser.add_argument("--only", nargs="*", metavar="PATH", help="measure these site paths only (e.g. /budget/)")
    parser.add_argument("--keep-reports", type=Path, metavar="DIR",
                        help="keep Lighthouse's full JSON reports in this folder (one per page)")
    args = parser.parse_args()
    for tool, fix in ((LIGHTHOUSE, "make node_modules"), (Path(CHROMIUM), "sudo apt-get install -y chromium")):
        if not tool.exists():
            print(f"{tool} is missing. Install it with: {fix}", file=sys.stderr)
            return 1
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        work = Path(tmp)
        site = args.site
        if site is None:
            site = work / "site"
            print("building the demo site ...", file=sys.stderr, flush=True)
            try:
                build(REPO, "mkdocs.yml", site)
            except BuildFailed as error:
                print(error, file=sys.stderr)
                return 1
        server = GzipServer(site.resolve())
        try:
            if args.keep_reports:
                args.keep_reports.mkdir(parents=True, exist_ok=True)
            results = measure(site, server, work, args.only, args.keep_reports, args.runs)
        except (RuntimeError, subprocess.TimeoutExpired) as error:
            print(error, file=sys.stderr)
            return 1
        finally:
            server.close()
    node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    document = {"pages": results, "runs_per_page": args.runs,
                "served": "gzip (level 6), Cache-Control: " + ASSET_CACHE + " for assets/",
                "form_factor": "mobile (Lighthouse default)", "node": node, "platform": platform.platform(),
                "cpu_count": os.cpu_count(), "load_average": os.getloadavg()}
    args.json.write_text(json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    report(results)
    print(f"\nwritten: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
