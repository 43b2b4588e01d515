package syscount

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// tracefsRoots are where tracefs is found, the modern mount point first.
var tracefsRoots = []string{"/sys/kernel/tracing", "/sys/kernel/debug/tracing"}

// eventsDir returns the tracefs events directory, mounting tracefs at
// /sys/kernel/tracing when no mount is found.
func eventsDir() (string, error) {
	for _, root := range tracefsRoots {
		if _, err := os.Stat(filepath.Join(root, "events", "raw_syscalls")); err == nil {
			return filepath.Join(root, "events"), nil
		}
	}
	root := tracefsRoots[0]
	if err := unix.Mount("nodev", root, "tracefs", 0, ""); err != nil {
		return "", fmt.Errorf("tracefs not mounted and mount on %s failed: %w", root, os.NewSyscallError("mount", err))
	}
	dir := filepath.Join(root, "events")
	if _, err := os.Stat(filepath.Join(dir, "raw_syscalls")); err != nil {
		return "", fmt.Errorf("tracefs mounted but has no raw_syscalls events (kernel without CONFIG_FTRACE_SYSCALLS?): %w", err)
	}
	return dir, nil
}

// tracepointID reads events/<group>/<event>/id.
func tracepointID(events, group, event string) (uint64, error) {
	b, err := os.ReadFile(filepath.Join(events, group, event, "id"))
	if err != nil {
		return 0, err
	}
	return strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64)
}

// syscallIDs maps each name that has a sys_enter tracepoint on this kernel
// to its id. Names this architecture lacks (select on arm64) are left out.
func syscallIDs(events string, names []string) (map[string]uint64, error) {
	ids := make(map[string]uint64, len(names))
	for _, n := range names {
		id, err := tracepointID(events, "syscalls", "sys_enter_"+n)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("tracepoint syscalls:sys_enter_%s: %w", n, err)
		}
		ids[n] = id
	}
	return ids, nil
}
