# The two commands a newcomer needs: `make run` and `make test` (everything CI checks).
GO      ?= go
BIN     := bin/cpcase
VERSION ?= $(or $(shell git describe --tags --match 'v[0-9]*' --always --dirty 2>/dev/null | sed 's/^v//'),dev)
COMMIT  ?= $(shell git rev-parse HEAD 2>/dev/null)
DATE    ?= $(shell git log -1 --format=%cI 2>/dev/null)
# What `cpcase version` prints (internal/build); .goreleaser.yaml sets the same for releases.
LDFLAGS := -X github.com/cpcase/cpcase/internal/build.Version=$(VERSION) \
	-X github.com/cpcase/cpcase/internal/build.Commit=$(COMMIT) \
	-X github.com/cpcase/cpcase/internal/build.Date=$(DATE)
# The examples are written as of this date; `make run AS_OF=2027-01-04` looks at another day.
AS_OF   ?= 2026-11-23

.PHONY: all build install run test fmt-check vet unit bench fuzz fuzz-ci man clean browser-note cross release release-verify

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

test: browser-note fmt-check vet cross unit fuzz-ci

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

# Go's fuzzer can end a clean run with "context deadline exceeded" when its time runs out while a
# worker is busy (more often on a loaded machine); with no failing input written, nothing was found,
# so that one message is reported and the run goes on. Any other failure fails it.
fuzz:
	@log=$$(mktemp); trap 'rm -f "$$log"' EXIT; \
	for t in $(FUZZ_TARGETS); do \
	  echo "fuzz $${t%%:*} for $(FUZZTIME)"; \
	  if ! $(GO) test -run='^$$' -fuzz="^$${t%%:*}\$$" -fuzztime=$(FUZZTIME) -fuzzminimizetime=200x $${t#*:} >"$$log" 2>&1; then \
	    cat "$$log"; \
	    if grep -q 'context deadline exceeded' "$$log" && ! grep -q 'Failing input written' "$$log"; then \
	      echo "note: $${t%%:*} stopped on the fuzzer's own deadline with no failing input: nothing found"; \
	    else exit 1; fi; \
	  else tail -n 3 "$$log"; fi; \
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
# `make bench BENCH_SIZES=50000 BENCH_ONLY=changes` measures only the outputs so named.
BENCH_SIZES ?= 1000,50000
BENCH_RUNS  ?= 3
BENCH_DIR   ?= /tmp/cpcase-bench
BENCH_ONLY  ?=

bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./bench/
	$(GO) run ./bench/e2e -sizes $(BENCH_SIZES) -runs $(BENCH_RUNS) -dir $(BENCH_DIR) -only '$(BENCH_ONLY)'

clean:
	rm -rf bin dist

# --- Release builds (issue 22; docs/windows.md) -------------------------------------------------
#
# `make cross`, part of `make test`: cpcase builds for every release target with plain go build,
# and its tests type-check on Windows and macOS (go vet compiles the build-tagged test files too;
# bench/ measures Linux only).
# Cheap: nothing is linked to disk.
CROSS_TARGETS := windows/amd64 windows/arm64 darwin/amd64 darwin/arm64 linux/amd64 linux/arm64

cross:
	@for t in $(CROSS_TARGETS); do \
	  echo "go build $$t"; \
	  GOOS=$${t%/*} GOARCH=$${t#*/} CGO_ENABLED=0 $(GO) build -o /dev/null ./cmd/cpcase || exit 1; \
	done
	GOOS=windows GOARCH=amd64 $(GO) vet ./cmd/... ./internal/...
	GOOS=darwin GOARCH=arm64 $(GO) vet ./cmd/... ./internal/...
	@$(GO) list -deps ./cmd/cpcase | grep -qx time/tzdata || \
	  { echo "cmd/cpcase must import time/tzdata: Windows has no time zone database for Europe/London"; exit 1; }

# `make release`: the six archives and checksums.txt in dist/, by GoReleaser (.goreleaser.yaml) in
# snapshot mode: no tag, no token, nothing published, no network but the Go module proxy. The tool
# is pinned in its own module (tools/release) so that the main go.mod stays small, and built once
# into bin/ (a large build: minutes). Its git step wants a remote; a clone without one is given
# the project's URL for this run only (git ls-remote --get-url reads it, nothing is fetched). The
# version is the last release tag (v1.2.0), never another tag such as a milestone's.
GORELEASER := bin/goreleaser
RELEASE_GIT_ENV = $(if $(shell git remote 2>/dev/null),,GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=remote.origin.url GIT_CONFIG_VALUE_0=https://github.com/cpcase/cpcase.git) \
	GORELEASER_CURRENT_TAG=$(or $(shell git describe --tags --abbrev=0 --match 'v[0-9]*' 2>/dev/null),v0.0.0)

$(GORELEASER): tools/release/go.mod tools/release/go.sum
	cd tools/release && $(GO) build -trimpath -o ../../$(GORELEASER) github.com/goreleaser/goreleaser/v2

release: $(GORELEASER)
	$(RELEASE_GIT_ENV) SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct) $(GORELEASER) release --snapshot --clean
	@cat dist/checksums.txt

# `make release-verify`: the archives are reproducible. The committed tree is cloned to another
# folder (other paths, other file times) and released there; its checksums must equal dist/'s.
release-verify:
	@test -z "$$(git status --porcelain)" || { echo "commit first: the clone has only committed files"; exit 1; }
	@rev=$$(git rev-parse HEAD) && $(MAKE) --no-print-directory release && \
	test "$$(git rev-parse HEAD)" = "$$rev" || { echo "HEAD moved during the build: run again"; exit 1; }; \
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	git clone -q --no-checkout . "$$tmp/cpcase" && git -C "$$tmp/cpcase" checkout -q "$$rev" && \
	git -C "$$tmp/cpcase" remote set-url origin https://github.com/cpcase/cpcase.git && \
	mkdir -p "$$tmp/cpcase/bin" && cp $(GORELEASER) "$$tmp/cpcase/bin/" && touch "$$tmp/cpcase/bin/goreleaser" && \
	$(MAKE) --no-print-directory -C "$$tmp/cpcase" release >"$$tmp/log" 2>&1 || { cat "$$tmp/log"; exit 1; }; \
	if cmp -s dist/checksums.txt "$$tmp/cpcase/dist/checksums.txt"; then \
	  echo "reproducible: a fresh clone in another folder built the same six archives"; \
	else \
	  echo "NOT reproducible:"; diff dist/checksums.txt "$$tmp/cpcase/dist/checksums.txt"; exit 1; \
	fi
