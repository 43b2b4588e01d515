package control

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/muxbench/muxbench/internal/server"
)

// Responder is the served end of the protocol: it writes the child's lines
// to its stdout, each one whole, from the goroutine answering commands and
// from the one that started and stops the server alike.
type Responder struct {
	mu sync.Mutex
	w  io.Writer
}

// NewResponder writes the protocol's lines to w (the child's stdout).
func NewResponder(w io.Writer) *Responder { return &Responder{w: w} }

// Hello announces a started server: this process's pid, the backend and
// its bound addresses.
func (r *Responder) Hello(backend string, addrs []string) {
	r.write(Hello{Pid: os.Getpid(), Backend: backend, Addrs: addrs})
}

// Counters writes one counters line.
func (r *Responder) Counters(c server.Counters) { r.write(c) }

// Error writes an error line: in place of the hello when the server could
// not start, or after the final counters when serving failed.
func (r *Responder) Error(err error) { r.write(errorLine{Error: err.Error()}) }

// Answer reads commands from in and answers each until stop or EOF, then
// returns: the caller stops the server and writes the final counters.
func (r *Responder) Answer(in io.Reader, counters func() server.Counters) {
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		switch cmd := strings.TrimSpace(sc.Text()); cmd {
		case "":
		case CmdCounters:
			r.Counters(counters())
		case CmdStop:
			return
		default:
			r.write(errorLine{Error: fmt.Sprintf("unknown command %q (want %s or %s)", cmd, CmdCounters, CmdStop)})
		}
	}
}

func (r *Responder) write(v any) {
	line, err := json.Marshal(v)
	if err != nil {
		line, _ = json.Marshal(errorLine{Error: err.Error()})
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	fmt.Fprintln(r.w, string(line))
}
