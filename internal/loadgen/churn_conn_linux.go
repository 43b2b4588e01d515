package loadgen

import "golang.org/x/sys/unix"

// advance moves slot i on for the events reported. Every flag is looked at:
// output (or an error) completes a connect and resumes the request; input,
// hang-up and error go through read, which reports EOF or the socket error.
func (ch *churner) advance(i int, events uint32, now int64) {
	s := &ch.slots[i]
	outward := events&(unix.EPOLLOUT|unix.EPOLLERR|unix.EPOLLHUP) != 0
	inward := events&(unix.EPOLLIN|unix.EPOLLRDHUP|unix.EPOLLHUP|unix.EPOLLERR) != 0
	if s.state == churnConnecting && outward {
		if err := connectResult(s.fd); err != nil {
			ch.rec.errors.Connect++
			ch.finish(i)
			return
		}
		s.state = churnSending
	}
	if s.state == churnSending && outward {
		ch.send(i)
	}
	if s.state == churnReading && inward {
		ch.read(i, now)
	}
}

// send writes what is left of the slot's request; a partial write waits for
// the next output edge.
func (ch *churner) send(i int) {
	s := &ch.slots[i]
	n, err := writeSome(s.fd, s.req[s.sent:])
	s.sent += n
	switch {
	case err != nil:
		ch.giveUp(i, classifyWrite(err))
	case s.sent == len(s.req):
		s.state = churnReading
	}
}

// read verifies the reply as it arrives; once it is whole the connection
// is closed (by the client, first) and counted.
func (ch *churner) read(i int, now int64) {
	s := &ch.slots[i]
	for {
		n, _, err := readSome(s.fd, ch.buf)
		switch {
		case err != nil:
			ch.giveUp(i, classifyRead(err))
			return
		case n == 0:
			return
		}
		used, done, v := s.check.feed(ch.buf[:n])
		switch {
		case v == headerReorder:
			ch.giveUp(i, faultReorder)
			return
		case v != byteOK || (done && used < n):
			ch.giveUp(i, faultMismatch) // a wrong byte, or bytes nobody asked for
			return
		case done:
			ch.rec.observe(now, s.started, s.started)
			ch.finish(i)
			return
		}
	}
}

// giveUp counts fault f (and a reply cut short when part of it had come)
// and ends the slot's connection.
func (ch *churner) giveUp(i int, f fault) {
	s := &ch.slots[i]
	ch.rec.errors.countFault(f, s.check.partial())
	ch.finish(i)
}

// finish closes the slot's connection (which also removes it from epoll)
// and frees the slot for the next one.
func (ch *churner) finish(i int) {
	s := &ch.slots[i]
	if s.fd >= 0 {
		unix.Close(s.fd)
	}
	s.fd, s.state = -1, churnIdle
}

func (ch *churner) close() {
	for i := range ch.slots {
		ch.finish(i)
	}
	ch.w.close()
}
