package loadgen

// A request is headerSize bytes of sequence number (little-endian) followed
// by a pattern that depends on the sequence number, the connection slot and
// the byte's position. Adjacent positions always differ, so a dropped or
// duplicated byte shows as a mismatch, and two requests never look alike, so
// an echo out of order shows as a reordering rather than passing.
const headerSize = 8

// patternByte is the expected byte at position pos (>= headerSize).
func patternByte(seq uint64, slot uint32, pos int) byte {
	return byte(uint64(pos)*0x9d + seq*0x3b + uint64(slot)*0x11)
}

// expectedByte is the byte at pos of request seq on slot.
func expectedByte(seq uint64, slot uint32, pos int) byte {
	if pos < headerSize {
		return byte(seq >> (8 * pos))
	}
	return patternByte(seq, slot, pos)
}

// fillRequest writes request seq into b (len(b) is the message size).
func fillRequest(b []byte, seq uint64, slot uint32) {
	for i := range b {
		b[i] = expectedByte(seq, slot, i)
	}
}

// Verdict is the outcome of checking one byte of a reply stream.
type verdict uint8

const (
	byteOK verdict = iota
	byteMismatch
	headerReorder
)

// replyCheck follows one connection's reply stream byte by byte. It holds
// the position inside the current reply and the header seen so far; it
// allocates nothing.
type replyCheck struct {
	slot    uint32
	size    int
	pos     int
	header  uint64
	expect  uint64 // sequence number of the reply being read
	highest uint64 // one past the highest sequence number sent
}

// feed checks b against the reply expected and stops after the first reply
// completed or at the first faulty byte. It returns how many bytes it used,
// whether a reply completed (its sequence number is then c.expect-1) and the
// verdict.
func (c *replyCheck) feed(b []byte) (used int, completed bool, v verdict) {
	for i, x := range b {
		if c.pos < headerSize {
			c.header |= uint64(x) << (8 * c.pos)
			if c.pos == headerSize-1 && c.header != c.expect {
				return i + 1, false, c.classifyHeader()
			}
		} else if x != patternByte(c.expect, c.slot, c.pos) {
			return i + 1, false, byteMismatch
		}
		c.pos++
		if c.pos == c.size {
			c.expect++
			c.pos, c.header = 0, 0
			return i + 1, true, byteOK
		}
	}
	return len(b), false, byteOK
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
