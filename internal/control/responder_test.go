package control

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/muxbench/muxbench/internal/server"
)

// TestWire runs the served end over a pipe-like stream of commands and reads
// what it wrote with the parent end's decoders: the hello, one answer per
// command in order, nothing for empty lines or after stop.
func TestWire(t *testing.T) {
	tests := []struct {
		name     string
		commands string
		want     []string // per answer: "counters N" or "error MESSAGE"
	}{
		{name: "counters then stop", commands: "counters\ncounters\nstop\ncounters\n", want: []string{"counters 1", "counters 2"}},
		{name: "empty lines and spaces", commands: "\n  counters  \n\nstop\n", want: []string{"counters 1"}},
		{name: "unknown command keeps serving", commands: "bogus\ncounters\n", want: []string{`error unknown command "bogus" (want counters or stop)`, "counters 1"}},
		{name: "EOF acts as stop", commands: "counters", want: []string{"counters 1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			r := NewResponder(&out)
			r.Hello("fake", []string{"127.0.0.1:9"})
			var c server.Counters
			r.Answer(strings.NewReader(tc.commands), func() server.Counters { c.WaitCalls++; return c })
			lines := bufio.NewScanner(&out)
			if !lines.Scan() {
				t.Fatal("no hello")
			}
			h, err := ParseHello(lines.Bytes())
			if err != nil || h.Pid != os.Getpid() || h.Backend != "fake" || len(h.Addrs) != 1 {
				t.Fatalf("hello %+v, %v", h, err)
			}
			var got []string
			for lines.Scan() {
				got = append(got, describeAnswer(lines.Bytes()))
			}
			if strings.Join(got, "; ") != strings.Join(tc.want, "; ") {
				t.Fatalf("answers %q, want %q", got, tc.want)
			}
		})
	}
}

func describeAnswer(line []byte) string {
	c, err := parseCounters(line)
	if err != nil {
		return "error " + err.Error()
	}
	return "counters " + strconv.FormatUint(c.WaitCalls, 10)
}

// TestHelloErrors: the parent end refuses a hello that reports an error or
// lacks what it needs, and says why.
func TestHelloErrors(t *testing.T) {
	var refused bytes.Buffer
	NewResponder(&refused).Error(errors.New("cannot listen"))
	tests := []struct {
		name, line, want string
	}{
		{name: "start error", line: refused.String(), want: "cannot listen"},
		{name: "no addresses", line: `{"pid":7,"backend":"poll"}`, want: "lacks pid or addrs"},
		{name: "not JSON", line: "listening on 127.0.0.1:9", want: "bad hello line"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := ParseHello([]byte(strings.TrimSpace(tc.line))); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("ParseHello(%q) = %v, want an error mentioning %q", tc.line, err, tc.want)
			}
		})
	}
}
