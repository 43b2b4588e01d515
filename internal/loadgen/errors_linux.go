package loadgen

import "golang.org/x/sys/unix"

// The generator's error accounting: every failure a client sees is counted
// by kind in Errors, and the kinds are decided here, once, for every
// workload.

// Errors counts failures by kind.
type Errors struct {
	Connect uint64 `json:"connect"`
	Read    uint64 `json:"read"`
	Write   uint64 `json:"write"`
	Timeout uint64 `json:"timeout"`
	// ClosedByPeer counts connections the server closed or reset while
	// requests were outstanding or the connection was held.
	ClosedByPeer uint64 `json:"closed_by_peer"`
	// Verify errors: a byte that differs from what was sent, a reply cut
	// short (part of it arrived, then a timeout or close), a reply for a
	// later request arriving before an earlier one.
	Mismatch uint64 `json:"verify_mismatch"`
	Short    uint64 `json:"verify_short"`
	Reorder  uint64 `json:"verify_reorder"`
}

// Verify is the number of verification failures of any kind.
func (e Errors) Verify() uint64 { return e.Mismatch + e.Short + e.Reorder }

// Total is the number of errors of any kind.
func (e Errors) Total() uint64 {
	return e.Connect + e.Read + e.Write + e.Timeout + e.ClosedByPeer + e.Verify()
}

// Map lists the non-zero counts by kind name.
func (e Errors) Map() map[string]uint64 {
	m := map[string]uint64{}
	for k, v := range map[string]uint64{
		"connect": e.Connect, "read": e.Read, "write": e.Write, "timeout": e.Timeout,
		"closed_by_peer": e.ClosedByPeer, "verify_mismatch": e.Mismatch,
		"verify_short": e.Short, "verify_reorder": e.Reorder,
	} {
		if v != 0 {
			m[k] = v
		}
	}
	return m
}

func (e *Errors) add(o Errors) {
	e.Connect += o.Connect
	e.Read += o.Read
	e.Write += o.Write
	e.Timeout += o.Timeout
	e.ClosedByPeer += o.ClosedByPeer
	e.Mismatch += o.Mismatch
	e.Short += o.Short
	e.Reorder += o.Reorder
}

// fault is why a connection is given up.
type fault uint8

const (
	faultRead fault = iota
	faultWrite
	faultTimeout
	faultClosed
	faultMismatch
	faultReorder
)

func (e *Errors) count(f fault) {
	switch f {
	case faultRead:
		e.Read++
	case faultWrite:
		e.Write++
	case faultTimeout:
		e.Timeout++
	case faultClosed:
		e.ClosedByPeer++
	case faultMismatch:
		e.Mismatch++
	case faultReorder:
		e.Reorder++
	}
}

// countFault counts f, and a reply cut short when part of one had arrived
// before a timeout, a close or an I/O error (a wrong byte or a reordering
// is its own kind).
func (e *Errors) countFault(f fault, partial bool) {
	e.count(f)
	if partial && f != faultMismatch && f != faultReorder {
		e.Short++
	}
}

// classifyWrite names a failed write: the server hung up, or another error.
func classifyWrite(err error) fault {
	if errno, ok := err.(unix.Errno); ok && (errno == unix.EPIPE || errno == unix.ECONNRESET) {
		return faultClosed
	}
	return faultWrite
}

// classifyRead names a failed read (see readSome).
func classifyRead(err error) fault {
	if err == errClosed {
		return faultClosed
	}
	return faultRead
}
