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

## test: lint and run the whole test suite, browser tests included
test: $(STAMP) chromium
	$(BIN)/ruff check hooks tests bench
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check hooks tests bench

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
