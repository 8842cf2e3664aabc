# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi

# htmx is fetched from the npm registry, pinned, and checked against this hash (never committed).
HTMX_VERSION := 2.0.11
HTMX_SHA256 := d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717
HTMX := static/vendor/htmx.min.js

# Country outlines for the map (Natural Earth 1:50m via world-atlas, ISC licence): fetched the
# same way, pinned and hash-checked, never committed; the server projects them into SVG.
ATLAS_VERSION := 2.0.2
ATLAS_SHA256 := 04342cdc1e3016bcd7db1630de95684d67b79fe3c8c460321e87aef469502394
ATLAS := static/vendor/world-atlas/countries-50m.json

# Knight Lab's TimelineJS, for the browser test that it renders the whole of /timeline.json: a
# test dependency only (never served by the app), fetched the same way into a test-only folder;
# the hash is the npm tarball's (it matches the registry's sha512 integrity), checked before use.
TIMELINEJS_VERSION := 3.9.11
TIMELINEJS_SHA256 := 5d6e925c9a2ea8276af7f2c1ddfce0addc12c66c2689bf329ae8754c8dd4b44b
TIMELINEJS_DIR := tests/browser/vendor/timelinejs-$(TIMELINEJS_VERSION)
TIMELINEJS := $(TIMELINEJS_DIR)/js/timeline.js

# Interface translations: .po files are the source, compiled to .mo by the set-up (not committed).
CATALOGS := $(wildcard quiz/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)

.PHONY: run test lint format check-content audit db bench clean system-deps translations

# Debian packages the tests need: chromium for the browser tests, PostgreSQL for the second run.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends

run: $(VENV)/.installed $(HTMX) $(ATLAS) $(COMPILED) db
	$(FLASK) run --host 127.0.0.1 --port 5000

test: $(VENV)/.test-installed $(HTMX) $(ATLAS) $(TIMELINEJS) $(COMPILED) system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(FLASK) content check
	$(FLASK) questions audit
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/pytest
	@echo "--- the same web suite against a throwaway PostgreSQL server ---"
	QUIZ_TEST_POSTGRES=1 $(BIN)/pytest tests/web

system-deps:
	@command -v chromium >/dev/null || { $(APT_INSTALL) chromium; }
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { $(APT_INSTALL) postgresql; }

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

format: $(VENV)/.test-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-content: $(VENV)/.installed
	$(FLASK) content check

# Every question kind, what each rule rejected, and every quiz students can be served: 0 violations.
audit: $(VENV)/.installed
	$(FLASK) questions audit

db: $(VENV)/.installed
	$(FLASK) db upgrade

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

%.mo: %.po $(VENV)/.installed
	$(BIN)/pybabel compile -i $< -o $@

# After changing interface text: refresh every catalogue, then translate the new entries.
translations: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l --no-location --sort-output -o quiz/translations/messages.pot .
	$(BIN)/pybabel update -i quiz/translations/messages.pot -d quiz/translations --no-fuzzy-matching

$(HTMX):
	@mkdir -p $(dir $@)
	@tmp=$$(mktemp -d) && \
	  (cd $$tmp && npm pack --silent htmx.org@$(HTMX_VERSION) >/dev/null) && \
	  tar -xzf $$tmp/htmx.org-$(HTMX_VERSION).tgz -C $$tmp package/dist/htmx.min.js && \
	  echo "$(HTMX_SHA256)  $$tmp/package/dist/htmx.min.js" | sha256sum --check --quiet && \
	  cp $$tmp/package/dist/htmx.min.js $@ && rm -rf $$tmp && \
	  echo "fetched htmx $(HTMX_VERSION) (sha256 checked) into $@"

$(ATLAS):
	@mkdir -p $(dir $@)
	@tmp=$$(mktemp -d) && \
	  (cd $$tmp && npm pack --silent world-atlas@$(ATLAS_VERSION) >/dev/null) && \
	  tar -xzf $$tmp/world-atlas-$(ATLAS_VERSION).tgz -C $$tmp package/countries-50m.json && \
	  echo "$(ATLAS_SHA256)  $$tmp/package/countries-50m.json" | sha256sum --check --quiet && \
	  cp $$tmp/package/countries-50m.json $@ && rm -rf $$tmp && \
	  echo "fetched world-atlas $(ATLAS_VERSION) countries-50m.json (sha256 checked) into $@"

# The script, its stylesheet and its icon font (the stylesheet's url()s are relative to js/).
$(TIMELINEJS):
	@mkdir -p $(TIMELINEJS_DIR)
	@tmp=$$(mktemp -d) && \
	  (cd $$tmp && npm pack --silent @knight-lab/timelinejs@$(TIMELINEJS_VERSION) >/dev/null) && \
	  echo "$(TIMELINEJS_SHA256)  $$tmp/knight-lab-timelinejs-$(TIMELINEJS_VERSION).tgz" | sha256sum --check --quiet && \
	  tar -xzf $$tmp/knight-lab-timelinejs-$(TIMELINEJS_VERSION).tgz -C $$tmp \
	    package/dist/js/timeline.js package/dist/css/timeline.css package/dist/css/icons && \
	  cp -r $$tmp/package/dist/css $(TIMELINEJS_DIR)/ && mkdir -p $(dir $@) && \
	  cp $$tmp/package/dist/js/timeline.js $@ && rm -rf $$tmp && \
	  echo "fetched TimelineJS $(TIMELINEJS_VERSION) (sha256 checked) into $(TIMELINEJS_DIR)"

clean:
	rm -rf $(VENV) static/vendor tests/browser/vendor .pytest_cache .ruff_cache

# Benchmarks (benchmarks/README.md): Debian's wrk drives the HTTP runs, PostgreSQL the class run,
# nginx the live class's scale-out run (started on loopback with a config of its own, never as a
# service: Debian's package does not start it in a container, and the run stops it by its pid).
bench: $(VENV)/.bench-installed $(HTMX) $(ATLAS) $(COMPILED)
	@command -v wrk >/dev/null || { $(APT_INSTALL) wrk; }
	@command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { $(APT_INSTALL) nginx; }
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { $(APT_INSTALL) postgresql; }
	$(BIN)/python -m benchmarks

$(VENV)/.bench-installed: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[bench]'
	touch $@
