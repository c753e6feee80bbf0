# Fengqiao — two commands: `make run` and `make test`. Both install what they need first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SITE = $(shell $(PY) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
BUF := node_modules/.bin/buf
# ECharts from npm, bundled into the gateway's static files (the board page; no CDN).
ECHARTS := services/gateway/static/vendor/echarts.min.js
# Swagger UI and ReDoc from npm, for /docs and /redoc without internet (services/gateway/routes/docs.py).
VENDOR := services/gateway/static/vendor
DOCS_ASSETS := $(VENDOR)/swagger-ui-bundle.js $(VENDOR)/swagger-ui.css $(VENDOR)/swagger-favicon-32x32.png $(VENDOR)/redoc.standalone.js
# Bootstrap's stylesheet from npm: the one CSS toolkit of the console, ops, resident pages and board
# (services/gateway/static/console.css adds only what Bootstrap does not give).
BOOTSTRAP := $(VENDOR)/bootstrap.min.css
STATIC_ASSETS := $(ECHARTS) $(DOCS_ASSETS) $(BOOTSTRAP)
# Debian packages the tests need: Chromium and a CJK font for the console's browser tests (Playwright
# drives /usr/bin/chromium), jq for the README walkthroughs (tests/e2e/test_readme_walkthroughs.py).
TEST_PACKAGES := /usr/bin/chromium /usr/share/fonts/truetype/wqy/wqy-microhei.ttc /usr/bin/jq
PYTEST_ARGS ?=

.PHONY: run demo simulate test install protos lint lint-protos unit workflows integration e2e histories clean static vendor-js

$(PY):
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed, found " + sys.version' 
	$(PYTHON) -m venv $(VENV)

# Installs pinned dependencies when requirements or constraints change — the runtime list and the
# development tools on top (requirements-dev.txt; the container image installs only the runtime
# list) — and puts the project and its generated code on the venv's path (what an editable install
# would do).
$(VENV)/.installed: requirements.txt requirements-dev.txt constraints.txt | $(PY)
	$(PY) -m pip install --disable-pip-version-check -q -r requirements-dev.txt -c constraints.txt
	printf '%s\n%s\n' "$(CURDIR)" "$(CURDIR)/gen" > "$(SITE)/fengqiao.pth"
	touch $@

$(BUF): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed

$(ECHARTS): $(BUF)
	mkdir -p $(dir $@)
	cp node_modules/echarts/dist/echarts.min.js $@

$(VENDOR)/swagger-ui-bundle.js $(VENDOR)/swagger-ui.css: $(VENDOR)/%: $(BUF)
	mkdir -p $(dir $@)
	cp node_modules/swagger-ui-dist/$* $@

$(VENDOR)/swagger-favicon-32x32.png: $(BUF)
	mkdir -p $(dir $@)
	cp node_modules/swagger-ui-dist/favicon-32x32.png $@

$(VENDOR)/redoc.standalone.js: $(BUF)
	mkdir -p $(dir $@)
	cp node_modules/redoc/bundles/redoc.standalone.js $@

$(BOOTSTRAP): $(BUF)
	mkdir -p $(dir $@)
	cp node_modules/bootstrap/dist/css/bootstrap.min.css $@

static: $(STATIC_ASSETS)

run: install $(STATIC_ASSETS)
	$(PY) -m deploy.local.run

# The stack under compressed time with the scenario simulator playing SCENARIO (the Dongjie year by
# default) through the public and liaison APIs; data in .data-demo, report in .data-demo/simulation-report.json.
SCENARIO ?= dongjie
demo: install $(STATIC_ASSETS)
	$(PY) -m deploy.local.run --demo $(SCENARIO)

# Plays SCENARIO against a stack already running at URL (started with the scenario's time scale:
# FENGQIAO_MEDIATION_TIME_SCALE); SEED=n replays with another seed.
URL ?= http://127.0.0.1:8000
simulate: install
	$(PY) -m simulator run $(SCENARIO) --url $(URL) $(if $(SEED),--seed $(SEED))

test: install $(BUF) $(STATIC_ASSETS) lint-protos lint $(TEST_PACKAGES)
	$(PY) -m pytest $(PYTEST_ARGS)

# ruff and mypy clean (STYLE.md house rules); the architecture's import contracts (pyproject.toml).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy contracts services workflows deploy simulator
	$(VENV)/bin/lint-imports --no-cache

unit workflows integration e2e: install $(BUF) $(STATIC_ASSETS) $(TEST_PACKAGES)
	$(PY) -m pytest tests/$@ $(PYTEST_ARGS)

# The one pinned command that regenerates gen/ from protos/ (grpcio-tools from constraints.txt).
protos: install
	$(PY) scripts/gen_protos.py

lint-protos: $(BUF)
	cd protos && ../$(BUF) lint

# Re-records tests/histories/ from the workflow tests (after a deliberate, patched change).
histories: install
	FENGQIAO_RECORD_HISTORIES=1 $(PY) -m pytest tests/workflows $(PYTEST_ARGS)

clean:
	rm -rf .data test-artifacts

# Installed only when missing: the tests need them and CI starts from a clean machine.
$(TEST_PACKAGES):
	apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-wqy-microhei jq

# Copies htmx from the pinned npm package into the console's static files (committed; a test
# fails when the copy differs from the package).
vendor-js: $(BUF)
	cp node_modules/htmx.org/dist/htmx.min.js services/gateway/static/vendor/htmx.min.js
