package ctest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// cflags are the Makefile's; the sanitized build adds its own.
var (
	cflags     = []string{"-std=c11", "-O2", "-Wall", "-Wextra", "-Werror"}
	sanitizers = []string{"-std=c11", "-O1", "-g", "-fno-omit-frame-pointer",
		"-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-Wall", "-Wextra", "-Werror"}
)

// A build is one compiled c_epoll.
type build struct {
	name string
	path string
}

type check struct {
	name string
	run  func(t *testing.T, b build)
}

// everyBuild runs against the plain and the sanitized build.
var everyBuild = []check{
	{"echo", testEcho},
	{"resume", testResume},
	{"pipelined", testPipelined},
	{"half-close", testHalfClose},
	{"reset", testReset},
	{"reset while busy", testResetWhileBusy},
	{"fleet", testFleet},
	{"EMFILE", testEMFILE},
	{"stop", testStop},
	{"stop and continue", testStopContinue},
	{"conformance", testConformance},
}

// plainOnly runs against the plain build only: memory use, or what the
// sanitizers do not change.
var plainOnly = []check{
	{"non-reading client", testNonReadingClient},
	{"addrs", testAddrs},
	{"counters line", testCountersLine},
	{"commands", testCommands},
	{"bad args", testBadArgs},
	{"banner", testBanner},
	{"cpu", testCPU},
}

// TestCEpoll builds c_epoll with the C compiler (a missing one fails the
// test) and runs every check against each build.
func TestCEpoll(t *testing.T) {
	dir := t.TempDir()
	plain := build{name: "plain", path: filepath.Join(dir, "c_epoll")}
	if err := compile(plain.path, cflags); err != nil {
		t.Fatal(err)
	}
	builds := []build{plain}
	if why := probeSanitizers(dir); why != "" {
		t.Logf("no sanitized build, the compiler cannot build with sanitizers: %s", why)
	} else {
		san := build{name: "sanitized", path: filepath.Join(dir, "c_epoll-san")}
		if err := compile(san.path, sanitizers); err != nil {
			t.Fatal(err)
		}
		builds = append(builds, san)
	}
	for i, b := range builds {
		checks := everyBuild
		if i == 0 {
			checks = append(append([]check{}, everyBuild...), plainOnly...)
		}
		t.Run(b.name, func(t *testing.T) {
			for _, c := range checks {
				t.Run(c.name, func(t *testing.T) { c.run(t, b) })
			}
		})
	}
}

// compiler is $CC's first word, or cc.
func compiler() string {
	if f := strings.Fields(os.Getenv("CC")); len(f) > 0 {
		return f[0]
	}
	return "cc"
}

// compile builds the C sources in .. (or srcs, when given) into out.
func compile(out string, flags []string, srcs ...string) error {
	if _, err := exec.LookPath(compiler()); err != nil {
		return fmt.Errorf("c_epoll needs a C compiler to be tested: %q not found (install gcc, or set CC): %v", compiler(), err)
	}
	if len(srcs) == 0 {
		var err error
		if srcs, err = filepath.Glob(filepath.Join("..", "*.c")); err != nil || len(srcs) == 0 {
			return fmt.Errorf("no C sources in .. (%v)", err)
		}
	}
	args := append(append(append([]string{}, flags...), "-o", out), srcs...)
	if msg, err := exec.Command(compiler(), args...).CombinedOutput(); err != nil {
		return fmt.Errorf("%s %s: %v\n%s", compiler(), strings.Join(args, " "), err, msg)
	}
	return nil
}

// probeSanitizers says why the compiler cannot build with sanitizers (their
// runtime is a separate package on some systems), or "" when it can: then a
// failure to build c_epoll with them is c_epoll's.
func probeSanitizers(dir string) string {
	src := filepath.Join(dir, "probe.c")
	if err := os.WriteFile(src, []byte("int main(void) { return 0; }\n"), 0o644); err != nil {
		return err.Error()
	}
	if err := compile(filepath.Join(dir, "probe"), sanitizers, src); err != nil {
		return err.Error()
	}
	return ""
}
