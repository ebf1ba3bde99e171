# Two commands matter: `make demo` (set up everything and serve the demo) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
HOST ?= 127.0.0.1:8000

.PHONY: setup demo serve test e2e lint bench clean

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

demo: setup
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py createcachetable
	DJANGO_DEBUG=1 $(PY) manage.py demo
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST)

serve: setup
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST)

# Every test that can run here: unit, API, workflow properties and (if Chromium is installed) browser tests.
test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

e2e: setup
	SHUANGLIAN_REQUIRE_BROWSER=1 $(PY) -m pytest e2e $(PYTEST_ARGS)

# ruff, then the import contracts (also run by `make test` through core/tests/test_house.py).
lint: setup
	$(VENV)/bin/ruff check shuanglian e2e bench
	$(VENV)/bin/lint-imports --no-cache

bench: setup
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles
