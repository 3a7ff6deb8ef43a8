# Hansa: the two commands that matter are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_WORKERS ?= 2

.DEFAULT_GOAL := help
.PHONY: help install run test lint fmt bench lock clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is needed" if sys.version_info < (3, 11) else 0)'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q --require-hashes -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the locked dependencies

run: install ## Start Hansa with embedded PostgreSQL and Redis (Ctrl-C stops)
	$(BIN)/hansa up

lint: install ## ruff (format check + lint) and mypy (strict on platform/)
	@mkdir -p build/typing && ln -sfn ../../platform build/typing/hansa
	$(BIN)/ruff format --check platform tests bench
	$(BIN)/ruff check platform tests bench
	$(BIN)/mypy

test: lint ## Lint, then the whole test suite on real PostgreSQL and Redis
	$(BIN)/pytest -n $(PYTEST_WORKERS) -q

fmt: install ## Format and autofix
	$(BIN)/ruff format platform tests bench
	$(BIN)/ruff check --fix platform tests bench

bench: install ## Run the benchmarks; JSON lands in bench/results/
	$(BIN)/python -m bench.tenancy
	$(BIN)/python -m bench.authz

lock: install ## Re-resolve requirements.lock from pyproject.toml
	$(BIN)/python -m pip install -q uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements.lock

clean: ## Remove the virtualenv and caches (keeps .hansa data)
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
