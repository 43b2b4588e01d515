package poller_test

import (
	"testing"

	"github.com/muxbench/muxbench/internal/poller/epoll"
	"github.com/muxbench/muxbench/internal/poller/poll"
	selectpoll "github.com/muxbench/muxbench/internal/poller/select"
	"github.com/muxbench/muxbench/internal/reactor"
)

// TestPollReportsEveryReadyFdInTurn is #12 item 7: with more ready fds than
// the event buffer holds, a level-triggered scan that always starts at the
// first entry reports the same len(events) fds on every wait and starves
// the rest. Every ready fd must come back within ceil(ready/len(events))
// waits, and the scan counter must still count every entry walked: a wait
// with room for all of them, started wherever the rotation left off,
// examines the whole watched span once. select's rows stay below
// FD_SETSIZE. epoll-lt is the reference: the kernel rotates its ready list.
func TestPollReportsEveryReadyFdInTurn(t *testing.T) {
	cases := []struct {
		name   string
		new    func(t *testing.T) reactor.Poller
		span   func(watched map[int32]bool) int // entries a whole scan examines
		ready  int                              // socket pairs, each with a byte waiting on the watched end
		buffer int                              // len(events) per wait
	}{
		{name: "poll/1100 ready, 1024 per wait", new: newPoll, span: pollSpan, ready: 1100, buffer: 1024},
		{name: "poll/300 ready, 128 per wait", new: newPoll, span: pollSpan, ready: 300, buffer: 128},
		{name: "select/300 ready, 128 per wait", new: newSelect, span: selectSpan, ready: 300, buffer: 128},
		{name: "select/300 ready, 7 per wait", new: newSelect, span: selectSpan, ready: 300, buffer: 7},
		{name: "epoll-lt/1100 ready, 1024 per wait", new: newEpollLT, span: pollSpan, ready: 1100, buffer: 1024},
		{name: "epoll-lt/300 ready, 7 per wait", new: newEpollLT, span: pollSpan, ready: 300, buffer: 7},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.new(t)
			watched := watchReady(t, p, tc.ready)
			events := make([]reactor.Event, tc.buffer)
			seen := map[int32]bool{}
			waits := (tc.ready + tc.buffer - 1) / tc.buffer
			for w := range waits {
				before := p.Stats()
				n, err := p.Wait(events, 0)
				if err != nil {
					t.Fatal(err)
				}
				if want := min(tc.buffer, tc.ready); n != want {
					t.Fatalf("wait %d: %d events, want %d (all watched fds are ready)", w, n, want)
				}
				checkScanCount(t, before, p.Stats(), n)
				for _, ev := range events[:n] {
					if !watched[ev.Fd] {
						t.Fatalf("wait %d: event for fd %d, which is not watched", w, ev.Fd)
					}
					seen[ev.Fd] = true
				}
			}
			if len(seen) != tc.ready {
				t.Fatalf("%d waits of %d events reported %d distinct fds of %d ready", waits, tc.buffer, len(seen), tc.ready)
			}
			checkWholeScan(t, p, tc.ready, tc.span(watched))
		})
	}
}

func newPoll(t *testing.T) reactor.Poller {
	return newPoller(t, func() (reactor.Poller, error) { return poll.New(), nil })
}

func newSelect(t *testing.T) reactor.Poller {
	return newPoller(t, func() (reactor.Poller, error) { return selectpoll.New(), nil })
}

func newEpollLT(t *testing.T) reactor.Poller {
	return newPoller(t, func() (reactor.Poller, error) { return epoll.New(epoll.Level) })
}

// pollSpan: poll walks its array, one entry per watched fd (and epoll
// examines only the events it returns, here all of them).
func pollSpan(watched map[int32]bool) int { return len(watched) }

// selectSpan: select tests every fd up to the highest watched one.
func selectSpan(watched map[int32]bool) int {
	top := int32(-1)
	for fd := range watched {
		top = max(top, fd)
	}
	return int(top) + 1
}

// checkWholeScan: a wait with room for every ready fd reports them all and
// counts the whole span as scanned, once.
func checkWholeScan(t *testing.T, p reactor.Poller, ready, span int) {
	t.Helper()
	before := p.Stats()
	n, err := p.Wait(make([]reactor.Event, ready+1), 0)
	if err != nil {
		t.Fatal(err)
	}
	if scanned := p.Stats().FdsScanned - before.FdsScanned; n != ready || scanned != uint64(span) {
		t.Fatalf("whole wait: %d events, %d scanned; want %d events, %d scanned", n, scanned, ready, span)
	}
}

// watchReady adds the watched end of ready socket pairs to p, each with a
// byte waiting, and returns the set of watched fds.
func watchReady(t *testing.T, p reactor.Poller, ready int) map[int32]bool {
	t.Helper()
	watched := make(map[int32]bool, ready)
	for range ready {
		a, b := pair(t)
		if err := p.Add(a, reactor.InterestRead); err != nil {
			t.Fatal(err)
		}
		write(t, b, "x")
		watched[int32(a)] = true
	}
	return watched
}

// checkScanCount: a scan examines at least every entry it reports, and
// counts each event it returns.
func checkScanCount(t *testing.T, before, after reactor.PollerStats, n int) {
	t.Helper()
	scanned := after.FdsScanned - before.FdsScanned
	returned := after.EventsReturned - before.EventsReturned
	if returned != uint64(n) || scanned < returned {
		t.Fatalf("wait counted %d scanned, %d returned; want >= %d scanned and %d returned", scanned, returned, n, n)
	}
}
