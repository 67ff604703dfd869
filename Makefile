# labrun: the two commands a newcomer needs.
#   make lab   install what is missing, fetch the data, build, render the course (every lab in Labs/)
#   make chapter LAB=Labs/03-quantization.md   the same for one chapter alone
#   make test  the same set-up, then the whole test suite
#   make fuzz  coverage-guided fuzzing of every input format (Fuzz/README.md)
# Both work on a fresh Debian machine with Swift, as root (apt-get) or with the packages present.

SHELL   := /bin/bash
SWIFT   ?= swift
LAB     ?= Labs/03-quantization.md
DEBS    := libcmark-gfm-dev libcmark-gfm-extensions-dev zlib1g-dev dataset-fashion-mnist python3-venv nodejs
VENV    := .venv
RELEASE := .build/release/labrun
DEBUG   := .build/debug/labrun

.PHONY: lab chapter test deps build build-debug data venv clean fuzz fuzz-build

lab: deps build data
	$(RELEASE) book Labs -o Output

chapter: deps build data
	$(RELEASE) run $(LAB) -o Output

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

# Fuzzing: libFuzzer + ASan, FUZZ_SECONDS per target; `make fuzz TARGETS=expr FUZZ_SECONDS=60` runs one.
# The harnesses and the labrun-fuzz driver are ordinary targets; this build only adds coverage
# instrumentation and links libFuzzer without its main (the driver calls LLVMFuzzerRunDriver).
FUZZ_SECONDS ?= 600
TARGETS      ?= lab expr tflite idx answers http
FUZZ_BUILD   := .build-fuzz
FUZZ_BIN     := $(FUZZ_BUILD)/debug/labrun-fuzz
FUZZ_SCRATCH := Fuzz/corpus-scratch
FUZZER_LIB   := $(firstword $(wildcard $(dir $(realpath $(shell command -v swiftc)))../lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-$(shell uname -m).a))
FUZZ_OPTIONS ?= -timeout=10 -rss_limit_mb=2048 -detect_leaks=1 -print_final_stats=1 \
                -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1

fuzz-build:
	@test -n "$(FUZZER_LIB)" || { echo "libclang_rt.fuzzer_no_main not found next to swiftc"; exit 1; }
	$(SWIFT) build --build-path $(FUZZ_BUILD) --product labrun-fuzz --sanitize=address \
	  -Xswiftc -sanitize-coverage=edge,indirect-calls,trace-cmp,inline-8bit-counters,pc-table \
	  -Xcc -fsanitize=fuzzer-no-link -Xswiftc -use-ld=lld \
	  -Xlinker -u -Xlinker LLVMFuzzerRunDriver -Xlinker --export-dynamic-symbol=LLVMFuzzerRunDriver \
	  -Xlinker $(FUZZER_LIB) -Xlinker -lstdc++
	@for t in $(TARGETS); do ln -sf labrun-fuzz $(FUZZ_BUILD)/debug/fuzz-$$t; done

fuzz: fuzz-build
	@for t in $(TARGETS); do \
	  mkdir -p $(FUZZ_SCRATCH)/$$t Fuzz/crashes/$$t; \
	  cp -n Fuzz/corpus/$$t/* $(FUZZ_SCRATCH)/$$t/; \
	  if [ $$t = tflite ]; then cp -n Tests/Fixtures/*.tflite $(FUZZ_SCRATCH)/tflite/; fi; \
	  echo "== fuzz $$t for $(FUZZ_SECONDS) s"; \
	  SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 LSAN_OPTIONS=suppressions=Fuzz/lsan.supp \
	    $(FUZZ_BUILD)/debug/fuzz-$$t $(FUZZ_OPTIONS) -max_total_time=$(FUZZ_SECONDS) \
	    -dict=Fuzz/dict/$$t.dict -artifact_prefix=Fuzz/crashes/$$t/ \
	    $(FUZZ_SCRATCH)/$$t 2>&1 | tee $(FUZZ_SCRATCH)/$$t.log | grep -E "^#[0-9]+: |exiting|stat::|crash-|timeout-|oom-|leak-" || true; \
	done
	@echo "new files in Fuzz/crashes/ (minimize with -minimize_crash=1, then commit as regression cases):"
	@git status --porcelain --untracked-files=all Fuzz/crashes | sed 's/^?? /  /'

clean:
	rm -rf .build $(FUZZ_BUILD) $(VENV)
