package machine

import (
	"bufio"
	"bytes"
	"os"
	"runtime"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/muxbench/muxbench/internal/results"
)

// Describe returns what is known about this machine now. A figure that cannot
// be read is left empty or zero rather than guessed; ServerCPU and LoadgenCPU
// start at -1 (not pinned) until the caller pins.
func Describe() results.Machine {
	m := results.Machine{
		Kernel:     kernel(),
		CPUModel:   cpuModel("/proc/cpuinfo"),
		Cores:      runtime.NumCPU(),
		GoVersion:  runtime.Version(),
		ServerCPU:  -1,
		LoadgenCPU: -1,
	}
	m.Hostname, _ = os.Hostname()
	var lim unix.Rlimit
	if unix.Getrlimit(unix.RLIMIT_NOFILE, &lim) == nil {
		m.FdSoftLimit, m.FdHardLimit = lim.Cur, lim.Max
	}
	return m
}

// kernel is "sysname release version", as `uname -srv` prints it.
func kernel() string {
	var u unix.Utsname
	if unix.Uname(&u) != nil {
		return ""
	}
	parts := []string{cstr(u.Sysname[:]), cstr(u.Release[:]), cstr(u.Version[:])}
	return strings.TrimSpace(strings.Join(parts, " "))
}

func cstr(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
}

// cpuModel is the first "model name" line of /proc/cpuinfo (x86), falling
// back to "Hardware"/"cpu model"/"Processor" keys other architectures use.
func cpuModel(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	keys := map[string]bool{"model name": true, "Hardware": true, "cpu model": true, "Processor": true}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && keys[strings.TrimSpace(k)] {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
