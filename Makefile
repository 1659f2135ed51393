# `make run`: install into .venv, index seeds/ into index/, answer a sample query, export the HTML site.
# `make test`: install the test extras, run ruff, mypy and the whole pytest suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SIZES  ?= 5k,20k

.PHONY: run test install install-test browser bench bench-growth bench-opensearch opensearch lint clean stemmer

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

run: install
	$(BIN)/search index seeds --index index
	$(BIN)/search query 'Hun Manet' --index index --limit 3
	$(BIN)/search export site --index index --query 'Hun Manet' --query 'coopération' --query 'kerja sama'

# Chromium for the browser tests comes from Debian's package (with Noto fonts, so Khmer, Lao and Thai render in
# the screenshots); without root or apt the browser tests skip with a loud reason.
browser:
	@if command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "Noto Sans Khmer"; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core >/dev/null) \
		|| echo "WARNING: could not install chromium; browser tests will be skipped"; \
	else echo "WARNING: chromium not found and cannot apt-get install it; browser tests will be skipped"; fi

# OpenSearch for the backend's tests and benchmarks (search/cluster/devnode.py also fetches it on first use):
# the integ-test distribution from Maven Central into opensearch/target/ (56 MB, once).
opensearch:
	mvn -B -q -Dstyle.color=never -f opensearch/pom.xml package

# The search page's Snowball stemmers (search/site/js/vendor/snowball-stem.js, committed), rebuilt from the pinned npm
# package; needs npm and the network (nothing else does).
stemmer: install
	tmp=$$(mktemp -d) && (cd $$tmp && npm pack --silent multilingual-stemmer@2.1.1 >/dev/null) && \
		$(BIN)/python -m search.site.stemmer_bundle $$tmp/multilingual-stemmer-2.1.1.tgz; status=$$?; rm -rf $$tmp; exit $$status

lint: install-test
	$(BIN)/ruff check search tests benchmarks
	$(BIN)/mypy search

test: install-test browser lint
	$(BIN)/pytest

bench: install-test
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python -m benchmarks.run --sizes $(SIZES)

bench-opensearch: install-test
	$(BIN)/python -m benchmarks.cluster --sizes $(SIZES)

# Build time, index size and peak RSS at each size, fitted as a power law and projected to 1M articles
# (`make bench-growth SIZES=5k,20k` for a shorter run).
bench-growth: SIZES = 5k,20k,100k
bench-growth: install-test
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python -m benchmarks.growth --sizes $(SIZES)

clean:
	rm -rf $(VENV) site index/* build *.egg-info opensearch/target
