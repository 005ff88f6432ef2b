# Petajalan: `make run` serves the demo city on SQLite; `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := run
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

# Python >= 3.12, preferring 3.12: python3.12 on PATH if it really runs, else pyenv's 3.12.x, else
# any newer python3.1x on PATH or in pyenv.
find_python = ok() { "$$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; }; \
  if ok python3.12; then command -v python3.12; exit 0; fi; \
  if command -v pyenv >/dev/null 2>&1; then \
    for v in $$(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9])(\.[0-9]+)?$$' | sort -V); do \
      p="$$(pyenv root)/versions/$$v/bin/python3"; if ok "$$p"; then echo "$$p"; exit 0; fi; done; fi; \
  for c in python3.13 python3.14 python3; do if ok $$c; then command -v $$c; exit 0; fi; done; \
  echo "Python 3.12 or newer not found: install it (e.g. pyenv install 3.12)" >&2; exit 1

.PHONY: run venv test lint bench messages clean worker serve

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || { PY="$$($(find_python))" && echo "Creating $(VENV) with $$PY" && "$$PY" -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@rm -f $(VENV)/.installed-* && touch $@

# Bytecode for the project's own modules, as an installed package has it (pip compiles the
# dependencies): a process then starts without compiling ~120 modules, even where
# PYTHONDONTWRITEBYTECODE is set (decision 0056). Cheap when nothing changed.
.PHONY: bytecode
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q -j 0 petajalan bench >/dev/null

venv: $(STAMP)

run: bytecode
	@mkdir -p var
	$(BIN)/petajalan migrate --no-input -v0
	$(BIN)/petajalan load_frameworks
	$(BIN)/petajalan load_demo
	@echo "Petajalan (demo data, fictional) at http://127.0.0.1:$(PORT)/"
	$(BIN)/petajalan runserver 127.0.0.1:$(PORT)

test: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check petajalan bench
	$(BIN)/ruff format --check petajalan bench
	$(BIN)/mypy petajalan

bench: bytecode
	$(BIN)/python -m bench

# National size on PostgreSQL (databases scale_6 and scale_60, rebuilt): pages at 6 and 60
# governments and the ratio; SCALE_ARGS="--sizes 1,3" for a quick run (docs/deployment.md).
SCALE_ARGS ?=
.PHONY: bench-scale
bench-scale: bytecode
	$(BIN)/python -m bench.scale $(SCALE_ARGS)

messages: $(STAMP)
	cd petajalan && ../$(BIN)/petajalan makemessages -l en --no-obsolete && ../$(BIN)/petajalan compilemessages -l en

# Production-like processes (see docs/deployment.md).
serve: bytecode
	$(BIN)/granian --interface wsgi --host 127.0.0.1 --port $(PORT) --workers 2 --blocking-threads 1 petajalan.wsgi:application

# One worker per id; tasks a killed worker left "running" are marked failed first (decision 0082).
WORKER_ID ?= $(shell hostname)-1
worker: bytecode
	$(BIN)/petajalan fail_lost_tasks --worker-id $(WORKER_ID)
	$(BIN)/petajalan db_worker --worker-id $(WORKER_ID)

# Load test (docs/deployment.md, "Load test"): resets the PostgreSQL database petajalan_load on
# 127.0.0.1:5432, seeds it, serves it with granian (2 workers) on a free port, runs 50 users for 60 s,
# stops the server and prints the figures; fails on any error or lost write.
# make load LOAD_ARGS="--users 5 --seconds 10"
LOAD_ARGS ?=
.PHONY: load
load: bytecode
	$(BIN)/python -m bench.load_make $(LOAD_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
