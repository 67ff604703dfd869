# labrun: the two commands a newcomer needs.
#   make lab   install what is missing, fetch the data, build, render the chapter
#   make test  the same set-up, then the whole test suite
# Both work on a fresh Debian machine with Swift, as root (apt-get) or with the packages present.

SHELL   := /bin/bash
SWIFT   ?= swift
LAB     ?= Labs/03-quantization.md
DEBS    := libcmark-gfm-dev libcmark-gfm-extensions-dev zlib1g-dev dataset-fashion-mnist python3-venv nodejs
VENV    := .venv
RELEASE := .build/release/labrun
DEBUG   := .build/debug/labrun

.PHONY: lab test deps build build-debug data venv clean

lab: deps build data
	$(RELEASE) $(LAB)

test: deps build-debug venv
	$(DEBUG) data fetch all
	$(SWIFT) test 2>&1 | tee .build/test.log; exit $${PIPESTATUS[0]}

# Debian packages: only the missing ones, so a warm machine skips apt entirely.
deps:
	@missing=$$(for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

build:
	$(SWIFT) build -c release --product labrun

build-debug:
	$(SWIFT) build

data: build
	$(RELEASE) data fetch all

# LiteRT for the interop tests (our .tflite files must load and agree in the real runtime).
venv: $(VENV)/.ready
$(VENV)/.ready:
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check ai-edge-litert numpy
	touch $@

clean:
	rm -rf .build $(VENV)
