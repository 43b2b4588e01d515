# muxbench. `make bench` runs the main benchmark; `make test` runs the tests.
GO      ?= go
BIN     := bin
PKGS    := ./...
# -buildvcs=auto stamps the commit (and a dirty flag) into the binaries for
# `bench --version` even where GOFLAGS turns stamping off.
BUILD   := $(GO) build -buildvcs=auto

.PHONY: all build c_epoll bench-exe test vet fmt-check tidy-check bench bench-quick bench-smoke bench-scenarios crosscheck semantics clean bench-ci

all: build

# c_epoll, the C floor the Go backends are measured against (servers/c_epoll).
C_EPOLL_SRC := $(wildcard servers/c_epoll/*.c servers/c_epoll/*.h)
C_EPOLL_CFLAGS ?= -std=c11 -O2 -Wall -Wextra -Werror
HAVE_CC := $(shell command -v $(firstword $(CC)) 2>/dev/null)

build:
	$(BUILD) -o $(BIN)/ ./cmd/...
ifneq ($(HAVE_CC),)
	@$(MAKE) --no-print-directory c_epoll
else
	@echo "c_epoll skipped: no C compiler '$(CC)' found (install gcc, or set CC, to build $(BIN)/c_epoll)"
endif

c_epoll: $(BIN)/c_epoll

$(BIN)/c_epoll: $(C_EPOLL_SRC)
	@mkdir -p $(BIN)
	$(CC) $(C_EPOLL_CFLAGS) -o $@ $(filter %.c,$^)

# bin/bench and, when a C compiler exists, bin/c_epoll beside it: the floor
# bench run measures next to the Go backends (its cells are n/a without it).
bench-exe:
	$(BUILD) -o $(BIN)/ ./cmd/bench
ifneq ($(HAVE_CC),)
	@$(MAKE) --no-print-directory c_epoll
endif

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet $(PKGS)

# go.mod and go.sum must be what `go mod tidy` makes of the imports.
tidy-check:
	@$(GO) mod tidy -diff >/dev/null || { echo "go.mod/go.sum are not tidy: run 'go mod tidy' and commit the result (go mod tidy -diff shows the change)"; exit 1; }

test: fmt-check vet tidy-check
	$(GO) test -race -count=1 -timeout 20m $(PKGS)
	$(MAKE) bench-ci

# The level- vs edge-triggered epoll probes; writes results/semantics.{md,json}.
semantics:
	$(BUILD) -o $(BIN)/ ./cmd/bench
	$(BIN)/bench semantics --out results

# The benchmark matrix (bench run): default profile (~13 min on 2 cores:
# the sweep, then the crossover searches of epoll_et against poll and
# select at 1 and 16 active), quick (~2 min), smoke (< 1 min).
# Results go to results/<host>-<date>/.
bench: bench-exe
	$(BIN)/bench run --profile default

bench-quick: bench-exe
	$(BIN)/bench run --profile quick

bench-smoke: bench-exe
	$(BIN)/bench run --profile smoke

# Where epoll does not win: all-active, churn, bulk, heartbeat (~4 min);
# and loadgen's latency beside sockperf's on the same server children.
bench-scenarios: bench-exe
	$(BIN)/bench run --profile scenarios

crosscheck:
	$(BUILD) -o $(BIN)/ ./cmd/bench
	$(BIN)/bench crosscheck

clean:
	rm -rf $(BIN)

# CI gate (~10 s): a smoke run, then its deterministic counts (loop syscalls,
# wakeups and fds scanned per request, errors) against the committed
# baseline; exits 1 on a regression. The baseline is a real smoke run:
# refresh it with `bin/bench run --profile smoke --label baseline --out results/baseline`.
BENCH_CI_OUT ?= $(BIN)/bench-ci
bench-ci: bench-exe
	rm -rf $(BENCH_CI_OUT)
	$(BIN)/bench run --profile smoke --label ci --out $(BENCH_CI_OUT) > $(BENCH_CI_OUT).log
	@$(BIN)/bench compare --deterministic-only results/baseline/run.json $(BENCH_CI_OUT)/run.json > $(BENCH_CI_OUT)-compare.md; \
	status=$$?; tail -n 3 $(BENCH_CI_OUT)-compare.md; exit $$status
