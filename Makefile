# The commands a contributor needs. `make demo` and `make test` work on a fresh machine.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
export FLASK_APP := mystery

.PHONY: install demo serve test test-fast lint format worker bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

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

## The whole suite: SQLite always; PostgreSQL, Redis and Chromium when present
test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## A Celery worker for report jobs (needs CELERY_BROKER_URL)
worker: install
	$(BIN)/celery -A mystery.reports.worker worker --loglevel=info --concurrency=2

## Every benchmark; each prints its ratios against the design's targets
bench: install
	$(BIN)/python bench/api.py
	$(BIN)/python bench/pdf.py
	$(BIN)/python bench/summary.py
	$(BIN)/python bench/pwa.py

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache

## Extract translatable texts, update the Danish and Swedish catalogs, compile them
.PHONY: translations
translations: install
	$(BIN)/pybabel extract -F mystery/reports/babel.cfg --no-location \
		-o mystery/translations/messages.pot .
	$(BIN)/pybabel update -i mystery/translations/messages.pot -d mystery/translations
	$(BIN)/pybabel compile -d mystery/translations
