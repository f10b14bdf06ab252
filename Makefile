# kuangqu — the two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev
DEMO   := demo
DEMO_DB := $(DEMO)/kuangqu.db
KQ     := KUANGQU_DB=$(DEMO_DB) KUANGQU_OPERATOR=demo $(BIN)/kuangqu
# On a PostgreSQL run the tests share one database, so they run in one process.
PYTEST_WORKERS := $(if $(KUANGQU_TEST_DATABASE_URL),,-n 2)

.PHONY: install demo test lint bench bench-ci sample clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev,encrypted]'
	touch $(STAMP)

install: $(STAMP)

## make test: install the test dependencies and run the whole suite (and the linters)
test: $(STAMP)
	$(BIN)/ruff check src tests tools sample_data
	$(BIN)/ruff format --check src tests tools sample_data
	$(BIN)/mypy
	$(BIN)/pytest -q $(PYTEST_WORKERS)

lint: $(STAMP)
	$(BIN)/ruff check src tests tools sample_data
	$(BIN)/ruff format --check src tests tools sample_data
	$(BIN)/mypy

## make demo: a fresh SQLite database loaded from sample_data/, and the main jobs working on it
demo: $(STAMP)
	@rm -rf $(DEMO) && mkdir -p $(DEMO)
	@bash tools/demo.sh "$(BIN)" "$(DEMO_DB)"

## make sample: regenerate the fictional sample mine (deterministic: same bytes every time)
sample: $(STAMP)
	$(BIN)/python sample_data/generate.py

bench: $(STAMP)
	$(BIN)/python -m kuangqu.bench

bench-ci: $(STAMP)
	$(BIN)/python -m kuangqu.bench --sizes 10000 --repeat 1

clean:
	rm -rf $(DEMO) dist build .pytest_cache .mypy_cache .ruff_cache
