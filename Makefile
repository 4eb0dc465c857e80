# Stepwise: one-word targets. Each works on a fresh Debian 12 machine: it installs what is
# missing (Debian packages with apt-get, the virtualenv, the npm packages) and skips what is there.
#
#   make run     migrate, load the demo practice, serve on http://127.0.0.1:$PORT (8000) with the task worker
#   make test    lint, type check, migrations check, the suite on SQLite, then on a throwaway PostgreSQL
#   make ci      the same as make test (.ci/run calls it)
#   make fmt     format and autofix
#   make lint    ruff and mypy only
#   make bench   the app under load: gunicorn + wrk at 20 and 2,000 engagements (never part of make test)

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
export DEBIAN_FRONTEND := noninteractive
export PIP_DISABLE_PIP_VERSION_CHECK := 1

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# Python 3.11 exactly (Django 5.2 LTS); Debian 12's python3 is 3.11.
PYTHON ?= $(shell command -v python3.11 || command -v python3 || echo python3)
PORT ?= 8000
# Two workers on two cores. worksteal balances the long files (the access walk, the browser
# flows); each worker starts its own test database, live server and Chromium.
PYTEST_ARGS ?= -n 2 --dist worksteal

# Debian packages as PACKAGE=CHECK: present if dpkg has it or CHECK succeeds (see scripts/apt.sh).
RUNTIME_PACKAGES := \
	python3='command -v $(PYTHON)' \
	python3-venv='$(PYTHON) -c "import ensurepip, venv"' \
	nodejs='command -v node' \
	npm='command -v npm' \
	libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
TEST_PACKAGES := \
	chromium='test -x /usr/bin/chromium' \
	postgresql='ls /usr/lib/postgresql/*/bin/initdb' \
	poppler-utils='command -v pdftotext' \
	default-jre-headless='command -v java' \
	qpdf='command -v qpdf'
# `make test` asks for both lists at once, so apt-get update runs once at most.
SYSTEM_PACKAGES = $(RUNTIME_PACKAGES)
test ci test-sqlite test-postgres: SYSTEM_PACKAGES = $(RUNTIME_PACKAGES) $(TEST_PACKAGES)
bench: SYSTEM_PACKAGES = $(RUNTIME_PACKAGES) wrk='command -v wrk'

# Tests never read a developer's .env database or production switch.
TEST_ENV := STEPWISE_ENV=development DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3

.PHONY: help setup system-packages run test ci fmt lint bench test-sqlite test-postgres

help:
	@sed -n 's/^#   make /  make /p' $(MAKEFILE_LIST)

# --- set-up (internal) --------------------------------------------------------------------

setup: system-packages $(VENV)/.installed node_modules/.installed var

system-packages:
	@scripts/apt.sh $(SYSTEM_PACKAGES)

$(PY): | system-packages
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Stepwise needs Python 3.11; set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)

# Re-install only when pyproject.toml changed since the last install.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json | system-packages
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

var:
	mkdir -p var

# --- run ------------------------------------------------------------------------------------

# Mail links and the demo's sign-in hint follow the port, unless SITE_URL is set.
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: setup
	$(MANAGE) migrate --no-input
	@if $(MANAGE) help demo >/dev/null 2>&1; then $(MANAGE) demo; else echo "(no demo command yet: skipping the demo practice)"; fi
	$(MANAGE) collectstatic --no-input --verbosity 0
	PORT=$(PORT) scripts/run.sh

# --- test -----------------------------------------------------------------------------------

# Browser tests (tests/browser/) run in both passes: they are the only tests where a live
# server thread and the test share a database, which is where SQLite and PostgreSQL differ.
test: setup lint
	$(TEST_ENV) $(MANAGE) makemigrations --check --dry-run
	@$(MAKE) --no-print-directory test-sqlite test-postgres

ci: test

# pytest exits 5 when it collects nothing; that fails the pass on purpose: an empty pass is a bug.
test-sqlite: setup
	@start=$$SECONDS; rc=0; \
	$(TEST_ENV) $(VENV)/bin/pytest $(PYTEST_ARGS) -m "not scaleout" || rc=$$?; \
	echo "SQLite pass: $$((SECONDS - start)) s"; exit $$rc

test-postgres: setup
	@start=$$SECONDS; rc=0; \
	$(TEST_ENV) scripts/pg.sh run $(VENV)/bin/pytest $(PYTEST_ARGS) || rc=$$?; \
	echo "PostgreSQL pass: $$((SECONDS - start)) s"; exit $$rc

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy stepwise

fmt: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# bench/run.py's docstring lists its settings (BENCH_SECONDS=5 for a quick try, BENCH_SIZES,
# BENCH_DATABASE_URL for PostgreSQL); it writes bench/results-<date>-<vendor>.md. Then, in-process:
# the SMART check, and the 360 report of 60 raters and 50 questions (page and PDF).
bench: setup
	$(PY) bench/run.py
	$(PY) bench/smart.py
	$(PY) bench/report360.py
