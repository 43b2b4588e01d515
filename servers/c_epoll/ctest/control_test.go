package ctest

import (
	"encoding/json"
	"net"
	"strings"
	"syscall"
	"testing"

	"github.com/muxbench/muxbench/internal/server"
	"github.com/muxbench/muxbench/internal/servertest"
)

// testStop stops the server each way the protocol allows, with connections
// open: each must end in one final counters line, exit 0, every connection
// closed and the listener gone.
func testStop(t *testing.T, b build) {
	tests := []struct {
		name string
		stop func(t *testing.T, c *child) (server.Counters, error)
	}{
		{name: "stop command", stop: func(_ *testing.T, c *child) (server.Counters, error) { return c.Stop() }},
		{name: "stdin EOF", stop: func(_ *testing.T, c *child) (server.Counters, error) {
			c.CloseInput()
			return c.Finish()
		}},
		{name: "SIGTERM", stop: func(t *testing.T, c *child) (server.Counters, error) {
			signal(t, c.PID(), syscall.SIGTERM)
			return c.Finish()
		}},
		{name: "SIGINT", stop: func(t *testing.T, c *child) (server.Counters, error) {
			signal(t, c.PID(), syscall.SIGINT)
			return c.Finish()
		}},
	}
	const conns = 3
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := startControl(t, b)
			for range conns {
				servertest.Dial(t, srv.addr())
			}
			srv.waitFor("the accepts", func(c server.Counters) bool { return c.Active == conns })
			final := srv.finish(tc.stop(t, srv))
			if final.Active != 0 || final.Closes != conns {
				t.Errorf("final counters active=%d closes=%d, want 0, %d", final.Active, final.Closes, conns)
			}
			if c, err := net.Dial("tcp", srv.addr()); err == nil {
				c.Close()
				t.Errorf("%s still accepts connections after the stop", srv.addr())
			}
		})
	}
}

// testStopContinue stops and continues the server: its blocked epoll_wait
// returns EINTR, which must be retried, not taken for a failure.
func testStopContinue(t *testing.T, b build) {
	srv := startControl(t, b)
	before := srv.counters()
	signal(t, srv.PID(), syscall.SIGSTOP)
	signal(t, srv.PID(), syscall.SIGCONT)
	c := servertest.Dial(t, srv.addr())
	if _, err := c.Write([]byte("still here")); err != nil {
		t.Fatal(err)
	}
	servertest.ExpectEcho(t, c, []byte("still here"))
	if got := srv.counters(); got.WaitCalls <= before.WaitCalls {
		t.Errorf("wait calls %d then %d", before.WaitCalls, got.WaitCalls)
	}
}

func signal(t *testing.T, pid int, sig syscall.Signal) {
	t.Helper()
	if err := syscall.Kill(pid, sig); err != nil {
		t.Fatal(err)
	}
}

// testCommands checks the lines that are not counters: a blank line is
// ignored, an unknown command is answered with an error and the server
// keeps going, and commands sent together are answered in order.
func testCommands(t *testing.T, b build) {
	srv := launchControl(t, b)
	srv.send("\n  \nbogus\ncounters\nbogus2")
	var e struct{ Error string }
	if err := json.Unmarshal([]byte(srv.line()), &e); err != nil || e.Error != `unknown command "bogus" (want counters or stop)` {
		t.Errorf("answer to bogus: %+v, %v", e, err)
	}
	srv.decode(srv.line())
	if line := srv.line(); !strings.Contains(line, `"error":"unknown command \"bogus2\"`) {
		t.Errorf("answer to bogus2: %s", line)
	}
	srv.send("  counters\t")
	if got := srv.decode(srv.line()); got.WaitCalls == 0 {
		t.Errorf("counters after the errors: %+v", got)
	}
}

// testBadArgs checks each bad command line ends in exit 2 with one stderr
// line and, in control mode, one JSON error line.
func testBadArgs(t *testing.T, b build) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	tests := []struct {
		name string
		args []string
		want string // in the message
	}{
		{name: "bad address", args: []string{"--addr", "nowhere"}, want: `bad address "nowhere"`},
		{name: "empty list item", args: []string{"--addr", "127.0.0.1:0,,127.0.0.1:0"}, want: `bad address ""`},
		{name: "port range", args: []string{"--addr", "127.0.0.1:65536"}, want: "not a number in 0..65535"},
		{name: "host name", args: []string{"--addr", "example.com:80"}, want: "host must be an IP address"},
		{name: "port in use", args: []string{"--addr", taken.Addr().String()}, want: "pick another"},
		{name: "max-pending 0", args: []string{"--max-pending", "0"}, want: "want a positive number"},
		{name: "max-pending text", args: []string{"--max-pending", "lots"}, want: "want a positive number"},
		{name: "cpu -2", args: []string{"--cpu", "-2"}, want: "--cpu -2"},
		{name: "cpu offline", args: []string{"--cpu", "1023"}, want: "sched_setaffinity"},
		{name: "unknown flag", args: []string{"--threads", "4"}, want: "flag provided but not defined: -threads"},
		{name: "missing value", args: []string{"--addr"}, want: "flag needs an argument: -addr"},
		{name: "other handler", args: []string{"--handler", "rpc"}, want: "echo handler only"},
		{name: "argument", args: []string{"serve"}, want: `unexpected argument "serve"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := launch(t, b, append([]string{"--control"}, tc.args...)...)
			var e struct{ Error string }
			if line := c.line(); json.Unmarshal([]byte(line), &e) != nil || !strings.Contains(e.Error, tc.want) {
				t.Errorf("stdout %q, want an error line containing %q", line, tc.want)
			}
			if code := c.exitCode(); code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			msg := c.stderrText()
			if strings.Count(msg, "\n") != 1 || !strings.HasPrefix(msg, "c_epoll: ") || !strings.Contains(msg, tc.want) {
				t.Errorf("stderr %q, want one line c_epoll: ...%s...", msg, tc.want)
			}
		})
	}
}

// testBanner runs without --control: one banner line, echo, and SIGINT
// prints the counters and exits 0.
func testBanner(t *testing.T, b build) {
	c := launch(t, b, "--addr", "127.0.0.1:0")
	banner := c.line()
	rest, ok := strings.CutPrefix(banner, "c_epoll: echo handler, listening on ")
	addr, _, _ := strings.Cut(rest, " ")
	if !ok || !strings.HasPrefix(addr, "127.0.0.1:") {
		t.Fatalf("banner %q", banner)
	}
	conn := servertest.Dial(t, addr)
	if _, err := conn.Write([]byte("hi")); err != nil {
		t.Fatal(err)
	}
	servertest.ExpectEcho(t, conn, []byte("hi"))
	signal(t, c.cmd.Process.Pid, syscall.SIGINT)
	if line := c.line(); line != "counters:" {
		t.Errorf("after SIGINT: %q, want the counters", line)
	}
	if code := c.exitCode(); code != 0 {
		t.Errorf("exit %d, want 0", code)
	}
}

// testCPU checks --cpu pins the process.
func testCPU(t *testing.T, b build) {
	srv := startControl(t, b, "--cpu", "0")
	if got := status(t, srv.PID(), "Cpus_allowed_list"); got != "0" {
		t.Errorf("Cpus_allowed_list %q, want 0", got)
	}
}
