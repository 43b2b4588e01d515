package loadgen

import "time"

// An open-loop send is due at its intended time, and its latency is counted
// from then: a generator that wakes late charges its own lateness to the
// server. exactWakeups asks the kernel for no timer slack, but the wakeup
// itself still takes time: a thread sleeping in epoll_pwait2 for 500 µs on
// this project's VMs (an idle vCPU halted, woken through the host) came
// back 44.5 µs late at the median, 133 µs at p99, with timer slack 1 ns;
// waking 100 µs early and polling the rest with zero-timeout waits made the
// median 0.13 µs (p99 118 µs: the host's own hiccups, which no generator
// can avoid). So the driver sleeps until spinAhead before the next send is
// due and polls from there, reading replies as they come.
//
// Waking 100 µs early left the wakeup's own tail: in open loop at 2,000
// req/s (bench run --profile smoke --mode open --idle 0,1000 --active 1,16,
// four backends, 8 trials, twice each) 94 of 240 trials were
// generator-late; waking 300 µs early, 37 of 240, and the median trial's
// p99 fell from 361–373 to 265–304 µs. Waking 450 µs early (polling
// throughout) flagged about as many (27 of 240) and kept the generator
// 89–94% busy, at the loadgen-bound gate's door.
//
// Polling costs the generator's CPU (spinAhead less the wakeup, per send),
// so it is done only where sends are spinMinGap apart or more on one
// driver: at 2,000 req/s on one driver the generator is then about 68%
// busy (26% waking 100 µs early), and the cost shows in its CPU/req.
// Closer sends keep the thread awake most of the time anyway, and their
// lag is measured as before (the send-lag histogram and generator-late).
const (
	spinAhead  = 300 * time.Microsecond
	spinMinGap = 500 * time.Microsecond
)

// sleepUntil is how long the driver's wait may sleep for a send due in lead
// nanoseconds (lead > 0): the whole lead, or, where the driver polls before
// its sends, up to spinAhead before it and then not at all.
func (d *driver) sleepUntil(lead int64) time.Duration {
	if !d.spins() {
		return time.Duration(lead)
	}
	return time.Duration(max(lead-int64(spinAhead), 0))
}

// spins says whether the driver polls before its sends: open loop, with its
// own sends spinMinGap apart or more.
func (d *driver) spins() bool {
	if d.mode != Open || len(d.conns) == 0 {
		return false
	}
	gap := d.nsPerReq * float64(d.active) / float64(len(d.conns))
	return gap >= float64(spinMinGap)
}
