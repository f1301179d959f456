# Two entry points for people: `make demo` and `make test`. Everything else is a step they call.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MAVEN := https://repo1.maven.org/maven2
JARS_DIR := .cache/jars
DEMO_DIR ?= .demo
# Jars the tests put on Spark's and the REST server's class path; fetched from Maven Central once.
JARS := \
	org/apache/iceberg/iceberg-spark-runtime-3.5_2.12/1.10.0/iceberg-spark-runtime-3.5_2.12-1.10.0.jar \
	org/apache/iceberg/iceberg-aws-bundle/1.10.0/iceberg-aws-bundle-1.10.0.jar \
	org/xerial/sqlite-jdbc/3.46.1.3/sqlite-jdbc-3.46.1.3.jar

.PHONY: demo test system-deps venv node build jars test-js test-py test-ui lakehouse

demo: system-deps build lakehouse
	cd $(DEMO_DIR) && PYICEBERG_HOME=$(abspath $(DEMO_DIR)) ../$(VENV)/bin/jupyter lab --ServerApp.root_dir=$(abspath $(DEMO_DIR))

test: system-deps build jars test-js test-py test-ui

# Java (Spark, REST catalog server) and Chromium (UI tests) from Debian's packages.
system-deps:
	@if ! command -v java >/dev/null || ! command -v /usr/bin/chromium >/dev/null || ! command -v curl >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless chromium curl >/dev/null; \
	fi

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e ".[test,demo]"
	touch $@

venv: $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

node: node_modules/.installed

build: venv node
	PATH=$(abspath $(VENV))/bin:$$PATH npm run build
	$(VENV)/bin/jupyter labextension list 2>&1 | grep -q "jupyterlab-dual-layout.*enabled.*OK"

jars:
	@mkdir -p $(JARS_DIR)
	@for jar in $(JARS); do \
		target=$(JARS_DIR)/$$(basename $$jar); \
		[ -s $$target ] || curl -sfL --retry 3 -o $$target.part $(MAVEN)/$$jar && mv -f $$target.part $$target 2>/dev/null || [ -s $$target ]; \
	done

lakehouse: venv
	$(PY) demo/make_lakehouse.py $(DEMO_DIR)

test-js: node
	npx jest --ci

test-py: venv jars
	DUAL_LAYOUT_JARS=$(abspath $(JARS_DIR)) $(VENV)/bin/pytest -q

test-ui: build
	cd ui-tests && npm ci --no-audit --no-fund && PATH=$(abspath $(VENV))/bin:$$PATH npx playwright test
