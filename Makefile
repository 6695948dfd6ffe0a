# Accord — the two commands: `make run` and `make test`.
PYTHON ?= $(shell tools/find_python.sh)
VENV := .venv
BIN := $(VENV)/bin
export ACCORD_DATA_DIR ?= $(CURDIR)/var

.PHONY: run test test-slow install dev demo serve bench bench-full lint format messages clean

$(BIN)/python:
	@test -n "$(PYTHON)" || (tools/find_python.sh >/dev/null; exit 1)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed
dev: $(VENV)/.installed-dev

## make run: set up, migrate, load the demo, serve on http://127.0.0.1:$ACCORD_PORT (8000);
## `accord serve` prints the address it really serves.
run: install
	$(BIN)/accord migrate --verbosity 0
	$(BIN)/accord demo
	$(BIN)/accord serve --demo --no-migrate

## make test: lint, migrations check, SQLite, PostgreSQL and browser tests
test: dev
	tools/run_tests.sh

## make test-slow: the long live cross-checks against peer libraries (not part of make test)
test-slow: dev
	$(BIN)/pytest -m slow -q

lint: dev
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools

format: dev
	$(BIN)/ruff check --fix src tests benchmarks tools
	$(BIN)/ruff format src tests benchmarks tools

## make bench: engine vs peer libraries, side by side (under ten minutes)
bench: dev
	$(BIN)/python benchmarks/run.py

bench-full: dev
	$(BIN)/python benchmarks/run.py --full

## make messages: extract the marked strings into the French and Spanish catalogues, then
## compile them (translate the new entries in between: docs/languages.md)
messages: dev
	cd src/accord && ../../$(BIN)/accord makemessages -l fr -l es --ignore "*/tests/*"
	cd src/accord && ../../$(BIN)/accord compilemessages

clean:
	rm -rf $(VENV) var
