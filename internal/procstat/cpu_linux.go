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

// ReadCPU reads the times of one CPU, or of all CPUs together when cpu < 0.
func ReadCPU(cpu int) (CPUTimes, error) {
	fs, err := procfs.NewDefaultFS()
	if err != nil {
		return CPUTimes{}, err
	}
	st, err := fs.Stat()
	if err != nil {
		return CPUTimes{}, err
	}
	s := st.CPUTotal
	if cpu >= 0 {
		var ok bool
		if s, ok = st.CPU[int64(cpu)]; !ok {
			return CPUTimes{}, fmt.Errorf("/proc/stat: no line for cpu%d", cpu)
		}
	}
	return CPUTimes{Steal: seconds(s.Steal), Guest: seconds(s.Guest + s.GuestNice)}, nil
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
