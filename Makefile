# The two commands that do everything on a fresh machine:
#   make demo   set up, then run the whole pipeline on the bundled sample (examples/)
#   make test   set up, then lint and run the test suite (what CI runs, via .ci/run)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: setup browser demo test lint gate model-check bench-setup clean

setup: $(VENV)/.installed

# setup.py builds the compiled parts in place: the DOM walk (extract/_walk.c), the
# inner loops of dedup's copy evidence (dedup/_native.c), the MT model's n-gram counting
# (assess/_mt_native.c), the quality signals' token loop (assess/_quality_native.c) and the
# cleaner's keyword screens and line features (clean/_native.c), the news parser's text
# scans (news/_native.c), the readers' strict UTF-8 decode (io/_utf8.c), the Parquet footer
# codec (io/_thrift.c) and the language identifier's prediction (_lid.c)
$(VENV)/.installed: pyproject.toml setup.py src/newssift/extract/_walk.c src/newssift/dedup/_native.c \
		src/newssift/assess/_mt_native.c src/newssift/assess/_quality_native.c \
		src/newssift/clean/_native.c src/newssift/news/_native.c src/newssift/io/_thrift.c \
		src/newssift/io/_utf8.c src/newssift/_lid.c
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip 'setuptools>=77'
	$(BIN)/pip install --quiet -e '.[dev,ray,view,datatrove,train]'
	touch $@

demo: setup
	rm -rf demo-out
	$(BIN)/newssift run examples -o demo-out
	$(BIN)/newssift report demo-out
	@echo "records: demo-out/kept  rejected: demo-out/rejected  stats: demo-out/stats.json"
	@echo "open demo-out/report.html to see every decision with its evidence"

lint: setup
	$(BIN)/ruff check src tests bench train examples

# The viewer's browser tests drive Debian's headless Chromium; install it when running as
# root on a machine that lacks it (elsewhere those tests skip and say why).
browser:
	@if [ "$$(id -u)" = 0 ] && { ! command -v chromium || ! command -v chromedriver; } >/dev/null 2>&1; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y \
			--no-install-recommends chromium chromium-driver; \
	fi

# Quick benches with pinned quality floors (bench/gate_floors.toml): a regression fails here.
# Checks that need the public benchmark data (../shared, beside the clone in CI) say "skipped"
# when it is missing.
gate: setup
	$(BIN)/python -m bench.gate --shared ../shared

# The shipped news line model is what its trainer writes: refit stage one from ../shared and
# compare (about two minutes; docs/models.md, "Rebuilding v4 exactly").
model-check: setup
	$(BIN)/python -m train.train_lines --data ../shared/benchmarks --check src/newssift/models/lines_v4.npz

# The anchor tools the bench/ scripts run newssift against (the `bench` extra), and datatrove
# in its own environment for bench/pipeline.py (.venv-datatrove, pinned versions).
bench-setup: setup
	$(BIN)/pip install --quiet -e '.[bench]'
	$(PYTHON) -m venv .venv-datatrove
	.venv-datatrove/bin/pip install --quiet --upgrade pip
	.venv-datatrove/bin/pip install --quiet -r bench/requirements-datatrove.txt

# The suite on every core: each test file runs whole in one process (--dist loadfile), so a
# module's fixtures (one Ray instance, one generated corpus) are set up once.
test: lint browser gate
	$(BIN)/pytest -n auto --dist loadfile --durations=12

clean:
	rm -rf demo-out .pytest_cache .ruff_cache
