package loadgen

import "testing"

// FuzzReplyCheck feeds the reply verifier a correct reply with bytes
// flipped by the fuzzer, in fuzzer-chosen chunks: it must never read past a
// chunk, accept the reply only when every byte is right, and flag a fault
// in the piece that holds the first wrong byte (the header as a whole, or
// the chunk of body it checked word by word).
func FuzzReplyCheck(f *testing.F) {
	f.Add(uint64(0), uint32(0), uint16(16), []byte{}, uint8(3))
	f.Add(uint64(7), uint32(3), uint16(64), []byte{0, 1}, uint8(0))
	f.Add(uint64(1<<40), uint32(9), uint16(9), []byte{8, 0xff}, uint8(1))
	f.Add(uint64(5), uint32(1), uint16(32), []byte{2, 0x05}, uint8(7))
	f.Fuzz(func(t *testing.T, seq uint64, slot uint32, size uint16, flips []byte, chunk uint8) {
		n := MinMsgSize + int(size)%1024
		tmpl := newTemplate(slot, n)
		reply := make([]byte, n)
		fillRequest(reply, seq, tmpl)
		for i := 0; i+1 < len(flips); i += 2 {
			reply[int(flips[i])%n] ^= flips[i+1]
		}
		want := make([]byte, n)
		fillRequest(want, seq, tmpl)
		firstBad := n
		for i := n - 1; i >= 0; i-- {
			if reply[i] != want[i] {
				firstBad = i
			}
		}
		c := replyCheck{tmpl: tmpl, size: n}
		c.restart(seq)
		c.highest = seq + 4
		checkFeed(t, &c, reply, int(chunk)+1, firstBad)
	})
}

// checkFeed feeds reply in chunks of step bytes and checks the verdict
// against firstBad (n when the reply is intact).
func checkFeed(t *testing.T, c *replyCheck, reply []byte, step, firstBad int) {
	t.Helper()
	off := 0
	for off < len(reply) {
		part := reply[off:min(off+step, len(reply))]
		used, completed, v := c.feed(part)
		if used < 1 || used > len(part) {
			t.Fatalf("feed used %d of a %d-byte chunk", used, len(part))
		}
		off += used
		if v != byteOK {
			inPiece := firstBad <= off-1 && (firstBad >= off-used || off == headerSize)
			if !inPiece {
				t.Fatalf("fault flagged in bytes %d..%d, first wrong byte is %d", off-used, off-1, firstBad)
			}
			return
		}
		if completed {
			if off != len(reply) || firstBad != len(reply) {
				t.Fatalf("reply accepted at byte %d of %d with first wrong byte %d", off, len(reply), firstBad)
			}
			return
		}
	}
	t.Fatalf("a whole reply (first wrong byte %d) neither completed nor failed", firstBad)
}
