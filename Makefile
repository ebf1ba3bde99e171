# Two commands matter: `make demo` (set up everything and serve the demo) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
HOST ?= 127.0.0.1:8000
# The demo's own address, printed by `manage.py demo` and encoded in station QR codes: follows HOST
# unless set (e.g. HOST=0.0.0.0:8000 SHUANGLIAN_SITE_URL=http://192.168.1.5:8000 for phones on the LAN).
SHUANGLIAN_SITE_URL ?= http://$(HOST)
demo_host = $(firstword $(subst :, ,$(1)))
DEMO_ALLOWED_HOSTS ?= 127.0.0.1,localhost,$(call demo_host,$(HOST)),$(call demo_host,$(patsubst https://%,%,$(patsubst http://%,%,$(SHUANGLIAN_SITE_URL))))
# The demo runs as production does (DEBUG off), so a guessed address gets the site's own Chinese
# 404/403/500 pages, not Django's debug page listing every route; only transport security is off
# (plain http on HOST). WhiteNoise serves the static files; e-mail goes to the console.
DEMO_ENV = DJANGO_DEBUG=0 DJANGO_SECURE=0 SHUANGLIAN_SITE_URL=$(SHUANGLIAN_SITE_URL) \
	DJANGO_ALLOWED_HOSTS=$(DEMO_ALLOWED_HOSTS) DJANGO_EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend

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
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py createcachetable
	$(DEMO_ENV) $(PY) manage.py demo --i-know-this-is-a-demo
	$(DEMO_ENV) $(PY) manage.py runserver $(HOST)

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
