# Hansa: the two commands that matter are `make run` and `make test`.
PYTHON ?= python3
NPM    ?= npm
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
UI_STAMP  := frontend/node_modules/.installed
E2E_STAMP := frontend/e2e/node_modules/.installed
PYTEST_WORKERS ?= 2

.DEFAULT_GOAL := help
.PHONY: help install run test lint fmt bench lock clean frontend client e2e chromium

help: ## List the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is needed" if sys.version_info < (3, 11) else 0)'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q --require-hashes -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	@touch $(STAMP)

# `npm ci`: the lock holds every platform's optional packages (rollup's and esbuild's
# native builds; `npm run lock` in frontend/ regenerates it so), installs exactly it and
# never rewrites it.
$(UI_STAMP): frontend/package.json frontend/package-lock.json
	cd frontend && $(NPM) ci --no-audit --no-fund
	@touch $@

$(E2E_STAMP): frontend/e2e/package.json frontend/e2e/package-lock.json
	cd frontend/e2e && $(NPM) ci --no-audit --no-fund
	@touch $@

install: $(STAMP) $(UI_STAMP) ## Create .venv, install the locked Python and npm dependencies

frontend: $(UI_STAMP) ## Build the web UI into frontend/dist (served by the app)
	cd frontend && $(NPM) run build

run: install frontend ## Build the UI, start Hansa with embedded PostgreSQL and Redis (Ctrl-C stops)
	$(BIN)/hansa up

client: install ## Regenerate the OpenAPI document and the typed API client from the app
	$(BIN)/hansa openapi --out frontend/openapi.json
	cd frontend && $(NPM) run gen:api

lint: install ## ruff + mypy (strict on platform/), import contracts, ESLint + tsc, and a stale API client check
	$(BIN)/ruff format --check platform tests bench
	$(BIN)/ruff check platform tests bench
	@mkdir -p build/typing && ln -sfn ../../platform build/typing/hansa
	$(BIN)/mypy
	PYTHONPATH=build/typing $(BIN)/lint-imports
	$(BIN)/hansa openapi --out build/openapi.json
	@diff -q build/openapi.json frontend/openapi.json >/dev/null || \
		{ echo "frontend/openapi.json is stale: run 'make client' and commit"; exit 1; }
	cd frontend && $(NPM) run check:api && $(NPM) run typecheck && $(NPM) run lint

test: lint ## Lint, the Python suite on real PostgreSQL and Redis, Vitest, then the browser tests
	$(BIN)/pytest -n $(PYTEST_WORKERS) -q
	cd frontend && $(NPM) test
	$(MAKE) e2e

chromium: ## Install Debian's chromium for the browser tests when it is missing
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing Debian's chromium for the browser tests"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

e2e: install frontend chromium $(E2E_STAMP) ## Browser tests: Playwright drives chromium against a real server
	cd frontend/e2e && $(NPM) test

fmt: install ## Format and autofix
	$(BIN)/ruff format platform tests bench
	$(BIN)/ruff check --fix platform tests bench

bench: install ## Run the benchmarks; JSON lands in bench/results/
	$(BIN)/python -m bench.tenancy
	$(BIN)/python -m bench.authz
	$(BIN)/python -m bench.pricing
	$(BIN)/python -m bench.search
	$(BIN)/python -m bench.search_service
	$(BIN)/python -m bench.imports
	$(BIN)/python -m bench.http
	$(BIN)/python -m bench.piccolo
	$(BIN)/python -m bench.ordering.quick_order
	$(BIN)/python -m bench.ordering.placement
	$(BIN)/python -m bench.ordering.history
	$(BIN)/python -m bench.rfq

lock: install ## Re-resolve requirements.lock from pyproject.toml
	$(BIN)/python -m pip install -q uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements.lock

clean: ## Remove the virtualenvs, node_modules and caches (keeps .hansa data)
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build frontend/node_modules frontend/e2e/node_modules frontend/dist
