# The two commands a newcomer needs: `make run` and `make test` (everything CI checks).
GO      ?= go
BIN     := bin/cpcase
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X github.com/cpcase/cpcase/internal/build.Version=$(VERSION)
# The examples are written as of this date; `make run AS_OF=2027-01-04` looks at another day.
AS_OF   ?= 2026-11-23

.PHONY: all build install run test fmt-check vet unit bench fuzz fuzz-ci man clean browser-note

all: build

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/cpcase

# Puts cpcase on your PATH: into $(go env GOBIN), else $(go env GOPATH)/bin (~/go/bin), which
# must be on PATH (`export PATH="$$(go env GOPATH)/bin:$$PATH"`).
install:
	$(GO) install -ldflags "$(LDFLAGS)" ./cmd/cpcase
	@echo "installed $$(GOBIN=$$($(GO) env GOBIN); echo $${GOBIN:-$$($(GO) env GOPATH)/bin})/cpcase"

# The main job on the shipped examples, with the policies built into the binary (run from inside
# examples/, so that no ./policies folder shadows them).
run: build
	cd examples && ../$(BIN) check --records --as-of $(AS_OF) .
	cd examples && ../$(BIN) due --as-of $(AS_OF) .

test: browser-note fmt-check vet unit fuzz-ci

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

# testdata/gen is skipped by ./... (Go ignores testdata folders), so it is named. -vet=off: the
# vet target has already run every check go test would repeat for each package.
unit:
	$(GO) test -race -vet=off ./... ./testdata/gen

# The report's end-to-end test opens it in Debian's Chromium where it is installed; make test
# installs nothing, so say plainly when that test will be skipped. CI (.ci/run) installs Chromium
# first, and there the test fails without it.
browser-note:
	@test -x /usr/bin/chromium || echo "note: /usr/bin/chromium not found: TestReportInChromium (the report in a browser) is skipped; .ci/run installs it"

# Fuzzing (docs/security.md): `make fuzz` runs each target for FUZZTIME, one after another;
# `make fuzz-ci`, part of `make test`, runs each for FUZZCI. A crash is written to the package's
# testdata/fuzz/ and fails the run. Minimising a new input is cut to 200 runs: the default 60 s
# each would leave the case loader, the slowest target, almost no time to fuzz.
FUZZTIME ?= 10m
FUZZCI   ?= 20s
FUZZ_TARGETS := FuzzLoadCase:./internal/load/casefolder FuzzLoadPolicy:./internal/load/policy FuzzParseDuration:./internal/dates/duration FuzzReadTable:./internal/interop/ssd FuzzText:./internal/output/ics

fuzz:
	@for t in $(FUZZ_TARGETS); do \
	  echo "fuzz $${t%%:*} for $(FUZZTIME)"; \
	  $(GO) test -run='^$$' -fuzz="^$${t%%:*}\$$" -fuzztime=$(FUZZTIME) -fuzzminimizetime=200x $${t#*:} || exit 1; \
	done

fuzz-ci:
	@$(MAKE) --no-print-directory fuzz FUZZTIME=$(FUZZCI)

# Man pages, one per command, generated from the commands' help into bin/man (`man -l
# bin/man/cpcase-due.1`). The month in their header is the last commit's, so the same source gives
# the same pages.
man: build
	SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct 2>/dev/null || date +%s) $(BIN) man --dir bin/man

# Benchmarks (docs/performance.md), not part of `make test`: Go benchmarks of load, evaluate and
# render, then `cpcase due` end to end beside the floor (find, read and decode the same files, nothing
# else) over generated trees kept in $(BENCH_DIR), made once, seeded. The 50,000-case tree is 1.3 GB
# on disk and takes minutes on 2 cores: `make bench BENCH_SIZES=1000` leaves it out.
BENCH_SIZES ?= 1000,50000
BENCH_RUNS  ?= 3
BENCH_DIR   ?= /tmp/cpcase-bench

bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./bench/
	$(GO) run ./bench/e2e -sizes $(BENCH_SIZES) -runs $(BENCH_RUNS) -dir $(BENCH_DIR)

clean:
	rm -rf bin
