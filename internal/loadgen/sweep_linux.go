package loadgen

import (
	"errors"
	"time"

	"golang.org/x/sys/unix"
)

// SweepReport says how many idle connections answered the liveness probe.
type SweepReport struct {
	Probed   int           `json:"probed"`
	Answered int           `json:"answered"`
	Elapsed  time.Duration `json:"elapsed_ns"`
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
