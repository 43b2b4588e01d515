# muxbench. `make bench` runs the main benchmark; `make test` runs the tests.
GO      ?= go
BIN     := bin
PKGS    := ./...

.PHONY: all build test vet fmt-check bench bench-quick bench-smoke semantics clean

all: build

build:
	$(GO) build -o $(BIN)/ ./cmd/...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet $(PKGS)

test: fmt-check vet
	$(GO) test -race -count=1 -timeout 20m $(PKGS)

# The level- vs edge-triggered epoll probes; writes results/semantics.{md,json}.
semantics:
	$(GO) build -o $(BIN)/ ./cmd/bench
	$(BIN)/bench semantics --out results

clean:
	rm -rf $(BIN)
