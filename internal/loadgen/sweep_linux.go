//go:build linux

package loadgen

import (
	"errors"
	"math/rand/v2"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// SweepReport says how many idle connections answered the liveness probe.
type SweepReport struct {
	Probed   int           `json:"probed"`
	Answered int           `json:"answered"`
	Elapsed  time.Duration `json:"elapsed_ns"`
}

// IdlePingReport counts the idle connections' pings during a run.
type IdlePingReport struct {
	Sent     uint64 `json:"sent"`
	Answered uint64 `json:"answered"`
	Lost     uint64 `json:"lost"`
}

// probeByte is what idle connection i sends: it varies with i, so an echo
// crossing connections is caught.
func probeByte(i int) byte { return byte(i*7 + 1) }

// sweep sends one byte on every idle connection and waits, up to timeout,
// for each to come back. A connection that closes, errs or echoes a wrong
// byte is dropped and not counted.
func (f *fleet) sweep(timeout time.Duration) SweepReport {
	begin := time.Now()
	rep := SweepReport{}
	awaiting := make([]bool, len(f.fds))
	waiting := 0
	for i, fd := range f.fds {
		if fd < 0 {
			continue
		}
		rep.Probed++
		if writeByte(fd, probeByte(i)) {
			awaiting[i] = true
			waiting++
		} else {
			f.drop(i)
		}
	}
	deadline := begin.Add(timeout)
	for waiting > 0 && time.Now().Before(deadline) {
		evs, err := f.w.wait(time.Until(deadline))
		if err != nil {
			break
		}
		for _, ev := range evs {
			i := int(ev.Fd)
			ok := f.answer(i)
			if awaiting[i] {
				awaiting[i] = false
				waiting--
				if ok {
					rep.Answered++
				}
			}
		}
	}
	rep.Elapsed = time.Since(begin)
	return rep
}

// answer reads idle connection i's echo; a wrong byte, an error or a close
// drops the connection. An fd already dropped reports false.
func (f *fleet) answer(i int) bool {
	fd := f.fds[i]
	if fd < 0 {
		return false
	}
	var b [1]byte
	for {
		n, err := unix.Read(fd, b[:])
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if n == 1 && b[0] == probeByte(i) {
			return true
		}
		f.drop(i)
		return false
	}
}

// writeByte sends one byte, retrying EINTR; false when it could not.
func writeByte(fd int, b byte) bool {
	buf := [1]byte{b}
	for {
		n, err := unix.Write(fd, buf[:])
		if errors.Is(err, unix.EINTR) {
			continue
		}
		return n == 1
	}
}

// pinger sends idle pings until stop is set or the deadline passes: one
// Poisson process of total rate live/interval, each arrival choosing a
// connection at random, which makes every connection's pings Poisson-spaced
// with mean interval.
type pinger struct {
	f        *fleet
	interval time.Duration
	rng      *rand.Rand
	pending  []bool
	report   IdlePingReport
}

func newPinger(f *fleet, interval time.Duration, seed uint64) *pinger {
	return &pinger{f: f, interval: interval, rng: rand.New(rand.NewPCG(seed, 0x6c6f6164)),
		pending: make([]bool, len(f.fds))}
}

func (p *pinger) run(stop *atomic.Bool, deadline time.Time, timeout time.Duration) {
	live := p.f.live()
	if live == 0 {
		return
	}
	mean := float64(p.interval) / float64(live)
	next := time.Now()
	for !stop.Load() && time.Now().Before(deadline) {
		now := time.Now()
		for !next.After(now) {
			p.ping(p.rng.IntN(len(p.f.fds)))
			next = next.Add(time.Duration(p.rng.ExpFloat64() * mean))
		}
		wait := min(time.Until(next), 10*time.Millisecond, time.Until(deadline))
		evs, err := p.f.w.wait(max(wait, 0))
		if err != nil {
			return
		}
		p.collect(evs)
	}
	p.drain(stop, time.Now().Add(timeout))
}

// drain waits, up to drainEnd, for the pings still unanswered; those left
// are lost.
func (p *pinger) drain(stop *atomic.Bool, drainEnd time.Time) {
	for p.waiting() && !stop.Load() && time.Now().Before(drainEnd) {
		evs, err := p.f.w.wait(min(time.Until(drainEnd), 10*time.Millisecond))
		if err != nil {
			break
		}
		p.collect(evs)
	}
	for _, waiting := range p.pending {
		if waiting {
			p.report.Lost++
		}
	}
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
	p.report.Sent++
	if writeByte(p.f.fds[i], probeByte(i)) {
		p.pending[i] = true
		return
	}
	p.report.Lost++
	p.f.drop(i)
}

func (p *pinger) collect(evs []unix.EpollEvent) {
	for _, ev := range evs {
		i := int(ev.Fd)
		wasPending := p.pending[i]
		p.pending[i] = false
		switch {
		case p.f.answer(i) && wasPending:
			p.report.Answered++
		case wasPending:
			p.report.Lost++
		default:
			// Input nobody asked for: answer dropped the connection.
		}
	}
}
