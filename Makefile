PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint install browser clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# The browser tests drive Debian's Chromium through its ChromeDriver.
browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
		echo "installing Debian's chromium and chromium-driver for the browser tests"; \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi

demo: $(STAMP)
	$(BIN)/cio-graph build

# The project's habits: ruff's lint rules and format, mypy's types (pyproject.toml); `make test` runs them too.
# mypy reads the packages by their installed names: graph/ and queries/ linked under .types/cio_graph/.
lint: $(STAMP)
	$(BIN)/ruff check graph queries tests benchmarks
	$(BIN)/ruff format --check graph queries tests benchmarks
	mkdir -p .types/cio_graph && ln -sfn ../../graph .types/cio_graph/graph && ln -sfn ../../queries .types/cio_graph/queries
	$(BIN)/mypy -p cio_graph.graph -p cio_graph.queries

test: $(STAMP) browser lint
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) build *.egg-info
