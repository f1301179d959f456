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

# Apache Iceberg's REST catalog server (RESTCatalogAdapter + RESTCatalogServlet from iceberg-core's test jar,
# as run by iceberg-open-api's RESTCatalogServer) and its run-time class path, kept apart from Spark's.
REST_JARS_DIR := $(JARS_DIR)/rest-catalog
REST_JARS := \
	com/fasterxml/jackson/core/jackson-annotations/2.19.2/jackson-annotations-2.19.2.jar \
	com/fasterxml/jackson/core/jackson-core/2.19.2/jackson-core-2.19.2.jar \
	com/fasterxml/jackson/core/jackson-databind/2.19.2/jackson-databind-2.19.2.jar \
	com/github/ben-manes/caffeine/caffeine/2.9.3/caffeine-2.9.3.jar \
	commons-codec/commons-codec/1.17.0/commons-codec-1.17.0.jar \
	commons-io/commons-io/2.16.1/commons-io-2.16.1.jar \
	io/airlift/aircompressor/0.27/aircompressor-0.27.jar \
	org/apache/avro/avro/1.12.0/avro-1.12.0.jar \
	org/apache/commons/commons-compress/1.26.2/commons-compress-1.26.2.jar \
	org/apache/commons/commons-lang3/3.14.0/commons-lang3-3.14.0.jar \
	org/apache/httpcomponents/client5/httpclient5/5.5/httpclient5-5.5.jar \
	org/apache/httpcomponents/core5/httpcore5-h2/5.3.4/httpcore5-h2-5.3.4.jar \
	org/apache/httpcomponents/core5/httpcore5/5.3.4/httpcore5-5.3.4.jar \
	org/apache/iceberg/iceberg-api/1.10.0/iceberg-api-1.10.0.jar \
	org/apache/iceberg/iceberg-bundled-guava/1.10.0/iceberg-bundled-guava-1.10.0.jar \
	org/apache/iceberg/iceberg-common/1.10.0/iceberg-common-1.10.0.jar \
	org/apache/iceberg/iceberg-core/1.10.0/iceberg-core-1.10.0.jar \
	org/apache/iceberg/iceberg-core/1.10.0/iceberg-core-1.10.0-tests.jar \
	org/eclipse/jetty/toolchain/jetty-jakarta-servlet-api/5.0.2/jetty-jakarta-servlet-api-5.0.2.jar \
	org/eclipse/jetty/jetty-http/11.0.25/jetty-http-11.0.25.jar \
	org/eclipse/jetty/jetty-io/11.0.25/jetty-io-11.0.25.jar \
	org/eclipse/jetty/jetty-security/11.0.25/jetty-security-11.0.25.jar \
	org/eclipse/jetty/jetty-server/11.0.25/jetty-server-11.0.25.jar \
	org/eclipse/jetty/jetty-servlet/11.0.25/jetty-servlet-11.0.25.jar \
	org/eclipse/jetty/jetty-util/11.0.25/jetty-util-11.0.25.jar \
	org/roaringbitmap/RoaringBitmap/1.3.0/RoaringBitmap-1.3.0.jar \
	org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar

.PHONY: demo test system-deps venv node build jars test-js test-py test-ui lakehouse

demo: system-deps build lakehouse
	cd $(DEMO_DIR) && PYICEBERG_HOME=$(abspath $(DEMO_DIR)) $(abspath $(VENV))/bin/jupyter lab \
		--ServerApp.root_dir=$(abspath $(DEMO_DIR)) $(if $(filter 0,$(shell id -u)),--allow-root)

test: system-deps build jars test-js test-py test-ui

# Java (Spark, REST catalog server) and Chromium (UI tests) from Debian's packages.
system-deps:
	@if ! command -v java >/dev/null || ! command -v /usr/bin/chromium >/dev/null || ! command -v curl >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless chromium curl >/dev/null; \
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

jars:
	@$(call fetch-jars,$(JARS_DIR),$(JARS))
	@$(call fetch-jars,$(REST_JARS_DIR),$(REST_JARS))

# $(call fetch-jars,DIR,MAVEN_PATHS): download each jar into DIR unless it is already there.
define fetch-jars
mkdir -p $(1); \
for jar in $(2); do \
	target=$(1)/$$(basename $$jar); \
	[ -s $$target ] || curl -sfL --retry 3 -o $$target.part $(MAVEN)/$$jar && mv -f $$target.part $$target 2>/dev/null || [ -s $$target ]; \
done
endef

lakehouse: venv
	$(PY) demo/make_lakehouse.py $(DEMO_DIR)

test-js: node
	npx jest --ci

test-py: venv jars
	DUAL_LAYOUT_JARS=$(abspath $(JARS_DIR)) $(VENV)/bin/pytest -q --durations=15

test-ui: build
	cd ui-tests && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund && PATH=$(abspath $(VENV))/bin:$$PATH npx playwright test
