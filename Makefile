# Two entry points for people: `make demo` and `make test`. Everything else is a step they call.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
JARS_DIR := .cache/jars
DEMO_DIR ?= .demo
# Jars the tests put on Spark's and the REST server's class path, as Maven coordinates
# (group:artifact:version[:packaging:classifier]). Maven's own resolver fetches them, so the machine's
# ~/.m2/settings.xml (mirrors, proxies, credentials) applies; without one that is Maven Central.
JARS := \
	org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.10.0 \
	org.apache.iceberg:iceberg-aws-bundle:1.10.0 \
	org.postgresql:postgresql:42.7.14 \
	org.xerial:sqlite-jdbc:3.46.1.3

# The Spark Connect server's plugin, kept apart: only the Connect server the tests start loads it. With it
# Hadoop's S3A filesystem, for Spark's own listing of tables on S3: hadoop-aws of the Hadoop that Spark 3.5
# bundles (3.3.4) and the AWS SDK bundle that hadoop-aws release was built against.
CONNECT_JARS_DIR := $(JARS_DIR)/spark-connect
CONNECT_JARS := \
	org.apache.spark:spark-connect_2.12:3.5.5 \
	org.apache.hadoop:hadoop-aws:3.3.4 \
	com.amazonaws:aws-java-sdk-bundle:1.12.262

# Apache Iceberg's REST catalog server (RESTCatalogAdapter + RESTCatalogServlet from iceberg-core's test jar,
# as run by iceberg-open-api's RESTCatalogServer) and its run-time class path, kept apart from Spark's.
REST_JARS_DIR := $(JARS_DIR)/rest-catalog
REST_JARS := \
	com.fasterxml.jackson.core:jackson-annotations:2.19.2 \
	com.fasterxml.jackson.core:jackson-core:2.19.2 \
	com.fasterxml.jackson.core:jackson-databind:2.19.2 \
	com.github.ben-manes.caffeine:caffeine:2.9.3 \
	commons-codec:commons-codec:1.17.0 \
	commons-io:commons-io:2.16.1 \
	dev.failsafe:failsafe:3.3.2 \
	io.airlift:aircompressor:0.27 \
	org.apache.avro:avro:1.12.0 \
	org.apache.commons:commons-compress:1.26.2 \
	org.apache.commons:commons-lang3:3.14.0 \
	org.apache.httpcomponents.client5:httpclient5:5.5 \
	org.apache.httpcomponents.core5:httpcore5-h2:5.3.4 \
	org.apache.httpcomponents.core5:httpcore5:5.3.4 \
	org.apache.iceberg:iceberg-api:1.10.0 \
	org.apache.iceberg:iceberg-aws:1.10.0 \
	org.apache.iceberg:iceberg-bundled-guava:1.10.0 \
	org.apache.iceberg:iceberg-common:1.10.0 \
	org.apache.iceberg:iceberg-core:1.10.0 \
	org.apache.iceberg:iceberg-core:1.10.0:jar:tests \
	org.apache.iceberg:iceberg-open-api:1.10.0:jar:test-fixtures \
	org.eclipse.jetty.toolchain:jetty-jakarta-servlet-api:5.0.2 \
	org.eclipse.jetty:jetty-http:11.0.25 \
	org.eclipse.jetty:jetty-io:11.0.25 \
	org.eclipse.jetty:jetty-security:11.0.25 \
	org.eclipse.jetty:jetty-server:11.0.25 \
	org.eclipse.jetty:jetty-servlet:11.0.25 \
	org.eclipse.jetty:jetty-util:11.0.25 \
	org.roaringbitmap:RoaringBitmap:1.3.0 \
	org.slf4j:slf4j-api:2.0.17

.PHONY: demo test lint system-deps venv node build jars test-js test-py test-ui lakehouse

demo: system-deps build lakehouse
	cd $(DEMO_DIR) && PYICEBERG_HOME=$(abspath $(DEMO_DIR)) $(abspath $(VENV))/bin/jupyter lab \
		--ServerApp.root_dir=$(abspath $(DEMO_DIR)) $(if $(filter 0,$(shell id -u)),--allow-root)

test: system-deps lint build jars test-js test-py test-ui

# Types, lint and format: tsc over every tsconfig, ESLint, Prettier and Stylelint (`npm run lint`),
# then Ruff (lint and format) and mypy over the Python package and tests. Checks only: `npm run
# format` and `ruff format` write the fixes.
lint: venv node
	npm run lint
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# Java (Spark, REST catalog server), Maven (fetches the jars), Chromium (UI tests) and PostgreSQL (the
# SQL catalog's server, started by the tests in a temporary directory) from Debian's packages.
system-deps:
	@if ! command -v java >/dev/null || ! command -v /usr/bin/chromium >/dev/null || ! command -v mvn >/dev/null \
		|| ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless chromium maven postgresql >/dev/null; \
	fi

# The Python side in a project-local virtualenv. The package is installed in development mode; its
# npm build runs in `build`, so the wheel build hook is skipped here.
$(VENV)/.installed: pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	SKIP_JUPYTER_BUILDER=1 $(PIP) install -q -c constraints.txt -e ".[test,demo]"
	touch $@

venv: $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

node: node_modules/.installed

# The lab extension, the bundled helper, and the lab extension linked into the virtualenv's JupyterLab.
build: venv node
	PATH=$(abspath $(VENV))/bin:$$PATH npm run build
	PATH=$(abspath $(VENV))/bin:$$PATH jupyter labextension develop --overwrite . >/dev/null
	$(VENV)/bin/jupyter labextension list 2>&1 | grep -q "jupyterlab-dual-layout.*enabled.*OK"
	$(VENV)/bin/jupyter server extension list 2>&1 | grep -q "jupyterlab_dual_layout.*enabled"

# The maven-dependency-plugin version is pinned: without a project Maven would pick its own default.
MVN_COPY := org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy

jars:
	@command -v mvn >/dev/null || { echo "make jars: mvn is missing; run 'make system-deps' (Debian package maven)" >&2; exit 1; }
	@$(call fetch-jars,$(JARS_DIR),$(JARS))
	@$(call fetch-jars,$(REST_JARS_DIR),$(REST_JARS))
	@$(call fetch-jars,$(CONNECT_JARS_DIR),$(CONNECT_JARS))

# $(call fetch-jars,DIR,COORDINATES): copy each jar into DIR through Maven unless it is already there.
# Maven copies into a staging folder first, so an interrupted run never leaves a partial jar in DIR;
# the first jar that cannot be fetched stops make with its coordinate.
define fetch-jars
set -euo pipefail; mkdir -p $(1); \
for coordinate in $(2); do \
	IFS=: read -r group artifact version packaging classifier <<< "$$coordinate"; \
	jar=$$artifact-$$version$${classifier:+-$$classifier}.jar; \
	[ -s $(1)/$$jar ] && continue; \
	staging=$$(mktemp -d $(1)/.fetch.XXXXXX); \
	if ! mvn -B -q -Dstyle.color=never $(MVN_COPY) -Dartifact=$$coordinate -DoutputDirectory=$$staging; then \
		rm -rf $$staging; \
		echo "make jars: Maven could not fetch $$coordinate into $(1) (see Maven's error above)" >&2; \
		exit 1; \
	fi; \
	mv -f $$staging/$$jar $(1)/$$jar; rm -rf $$staging; \
done
endef

lakehouse: venv
	$(PY) demo/make_lakehouse.py $(DEMO_DIR)

test-js: node
	npx jest --ci --coverage

test-py: venv jars
	DUAL_LAYOUT_JARS=$(abspath $(JARS_DIR)) $(VENV)/bin/pytest -q --durations=15

test-ui: build
	cd ui-tests && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund && PATH=$(abspath $(VENV))/bin:$$PATH npx playwright test
