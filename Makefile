# Knotwork: `make run` serves the demo on SQLite; `make test` runs the whole suite.
# Both do their own set-up on a fresh machine (virtualenv, install, migrate, demo data).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 5000
WORKERS ?= 2
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
# pytest-xdist workers for the suites: one per core (each has its own database); JOBS=0 runs serially.
JOBS ?= auto
XDIST := -n $(JOBS)
export FLASK_APP := notes_app

.PHONY: run test test-postgres reliability reliability-postgres reliability-ci e2e bench bench-pages bench-profile bench-load bench-taps lint clean translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# uv installs in about a second when present; pip is the fallback everywhere else.
$(VENV)/.runtime: pyproject.toml | $(BIN)/python
	@if command -v uv >/dev/null 2>&1; then uv pip install -q --python $(BIN)/python -e .; \
	else $(BIN)/pip install -q -e .; fi
	$(BIN)/pybabel compile -d notes_app/translations >/dev/null
	@touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	@if command -v uv >/dev/null 2>&1; then uv pip install -q --python $(BIN)/python -e '.[test]'; \
	else $(BIN)/pip install -q -e '.[test]'; fi
	$(BIN)/pybabel compile -d notes_app/translations >/dev/null
	@touch $(VENV)/.runtime $@

instance:
	mkdir -p instance

## run: migrate the embedded SQLite database, load the demo clinic and serve on 127.0.0.1:$(PORT)
run: $(VENV)/.runtime | instance
	$(BIN)/flask db upgrade
	$(BIN)/flask demo seed
	@echo "Knotwork on http://127.0.0.1:$(PORT)  (demo logins in README.md, password knotwork-demo)"
	$(BIN)/gunicorn --bind 127.0.0.1:$(PORT) --workers $(WORKERS) --timeout 30 \
		--no-control-socket --pid instance/gunicorn.pid "notes_app:create_app()"

## test: the whole suite (browser tests too when Chromium is installed)
test: $(VENV)/.test
	$(BIN)/python -m pytest $(XDIST) --durations=15 -m "not reliability"

## test-postgres: the suite against PostgreSQL (browser tests excluded: they run on SQLite)
test-postgres: $(VENV)/.test
	DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest $(XDIST) --durations=15 --ignore=tests/e2e -m "not reliability"

## reliability: every reliability family (crash, race, hostile input and uploads, PDFs,
## backups, migrations on data) on SQLite
reliability: $(VENV)/.test
	$(BIN)/python -m pytest $(XDIST) --durations=10 -m reliability tests/reliability

## reliability-ci: what CI runs: every reliability family on SQLite, then on PostgreSQL
reliability-ci: $(VENV)/.test
	$(BIN)/python -m pytest $(XDIST) --durations=10 -m reliability tests/reliability
	DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest $(XDIST) --durations=10 -m reliability tests/reliability

## reliability-postgres: every reliability family on PostgreSQL
reliability-postgres: $(VENV)/.test
	DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest $(XDIST) --durations=10 -m reliability tests/reliability

## e2e: only the browser tests (screenshots land in test-artifacts/screenshots)
e2e: $(VENV)/.test
	$(BIN)/python -m pytest $(XDIST) tests/e2e

## bench: benchmarks, printed as ratios measured side by side in one run
bench: $(VENV)/.test
	$(BIN)/python bench/aftercare_bench.py
	$(BIN)/python bench/pages_bench.py $(BENCH_ARGS)

## bench-pages: busy pages at 1k and 10k clients: statements, p50/p95, gunicorn + wrk vs a bare page
bench-pages: $(VENV)/.test
	$(BIN)/python bench/pages_bench.py $(BENCH_ARGS)

## bench-profile: where the throughput pages' time goes (in-process, cProfile split, vs the bare page)
bench-profile: $(VENV)/.test
	$(BIN)/python bench/profile_pages.py $(BENCH_ARGS)

## bench-load: 50 virtual therapists for 5 minutes on gunicorn + PostgreSQL (DATABASE_URL or local)
bench-load: $(VENV)/.test
	$(BIN)/python bench/load_scenario.py $(BENCH_ARGS)

## bench-taps: chart issue 17's follow-up note at 1024x768 touch; prints actions and swipes
bench-taps: $(VENV)/.test
	$(BIN)/python bench/taps.py

## lint: ruff over the whole tree (rules in pyproject.toml; the code is not auto-formatted)
lint: $(VENV)/.test
	$(BIN)/ruff check .

## translations: extract the marked strings, update the fr/es catalogs, compile them
## (--ignore-dirs: pybabel skips _folders by default, and templates/_macros holds strings too)
translations: $(VENV)/.runtime
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ --no-location --sort-output -w 100 \
		--ignore-dirs '.* __pycache__' \
		--project Knotwork -o notes_app/translations/messages.pot notes_app templates
	$(BIN)/pybabel update -N --ignore-obsolete -w 100 -i notes_app/translations/messages.pot \
		-d notes_app/translations
	$(BIN)/pybabel compile -d notes_app/translations >/dev/null

clean:
	rm -rf $(VENV) test-artifacts .hypothesis *.egg-info
