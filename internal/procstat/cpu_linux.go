package procstat

import (
	"fmt"
	"time"

	"github.com/prometheus/procfs"
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
	fs, err := procfs.NewDefaultFS()
	if err != nil {
		return nil, err
	}
	st, err := fs.Stat()
	if err != nil {
		return nil, err
	}
	out := make([]CPUTimes, len(cpus))
	for i, cpu := range cpus {
		s := st.CPUTotal
		if cpu >= 0 {
			var ok bool
			if s, ok = st.CPU[int64(cpu)]; !ok {
				return nil, fmt.Errorf("/proc/stat: no line for cpu%d", cpu)
			}
		}
		out[i] = CPUTimes{Steal: seconds(s.Steal), Guest: seconds(s.Guest + s.GuestNice)}
	}
	return out, nil
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
