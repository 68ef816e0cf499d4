# Two commands set up a fresh machine: `make demo` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DAIHOI := $(VENV)/bin/daihoi
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo serve test lint messages compilemessages install install-dev system-deps clean

$(VENV)/.base: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.dev: $(VENV)/.base
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.base compilemessages

install-dev: system-deps $(VENV)/.dev compilemessages

# Debian packages the tests need (browser, gettext, ICU headers, PDF tools, fonts; haproxy and redis-server for
# the multi-server test). Skipped when present.
system-deps:
	bash scripts/system-deps.sh

compilemessages: $(VENV)/.base
	$(PY) -m daihoi.i18n_build compile

# Regenerate a catalog after changing strings: make messages APP=organizations (APP=. for the project)
messages: $(VENV)/.dev
	$(PY) -m daihoi.i18n_build make $(APP)

demo: install
	$(DAIHOI) migrate --no-input
	$(DAIHOI) collectstatic --no-input --verbosity 0
	@# Exit 2: the demo is already loaded (the command says so); serve what is there.
	$(DAIHOI) demo || [ $$? -eq 2 ]
	$(DAIHOI) serve --host $(HOST) --port $(PORT)

serve: install
	$(DAIHOI) serve --host $(HOST) --port $(PORT)

test: install-dev
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy src

clean:
	rm -rf $(VENV) var/*.sqlite3* build *.egg-info
