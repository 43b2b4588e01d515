package registry

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/muxbench/muxbench/internal/control"
	"github.com/muxbench/muxbench/internal/server"
)

// external completes an External backend's entry: Available says whether
// its program is there, and New starts it as a child behind a
// control.Proxy, so the conformance suite and `bench serve` drive it like
// any backend. (bench run starts the program itself: see ProgramPath.)
func external(b Backend) Backend {
	b.Kind = External
	b.Available = b.programAvailable
	b.New = func(cfg server.Config) (server.Server, error) {
		if err := b.programAvailable(); err != nil {
			return nil, err
		}
		path, _ := b.ProgramPath()
		p, err := control.NewProxy(control.Program{Exe: path, Backend: b.Name, Handlers: b.Handlers}, cfg)
		if err != nil {
			return nil, err
		}
		return p, nil
	}
	return b
}

// ProgramEnv is the environment variable that overrides where an External
// backend's program is looked up: MUXBENCH_ and its name in capitals,
// e.g. MUXBENCH_C_EPOLL.
func (b Backend) ProgramEnv() string { return "MUXBENCH_" + strings.ToUpper(b.Program) }

// ProgramPath is where an External backend's program is: the path in
// ProgramEnv when it is set, else beside the running executable (`make
// build` puts bin/c_epoll beside bin/bench).
func (b Backend) ProgramPath() (string, error) {
	if b.Kind != External {
		return "", fmt.Errorf("%s is not a program of its own", b.Name)
	}
	if p := os.Getenv(b.ProgramEnv()); p != "" {
		return p, nil
	}
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("%s: cannot find the running executable to look beside it: %w", b.Name, err)
	}
	return filepath.Join(filepath.Dir(exe), b.Program), nil
}

// programAvailable says in one line why the program cannot be run.
func (b Backend) programAvailable() error {
	path, err := b.ProgramPath()
	if err != nil {
		return err
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && os.Getenv(b.ProgramEnv()) == "":
		return fmt.Errorf("%s not built: no %s (`make build` builds it when a C compiler exists; %s=PATH names another)",
			b.Name, path, b.ProgramEnv())
	case err != nil:
		return fmt.Errorf("%s: %s=%s: %w", b.Name, b.ProgramEnv(), path, err)
	case !fi.Mode().IsRegular() || fi.Mode().Perm()&0o111 == 0:
		return fmt.Errorf("%s: %s is not an executable file", b.Name, path)
	}
	return nil
}
