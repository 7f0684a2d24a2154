# The two commands a newcomer needs: `make run` and `make test` (everything CI checks).
GO      ?= go
BIN     := bin/cpcase
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X github.com/cpcase/cpcase/pkg/cli.Version=$(VERSION)
# The examples are written as of this date; `make run AS_OF=2027-01-04` looks at another day.
AS_OF   ?= 2026-11-23

.PHONY: all build run test fmt-check vet unit bench fuzz man clean

all: build

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/cpcase

# The main job on the shipped examples, with the policies built into the binary (run from inside
# examples/, so that no ./policies folder shadows them).
run: build
	cd examples && ../$(BIN) check --policy --as-of $(AS_OF) .
	cd examples && ../$(BIN) due --as-of $(AS_OF) .

test: fmt-check vet unit

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

unit:
	$(GO) test -race ./...

clean:
	rm -rf bin
