package faults

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/muxbench/muxbench/internal/rlimit"
	"github.com/muxbench/muxbench/internal/server"
)

// generatorTimeout bounds the generator's run: it must refuse at once.
const generatorTimeout = 10 * time.Second

// GeneratorFdLimit runs a load generator (exe args...) under RLIMIT_NOFILE
// limit, asking for a fleet that cannot fit: it must exit with status 2 and
// one line naming RLIMIT_NOFILE before it connects anything.
func GeneratorFdLimit(ctx context.Context, exe string, args []string, limit int) StartupReport {
	rep := StartupReport{Fault: "fd limit too low for the generator's fleet"}
	ctx, cancel := context.WithTimeout(ctx, generatorTimeout)
	defer cancel()
	cmd := rlimit.Command(ctx, limit, exe, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	rep.Took = time.Since(start)
	rep.Reported = strings.TrimSpace(stderr.String())
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		rep.Err = "the generator did not fail: " + errString(err)
		return rep
	}
	lines := strings.Count(rep.Reported, "\n") + 1
	rep.Recognised = exit.ExitCode() == 2 && lines == 1 && strings.Contains(rep.Reported, "RLIMIT_NOFILE")
	if !rep.Recognised {
		rep.Err = "exit status " + strconv.Itoa(exit.ExitCode())
	}
	return rep
}

func errString(err error) string {
	if err == nil {
		return "exit status 0"
	}
	return err.Error()
}

// ServerFdLimitReport is what ServerFdLimit measured.
type ServerFdLimitReport struct {
	Limit     int `json:"fd_limit"`
	Requested int `json:"requested"`
	Opened    int `json:"opened"`
	// Refused counts connections the server accepted and closed at once
	// because it had no fd to spare (or, for select, could not watch).
	Refused uint64 `json:"server_refused"`
	// Accepted counts the server's accepts over the scenario; Queued the
	// connections still waiting in the listen backlog when the flood was
	// closed (a backend that waits for fds instead of refusing: netpoll).
	Accepted     uint64       `json:"server_accepted"`
	Queued       int          `json:"queued"`
	ServingAfter bool         `json:"serving_after"`
	Active       ActiveReport `json:"active"`
	Err          string       `json:"error,omitempty"`
}

// Survived: the server kept serving the active client through the flood
// and served a new one after it, whether it refused or queued the excess.
func (r ServerFdLimitReport) Survived() bool {
	return r.Err == "" && r.ServingAfter && r.Active.Errors == 0
}

// queueWait bounds the wait for a backend to refuse the whole flood; one
// that queues instead never gets there.
const queueWait = 3 * time.Second

// ServerFdLimit opens n connections (n well above the child's fd limit) to
// a server child started under that limit while one active client echoes:
// the server must refuse what it cannot hold without spinning or dying, and
// serve a new client once the flood is gone.
func ServerFdLimit(ctx context.Context, c *Child, limit, n int) (rep ServerFdLimitReport) {
	rep.Limit, rep.Requested = limit, n
	t := c.Target()
	base, err := t.Counters()
	if err != nil {
		rep.Err = err.Error()
		return rep
	}
	ac := startActive(t.Addrs[0], 1, 1<<30)
	if !ac.awaitProgress(opTimeout) {
		rep.Active = ac.finish()
		rep.Err = "active client made no progress"
		return rep
	}
	rep.flood(ctx, t, base, n)
	rep.Active = ac.finish()
	// "Serving after" means after the flood has gone: until the server has
	// reaped the closed connections it may still sit at its fd limit and
	// rightly refuse a newcomer.
	if rep.Err == "" {
		if err := AwaitIdle(ctx, t); err != nil {
			rep.Err = err.Error()
			return rep
		}
		rep.ServingAfter = servesNewClient(t.Addrs[0])
	}
	return rep
}

func (rep *ServerFdLimitReport) flood(ctx context.Context, t Target, base server.Counters, n int) {
	conns, _, _ := dialMany(ctx, t.Addrs[0], n)
	rep.Opened = len(conns)
	defer closeAll(conns)
	got, err := t.waitCounters(ctx, queueWait, "refusing past the fd limit", func(c server.Counters) bool {
		return c.Accepts-base.Accepts >= uint64(n)
	})
	if got.Accepts == 0 {
		rep.Err = err.Error()
		return
	}
	rep.Refused, rep.Accepted = got.Refused-base.Refused, got.Accepts-base.Accepts
	rep.Queued = max(0, n+1-int(rep.Accepted)) // +1: the active client
}

// servesNewClient connects a fresh client and checks one echo.
func servesNewClient(addr string) bool {
	ac := startActive(addr, 1, 1)
	rep := ac.finishAfterAll()
	return rep.Exchanges == 1 && rep.Errors == 0
}
