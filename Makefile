# The two commands that do everything on a fresh machine:
#   make demo   set up, then run the whole pipeline on the bundled sample (examples/)
#   make test   set up, then lint and run the test suite (what CI runs, via .ci/run)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: setup demo test lint bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,ray]'
	touch $@

demo: setup
	rm -rf demo-out
	$(BIN)/newssift run examples -o demo-out
	$(BIN)/newssift report demo-out
	@echo "records: demo-out/kept  rejected: demo-out/rejected  stats: demo-out/stats.json"
	@echo "open demo-out/report.html to see every decision with its evidence"

lint: setup
	$(BIN)/ruff check src tests bench train examples

test: lint
	$(BIN)/pytest

clean:
	rm -rf demo-out .pytest_cache .ruff_cache
