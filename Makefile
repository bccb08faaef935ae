# byline — one-command set-up, demo and tests.
#
#   make demo   install what is missing, build (the Python package and the C++ tool
#               build/cpp/cpp/byline-dev), tokenize the bundled sample articles, list their
#               entities, quotes with speakers, roles and the entities linked across articles
#   make test   install what is missing, build, run every test (style: ruff + clang-format,
#               C++, C++ package consumer, Python, manylinux wheel, notebooks, ASan+UBSan, TSan,
#               fuzz smoke)
#
# Everything lands in .venv/ (Python) and build/ (C++); nothing is installed
# system-wide except the Debian packages listed in DEB_PACKAGES.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
CMAKE := $(VENV)/bin/cmake
JOBS ?= $(shell nproc)
FUZZ_SECONDS ?= 30
# Where the open data exists (../shared/data), tests that need it fail when a file is
# missing instead of skipping (tests/cpp/data.h, tests/python/conftest.py).
export BYLINE_REQUIRE_DATA := $(if $(wildcard ../shared/data),1,)

DEB_PACKAGES := g++ make pkg-config nlohmann-json3-dev libspdlog-dev libfmt-dev libutf8proc-dev libre2-dev libssl-dev catch2 \
                clang libclang-rt-14-dev chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all setup deps venv python cpp byline-dev cpp-test example-cpp pytest notebooks notebooks-render sanitize tsan fuzz lint format demo test model clean \
        wheel wheel-test

all: demo

# ---------------------------------------------------------------- set-up
deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if ! $(PYTHON) -c "import venv, ensurepip" >/dev/null 2>&1; then missing="$$missing python3-venv python3-dev"; fi; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

$(VENV)/.stamp: requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements-dev.txt
	touch $@

venv: $(VENV)/.stamp

setup: deps venv

# ---------------------------------------------------------------- builds
CONFIGURE_CPP = $(CMAKE) -S . -B build/cpp -G Ninja -DCMAKE_BUILD_TYPE=Release -DBYLINE_BUILD_TESTS=ON

cpp: setup
	$(CONFIGURE_CPP)
	$(CMAKE) --build build/cpp -j $(JOBS)

# Only the C++ tool build/cpp/cpp/byline-dev (and the library it links), in the tree of `make cpp`
# but without the C++ tests: what `make demo` needs to build everything README names.
byline-dev: setup
	$(CONFIGURE_CPP)
	$(CMAKE) --build build/cpp -j $(JOBS) --target byline_cli

python: setup
	$(PIP) install -q --no-build-isolation -Cbuild-dir=build/py .

# A manylinux wheel with the model inside: pip builds the plain linux_x86_64 wheel (reusing
# the build/py tree of `make python`), auditwheel copies the shared libraries it links from
# the system (spdlog, fmt, utf8proc, RE2, libcrypto) into it and retags it manylinux_2_XX
# after the newest glibc symbol it uses. Output: build/wheel/byline-*-manylinux_*.whl.
wheel: python
	rm -rf build/wheel
	$(PIP) wheel -q --no-build-isolation --no-deps -Cbuild-dir=build/py -w build/wheel/raw .
	PATH=$(abspath $(VENV))/bin:$$PATH $(VENV)/bin/auditwheel repair -w build/wheel build/wheel/raw/*.whl

# Rebuild the shipped NER model models/en_news/ from ../shared/data (see docs/ner.md); the
# Python package tokenises re3d.
model: cpp python
	tools/ner/build_model.sh build/cpp

# ---------------------------------------------------------------- main job
demo: python byline-dev
	$(VENV)/bin/byline tokenize examples/articles
	$(VENV)/bin/byline extract examples/articles
	$(VENV)/bin/byline analyze examples/articles

# ---------------------------------------------------------------- tests
cpp-test: cpp
	cd build/cpp && $(abspath $(VENV))/bin/ctest --output-on-failure -j $(JOBS)

# Install the C++ package and build examples/cpp against it with find_package(byline) (into
# build/install and build/example, used by notebook 04); then the same from a temporary
# directory outside the tree with the dependencies' -dev packages hidden
# (tests/packaging/cpp_consumer_test.sh). The installed library finds its model itself.
example-cpp: cpp
	rm -rf build/install build/example
	$(CMAKE) --install build/cpp --prefix build/install
	$(CMAKE) -S examples/cpp -B build/example -G Ninja -DCMAKE_PREFIX_PATH=$(abspath build/install)
	$(CMAKE) --build build/example
	build/example/tokenize_file examples/articles/000_11915f40bc56dedd.txt > build/example/tokens.txt
	head -3 build/example/tokens.txt
	env -u BYLINE_MODEL build/example/extract_entities \
	  examples/articles/003_45d770aeda870f5f.txt 2025-01-02 > build/example/entities.tsv
	head -10 build/example/entities.tsv
	grep -q 'DATE	pattern	December 30	{"timex":"2024-12-30"' build/example/entities.tsv
	CMAKE=$(abspath $(CMAKE)) tests/packaging/cpp_consumer_test.sh build/cpp

pytest: python
	$(PY) -m pytest tests/python

# The manylinux wheel in a fresh virtual environment with the system libraries hidden.
wheel-test: wheel
	tests/packaging/wheel_test.sh

# Runs every notebook in a temporary directory outside the repository and checks that its saved
# outputs are current (notebooks/test_notebooks.py); notebooks-render saves them anew.
notebooks: python example-cpp
	$(PY) -m pytest notebooks

notebooks-render: python example-cpp
	$(PY) notebooks/build_notebooks.py

# C++ tests under AddressSanitizer + UndefinedBehaviorSanitizer.
sanitize: setup
	$(CMAKE) -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBYLINE_BUILD_TESTS=ON \
	  -DBYLINE_BUILD_TOOLS=OFF -DBYLINE_SANITIZE=address
	$(CMAKE) --build build/asan -j $(JOBS)
	cd build/asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  $(abspath $(VENV))/bin/ctest --output-on-failure -j $(JOBS)

# The multi-threaded C++ tests (batch tokenization, concurrent NER inference) under ThreadSanitizer.
tsan: setup
	$(CMAKE) -S . -B build/tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBYLINE_BUILD_TESTS=ON \
	  -DBYLINE_BUILD_TOOLS=OFF -DBYLINE_SANITIZE=thread
	$(CMAKE) --build build/tsan -j $(JOBS)
	TSAN_OPTIONS=halt_on_error=1 build/tsan/tests/cpp/byline_tests "[batch],[ner]"

# libFuzzer targets, each run for FUZZ_SECONDS from the seed corpus in fuzz/corpus.
fuzz: setup
	CXX=clang++ $(CMAKE) -S . -B build/fuzz -G Ninja -DBYLINE_BUILD_FUZZERS=ON -DBYLINE_BUILD_TOOLS=OFF \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link,address,undefined" \
	  "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined"
	$(CMAKE) --build build/fuzz -j $(JOBS)
	for t in tokenize doc_json model_load patterns jsonl regex; do \
	  mkdir -p build/fuzz/work/$$t && \
	  build/fuzz/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=10 -print_final_stats=1 \
	    build/fuzz/work/$$t fuzz/corpus/$$t 2>&1 | tail -n 4 || exit 1; \
	done

# Style: ruff (lint and format) for Python, clang-format (.clang-format, Google style) for C++.
CXX_SOURCES = $(shell git ls-files 'cpp/*.cpp' 'cpp/*.h' 'python/bindings/*.cpp' 'python/bindings/*.h' \
                'tests/cpp/*.cpp' 'examples/cpp/*.cpp' 'fuzz/*.cpp' 'bench/*.cpp' 2>/dev/null)
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/clang-format --dry-run --Werror $(CXX_SOURCES)

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/clang-format -i $(CXX_SOURCES)

test: lint cpp-test example-cpp pytest wheel-test notebooks sanitize tsan fuzz
	@echo "all test suites passed"

clean:
	rm -rf build
