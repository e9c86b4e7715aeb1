"""Profile one build of a synthetic site and show where the hooks spend their time.

Usage: ``python bench/profile_build.py --kpis 1000 [--variant hooks] [--languages en hi] [--mode timed|cprofile]
[--keep DIR]``

Generates the site (bench/synthetic.py) and builds it once in this process.

- ``--mode timed`` (default): every event handler, of our hooks and of MkDocs plugins (search),
  is wrapped in a timer of CPU time; prints seconds per handler, per call and per page, and each
  handler's share of the build's CPU time. Little overhead, so the figures are close to a normal
  build's.
- ``--mode cprofile``: the build under cProfile. The profiler slows a build several times (most
  in code with many small calls, such as HTML parsing), so read its figures as where the time
  goes, not as absolute times. Prints the hook event functions, then the functions with the most
  cumulative and the most own time; the raw profile is kept as ``build.prof`` beside the
  generated site, for ``python -m pstats``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import logging
import os
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import VARIANTS, generate  # bench/ is not a package

HOOK_EVENTS = ("on_config", "on_files", "on_nav", "on_env", "on_pre_page", "on_page_markdown", "on_page_content",
               "on_page_context", "on_post_page", "on_post_template", "on_post_build")


def _load(project: Path) -> Any:
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.pop("SITE_CYCLE", None)
    os.chdir(project)
    return load_config(config_file=str(project / "mkdocs.yml"), strict=True)


def profile_build(project: Path) -> pstats.Stats:
    """One build under cProfile; the raw profile is kept as build.prof."""
    from mkdocs.commands.build import build

    profiler = cProfile.Profile()
    profiler.enable()
    build(_load(project))
    profiler.disable()
    profiler.dump_stats(str(project / "build.prof"))
    return pstats.Stats(profiler)


def _owner(method: Callable[..., Any]) -> str:
    """Which hook file or plugin an event handler belongs to."""
    module = getattr(method, "__module__", "") or ""
    if module.endswith(".py"):  # MkDocs names a hook module by its path
        return Path(module).name
    owner = getattr(method, "__self__", None)
    return type(owner).__name__ if owner is not None else module


def timed_build(project: Path) -> tuple[float, float, float, dict[tuple[str, str], list[float]]]:
    """One build with every event handler (hooks and plugins) timed in CPU seconds (the process's
    user + system time, which other work on the machine disturbs less than wall time).

    Returns the config loading's CPU seconds (hook modules are imported then), the build's CPU
    and wall seconds, and {(owner, event): [CPU seconds of each call]}.
    """
    from mkdocs.commands.build import build

    start = time.process_time()
    config = _load(project)
    loading = time.process_time() - start
    timings: dict[tuple[str, str], list[float]] = defaultdict(list)

    def timed(key: tuple[str, str], method: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            begin = time.process_time()
            try:
                return method(*args, **kwargs)
            finally:
                timings[key].append(time.process_time() - begin)
        return run

    for event, methods in config.plugins.events.items():
        methods[:] = [timed((_owner(m), event), m) for m in methods]
    wall, cpu = time.perf_counter(), time.process_time()
    build(config)
    return loading, time.process_time() - cpu, time.perf_counter() - wall, timings


def hook_rows(stats: pstats.Stats, project: Path) -> list[tuple[str, int, float, float]]:
    """(hook:event, calls, cumulative s, own s) of every hook event function, slowest first."""
    rows = []
    for (filename, _, name), (_, calls, own, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        if name in HOOK_EVENTS and Path(filename).parent == project / "hooks":
            rows.append((f"{Path(filename).name}:{name}", calls, cumulative, own))
    return sorted(rows, key=lambda row: -row[2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kpis", type=int, default=1000)
    parser.add_argument("--variant", choices=VARIANTS, default="hooks")
    parser.add_argument("--languages", nargs="+", default=["en"],
                        help="en (default), or en hi: the Hindi build runs inside the English one (hooks variant)")
    parser.add_argument("--mode", choices=("timed", "cprofile"), default="timed",
                        help="timed: time every event handler (little overhead); cprofile: full profile")
    parser.add_argument("--top", type=int, default=40, help="cprofile: how many functions to list (default 40)")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it (default: a temp folder)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s - %(name)s: %(message)s")  # build problems
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-profile-"))
    written = generate(folder / f"{args.variant}-{args.kpis}", args.kpis, args.variant, languages=tuple(args.languages))
    pages = written.pages
    if args.mode == "timed":
        loading, cpu, wall, timings = timed_build(written.root)
        print(f"{pages} pages ({args.kpis} KPIs), variant {args.variant}: build {cpu:.2f} s CPU ({wall:.2f} s wall), "
              f"after {loading:.2f} s CPU loading the config and hook modules\n")
        print(f"{'handler (CPU time)':<44} {'calls':>6} {'total s':>8} {'ms/call':>8} {'ms/page':>8} {'share':>6}")
        rows = sorted(((f"{owner}:{event}", len(ts), sum(ts)) for (owner, event), ts in timings.items()),
                      key=lambda row: -row[2])
        for name, calls, total in rows:
            if total >= 0.005:
                print(f"{name:<44} {calls:>6} {total:>8.2f} {1000 * total / calls:>8.2f} "
                      f"{1000 * total / pages:>8.2f} {total / cpu:>6.1%}")
        handled = sum(row[2] for row in rows)
        print(f"{'all handlers':<44} {'':>6} {handled:>8.2f} {'':>8} {1000 * handled / pages:>8.2f} "
              f"{handled / cpu:>6.1%}")
        return
    stats = profile_build(written.root)
    total = max(row[3] for row in stats.stats.values())  # type: ignore[attr-defined]
    print(f"{pages} pages ({args.kpis} KPIs), variant {args.variant}: {total:.1f} s under the profiler")
    print(f"profile: {written.root / 'build.prof'}\n")
    print(f"{'hook event':<40} {'calls':>6} {'cum s':>8} {'ms/call':>8} {'share':>6}")
    for name, calls, cumulative, _ in hook_rows(stats, written.root):
        print(f"{name:<40} {calls:>6} {cumulative:>8.2f} {1000 * cumulative / calls:>8.2f} {cumulative / total:>6.1%}")
    out = io.StringIO()
    stats.stream = out  # type: ignore[attr-defined]
    stats.strip_dirs()
    for order in ("cumulative", "tottime"):
        out.seek(0)
        out.truncate()
        stats.sort_stats(order).print_stats(args.top)
        print(f"\n== by {order} ==")
        print(out.getvalue().split("\n\n", 2)[-1].rstrip())


if __name__ == "__main__":
    main()
