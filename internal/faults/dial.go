package faults

import (
	"context"
	"net"
	"sync"
)

// dialers is how many connects run in parallel when a scenario opens many
// connections: enough to keep the accept queue busy, few enough for
// loopback.
const dialers = 16

// dialMany opens n connections to addr in parallel and returns those that
// connected and how many failed (with the last error).
func dialMany(ctx context.Context, addr string, n int) ([]*net.TCPConn, int, error) {
	conns := make([]*net.TCPConn, n)
	var mu sync.Mutex
	var failed int
	var lastErr error
	var wg sync.WaitGroup
	next := make(chan int)
	d := net.Dialer{Timeout: opTimeout}
	for range min(dialers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				c, err := d.DialContext(ctx, "tcp", addr)
				if err != nil {
					mu.Lock()
					failed, lastErr = failed+1, err
					mu.Unlock()
					continue
				}
				conns[i] = c.(*net.TCPConn)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	return compact(conns), failed, lastErr
}

func compact(conns []*net.TCPConn) []*net.TCPConn {
	out := conns[:0]
	for _, c := range conns {
		if c != nil {
			out = append(out, c)
		}
	}
	return out
}

func closeAll(conns []*net.TCPConn) {
	for _, c := range conns {
		c.Close()
	}
}
