"""Build a project in several languages one after the other, in one process.

Usage: ``python bench/build_languages.py PROJECT SITE_DIR mkdocs.yml mkdocs.hi.yml ...``

The benchmark's bilingual baseline: the first config is built into SITE_DIR, each further
``mkdocs.<code>.yml`` into ``SITE_DIR/<code>``, every one as ``mkdocs build --strict`` builds it.
One process, as in the hooks' variant, where hooks/languages.py builds the Hindi site in the
English build's process: neither variant pays for a second interpreter start. Exit status 1
when a build fails or warns (strict).
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path


def main() -> int:
    project, site_dir, *configs = sys.argv[1:]
    if not configs:
        print(__doc__, file=sys.stderr)
        return 2
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.basicConfig(level=logging.INFO, format="%(levelname)-8s-  %(message)s")
    os.chdir(project)
    for index, config_file in enumerate(configs):
        code = Path(config_file).name.removeprefix("mkdocs.").removesuffix(".yml")
        target = site_dir if index == 0 else os.path.join(site_dir, code)
        try:
            build(load_config(config_file=str(Path(project) / config_file), site_dir=target, strict=True))
        except MkDocsException as exc:
            print(f"{config_file}: {exc}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
