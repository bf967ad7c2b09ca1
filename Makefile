# kg tasks. Every target creates .venv and installs kg into it when needed.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO   ?= out/demo

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	rm -rf $(DEMO)
	$(BIN)/kg build kg/samples/harbour-authority.txt --store $(DEMO)/store --html $(DEMO)/graph.html
	$(BIN)/kg query --store $(DEMO)/store @kg/samples/who-did-what.rq
	@echo "Open $(DEMO)/graph.html in a browser to see the graph."

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check kg tests benchmarks tools notebooks
	$(BIN)/ruff format --check kg tests benchmarks tools notebooks
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python benchmarks/kg_gold.py
	$(BIN)/python benchmarks/carb.py
	$(BIN)/python benchmarks/seed.py
	$(BIN)/python benchmarks/entities.py
	$(BIN)/python benchmarks/gap.py
	$(BIN)/python benchmarks/extract_cost.py
	$(BIN)/python benchmarks/store.py
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/serve_load.py
	$(BIN)/python benchmarks/views.py
	$(BIN)/python benchmarks/web_pages.py
	$(BIN)/python -m benchmarks.big_view

clean:
	rm -rf $(VENV) out build dist
