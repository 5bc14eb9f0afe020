# Two commands: `make run` starts the platform with demo data, `make test` runs every test.
# Each target installs what is missing first (uv, Python packages, PostgreSQL if stopped).

SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo $(CURDIR)/.tools/bin/uv)
VENV := $(CURDIR)/.venv
PYTEST_ARGS ?=
# Test files are spread over three pytest-xdist workers, each with its own brokers and
# databases (about 16 minutes instead of 50 in one process on 2 cores); scripts/ensure-postgres.sh
# raises PostgreSQL's max_connections for them. PYTEST_WORKERS=0 runs one process.
PYTEST_WORKERS ?= 3

.PHONY: install run test bench reliability lint postgres clean

$(UV):
	python3 -m venv $(CURDIR)/.tools
	$(CURDIR)/.tools/bin/pip install --quiet uv

$(VENV)/.synced: pyproject.toml uv.lock $(wildcard shared/pyproject.toml devtools/pyproject.toml services/*/pyproject.toml) | $(UV)
	$(UV) sync --frozen --all-packages --python 3.11
	touch $@

install: $(VENV)/.synced

postgres:
	@bash scripts/ensure-postgres.sh

run: install
	@bash scripts/ensure-packages.sh libharfbuzz-subset.so.0:libharfbuzz-subset0
	$(VENV)/bin/csp up

test: install postgres
	@bash scripts/ensure-packages.sh chromium:chromium chromedriver:chromium-driver pdftotext:poppler-utils jq:jq curl:curl \
		libharfbuzz-subset.so.0:libharfbuzz-subset0
	@set +e; $(VENV)/bin/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "no tests collected"; rc=0; fi; exit $$rc

bench: install postgres
	@bash scripts/ensure-packages.sh wrk:wrk
	$(VENV)/bin/python -m bench

# Kills processes for real and measures steady load; each line writes its own section of
# docs/reliability.md (add a run as one more line).
RELIABILITY_DOC := docs/reliability.md
reliability: install postgres
	$(VENV)/bin/python -m csp_devtools.reliability.chaos_harness --referrals 10000 --report $(RELIABILITY_DOC)
	$(VENV)/bin/python -m bench.sustained_load --seconds 60 --rate 200 --report $(RELIABILITY_DOC)
	CSP_FUZZ_EXAMPLES=1000 CSP_FUZZ_REPORT=$(RELIABILITY_DOC) $(VENV)/bin/python -m pytest tests/fuzz -q --show-capture=no

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy shared/src

clean:
	rm -rf .local .venv .tools .pytest_cache
