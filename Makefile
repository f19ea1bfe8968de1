# Invest Portal: `make run` serves the sample site, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help run prepare preview check test lint lint-imports bench translations clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(BIN)/portal: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

run: $(BIN)/portal prepare ## Install, prepare and serve the sample site on http://$(HOST):$(PORT)/ (PORT= to change)
	@echo "Serving the sample site on http://$(HOST):$(PORT)/ (another port: make run PORT=8080). Ctrl-C stops it."
	@echo "Saved changes in content/ are published by themselves within seconds."
	@# The mail sender runs beside the server and stops with it (Ctrl-C, or when serve exits).
	@$(BIN)/portal outbox send --loop & sender=$$!; \
	trap 'kill $$sender 2>/dev/null; wait $$sender 2>/dev/null' EXIT; trap 'exit 0' INT TERM; \
	$(BIN)/portal serve --host $(HOST) --port $(PORT)

prepare: $(BIN)/portal ## Build derived data: translations, the database, a published generation (images, index)
	@$(BIN)/portal prepare

preview: $(BIN)/portal ## For staff: the working copy on http://127.0.0.1:5000/ (PORT= to change), updated on save, problems shown
	@$(BIN)/portal preview --port $(if $(filter-out file,$(origin PORT)),$(PORT),5000)

check: $(BIN)/portal ## Validate the content folder; lists every problem with file, line and field
	$(BIN)/portal check

# One worker per core (pytest-xdist); a file's tests stay together, so its fixtures are built once.
test: $(BIN)/portal tests/tools/node_modules lint-imports ## Run the whole test suite (after the import-layer check)
	$(BIN)/pytest -n auto --dist loadfile --durations=30

# The HTML checker and axe-core, pinned by tests/tools/package-lock.json. Without npm the gates
# that need them skip with a reason (and fail in CI, where PORTAL_REQUIRE_ALL=1).
tests/tools/node_modules: tests/tools/package-lock.json
	@if command -v npm >/dev/null; then npm ci --prefix tests/tools --no-audit --no-fund --ignore-scripts && touch $@; \
	else echo "npm not found: HTML validity and accessibility gates will be skipped"; fi

lint-imports: $(BIN)/portal ## Check that every import runs downward (the layers in pyproject.toml)
	$(BIN)/lint-imports --no-cache

lint: $(BIN)/portal ## Check style with ruff
	$(BIN)/ruff check portal tests bench

bench: $(BIN)/portal ## Measure start-up, render time, memory and throughput; writes bench/out/
	$(BIN)/python -m bench

translations: $(BIN)/portal ## Extract strings, update the catalogs in translations/, generate zh_Hant from zh
	$(BIN)/portal translate update

clean: ## Remove the virtualenv and generated data
	rm -rf $(VENV) instance .pytest_cache
