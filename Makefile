# Two commands do all the set-up: `make build` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SYSTEM := $(VENV)/.system
TEST_STAMP := $(VENV)/.installed-test
BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: build check test golden clean bench serve publish codes

build: $(STAMP)
	$(BIN)/regiekaart build

check: $(STAMP)
	$(BIN)/regiekaart check

serve: $(STAMP)
	$(BIN)/regiekaart serve

publish: $(STAMP)
	$(BIN)/regiekaart publish

# The tests start some fifty Python processes (builds, serve, the real entry points): each
# reads the bytecode that the first compiled (in __pycache__, which git ignores), also
# where the environment says otherwise (PYTHONDONTWRITEBYTECODE).
test: $(TEST_STAMP)
	bash scripts/testsysteem.sh
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/pytest

# Rewrites the files in tests/golden from the current output (the tests marked 'golden',
# with REGIEKAART_GOLDEN=1); review the change with `git diff tests/golden` before committing it.
golden: $(TEST_STAMP)
	REGIEKAART_GOLDEN=1 $(BIN)/pytest -m golden
	git diff --stat -- tests/golden

# Writes the table of problem codes in README.md from the catalogue in generator/codes.py.
codes: $(STAMP)
	$(BIN)/python -m generator.codes

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(SYSTEM): scripts/systeem.sh | $(VENV)/bin/python
	bash scripts/systeem.sh
	touch $@

$(STAMP): pyproject.toml $(SYSTEM) | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

clean:
	rm -rf build

$(BENCH_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@

bench: $(BENCH_STAMP)
	$(BIN)/python scripts/bench.py
	$(BIN)/python scripts/bench_schaal.py
