# Two commands from a fresh clone: `make run` serves the demo site, `make test` runs every check.
# Everything lives in .venv; nothing outside the checkout is installed.

VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
MANAGE := $(PY) manage.py
HOST   ?= 127.0.0.1
PORT   ?= 8000
# Where links in pages and emails lead: the address served, unless SITE_URL says otherwise.
SITE_URL ?= http://$(HOST):$(PORT)

.DEFAULT_GOAL := help
.PHONY: help setup run serve demo test lint audit format migrate clean messages

help:
	@echo "make run    set up, load demo content, serve http://$(HOST):$(PORT) with a task worker"
	@echo "           (HOST=... PORT=... choose the address; links and emails follow them)"
	@echo "make test   set up, then ruff, manage.py check, migrations check and pytest"
	@echo "make setup  create .venv and install the project with its dev extras"
	@echo "make demo   load the demo content (safe to run again)"
	@echo "make serve  the production stack (gunicorn, DEBUG off) on http://$(HOST):$(PORT)"
	@echo "           (both serve the live comment stream with uvicorn on PORT+1)"
	@echo "make audit  security checks: bandit on our code, pip-audit on the dependencies"
	@echo "make format apply ruff's fixes and formatting"
	@echo "make messages  collect the strings to translate into locale/{de,ar}/LC_MESSAGES/*.po"

# The virtualenv is rebuilt when pyproject.toml changes.
$(STAMP): pyproject.toml
	@python_bin="$$(scripts/find-python)" || exit 1; \
	if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$python_bin"; "$$python_bin" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# The translations (locale/*/LC_MESSAGES/*.po) compiled for Django, in pure Python.
setup: $(STAMP)
	$(MANAGE) compile_catalogues --verbosity 0

migrate: setup
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo

# The server and, beside it, the task worker that sends email (scripts/run-dev stops both);
# both build their links from SITE_URL, so that emails lead to the port served.
run: demo
	$(MANAGE) ensure_local_accounts --url $(SITE_URL)/admin/
	SITE_URL=$(SITE_URL) scripts/run-dev $(PY) $(HOST):$(PORT)

serve: demo
	HOST=$(HOST) PORT=$(PORT) scripts/serve

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# High-severity findings fail; pip-audit asks PyPI's vulnerability data about every
# installed distribution (it needs the network).
audit: setup
	$(VENV)/bin/bandit -c pyproject.toml -r . --severity-level high --quiet
	$(VENV)/bin/pip-audit --skip-editable --progress-spinner off

# Python, Django and Jinja2 templates and JavaScript, into every language's catalogue
# (needs GNU gettext; README, "Languages").
messages: setup
	$(MANAGE) makemessages --no-obsolete
	$(MANAGE) compile_catalogues

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: lint
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/pytest

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache .ruff_cache
