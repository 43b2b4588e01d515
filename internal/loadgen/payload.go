package loadgen

import "encoding/binary"

// A request is headerSize bytes of sequence number (little-endian) followed
// by a body: a per-connection template XORed with one byte derived from the
// sequence number. Adjacent template bytes always differ, so a dropped or
// duplicated byte shows as a mismatch; the header differs between any two
// requests, so an echo out of order shows as a reordering rather than
// passing. Both the fill and the check work eight bytes at a time.
const headerSize = 8

// broadcast repeats a byte over the eight bytes of a word.
const broadcast = 0x0101010101010101

// newTemplate is the body template of connection slot for messages of size
// bytes (the first headerSize bytes are unused).
func newTemplate(slot uint32, size int) []byte {
	t := make([]byte, size)
	for pos := headerSize; pos < size; pos++ {
		t[pos] = byte(uint64(pos)*0x9d + uint64(slot)*0x11)
	}
	return t
}

// seqMask is the byte request seq XORs its body with, broadcast to a word.
func seqMask(seq uint64) uint64 { return uint64(byte(seq*0x3b)) * broadcast }

// fillRequest writes request seq into b, len(b) == len(tmpl).
func fillRequest(b []byte, seq uint64, tmpl []byte) {
	binary.LittleEndian.PutUint64(b, seq)
	xorWords(b[headerSize:], tmpl[headerSize:len(b)], seqMask(seq))
}

// xorWords sets dst to src XOR mask, word by word.
func xorWords(dst, src []byte, mask uint64) {
	i := 0
	for ; i+8 <= len(dst); i += 8 {
		binary.LittleEndian.PutUint64(dst[i:], binary.LittleEndian.Uint64(src[i:])^mask)
	}
	for ; i < len(dst); i++ {
		dst[i] = src[i] ^ byte(mask)
	}
}

// matchWords reports whether got == want XOR mask.
func matchWords(got, want []byte, mask uint64) bool {
	i := 0
	for ; i+8 <= len(got); i += 8 {
		if binary.LittleEndian.Uint64(got[i:]) != binary.LittleEndian.Uint64(want[i:])^mask {
			return false
		}
	}
	for ; i < len(got); i++ {
		if got[i] != want[i]^byte(mask) {
			return false
		}
	}
	return true
}

// Verdict is the outcome of checking a piece of a reply stream.
type verdict uint8

const (
	byteOK verdict = iota
	byteMismatch
	headerReorder
)

// replyCheck follows one connection's reply stream: the position inside
// the current reply and the header seen so far. It allocates nothing.
type replyCheck struct {
	tmpl    []byte
	size    int
	pos     int
	header  uint64
	expect  uint64 // sequence number of the reply being read
	highest uint64 // one past the highest sequence number sent
}

// feed checks b against the reply expected and stops after the first reply
// completed or at the first faulty piece. It returns how many bytes it
// used, whether a reply completed (its sequence number is then
// c.expect-1) and the verdict.
func (c *replyCheck) feed(b []byte) (used int, completed bool, v verdict) {
	for used < len(b) {
		if c.pos < headerSize {
			c.header |= uint64(b[used]) << (8 * c.pos)
			c.pos++
			used++
			if c.pos == headerSize && c.header != c.expect {
				return used, false, c.classifyHeader()
			}
		} else {
			n := min(len(b)-used, c.size-c.pos)
			if !matchWords(b[used:used+n], c.tmpl[c.pos:c.pos+n], seqMask(c.expect)) {
				return used + n, false, byteMismatch
			}
			c.pos += n
			used += n
		}
		if c.pos == c.size {
			c.expect++
			c.pos, c.header = 0, 0
			return used, true, byteOK
		}
	}
	return used, false, byteOK
}

// classifyHeader names a wrong sequence number: one of a request that was
// sent and not yet answered is a reordering, anything else a corrupted
// header.
func (c *replyCheck) classifyHeader() verdict {
	if c.header > c.expect && c.header < c.highest {
		return headerReorder
	}
	return byteMismatch
}

// partial reports whether part of a reply has arrived.
func (c *replyCheck) partial() bool { return c.pos > 0 }

// restart aligns the checker with a fresh connection whose next request is
// seq.
func (c *replyCheck) restart(seq uint64) {
	c.expect, c.highest, c.pos, c.header = seq, seq, 0, 0
}
