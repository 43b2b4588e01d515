package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/registry"
)

// Clients nobody here wrote drive every backend through `bench serve`: wrk
// speaks HTTP/1.1 keep-alive to the http handler, Debian's sockperf speaks
// its ping-pong protocol to the sockperf handler. A backend that loses,
// duplicates or garbles a reply fails here even if our own load generator
// agreed with it.

// clientServeEnv carries `bench serve` arguments to the helper child.
const clientServeEnv = "MUXBENCH_CLIENTS_TEST_SERVE_ARGS"

// Bounds on the external processes: each stops on its own well before these,
// which only catch a hang.
const (
	clientStartTimeout = 60 * time.Second
	clientRunTimeout   = 30 * time.Second
)

// TestClientsServeHelper is the child process, not a test: with
// clientServeEnv set it runs `bench serve` with those arguments and exits.
func TestClientsServeHelper(t *testing.T) {
	args := os.Getenv(clientServeEnv)
	if args == "" {
		t.Skip("helper process for the wrk and sockperf tests")
	}
	os.Exit(runServe(strings.Fields(args), os.Stdin, os.Stdout, os.Stderr))
}

func TestWrkDrivesEveryBackend(t *testing.T) {
	t.Parallel() // its own servers and client: side by side with the other client test
	wrk := lookClient(t, "wrk")
	script := filepath.Join(t.TempDir(), "summary.lua")
	if err := os.WriteFile(script, []byte(wrkSummaryScript), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, backend := range registry.Names() {
		t.Run(backend, func(t *testing.T) {
			skipUnserved(t, backend, "http")
			addr := startServeChild(t, backend, "http")
			out := runClient(t, wrk, "-t1", "-c8", "-d2s", "-s", script, "http://"+addr+"/")
			s, err := parseWrkSummary(out)
			if err != nil {
				t.Fatalf("%v\nwrk output:\n%s", err, out)
			}
			if s.requests == 0 || s.errors() != 0 {
				t.Fatalf("wrk: %+v; want requests > 0 and no errors\n%s", s, out)
			}
		})
	}
}

func TestSockperfDrivesEveryBackend(t *testing.T) {
	t.Parallel() // its own servers and client: side by side with the other client test
	sockperf := lookClient(t, "sockperf")
	for _, backend := range registry.Names() {
		t.Run(backend, func(t *testing.T) {
			skipUnserved(t, backend, "sockperf")
			host, port, _ := net.SplitHostPort(startServeChild(t, backend, "sockperf"))
			out := runClient(t, sockperf, "ping-pong", "--tcp", "-i", host, "-p", port, "-t", "1")
			s, err := parseSockperfSummary(out)
			if err != nil {
				t.Fatalf("%v\nsockperf output:\n%s", err, out)
			}
			if s.received == 0 || s.dropped+s.duplicated+s.outOfOrder != 0 {
				t.Fatalf("sockperf: %+v; want messages received and none dropped, duplicated or out of order\n%s", s, out)
			}
		})
	}
}

func lookClient(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s is not installed (Debian package %q; .ci/run installs it)", name, name)
	}
	return path
}

// runClient runs a client to completion and returns its combined output.
func runClient(t *testing.T, path string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), clientRunTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, path, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(path), strings.Join(args, " "), err, out)
	}
	return string(out)
}

// startServeChild starts `bench serve --control` in a child process (this
// test binary, re-run as TestClientsServeHelper) and returns its address.
// Cleanup closes its stdin (EOF means stop) and waits for it; only a hang
// gets it killed, by its PID.
func startServeChild(t *testing.T, backend, handlerName string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestClientsServeHelper$")
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=--backend %s --handler %s --control", clientServeEnv, backend, handlerName))
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, stderr := newChildOutput(), newChildOutput()
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stopServeChild(t, cmd, stdin.Close, stderr) })
	select {
	case <-stdout.ready:
	case <-time.After(clientStartTimeout):
		t.Fatalf("bench serve printed no start line within %v; stderr: %s", clientStartTimeout, stderr.String())
	}
	var start struct {
		Addrs []string `json:"addrs"`
		Error string   `json:"error"`
	}
	if err := json.Unmarshal(stdout.first(), &start); err != nil || start.Error != "" || len(start.Addrs) != 1 {
		t.Fatalf("bench serve start line %q (%v); stderr: %s", stdout.first(), err, stderr.String())
	}
	return start.Addrs[0]
}

func stopServeChild(t *testing.T, cmd *exec.Cmd, closeStdin func() error, stderr *childOutput) {
	closeStdin()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("bench serve exited with %v; stderr: %s", err, stderr.String())
		}
	case <-time.After(clientStartTimeout):
		cmd.Process.Kill()
		<-done
		t.Errorf("bench serve did not stop within %v; killed pid %d", clientStartTimeout, cmd.Process.Pid)
	}
}

// childOutput collects a child's output while it runs, safe to read
// meanwhile, and signals its first line.
type childOutput struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	once  sync.Once
	ready chan struct{}
}

func newChildOutput() *childOutput {
	return &childOutput{ready: make(chan struct{})}
}

func (w *childOutput) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if bytes.IndexByte(w.buf.Bytes(), '\n') >= 0 {
		w.once.Do(func() { close(w.ready) })
	}
	return len(p), nil
}

func (w *childOutput) first() []byte {
	w.mu.Lock()
	defer w.mu.Unlock()
	line, _, _ := bytes.Cut(w.buf.Bytes(), []byte{'\n'})
	return append([]byte(nil), line...)
}

func (w *childOutput) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// wrkSummaryScript makes wrk print its totals on one machine-readable line.
const wrkSummaryScript = `done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("muxbench-wrk requests=%d connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.requests, e.connect, e.read, e.write, e.status, e.timeout))
end
`

type wrkSummary struct {
	requests, connect, read, write, status, timeout int
}

func (s wrkSummary) errors() int { return s.connect + s.read + s.write + s.status + s.timeout }

func parseWrkSummary(out string) (wrkSummary, error) {
	var s wrkSummary
	i := strings.Index(out, "muxbench-wrk ")
	if i < 0 {
		return s, fmt.Errorf("no summary line from the wrk script")
	}
	_, err := fmt.Sscanf(out[i:], "muxbench-wrk requests=%d connect=%d read=%d write=%d status=%d timeout=%d",
		&s.requests, &s.connect, &s.read, &s.write, &s.status, &s.timeout)
	return s, err
}

type sockperfSummary struct {
	received, dropped, duplicated, outOfOrder int
}

var (
	sockperfValid  = regexp.MustCompile(`\[Valid Duration\][^\n]*ReceivedMessages=(\d+)`)
	sockperfErrors = regexp.MustCompile(`# dropped messages = (\d+); # duplicated messages = (\d+); # out-of-order messages = (\d+)`)
)

func parseSockperfSummary(out string) (sockperfSummary, error) {
	var s sockperfSummary
	valid := sockperfValid.FindStringSubmatch(out)
	errs := sockperfErrors.FindStringSubmatch(out)
	if valid == nil || errs == nil {
		return s, fmt.Errorf("sockperf printed no received/dropped summary")
	}
	s.received, _ = strconv.Atoi(valid[1])
	s.dropped, _ = strconv.Atoi(errs[1])
	s.duplicated, _ = strconv.Atoi(errs[2])
	s.outOfOrder, _ = strconv.Atoi(errs[3])
	return s, nil
}
