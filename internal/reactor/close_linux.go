package reactor

import "golang.org/x/sys/unix"

func (l *loop) finishIfFlushed(c *conn) {
	if c.readDone && c.pendingLen() == 0 {
		l.kill(c)
	}
}

// kill ends c: out of the poller and the table now, close(2) at the end of
// the batch (closeDying), so its fd number is not reused within the batch.
func (l *loop) kill(c *conn) {
	if c.dead {
		return
	}
	c.dead = true
	if err := l.poller.Del(c.fd); err != nil {
		l.logOnce(&l.loggedErr, "reactor: %v", err)
	}
	l.conns[c.fd] = nil
	l.active--
	l.c.Closes++
	l.dying = append(l.dying, c)
}

func (l *loop) closeDying() {
	if len(l.dying) == 0 {
		return
	}
	for i, c := range l.dying {
		unix.Close(c.fd)
		c.input, c.pending = nil, nil
		l.dying[i] = nil
	}
	l.dying = l.dying[:0]
	l.reacquireSpare()
}

// closeAll ends every connection when the loop stops.
func (l *loop) closeAll() {
	for _, c := range l.conns {
		if c != nil {
			l.kill(c)
		}
	}
	l.closeDying()
}
