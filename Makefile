# eventbridge-structs developer entry points. Every target installs what it
# needs into .venv first, so each works on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
QUICK  ?=

.PHONY: demo test lint schema generate export-botocraft readme bench fuzz clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade "pip>=25.1"

# One stamp per dependency group, remade when pyproject.toml changes.
$(VENV)/.%.stamp: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e . --group $*
	touch $@

demo: $(VENV)/.demo.stamp
	$(PY) examples/demo.py

test: $(VENV)/.test.stamp
	$(PY) -m pytest -q

lint: $(VENV)/.lint.stamp
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict src
	$(BIN)/lint-imports

schema: $(VENV)/.test.stamp
	$(PY) tools/write_schemas.py

# The event modules and the catalogue, from specs/ (ruff lays them out).
generate: $(VENV)/.test.stamp
	PATH="$(CURDIR)/$(BIN):$$PATH" $(PY) tools/generate.py

# The README's generated sections (event types, strictness, benchmarks), then
# the package description made from it (README.pypi.md, absolute links).
readme: $(VENV)/.test.stamp
	$(PY) tools/readme.py
	$(PY) tools/pypi_readme.py

# specs/botocraft-*/ anew from the pinned botocraft (then `make generate`).
export-botocraft: $(VENV)/.test.stamp
	$(PY) tools/export_botocraft.py

bench: $(VENV)/.bench.stamp
	$(PY) -m benchmarks $(if $(QUICK),--quick,)

# Instructions per event of the main paths under valgrind's callgrind (N and
# 2N events, differenced); writes benchmarks/instructions.json for the README.
# BASELINE=REV also counts our paths at that commit.
.PHONY: bench-instructions
bench-instructions: $(VENV)/.bench.stamp
	$(PY) -m benchmarks.instructions $(if $(BASELINE),--baseline $(BASELINE),)

fuzz: $(VENV)/.fuzz.stamp
	$(PY) fuzz/run.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis

# Firehose archives to typed Parquet (issue 16): one process against DuckDB
# and json.loads + pyarrow, --jobs 2 and Dask against one process, memory as
# the input grows; writes benchmarks/parquet_results.json (QUICK=1: a smoke
# run that writes to a temporary file).
.PHONY: bench-parquet
bench-parquet: $(VENV)/.test.stamp
	$(PY) benchmarks/parquet_bench.py $(if $(QUICK),--quick --out $$(mktemp),)

# decode/validate --jobs 2 against --jobs 1 on a ~100 MB NDJSON file (issue
# 17, item 4): wall and CPU time, medians of alternating runs; writes
# benchmarks/jobs_results.json (QUICK=1: a 10 MB smoke run that writes to a
# temporary file).
.PHONY: bench-jobs
bench-jobs: $(VENV)/.test.stamp
	$(PY) benchmarks/jobs_bench.py $(if $(QUICK),--quick --out $$(mktemp),)
