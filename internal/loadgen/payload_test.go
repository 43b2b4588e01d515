package loadgen

import "testing"

func TestReplyCheck(t *testing.T) {
	const size = 16
	req := func(seq uint64) []byte {
		b := make([]byte, size)
		fillRequest(b, seq, newTemplate(3, size))
		return b
	}
	cat := func(bs ...[]byte) []byte {
		var out []byte
		for _, b := range bs {
			out = append(out, b...)
		}
		return out
	}
	flipped := req(1)
	flipped[12] ^= 0x40
	tests := []struct {
		name      string
		stream    []byte
		completed int
		want      verdict
		partial   bool
	}{
		{"in order", cat(req(0), req(1), req(2)), 3, byteOK, false},
		{"split reply", req(0)[:5], 0, byteOK, true},
		{"flipped byte", cat(req(0), flipped), 1, byteMismatch, false},
		{"dropped byte", cat(req(0)[:9], req(0)[10:], req(1)), 0, byteMismatch, false},
		{"reordered", cat(req(1), req(0)), 0, headerReorder, false},
		{"unknown header", req(9), 0, byteMismatch, false},
	}
	for _, tt := range tests {
		c := replyCheck{tmpl: newTemplate(3, size), size: size}
		c.restart(0)
		c.highest = 3
		b, completed, v := tt.stream, 0, byteOK
		for len(b) > 0 && v == byteOK {
			used, done, got := c.feed(b)
			b, v = b[used:], got
			if done {
				completed++
			}
		}
		if completed != tt.completed || v != tt.want || (v == byteOK && c.partial() != tt.partial) {
			t.Errorf("%s: completed %d, verdict %d, partial %v; want %d, %d, %v", tt.name, completed, v, c.partial(), tt.completed, tt.want, tt.partial)
		}
	}
}
