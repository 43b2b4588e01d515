package procstat

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// CPUTimes is where one CPU's time has gone since boot, from /proc/stat at
// clock-tick precision (10 ms): Steal is the time a hypervisor ran someone
// else while this virtual CPU had work (a slow machine the guest cannot
// see any other way), Guest the time it ran a guest of its own.
type CPUTimes struct {
	Steal, Guest time.Duration
}

// Sub returns c - prev.
func (c CPUTimes) Sub(prev CPUTimes) CPUTimes {
	return CPUTimes{Steal: c.Steal - prev.Steal, Guest: c.Guest - prev.Guest}
}

// ReadCPUs reads the times of each of cpus (a cpu < 0: all CPUs
// together) from one reading of /proc/stat.
func ReadCPUs(cpus ...int) ([]CPUTimes, error) {
	lines, err := cpuLines("/proc/stat")
	if err != nil {
		return nil, err
	}
	out := make([]CPUTimes, len(cpus))
	for i, cpu := range cpus {
		name := "cpu"
		if cpu >= 0 {
			name += strconv.Itoa(cpu)
		}
		t, ok := lines[name]
		if !ok {
			return nil, fmt.Errorf("/proc/stat: no %s line", name)
		}
		out[i] = t
	}
	return out, nil
}

// cpuLines parses the cpu lines at the top of a /proc/stat file (fields:
// user nice system idle iowait irq softirq steal guest guest_nice, in
// ticks), stopping at the first other line.
func cpuLines(path string) (map[string]CPUTimes, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]CPUTimes{}
	sc := bufio.NewScanner(f)
	for sc.Scan() && strings.HasPrefix(sc.Text(), "cpu") {
		fields := strings.Fields(sc.Text())
		if len(fields) < 10 {
			return nil, fmt.Errorf("%s: %d fields in %q, want steal and guest", path, len(fields), fields[0])
		}
		var n [3]uint64
		for i, idx := range []int{8, 9, 10} { // steal, guest, guest_nice
			if idx < len(fields) {
				if n[i], err = strconv.ParseUint(fields[idx], 10, 64); err != nil {
					return nil, fmt.Errorf("%s: %s: %w", path, fields[0], err)
				}
			}
		}
		out[fields[0]] = CPUTimes{Steal: ticks(n[0]), Guest: ticks(n[1] + n[2])}
	}
	return out, sc.Err()
}
