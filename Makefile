# The two commands a newcomer needs: `make run` and `make test`. `make help` lists the rest.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
CATALOGUES := $(wildcard pledge/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGUES:.po=.mo)
export FLASK_APP := wsgi

.DEFAULT_GOAL := help
.PHONY: help run serve worker bench bench-wall bench-certs bench-seal bench-downloads bench-queue wrk test test-postgres reliability drills soak pg-client lint format install install-dev chromium translations messages

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 18

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed ## Create .venv and install the runtime dependencies

install-dev: $(VENV)/.installed-dev ## Install what the tests and linters need too

%.mo: %.po $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -i $< -o $@

translations: $(COMPILED) ## Compile the translation catalogues

messages: $(VENV)/.installed ## Extract strings and update the catalogues (after changing texts)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output -o pledge/translations/messages.pot .
	$(BIN)/pybabel update -i pledge/translations/messages.pot -d pledge/translations --no-fuzzy-matching --ignore-obsolete --width 100

run: install translations ## Migrate, load the regions and the demo event, serve on http://127.0.0.1:5000
	$(BIN)/flask db upgrade
	$(BIN)/flask pledge regions load
	$(BIN)/flask pledge keys init
	$(BIN)/flask pledge demo --if-empty
	$(BIN)/flask run --host 127.0.0.1 --port 5000

serve: install translations ## Serve with gunicorn as in production (PUBLIC_BASE_URL required; BIND, WEB_CONCURRENCY)
	$(BIN)/flask db upgrade
	$(BIN)/gunicorn wsgi:app

worker: install translations ## The certificate worker beside `make serve` (QUEUE_URL and PUBLIC_BASE_URL required)
	$(BIN)/flask pledge worker

chromium: ## Install Debian's chromium (browser tests) and poppler-utils (PDF pages as PNG) when missing
	@test -x /usr/bin/chromium && test -x /usr/bin/pdftoppm || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium poppler-utils; }

test: install-dev translations chromium ## Run the whole suite but the failure drills (SQLite; PostgreSQL when TEST_DATABASE_URL is set)
	$(BIN)/pytest --ignore=tests/drills

test-postgres: ## Run the whole suite on the PostgreSQL server at 127.0.0.1:5432
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test} $(MAKE) test

wrk:
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk; }

bench: install-dev translations wrk ## Run every benchmark and print one table (docs/PERFORMANCE.md)
	$(BIN)/python -m bench.run

reliability: install-dev translations ## Load (300 signers via gunicorn), fault and fuzz tests on SQLite and PostgreSQL, with a summary
	RELIABILITY=full TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test} \
		$(BIN)/pytest tests/reliability tests/test_transparency.py tests/test_hardening.py tests/test_abuse.py

pg-client:
	@command -v pg_dump >/dev/null && command -v pg_restore >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql-client; }

drills: install-dev translations pg-client ## Failure drills: Redis, PostgreSQL and the disk fail mid-load; upgrades with data; backups (root: mounts a tmpfs)
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test} \
		$(BIN)/pytest tests/drills

soak: install-dev translations ## Sign at half capacity for SOAK_SECONDS (600) via gunicorn, Redis, PostgreSQL: memory slope, p99, lost
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test} \
		$(BIN)/python -m tests.drills.soak

lint: install-dev ## Check style and security rules with ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev ## Rewrite the code in the project's style
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench-wall: install translations ## Only the wall's figures, with more detail (options: see bench/wall.py)
	$(BIN)/python bench/wall.py

bench-certs: install translations ## Only the certificates' and record's figures, with more detail
	$(BIN)/python bench/certificates.py
bench-seal: install translations ## Only one certificate's render and seal against a bare reportlab PDF (under a minute)
	$(BIN)/python bench/certificates.py --certificate-only
bench-downloads: install translations ## Streaming the ZIP of 1,000 certificates (stored, and rendered on the way)
	$(BIN)/python -m bench.run bench.downloads
bench-queue: install translations ## The certificate queue's drain rate and the ZIP of what it stored (BENCH_QUEUE_RECORDS)
	$(BIN)/python -m bench.run bench.certificate_queue
