package handler

import (
	"encoding/binary"
	"errors"
)

// sockperf's TCP message framing, checked against Mellanox/sockperf:
//
//   - src/message.h, class MsgHeader: a 14-byte header (EFFECTIVE_SIZE =
//     sizeof(uint64_t)+sizeof(uint16_t)+sizeof(uint32_t)) laid out as
//     u64 sequence number, u16 flags, u32 length, converted with
//     htonll/htons/htonl, i.e. big-endian on the wire. Flag masks:
//     MASK_CLIENT = 1, MASK_PONG = 2, MASK_WARMUP_MSG = 4.
//   - src/server.h, server_receive_then_send: length counts the whole
//     message, header included (the parser waits for cur_offset+nbytes >=
//     getLength() from the message's first byte); a length above the
//     server's MAX_PAYLOAD_SIZE closes the connection; a message without the
//     client flag, or a warm-up message, is consumed without a reply; a
//     message with the pong flag is sent back whole, same length and
//     payload, after setServer() clears the client flag.
//   - src/defs.h: MIN_PAYLOAD_SIZE is the header size;
//     MAX_PAYLOAD_SIZE_LIMIT is 65507, the server's default maximum.
//
// sockperf's own server loops forever on a length below 14 (it never
// advances); this handler calls that garbage instead.
const (
	SockperfHeaderSize  = 14
	MaxSockperfMessage  = 65507
	SockperfFlagClient  = 0x1
	SockperfFlagPong    = 0x2
	SockperfFlagWarmup  = 0x4
	sockperfLengthField = 10
)

// ErrSockperfLength reports a message length outside 14..MaxSockperfMessage.
var ErrSockperfLength = errors.New("sockperf: message length out of range")

func init() {
	Register("sockperf", func(Options) (Handler, error) { return Sockperf{}, nil })
}

// Sockperf speaks sockperf's ping-pong protocol, so Debian's sockperf client
// can drive any backend.
type Sockperf struct{}

// Handle consumes every whole message in in and echoes the ones that ask for
// a pong.
func (Sockperf) Handle(in, out []byte) (int, []byte, error) {
	consumed := 0
	for len(in)-consumed >= SockperfHeaderSize {
		msg := in[consumed:]
		n := int(binary.BigEndian.Uint32(msg[sockperfLengthField:]))
		if n < SockperfHeaderSize || n > MaxSockperfMessage {
			return consumed, out, ErrSockperfLength
		}
		if len(msg) < n {
			break
		}
		consumed += n
		flags := binary.BigEndian.Uint16(msg[8:10])
		if flags&(SockperfFlagClient|SockperfFlagPong|SockperfFlagWarmup) != SockperfFlagClient|SockperfFlagPong {
			continue
		}
		out = append(out, msg[:8]...)
		out = binary.BigEndian.AppendUint16(out, flags&^SockperfFlagClient)
		out = append(out, msg[sockperfLengthField:n]...)
	}
	return consumed, out, nil
}

// AppendSockperfMessage appends one client message of total length size
// (at least SockperfHeaderSize; the payload is zeros) with the given flags.
// A ping-pong client sends SockperfFlagClient|SockperfFlagPong.
func AppendSockperfMessage(b []byte, seq uint64, flags uint16, size int) []byte {
	size = max(size, SockperfHeaderSize)
	b = binary.BigEndian.AppendUint64(b, seq)
	b = binary.BigEndian.AppendUint16(b, flags)
	b = binary.BigEndian.AppendUint32(b, uint32(size))
	return append(b, make([]byte, size-SockperfHeaderSize)...)
}

// ParseSockperfMessage decodes the header at the start of b: sequence
// number, flags and total length. ok is false while b holds less than a
// whole message; err reports a length out of range.
func ParseSockperfMessage(b []byte) (seq uint64, flags uint16, n int, ok bool, err error) {
	if len(b) < SockperfHeaderSize {
		return 0, 0, 0, false, nil
	}
	n = int(binary.BigEndian.Uint32(b[sockperfLengthField:]))
	if n < SockperfHeaderSize || n > MaxSockperfMessage {
		return 0, 0, 0, false, ErrSockperfLength
	}
	seq = binary.BigEndian.Uint64(b)
	flags = binary.BigEndian.Uint16(b[8:])
	return seq, flags, n, len(b) >= n, nil
}
