package benchrun

import (
	"time"

	"github.com/muxbench/muxbench/internal/results"
)

// The machine's hiccups: before the first trial and after the last, a
// thread pinned to each side's CPU spins reading the clock for the
// profile's Hiccup time, and counts the gaps between two reads
// (countHiccups). On this project's VMs a bare C loop doing the same saw
// about 90 gaps over 50 µs a second on either CPU, most under 250 µs, a
// few of 1-5 ms: the floor under the generator's send lag and every
// backend's tail, which the run then states beside its other machine
// figures.

// hiccupGap is the shortest gap counted: reading the clock takes well
// under a microsecond, so a 20 µs gap is time the CPU spent elsewhere.
const hiccupGap = 20 * time.Microsecond

// countHiccups reads now (nanoseconds) in a loop for d and sums up the
// gaps between successive reads of hiccupGap or more.
func countHiccups(now func() int64, d time.Duration) results.Hiccups {
	start := now()
	end, prev := start+int64(d), start
	var h results.Hiccups
	var lost int64
	for prev < end {
		t := now()
		if gap := time.Duration(t - prev); gap >= hiccupGap {
			h.Over20Us++
			h.Over50Us += boolInt(gap >= 50*time.Microsecond)
			h.Over100Us += boolInt(gap >= 100*time.Microsecond)
			h.Over1Ms += boolInt(gap >= time.Millisecond)
			h.MaxUs = max(h.MaxUs, us(gap))
			lost += int64(gap)
		}
		prev = t
	}
	h.SpunSec = time.Duration(prev - start).Seconds()
	if prev > start {
		h.LostPct = 100 * float64(lost) / float64(prev-start)
	}
	return h
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// measureHiccups spins on each side's CPU for the profile's Hiccup time
// and adds what it saw to r.hiccups; a CPU that cannot be pinned is noted
// and left unmeasured.
func (r *runner) measureHiccups() {
	d := r.opts.Hiccup
	if d <= 0 {
		return
	}
	base := time.Now()
	clock := func() int64 { return int64(time.Since(base)) }
	for i, cpu := range []int{r.run.Machine.ServerCPU, r.run.Machine.LoadgenCPU} {
		var h results.Hiccups
		if err := onCPU(cpu, func() { h = countHiccups(clock, d) }); err != nil {
			r.prog.note("hiccups: " + err.Error())
			return
		}
		r.hiccups[i] = r.hiccups[i].Add(h)
	}
}
