package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/muxbench/muxbench/internal/registry"
)

// buildCEpoll builds c_epoll with the Makefile's rule beside the test's
// bench binary, where bench looks for it, when make and a C compiler exist
// (else its cells and serve children say it is not built), and points this
// process's registry, and the children's, at the same path.
func buildCEpoll(dir string) error {
	path := filepath.Join(dir, "c_epoll")
	if err := os.Setenv(registry.MustLookup(registry.CEpoll).ProgramEnv(), path); err != nil {
		return err
	}
	for _, tool := range []string{"make", "cc"} {
		if _, err := exec.LookPath(tool); err != nil {
			return nil
		}
	}
	if out, err := exec.Command("make", "-s", "-C", filepath.Join("..", ".."), "BIN="+dir, "c_epoll").CombinedOutput(); err != nil {
		return fmt.Errorf("make c_epoll: %v\n%s", err, out)
	}
	return nil
}

// skipUnserved skips a subtest of a backend that cannot serve the handler
// here (c_epoll speaks echo only, and is missing without a C compiler),
// with the registry's reason.
func skipUnserved(t *testing.T, backend, handler string) {
	t.Helper()
	bench(t) // builds c_epoll, or says where it is missing
	if why := registry.MustLookup(backend).CannotServe(handler); why != "" {
		t.Skip(why)
	}
}
