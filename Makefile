# The commands a contributor needs. `make demo` and `make test` work on a fresh machine.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
HASH := $(shell cksum pyproject.toml | cut -d' ' -f1)
# Two installs: running the app needs only the package; tests and linting add the dev tools.
RUN_STAMP := $(VENV)/.run-$(HASH)
DEV_STAMP := $(VENV)/.dev-$(HASH)
export FLASK_APP := mystery

.PHONY: install install-dev demo serve test test-fast lint format worker beat bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	test -f $(DEV_STAMP) || $(BIN)/python -m pip install -q --disable-pip-version-check -e .
	rm -f $(VENV)/.run-*
	touch $(RUN_STAMP)

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[dev]'
	rm -f $(VENV)/.dev-* $(VENV)/.installed-*
	touch $(DEV_STAMP) $(RUN_STAMP)

install: $(RUN_STAMP)

install-dev: $(DEV_STAMP)

## Fresh demo database, seeded, served on http://127.0.0.1:5000
demo: install
	rm -rf instance/mystery.db instance/mystery.db-wal instance/mystery.db-shm instance/media
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo
	SESSION_COOKIE_SECURE=0 $(BIN)/flask run --host 127.0.0.1 --port 5000

## Serve the existing database without reseeding
serve: install
	$(BIN)/flask db upgrade
	SESSION_COOKIE_SECURE=0 $(BIN)/flask run --host 127.0.0.1 --port 5000

## The whole suite: SQLite always; PostgreSQL, Redis and Chromium when present. Parallel
## workers (pytest-xdist), each with a PostgreSQL database of its own; TEST_WORKERS=0 runs serially.
TEST_WORKERS ?= 2
test: install-dev
	$(BIN)/pytest -n $(TEST_WORKERS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## A Celery worker for report jobs (needs CELERY_BROKER_URL)
worker: install
	$(BIN)/celery -A mystery.worker worker --loglevel=info --concurrency=2

## Celery beat: reminders every 15 minutes, outbox retries every 30 s (needs CELERY_BROKER_URL)
beat: install
	$(BIN)/celery -A mystery.worker beat --loglevel=info

## Every benchmark; each prints its ratios against the design's targets
bench: install-dev
	$(BIN)/python bench/api.py
	$(BIN)/python bench/pdf.py
	$(BIN)/python bench/summary.py
	$(BIN)/python bench/pwa.py
	$(BIN)/python bench/integrity.py
	$(BIN)/python bench/payouts.py

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache

## Extract translatable texts, update the Danish and Swedish catalogs, compile them
.PHONY: translations
translations: install
	$(BIN)/pybabel extract -F mystery/reports/babel.cfg --no-location \
		-o mystery/translations/messages.pot .
	$(BIN)/pybabel update -i mystery/translations/messages.pot -d mystery/translations
	$(BIN)/pybabel compile -d mystery/translations
