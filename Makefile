# The whole set-up on a fresh machine with python3: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export QT_QPA_PLATFORM ?= offscreen

.PHONY: run test lint typecheck pytest bench system-deps clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

system-deps:
	@bash packaging/system-deps.sh

run: system-deps $(STAMP)
	env -u QT_QPA_PLATFORM $(BIN)/pocketgui

lint: $(STAMP)
	$(BIN)/ruff check pocketgui tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: system-deps $(STAMP)
	$(BIN)/pytest

test: lint typecheck pytest

bench: system-deps $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
