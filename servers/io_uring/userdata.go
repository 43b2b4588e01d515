package iouring

// opKind says what a completion is for. Every SQE's user data is its kind
// and an id: the connection's slot, the listener's index, or 0.
type opKind uint8

const (
	opWake       opKind = iota + 1 // the read of the wake eventfd
	opAccept                       // a listener's multishot accept (id: listener index)
	opAcceptPoll                   // a listener's poll for a waiting connection, out of fds
	opRecv                         // a connection's multishot recv (id: slot)
	opSend                         // a connection's send
	opCancel                       // a cancel on behalf of a connection
	opShutdown                     // a cancel of an accept or the wake read at shutdown
)

func userData(k opKind, id uint32) uint64 { return uint64(k)<<32 | uint64(id) }

func parseUserData(ud uint64) (opKind, uint32) { return opKind(ud >> 32), uint32(ud) }
