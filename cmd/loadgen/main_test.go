package main

import (
	"bytes"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	hdr "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/muxbench/muxbench/internal/loadgen"
)

// echoServer serves TCP echo on 127.0.0.1:0; flip inverts every reply's
// last byte of each read (a faulty server).
func echoServer(t *testing.T, flip bool) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				buf := make([]byte, 4096)
				for {
					n, err := c.Read(buf)
					if err != nil {
						return
					}
					if flip {
						buf[n-1] ^= 1
					}
					if _, err := c.Write(buf[:n]); err != nil {
						return
					}
				}
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return ln.Addr().String()
}

func closedPort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// TestFailuresExitWithOneLine: bad input exits 2, a server that refuses
// (a failed run, not bad input) exits 1; either way one stderr line names
// the problem.
func TestFailuresExitWithOneLine(t *testing.T) {
	refused := closedPort(t)
	tests := []struct {
		name string
		args []string
		want string
		code int
	}{
		{"unknown flag", []string{"--bogus"}, "not defined", exitBadArgs},
		{"no addr", []string{"--active", "1"}, "--addr is required", exitBadArgs},
		{"name not number", []string{"--addr", "localhost:80"}, "numeric", exitBadArgs},
		{"bad mode", []string{"--addr", refused, "--mode", "sideways"}, "mode", exitBadArgs},
		{"open without rate", []string{"--addr", refused, "--mode", "open"}, "rate", exitBadArgs},
		{"small message", []string{"--addr", refused, "--msg-size", "4"}, "message size", exitBadArgs},
		{"bad source range", []string{"--addr", refused, "--source-addrs", "127.0.0.9-127.0.0.1"}, "source", exitBadArgs},
		{"too many fds", []string{"--addr", refused, "--idle", "100000000"}, "RLIMIT_NOFILE", exitBadArgs},
		{"refused", []string{"--addr", refused, "--idle", "3"}, refused, exitFailed},
		{"refused active", []string{"--addr", refused}, "connection refused", exitFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(tt.args, &out, &errOut)
			lines := strings.Split(strings.TrimSpace(errOut.String()), "\n")
			if code != tt.code || len(lines) != 1 || !strings.Contains(lines[0], tt.want) {
				t.Fatalf("exit %d, stderr %q: want exit %d and one line containing %q", code, errOut.String(), tt.code, tt.want)
			}
		})
	}
}

// TestHelpAndVersion: -h lists the flags and exits 0; --version prints the
// module and exits 0 without needing --addr.
func TestHelpAndVersion(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"-h"}, &out, &errOut); code != exitOK || !strings.Contains(errOut.String(), "--addr HOST:PORT[,HOST:PORT...]") || !strings.Contains(errOut.String(), "exit status:") {
		t.Fatalf("-h: exit %d, help %q", code, errOut.String())
	}
	out.Reset()
	if code := run([]string{"--version"}, &out, &errOut); code != exitOK || !strings.HasPrefix(out.String(), "loadgen github.com/muxbench/muxbench") {
		t.Fatalf("--version: exit %d, %q", code, out.String())
	}
}

func TestRunWritesJSONAndHlog(t *testing.T) {
	dir := t.TempDir()
	jsonPath, hlogPath := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.hlog")
	for _, mode := range []string{"closed", "open"} {
		t.Run(mode, func(t *testing.T) {
			args := []string{"--addr", echoServer(t, false), "--idle", "10", "--active", "2", "--mode", mode,
				"--duration", "100ms", "--warmup", "10ms", "--json", jsonPath, "--hlog", hlogPath}
			if mode == "open" {
				args = append(args, "--rate", "2000")
			}
			var out, errOut bytes.Buffer
			if code := run(args, &out, &errOut); code != exitOK {
				t.Fatalf("exit %d, stderr %s", code, errOut.String())
			}
			var rep struct {
				Schema int
				Tool   struct{ Module, Go string }
				Params struct {
					Duration time.Duration `json:"duration_ns"`
				}
				Result struct {
					Sent, Received uint64
					LateReplies    uint64 `json:"late_replies"`
				}
				Sweep struct{ Answered int }
			}
			b, err := os.ReadFile(jsonPath)
			if err != nil || json.Unmarshal(b, &rep) != nil {
				t.Fatalf("json: %v", err)
			}
			if rep.Schema != loadgen.ReportSchema || rep.Tool.Module == "" || rep.Tool.Go == "" || rep.Params.Duration != 100*time.Millisecond {
				t.Errorf("json schema %d, tool %+v, duration %v: want schema %d, the build, 100ms", rep.Schema, rep.Tool, rep.Params.Duration, loadgen.ReportSchema)
			}
			if rep.Result.Sent == 0 || rep.Result.Sent != rep.Result.Received+rep.Result.LateReplies || rep.Sweep.Answered != 10 {
				t.Fatalf("json result %+v", rep)
			}
			if n := hlogCount(t, hlogPath); uint64(n) < rep.Result.Received {
				t.Fatalf("hlog holds %d values, %d received", n, rep.Result.Received)
			}
		})
	}
}

func hlogCount(t *testing.T, path string) int64 {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := hdr.NewHistogramLogReader(f)
	var n int64
	for {
		h, err := r.NextIntervalHistogram()
		if err != nil {
			t.Fatalf("hlog: %v", err)
		}
		if h == nil {
			return n
		}
		n += h.TotalCount()
	}
}

func TestVerifyErrorFailsTheRun(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run([]string{"--addr", echoServer(t, true), "--duration", "50ms", "--warmup", "0"}, &out, &errOut)
	if code != exitFailed || !strings.Contains(errOut.String(), "verify_mismatch") {
		t.Fatalf("exit %d, stderr %q: want exit 1 naming verify_mismatch", code, errOut.String())
	}
}
