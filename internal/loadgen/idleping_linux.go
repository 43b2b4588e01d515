package loadgen

import (
	"math/rand/v2"
	"time"

	"golang.org/x/sys/unix"
)

// IdlePingReport counts the idle connections' pings during a run.
type IdlePingReport struct {
	Sent     uint64 `json:"sent"`
	Answered uint64 `json:"answered"`
	Lost     uint64 `json:"lost"`
}

// pinger is the idle pings of one window, a workload (see the contract in
// window_linux.go): one Poisson process of total rate live/interval, each
// arrival choosing a connection at random, which makes every connection's
// pings Poisson-spaced with mean interval. After the window it waits up to
// the timeout for the pings still unanswered; those left are lost.
type pinger struct {
	f        *fleet
	interval time.Duration
	timeout  time.Duration
	rng      *rand.Rand
	pending  []bool
	rep      IdlePingReport
	wn       window
	mean     float64 // nanoseconds between two pings of the whole fleet
	next     int64   // when the next ping is due (driver clock)
	drainEnd int64   // when the drain gives up (0: not draining yet)
	broken   bool    // the fleet's epoll wait failed: no more pings
}

func newPinger(f *fleet, interval, timeout time.Duration, seed uint64) *pinger {
	return &pinger{f: f, interval: interval, timeout: timeout,
		rng: rand.New(rand.NewPCG(seed, 0x6c6f6164)), pending: make([]bool, len(f.fds))}
}

// prepare has nothing to make: the pings are counted, not recorded.
func (p *pinger) prepare(time.Duration) {}

func (p *pinger) begin(wn window) {
	p.wn, p.next, p.drainEnd = wn, wn.now(), 0
	p.f.w.raw = wn.raw
	p.mean = float64(p.interval) / float64(max(p.f.live(), 1))
}

func (p *pinger) limited() bool { return p.broken }

// step sends the pings that are due while sending, then collects answers
// for at most 10 ms (and not past the next ping, the window's end or the
// drain's end).
func (p *pinger) step(now int64, sending bool) {
	wait := int64(10 * time.Millisecond)
	if sending {
		for p.next <= now {
			p.ping(p.rng.IntN(len(p.f.fds)))
			p.next += int64(p.rng.ExpFloat64() * p.mean)
		}
		wait = min(wait, p.next-now, p.wn.end-now)
	} else {
		if p.drainEnd == 0 {
			p.drainEnd = now + int64(p.timeout)
		}
		wait = min(wait, p.drainEnd-now)
	}
	evs, err := p.f.w.wait(time.Duration(max(wait, 0)))
	if err != nil {
		p.broken = true
		return
	}
	p.collect(evs)
}

func (p *pinger) drained() bool {
	return p.broken || !p.waiting() || (p.drainEnd > 0 && p.wn.now() >= p.drainEnd)
}

func (p *pinger) err() error { return nil }

// report counts the pings still unanswered as lost.
func (p *pinger) report(res *Result) {
	p.f.w.raw = false // the sweep waits on the caller's goroutine
	for i, waiting := range p.pending {
		if waiting {
			p.rep.Lost++
			p.pending[i] = false
		}
	}
	rep := p.rep
	res.IdlePing = &rep
}

func (p *pinger) waiting() bool {
	for _, w := range p.pending {
		if w {
			return true
		}
	}
	return false
}

func (p *pinger) ping(i int) {
	if p.pending[i] || p.f.fds[i] < 0 {
		return
	}
	p.rep.Sent++
	if writeByte(p.f.fds[i], probeByte(i)) {
		p.pending[i] = true
		return
	}
	p.rep.Lost++
	p.f.drop(i)
}

func (p *pinger) collect(evs []unix.EpollEvent) {
	for _, ev := range evs {
		i := int(ev.Fd)
		wasPending := p.pending[i]
		p.pending[i] = false
		switch {
		case p.f.answer(i) && wasPending:
			p.rep.Answered++
		case wasPending:
			p.rep.Lost++
		default:
			// Input nobody asked for: answer dropped the connection.
		}
	}
}
