package faults

import (
	"context"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// slowloris is the clients that send one byte per interval.
type slowloris struct {
	mu sync.Mutex
	st slowStats
}

func startSlowloris(ctx context.Context, wg *sync.WaitGroup, addr string, s SlowSpec) *slowloris {
	sl := &slowloris{}
	for i := range s.Slowloris {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sl.drip(ctx, addr, i, s)
		}()
	}
	return sl
}

// drip sends one byte, checks its echo, waits an interval, up to SlowBytes
// or until ctx ends.
func (sl *slowloris) drip(ctx context.Context, addr string, id int, s SlowSpec) {
	c, err := net.DialTimeout("tcp", addr, opTimeout)
	if err != nil {
		sl.add(0, 1)
		return
	}
	defer c.Close()
	tick := time.NewTicker(s.SlowInterval)
	defer tick.Stop()
	one, echo := make([]byte, 1), make([]byte, 1)
	for n := range s.SlowBytes {
		one[0] = byte(id + n*13)
		if err := exchange(c, one, echo); err != nil {
			sl.add(0, 1)
			return
		}
		sl.add(1, 0)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func (sl *slowloris) add(bytes, errs int) {
	sl.mu.Lock()
	defer sl.mu.Unlock()
	sl.st.Sent += bytes
	sl.st.Verified += uint64(2 * bytes)
	sl.st.Errors += errs
}

func (sl *slowloris) result() slowStats {
	sl.mu.Lock()
	defer sl.mu.Unlock()
	return sl.st
}

// nonReaders is the clients that write and never read.
type nonReaders struct{ bytes atomic.Int64 }

func (nr *nonReaders) sent() int64 { return nr.bytes.Load() }

// startNonReaders connects every non-reader and returns once each has
// written its first chunk; they keep writing until NonReaderBytes, a full
// path (their writes block) or ctx's end.
func startNonReaders(ctx context.Context, wg *sync.WaitGroup, addr string, s SlowSpec) (*nonReaders, error) {
	nr := &nonReaders{}
	conns, failed, err := dialMany(ctx, addr, s.NonReaders)
	if failed > 0 {
		closeAll(conns)
		return nr, fmt.Errorf("%d non-reader connects failed: %v", failed, err)
	}
	var first sync.WaitGroup
	for _, c := range conns {
		wg.Add(1)
		first.Add(1)
		go func() {
			defer wg.Done()
			defer c.Close()
			nr.flood(ctx, c, s.NonReaderBytes, first.Done)
		}()
	}
	first.Wait()
	return nr, nil
}

func (nr *nonReaders) flood(ctx context.Context, c *net.TCPConn, total int, started func()) {
	stop := context.AfterFunc(ctx, func() { _ = c.SetWriteDeadline(time.Now()) })
	defer stop()
	chunk := make([]byte, 64<<10)
	for i := range chunk {
		chunk[i] = byte(i)
	}
	once := sync.OnceFunc(started)
	defer once()
	for sent := 0; sent < total; {
		k, err := c.Write(chunk[:min(len(chunk), total-sent)])
		sent += k
		nr.bytes.Add(int64(k))
		once()
		if err != nil {
			return
		}
	}
}

// settle waits until the non-readers stopped making progress (their writes
// block: the path to the server is full and it stopped reading them) or all
// of them finished, up to d. It polls the byte count, the only signal there
// is for "a write is blocked".
func (nr *nonReaders) settle(ctx context.Context, d time.Duration) time.Duration {
	start := time.Now()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	last := nr.sent()
	for time.Since(start) < d {
		select {
		case <-ctx.Done():
			return time.Since(start)
		case <-tick.C:
		}
		now := nr.sent()
		if now == last {
			break
		}
		last = now
	}
	return time.Since(start)
}
