# Thi Đua — the verbs people need. `make run` and `make test` are the two that matter.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock requirements-dev.lock pyproject.toml | cksum | cut -d' ' -f1)
DEV    := DEBUG=1
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run demo test install lint format migrations-check i18n i18n-check ci screenshots bench bench-rush bench-scaleout bench-exports clean

$(STAMP): requirements.lock requirements-dev.lock pyproject.toml
	@bash scripts/make_venv.sh $(PYTHON) $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

## Set up, migrate, load the demo data and serve http://$(HOST):$(PORT) (SQLite by default).
run: install
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py seed_demo
	$(DEV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

## Reset the demo: empty the database (whichever DATABASE_URL names) and load the demo again.
demo: install
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py flush --noinput
	$(DEV) $(BIN)/python manage.py seed_demo

## The whole test suite (DATABASE_URL selects PostgreSQL; default SQLite), one worker per core
## (pytest-xdist, a file per worker so a module builds its shared world once; JOBS=1 for one).
JOBS ?= auto
test: install
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrations-check: install
	$(DEV) $(BIN)/python manage.py makemigrations --check --dry-run

## Refresh the catalogues after changing strings, then translate the new entries.
i18n: install
	$(DEV) $(BIN)/python manage.py makemessages -l vi --no-obsolete --ignore=.venv --ignore=tests --ignore=bench
	$(DEV) $(BIN)/python manage.py makemessages -d djangojs -l vi --no-obsolete --ignore=.venv --ignore=tests --ignore=bench --ignore=staticfiles
	$(DEV) $(BIN)/python manage.py compilemessages --ignore=.venv

## Fails on an untranslated or fuzzy Vietnamese entry, or a stale .mo file.
i18n-check: install
	$(BIN)/python scripts/check_translations.py

ci:
	bash .ci/run

## The HTTP benchmark: gunicorn (DEBUG off) on a generated PostgreSQL database, every page
## against /healthz/live (docs/performance.md). BENCH_ARGS="--size 10x35x15x30x10 …" for more.
bench: install
	$(BIN)/python bench/http_bench.py $(BENCH_ARGS)

## The year-end rush: 300 officers log in, save their sheet twice and open the ranking within
## 10 minutes, through gunicorn (docs/performance.md). RUSH_ARGS="--quick" for 30 officers in 30 s.
bench-rush: install
	$(BIN)/python bench/rush.py $(RUSH_ARGS)

## Two app servers on one PostgreSQL and one Redis: throughput side by side, shared lockout.
## SCALEOUT_ARGS="--quick --redis-url redis://127.0.0.1:6379/7" (a Redis database of its own).
bench-scaleout: install
	$(BIN)/python bench/scaleout.py $(SCALEOUT_ARGS)

## The older in-process benchmarks: exports on a province-sized year, the SQLite rush.
bench-exports: install
	$(DEV) $(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
