# Two commands: `make up` (run the whole system locally) and `make test` (the whole suite). Both set themselves up.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000
STAGE ?= dev
# Test workers (pytest-xdist): one more than the CPUs (much of a test's time is spent waiting on a local server, a
# workflow's timed wait or a vote's deadline; on 2 CPUs the suite took 5:43-6:00 with 2 workers, 4:48 with 3, 5:01
# with 4); WORKERS=0 runs in one process. Each worker starts its own local
# cloud on free ports; tests/conftest.py's scheduler makes each test file one unit of work and gives the deploy tests
# and the e2e stack a worker each first.
WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) + 1 )))
PARALLEL = -n $(WORKERS) --dist loadscope --no-loadscope-reorder

.PHONY: up test setup mosquitto check lint typecheck generate routes openapi infra drift unit integration workflow e2e deploy-tests bench bench-load package cfn-lint simulate deploy admin clean

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

setup: $(STAMP) mosquitto

# The mini-program client (mobile_contracts/client): Node.js 20+ and npm; packages from the committed lock file.
CLIENT := mobile_contracts/client
NPM_STAMP := $(CLIENT)/node_modules/.installed
.PHONY: node client client-check
$(NPM_STAMP): $(CLIENT)/package.json $(CLIENT)/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "Node.js 20+ and npm are required for $(CLIENT)" >&2; exit 1; }
	cd $(CLIENT) && npm ci --no-audit --no-fund --loglevel=error
	touch $(NPM_STAMP)
node: $(NPM_STAMP)

# Debian's mosquitto stands in for IoT Core locally; installed when missing.
mosquitto:
	@if command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ]; then :; else \
	  echo "installing mosquitto (Debian package)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq mosquitto >/dev/null; \
	fi

# The duty-room console (console/): Vue 3 + Element Plus + ECharts built by Vite into console/dist, which `make up`
# serves; npm packages from its committed lock file; the API's message catalogue exported for it first.
CONSOLE_STAMP := console/node_modules/.installed
.PHONY: console console-typecheck chromium
$(CONSOLE_STAMP): console/package.json console/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "Node.js 20+ and npm are required for console/" >&2; exit 1; }
	cd console && npm ci --no-audit --no-fund --loglevel=error
	touch $(CONSOLE_STAMP)
console: $(STAMP) $(CONSOLE_STAMP)
	PYTHONPATH=. $(PY) console/scripts/export_labels.py
	cd console && npx vite build --logLevel warn
# The console's type check: vue-tsc over its .vue and .ts files and the typed client's sources they compile (the
# client's mini-program typings come from its own node_modules, `make node`); part of `make test`.
console-typecheck: $(STAMP) node $(CONSOLE_STAMP)
	PYTHONPATH=. $(PY) console/scripts/export_labels.py
	cd console && npx vue-tsc --noEmit -p tsconfig.json

# Debian's chromium for the browser tests (Playwright drives it; no browser download); installed when missing.
chromium:
	@if command -v chromium >/dev/null 2>&1; then :; else \
	  echo "installing chromium (Debian package)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

up: setup console
	$(PY) -m infra.localcloud up --port $(PORT)

test: setup node console console-typecheck chromium check
	$(PY) -m pytest -q $(PARALLEL)

unit: setup
	$(PY) -m pytest -q -m unit
integration: setup
	$(PY) -m pytest -q -m integration $(PARALLEL)
workflow: setup
	$(PY) -m pytest -q -m workflow $(PARALLEL)
e2e: setup node console chromium
	$(PY) -m pytest -q tests/e2e
# The deployable template: cfn-lint (China + global regions), stack create in moto, least privilege, tracing.
deploy-tests: setup
	$(PY) -m pytest -q tests/deploy

check: lint typecheck drift client-check

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy chalicelib

# Generated files must match their one source.
drift: $(STAMP) node
	$(PY) -m infra.build --check
	$(PY) -m chalicelib.kernel.lazy_routes --check
	$(PY) -m mobile_contracts.generate --check
	cd $(CLIENT) && node scripts/generate.mjs --check

generate: infra routes openapi client
infra: $(STAMP)
	$(PY) -m infra.build
# The route table app.py registers lazily (chalicelib/kernel/lazy_routes.py), from the endpoint declarations.
routes: $(STAMP)
	$(PY) -m chalicelib.kernel.lazy_routes
openapi: $(STAMP)
	$(PY) -m mobile_contracts.generate
# The client's types and operation table, from the contract (after `openapi` when both run).
client: node openapi
	cd $(CLIENT) && node scripts/generate.mjs
# tsc --noEmit against Tencent's miniprogram-api-typings (the wx transport) and the Node test's types; the contract
# through Redocly's recommended rules.
client-check: node
	cd $(CLIENT) && npm run --silent typecheck
	cd $(CLIENT) && node scripts/lint.mjs

bench: setup node console chromium
	$(PY) bench/cold_start.py
	$(PY) bench/tracing_init.py
	$(PY) bench/package_size.py
	$(PY) bench/ingestion.py
	$(PY) bench/image_pipeline.py
	$(PY) bench/visitor_passes.py
	$(PY) bench/alarms.py  # alarm published -> first notification, p50/p95
	$(PY) bench/cost_model.py --hours 0.25  # yuan a month per component and per household
	$(PY) bench/console.py  # the console: first-load bytes, alarm -> on the board p95, 1,000 open alarms
	$(PY) bench/owners_vote.py  # 5,000 ballots at once, p95 per ballot, the recount
	$(PY) bench/parking.py  # plate event -> barrier command p50/p95; the fee rule per stay
	$(PY) bench/care.py  # the signs-of-need run over 10,000 residents; fall -> guardian's push
	$(PY) bench/governance_partners.py  # the warning run; a feed page of 1,000 changes

# Load through its own `make up` stack (or: $(PY) bench/load.py --state .local/state.json against a running one).
bench-load: setup
	$(PY) bench/load.py
	$(PY) bench/load.py --burst 5000

# Lambda deployment package + CloudFormation template (chalice package merged with infra/).
package: $(STAMP)
	$(PY) -m infra.package --stage $(STAGE) --out build/$(STAGE)

# cfn-lint of the packaged template for cn-north-1, cn-northwest-1 and us-east-1 (`make test` runs it in tests/deploy).
cfn-lint: $(STAMP)
	$(PY) -m infra.lint --stage $(STAGE)

simulate: setup
	$(PY) -m iot.simulator.run --state .local/state.json

# Change-set deploy with boto3 (infra/deploy.py): shows the changes, asks, executes, waits, reports.
deploy: $(STAMP) console
	$(PY) -m infra.deploy --stage $(STAGE) $(if $(REGION),--region $(REGION)) $(if $(YES),--yes) $(if $(ACCEPT_INCOMPLETE),--accept-incomplete)

# The first platform admin of a deployed stack (README "First deploy"): asks for the password, prints the account.
admin: $(STAMP)
	$(PY) -m infra.admin --stage $(STAGE) $(if $(REGION),--region $(REGION)) --username $(USERNAME) --name "$(NAME)"

clean:
	rm -rf $(VENV) .local build vendor .pytest_cache .mypy_cache .ruff_cache $(CLIENT)/node_modules $(CLIENT)/build $(CLIENT)/dist console/node_modules console/dist console/src/generated
