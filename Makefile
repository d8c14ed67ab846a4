# The two commands a newcomer needs are `make demo` and `make test`; the rest serve them.
.DEFAULT_GOAL := help
.PHONY: dummy_translations help demo test test-mysql test-workbench test-tutor quality typecheck pii_check upgrade requirements clean migrations-check lint \
	format extract_translations compile_translations pull_translations browser-deps test-browser dist test-dist mysql-driver \
	lint-js docs-screenshots bench bench-mysql

PYTHON_VERSION ?= 3.12
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) sandbox/manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
export PYTHONPATH := $(CURDIR)/sandbox:$(CURDIR)
# Python keeps its compiled modules (and pytest its assertion-rewritten test modules) between runs,
# whatever the shell says: each test worker imports some 400 modules, and compiling them all again
# costs every process seconds.
unexport PYTHONDONTWRITEBYTECODE

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*?## .*$$' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-22s %s\n", $$1, $$2}'

# The environment is rebuilt when a requirements file or the package metadata changes.
$(VENV)/.installed: requirements/test.txt requirements/constraints.txt setup.cfg pyproject.toml
	@test -x $(PY) || { \
	  for c in $$HOME/.pyenv/versions/$(PYTHON_VERSION)*/bin/python python$(PYTHON_VERSION); do \
	    if $$c -c 'import sys; sys.exit(sys.version_info[:2] != tuple(map(int, "$(PYTHON_VERSION)".split("."))))' 2>/dev/null; \
	    then echo "Building $(VENV) with $$c"; $$c -m venv $(VENV); break; fi; done; \
	  test -x $(PY) || { echo "Python $(PYTHON_VERSION) is required (for example: pyenv install $(PYTHON_VERSION))"; exit 1; }; }
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements/test.txt
	$(PY) -m pip install -q --no-deps -e .
	touch $@

requirements: $(VENV)/.installed ## build .venv with Python 3.12 and the pinned test requirements

demo: export SANDBOX_LMS_ROOT_URL = http://$(HOST):$(PORT)
demo: requirements ## migrate SQLite, seed the demo course and serve http://127.0.0.1:8000 (HOST=, PORT= to change)
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) seed_demo
	@echo "Serving the sandbox LMS on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(MANAGE) runserver $(HOST):$(PORT)

# The suites run on every core (pytest-xdist): each worker has its own test database (pytest-django
# suffixes its name with the worker id: test.sqlite3_gw0, test_revmentor_gw0) and live server
# port; a test file stays on one worker, files go out in the order collected (tests/conftest.py).
# TEST_WORKERS=0 runs them in one process.
TEST_WORKERS ?= auto
PARALLEL = -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

test: requirements browser-deps ## run every test on SQLite, the blocks in xblock-sdk's workbench, then the Tutor plugin (TEST_WORKERS=auto)
	$(PY) -m pytest $(PARALLEL)
	$(MAKE) --no-print-directory test-workbench
	$(MAKE) --no-print-directory test-tutor

test-workbench: requirements ## the four blocks in xblock-sdk's workbench (its own runtime, URLs and JavaScript)
	$(PY) -m pytest -p no:cacheprovider $(PARALLEL) tests/workbench --ds=tests.workbench.settings

# The Tutor plugin (tutor-contrib-revmentor/) is tested with the real `tutor` CLI in a virtualenv
# of its own: Tutor's dependencies conflict with the platform's pins (requirements/tutor.in), and
# operators install Tutor apart from the platform too. The plugin goes in as operators install
# it, a built (non-editable) distribution, afresh on every run; PYTHONPATH is cleared so that
# nothing from the checkout is imported in its place.
TUTOR_VENV := .venv-tutor

$(TUTOR_VENV)/.installed: requirements/tutor.txt
	@test -x $(TUTOR_VENV)/bin/python || { \
	  for c in $$HOME/.pyenv/versions/$(PYTHON_VERSION)*/bin/python python$(PYTHON_VERSION); do \
	    if $$c -c 'import sys; sys.exit(sys.version_info[:2] != tuple(map(int, "$(PYTHON_VERSION)".split("."))))' 2>/dev/null; \
	    then echo "Building $(TUTOR_VENV) with $$c"; $$c -m venv $(TUTOR_VENV); break; fi; done; \
	  test -x $(TUTOR_VENV)/bin/python || { echo "Python $(PYTHON_VERSION) is required (for example: pyenv install $(PYTHON_VERSION))"; exit 1; }; }
	PYTHONPATH= $(TUTOR_VENV)/bin/python -m pip install -q --upgrade pip
	PYTHONPATH= $(TUTOR_VENV)/bin/python -m pip install -q -r requirements/tutor.txt
	touch $@

test-tutor: $(TUTOR_VENV)/.installed ## the Tutor plugin: `tutor plugins enable revmentor`, `tutor config save`, the rendered env/
	rm -rf tutor-contrib-revmentor/build tutor-contrib-revmentor/*.egg-info  # no stale file in the wheel
	PYTHONPATH= $(TUTOR_VENV)/bin/python -m pip install -q --no-deps --no-build-isolation --force-reinstall ./tutor-contrib-revmentor
	PYTHONPATH= $(TUTOR_VENV)/bin/python -m pytest -p no:cacheprovider -n $(TEST_WORKERS) tutor-contrib-revmentor/tests

# The driver compiles against the MariaDB client headers, so it is not in requirements/test.txt:
# `make test` must work on a machine with nothing but Python.
mysql-driver: requirements
	@$(PY) -c "import MySQLdb" 2>/dev/null || { \
	  pkg-config --exists libmariadb 2>/dev/null || pkg-config --exists mysqlclient 2>/dev/null || { \
	    echo "make test-mysql builds mysqlclient, which needs the MariaDB client headers and pkg-config:"; \
	    echo "  Debian/Ubuntu: sudo apt-get install libmariadb-dev pkg-config"; \
	    echo "and a MariaDB or MySQL server on 127.0.0.1:3306, user root (MYSQL_HOST, MYSQL_USER, ... override)."; \
	    exit 1; }; \
	  $(PY) -m pip install -q -r requirements/mysql.txt; }

# tests/matching is the pure engine (no database), so it runs once, in `make test`.
test-mysql: mysql-driver browser-deps ## every test on MariaDB/MySQL (127.0.0.1:3306, root; needs libmariadb-dev)
	REVMENTOR_DB=mysql $(PY) -m pytest -p no:cacheprovider $(PARALLEL) --ignore=tests/matching

# Issue 14's figures against their goals (docs/performance.rst): 5,000 pairs, 50,000 sessions and a
# 50,000-pair CSV, served by gunicorn on 127.0.0.1, then the test suite timed (--suite). Takes a few
# minutes; BENCH_ARGS=--smoke for a quick check that every endpoint answers.
BENCH_ARGS ?= --suite
bench: requirements ## API benchmark on SQLite: every figure of docs/performance.rst with its goal
	$(PY) -m benchmarks.api $(BENCH_ARGS)

bench-mysql: mysql-driver ## the same on MariaDB/MySQL (127.0.0.1:3306, root; database revmentor_bench)
	REVMENTOR_DB=mysql $(PY) -m benchmarks.api $(BENCH_ARGS)

dist: requirements ## build the sdist and wheel into dist/ and check them with twine
	rm -rf dist *.egg-info  # a stale SOURCES.txt would hide a MANIFEST.in mistake
	$(PY) -m build --outdir dist . >/dev/null
	$(BIN)/twine check --strict dist/*

test-dist: dist browser-deps ## install the wheel into fresh Python 3.12 and 3.11 virtualenvs; run the contract and workbench tests
	scripts/test-installed-wheel 3.12 requirements/test.txt
	scripts/test-installed-wheel 3.11 requirements/py311.txt

quality: requirements lint lint-js typecheck migrations-check pii_check ## lint (Python and JavaScript), format check, types, layers, migrations, PII
	$(BIN)/lint-imports

lint: requirements
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# eslint and its rules come from npm (package.json at the root; the browser tests' packages are
# tests/browser's). npm is required here, not optional as for the browser tests: CI installs it.
NPM_CHECK = command -v npm >/dev/null 2>&1 || { \
	echo "npm not found: make lint-js needs Node.js 18.18 or newer and npm (apt-get install npm)"; exit 1; }

node_modules/.package-lock.json: package.json package-lock.json
	@$(NPM_CHECK)
	npm ci --no-audit --no-fund --silent

lint-js: node_modules/.package-lock.json ## eslint over the blocks' and the staff page's JavaScript
	@$(NPM_CHECK)
	npx --no-install eslint

typecheck: requirements ## mypy on data.py, policy.py, services/ and matching/ ([tool.mypy] in pyproject.toml)
	$(BIN)/mypy

format: requirements ## apply ruff's fixes and format
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: requirements ## fail if a model change has no migration
	DJANGO_SETTINGS_MODULE=sandbox_lms.test_settings $(MANAGE) makemigrations --check --dry-run revmentor

pii_check: requirements ## every model carries a PII annotation (code_annotations, 100%)
	DJANGO_SETTINGS_MODULE=sandbox_lms.test_settings $(BIN)/code_annotations django_find_annotations \
		--config_file .pii_annotations.yml --lint --report --coverage

# Translations as Open edX repositories keep them (OEP-58): edx-i18n-tools extracts the English
# source catalogs (conf/locale/config.yaml), openedx-translations holds the other languages and
# openedx-atlas pulls them (atlas.yml). "eo" is the pseudo-locale the tests read.
extract_translations: requirements ## Django and JavaScript source catalogs into conf/locale/en (i18n_tool extract)
	cd revmentor_plugin && PATH=$(CURDIR)/$(BIN):$$PATH ../$(BIN)/i18n_tool extract --no-segment

dummy_translations: requirements ## the pseudo-locale "eo" from the English catalogs (i18n_tool dummy; .mo by polib, no msgfmt)
	$(PY) scripts/dummy_locale.py

# ATLAS_OPTIONS="--filter=fr,de_DE --revision=release/verawood" narrows the pull.
ATLAS_OPTIONS ?=
pull_translations: requirements ## pull the translations from openedx-translations (atlas.yml), then compile them
	find revmentor_plugin/conf/locale -mindepth 1 -maxdepth 1 -type d -not -name en -not -name eo -exec rm -r {} +
	$(BIN)/atlas pull $(ATLAS_OPTIONS)
	$(MAKE) --no-print-directory compile_translations

compile_translations: requirements ## compile every language's catalogs under conf/locale (polib: no msgfmt needed)
	$(PY) scripts/dummy_locale.py --compile

browser-deps: ## axe-core from npm for the browser test (Chromium itself: apt-get install chromium)
	@if command -v npm >/dev/null 2>&1; then cd tests/browser && npm ci --no-audit --no-fund --silent; \
	else echo "npm not found: the browser tests will be skipped (apt-get install npm chromium)"; fi

test-browser: requirements browser-deps ## the learner journey in headless Chromium with axe-core; screenshots in artifacts/browser/
	REVMENTOR_REQUIRE_BROWSER=1 $(PY) -m pytest -m browser tests/browser

docs-screenshots: requirements browser-deps ## walk the course staff guide in headless Chromium; refresh docs/images/guide-*.png
	rm -f artifacts/browser/guide-*.png
	REVMENTOR_REQUIRE_BROWSER=1 $(PY) -m pytest -p no:cacheprovider -m browser tests/browser/test_guide_screenshots.py
	mkdir -p docs/images
	rm -f docs/images/guide-*.png
	cp artifacts/browser/guide-*.png docs/images/
	@du -ch docs/images/guide-*.png | tail -n 1

upgrade: export CUSTOM_COMPILE_COMMAND=make upgrade
upgrade: ## recompile the pinned requirements from the .in files
	$(PY) -m pip install -q pip-tools
	cd requirements && for f in base test dev mysql; do \
	  ../$(BIN)/pip-compile -q --upgrade --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links \
	    -o $$f.txt $$f.in; done
	@echo "Recompile requirements/py311.txt with Python 3.11's pip-compile (see requirements/py311.in)."

clean: ## remove the environment and generated files
	rm -rf $(VENV) $(TUTOR_VENV) sandbox/var artifacts .pytest_cache .mypy_cache pii_report build dist *.egg-info
