package handler

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"
)

// The rpc handler's wire format. Every message, request or reply, starts with
// the same 24-byte header, all integers big-endian:
//
//	offset size field
//	0      2    magic        0x4D58 ("MX")
//	2      1    version      1
//	3      1    kind         1 request, 2 reply
//	4      4    length       bytes that follow the header (request payload, reply body)
//	8      8    id           chosen by the client, echoed in the reply
//	16     4    reply size   request: body bytes wanted in the reply; reply: 0
//	20     4    work µs      request: CPU work before replying; reply: 0
//
// A request's payload is consumed and ignored; it lets a client make requests
// of any size. The reply's body is reply-size zero bytes. A reply size or work
// field equal to RPCServerDefault asks for the server's configured default
// (Options.ReplySize, Options.WorkMicros), so a load generator can leave the
// application cost to whoever starts the server.
//
// Keeping request size, reply size and CPU work as separate knobs is what
// separates I/O-multiplexing cost from application cost.
const (
	RPCHeaderSize = 24
	rpcMagic      = 0x4D58
	rpcVersion    = 1

	// RPCServerDefault in the reply-size or work field means "the server's
	// default".
	RPCServerDefault = 0xFFFFFFFF

	// MaxRPCPayload bounds a request's payload so that any whole request fits
	// a 64 KiB input buffer.
	MaxRPCPayload = 64<<10 - RPCHeaderSize
	// MaxRPCReply bounds a reply body (the bulk scenario asks for 4 MiB).
	MaxRPCReply = 16 << 20
	// MaxRPCOutputPerCall was the output of one call above which the
	// connection was refused.
	//
	// Deprecated: the handler now yields (ErrYield) at MaxOutputPerCall
	// and answers any number of requests; loadgen's bulk depth check is
	// the last user of this bound.
	MaxRPCOutputPerCall = 4 * MaxRPCReply
	// MaxRPCWorkMicros bounds the CPU work one request may ask for (1 s).
	MaxRPCWorkMicros = 1_000_000
	// MaxRPCWorkMicrosPerCall bounds the work one Handle call starts: once
	// the requests it answered asked for this much, it yields before the
	// next one, so one read of many costly requests cannot hold a loop (and
	// every other connection on it, and Close) for their sum. A single
	// request may still take up to MaxRPCWorkMicros.
	MaxRPCWorkMicrosPerCall = 1_000
)

// RPC message kinds.
const (
	RPCKindRequest = 1
	RPCKindReply   = 2
)

// Errors the rpc handler returns on malformed input; the backend then closes
// the connection.
var (
	ErrRPCMagic   = errors.New("rpc: bad magic or version")
	ErrRPCKind    = errors.New("rpc: message is not a request")
	ErrRPCTooBig  = errors.New("rpc: payload, reply size or work above limit")
	ErrRPCPartial = errors.New("rpc: incomplete message")
)

func init() {
	Register("rpc", func(o Options) (Handler, error) { return NewRPC(o) })
}

// RPCHeader is one decoded header.
type RPCHeader struct {
	Kind       uint8
	Length     uint32
	ID         uint64
	ReplySize  uint32
	WorkMicros uint32
}

// RPC answers framed requests; see the wire format above.
type RPC struct {
	defaultReply uint32
	defaultWork  uint32
	burn         func(time.Duration) // spin; tests substitute a recorder
	outputLimit  int                 // MaxOutputPerCall; tests lower it
	workLimit    int                 // MaxRPCWorkMicrosPerCall, in µs
}

// NewRPC returns an rpc handler whose server defaults come from o.
func NewRPC(o Options) (*RPC, error) {
	if o.ReplySize < 0 || o.ReplySize > MaxRPCReply {
		return nil, fmt.Errorf("rpc: reply size %d outside 0..%d", o.ReplySize, MaxRPCReply)
	}
	if o.WorkMicros < 0 || o.WorkMicros > MaxRPCWorkMicros {
		return nil, fmt.Errorf("rpc: work %d µs outside 0..%d", o.WorkMicros, MaxRPCWorkMicros)
	}
	return &RPC{defaultReply: uint32(o.ReplySize), defaultWork: uint32(o.WorkMicros),
		burn: spin, outputLimit: MaxOutputPerCall, workLimit: MaxRPCWorkMicrosPerCall}, nil
}

// Handle answers the whole requests in in, in order. With a whole request
// left, it yields once its replies reach MaxOutputPerCall or the work they
// asked for reaches MaxRPCWorkMicrosPerCall.
func (r *RPC) Handle(in, out []byte) (int, []byte, error) {
	consumed, start, work := 0, len(out), 0
	for len(in)-consumed >= RPCHeaderSize {
		h, err := decodeRPCHeader(in[consumed:])
		if err != nil {
			return consumed, out, err
		}
		if err := checkRPCRequest(h); err != nil {
			return consumed, out, err
		}
		frame := RPCHeaderSize + int(h.Length)
		if len(in)-consumed < frame {
			break
		}
		if consumed > 0 && (len(out)-start >= r.outputLimit || work >= r.workLimit) {
			return consumed, out, ErrYield
		}
		size, micros := r.resolve(h)
		work += int(micros)
		consumed += frame
		out = r.reply(h.ID, size, micros, out)
	}
	return consumed, out, nil
}

func checkRPCRequest(h RPCHeader) error {
	if h.Kind != RPCKindRequest {
		return ErrRPCKind
	}
	if h.Length > MaxRPCPayload ||
		(h.ReplySize != RPCServerDefault && h.ReplySize > MaxRPCReply) ||
		(h.WorkMicros != RPCServerDefault && h.WorkMicros > MaxRPCWorkMicros) {
		return ErrRPCTooBig
	}
	return nil
}

// resolve replaces RPCServerDefault fields by the server's defaults.
func (r *RPC) resolve(h RPCHeader) (size, work uint32) {
	size, work = h.ReplySize, h.WorkMicros
	if size == RPCServerDefault {
		size = r.defaultReply
	}
	if work == RPCServerDefault {
		work = r.defaultWork
	}
	return size, work
}

func (r *RPC) reply(id uint64, size, work uint32, out []byte) []byte {
	r.burn(time.Duration(work) * time.Microsecond)
	out = appendRPCHeader(out, RPCHeader{Kind: RPCKindReply, Length: size, ID: id})
	// append of make(...)... is compiled to a grow and a clear, no temporary.
	return append(out, make([]byte, size)...)
}

// spin burns CPU until d has passed on the monotonic clock. It never assumes
// a speed: a loop count calibrated on one machine would be wrong on the next.
func spin(d time.Duration) {
	if d <= 0 {
		return
	}
	start := time.Now()
	for time.Since(start) < d {
	}
}

func decodeRPCHeader(b []byte) (RPCHeader, error) {
	if binary.BigEndian.Uint16(b[0:2]) != rpcMagic || b[2] != rpcVersion {
		return RPCHeader{}, ErrRPCMagic
	}
	return RPCHeader{
		Kind:       b[3],
		Length:     binary.BigEndian.Uint32(b[4:8]),
		ID:         binary.BigEndian.Uint64(b[8:16]),
		ReplySize:  binary.BigEndian.Uint32(b[16:20]),
		WorkMicros: binary.BigEndian.Uint32(b[20:24]),
	}, nil
}

func appendRPCHeader(out []byte, h RPCHeader) []byte {
	out = binary.BigEndian.AppendUint16(out, rpcMagic)
	out = append(out, rpcVersion, h.Kind)
	out = binary.BigEndian.AppendUint32(out, h.Length)
	out = binary.BigEndian.AppendUint64(out, h.ID)
	out = binary.BigEndian.AppendUint32(out, h.ReplySize)
	return binary.BigEndian.AppendUint32(out, h.WorkMicros)
}

// AppendRPCRequest appends one request to b: a client-side encoder for load
// generators and tests. payload may be nil.
func AppendRPCRequest(b []byte, id uint64, replySize, workMicros uint32, payload []byte) []byte {
	b = appendRPCHeader(b, RPCHeader{
		Kind: RPCKindRequest, Length: uint32(len(payload)), ID: id,
		ReplySize: replySize, WorkMicros: workMicros,
	})
	return append(b, payload...)
}

// ParseRPCReply decodes the reply at the start of b. It returns the request
// id, the body length and the total bytes the reply occupies; if b holds only
// part of a reply it returns ErrRPCPartial, and the caller reads more. The
// body itself is not returned: it is b[RPCHeaderSize:n].
func ParseRPCReply(b []byte) (id uint64, bodyLen int, n int, err error) {
	if len(b) < RPCHeaderSize {
		return 0, 0, 0, ErrRPCPartial
	}
	h, err := decodeRPCHeader(b)
	if err != nil {
		return 0, 0, 0, err
	}
	if h.Kind != RPCKindReply {
		return 0, 0, 0, ErrRPCKind
	}
	if h.Length > MaxRPCReply {
		return 0, 0, 0, ErrRPCTooBig
	}
	n = RPCHeaderSize + int(h.Length)
	if len(b) < n {
		return h.ID, int(h.Length), n, ErrRPCPartial
	}
	return h.ID, int(h.Length), n, nil
}
