# Two commands: `make up` (run the whole system locally) and `make test` (the whole suite). Both set themselves up.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000
STAGE ?= dev

.PHONY: up test setup mosquitto check lint typecheck generate openapi infra drift unit integration workflow e2e bench bench-load package simulate deploy clean

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

setup: $(STAMP) mosquitto

# Debian's mosquitto stands in for IoT Core locally; installed when missing.
mosquitto:
	@if command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ]; then :; else \
	  echo "installing mosquitto (Debian package)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq mosquitto >/dev/null; \
	fi

up: setup
	$(PY) -m infra.localcloud up --port $(PORT)

test: setup check
	$(PY) -m pytest -q

unit: setup
	$(PY) -m pytest -q tests/unit
integration: setup
	$(PY) -m pytest -q tests/integration
workflow: setup
	$(PY) -m pytest -q tests/workflow
e2e: setup
	$(PY) -m pytest -q tests/e2e

check: lint typecheck drift

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy chalicelib

# Generated files must match their one source.
drift: $(STAMP)
	$(PY) -m infra.build --check
	$(PY) -m mobile_contracts.generate --check

generate: infra openapi
infra: $(STAMP)
	$(PY) -m infra.build
openapi: $(STAMP)
	$(PY) -m mobile_contracts.generate

bench: setup
	$(PY) bench/cold_start.py
	$(PY) bench/package_size.py
	$(PY) bench/ingestion.py

# Load through its own `make up` stack (or: $(PY) bench/load.py --state .local/state.json against a running one).
bench-load: setup
	$(PY) bench/load.py
	$(PY) bench/load.py --burst 5000

# Lambda deployment package + CloudFormation template (chalice package merged with infra/).
package: $(STAMP)
	$(PY) -m infra.package --stage $(STAGE) --out build/$(STAGE)

simulate: setup
	$(PY) -m iot.simulator.run --state .local/state.json

deploy: package
	infra/deploy.sh $(STAGE) build/$(STAGE)

clean:
	rm -rf $(VENV) .local build vendor .pytest_cache .mypy_cache .ruff_cache
