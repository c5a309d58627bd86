# ep-tui — every target sets up what it needs. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8765

.DEFAULT_GOAL := help
.PHONY: help demo test lint fmt mock bench reliability clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "ep-tui needs Python 3.11 or newer (set PYTHON=…)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP) ## Start the app against the embedded mock server (demo data)
	$(BIN)/ep-tui --demo

test: lint $(STAMP) ## Lint, check the layering, and run every test
	$(BIN)/python -m pytest -q

lint: $(STAMP) ## ruff (lint + format), the layering contracts, mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

fmt: $(STAMP) ## Format the code and fix what ruff can
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

mock: $(STAMP) ## Run the mock server on 127.0.0.1:$(PORT) with test controls
	$(BIN)/ep-mock-server --port $(PORT) --enable-test-controls --log-level info

bench: $(STAMP) ## Run the benchmarks and write bench/RESULTS.md
	$(BIN)/python -m bench

reliability: $(STAMP) ## Run the fault suite and write docs/RELIABILITY.md from its results
	EP_RELIABILITY_DOC=docs/RELIABILITY.md $(BIN)/python -m pytest -q -m faults tests/faults

clean: ## Remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build *.egg-info
