package faults

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/muxbench/muxbench/internal/control"
	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/loadgen"
	"github.com/muxbench/muxbench/internal/server"
)

// childEnv makes the test binary a child: "serve BACKEND" serves that
// backend in-process and answers internal/control's protocol as `bench
// serve --control` does, "loadgen ADDR IDLE" asks the generator for a fleet
// and exits 2 with one line when it does not fit, like cmd/loadgen.
const childEnv = "MUXBENCH_FAULTS_CHILD"

func TestMain(m *testing.M) {
	if role := os.Getenv(childEnv); role != "" {
		os.Exit(runChild(strings.Fields(role)))
	}
	os.Exit(m.Run())
}

func runChild(args []string) int {
	switch {
	case len(args) == 2 && args[0] == "serve":
		return childServe(args[1])
	case len(args) == 3 && args[0] == "loadgen":
		idle, _ := strconv.Atoi(args[2])
		g, err := loadgen.Dial(context.Background(), loadgen.Config{Addrs: []string{args[1]}, Idle: idle, Active: 1})
		var le *loadgen.LimitError
		if errors.As(err, &le) {
			fmt.Fprintln(os.Stderr, "loadgen:", err)
			return 2
		}
		if g != nil {
			g.Close()
		}
		return 1
	}
	return 3
}

func childServe(name string) int {
	for _, b := range backends {
		if b.name != name {
			continue
		}
		r := control.NewResponder(os.Stdout)
		srv, err := b.New(server.Config{Addrs: []string{"127.0.0.1:0"}, Handler: handler.Echo{}})
		if err != nil {
			r.Error(err)
			return 2
		}
		r.Hello(name, []string{srv.Addrs()[0].String()})
		go srv.Serve(context.Background())
		r.Answer(os.Stdin, srv.Counters)
		srv.Close()
		r.Counters(srv.Counters())
		return 0
	}
	return 3
}

// startChild runs this test binary as a server child of backend under an
// fd limit (0: none) and stops it at cleanup.
func startChild(t *testing.T, backend string, fdLimit int) *Child {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(childEnv, "serve "+backend)
	c, err := StartChild(control.Spec{Exe: exe, Args: []string{"-test.run=^$"}, FdLimit: fdLimit})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := c.Stop(); err != nil {
			t.Errorf("child: %v (stderr: %s)", err, c.Stderr())
		}
	})
	return c
}
