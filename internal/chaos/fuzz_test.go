package chaos

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzStream feeds the echo verifier arbitrary received bytes in arbitrary
// chunks: it must accept exactly the bytes sent, stop at the first wrong or
// excess byte with its offset, and never read past what it was given.
func FuzzStream(f *testing.F) {
	f.Add([]byte("hello"), []byte("hello"), uint8(2))
	f.Add([]byte("hello"), []byte("help!"), uint8(1))
	f.Add([]byte("ab"), []byte("abc"), uint8(3))
	f.Add([]byte{}, []byte{0}, uint8(0))
	f.Fuzz(func(t *testing.T, sent, got []byte, chunk uint8) {
		s := stream{want: sent}
		step := int(chunk) + 1
		matched := 0
		var err error
		for off := 0; off < len(got) && err == nil; off += step {
			part := got[off:min(off+step, len(got))]
			var n int
			n, err = s.feed(part)
			if n < 0 || n > len(part) {
				t.Fatalf("feed used %d of %d bytes", n, len(part))
			}
			matched += n
		}
		common := 0
		for common < len(sent) && common < len(got) && sent[common] == got[common] {
			common++
		}
		var mm *MismatchError
		switch {
		case matched != common:
			t.Fatalf("matched %d bytes, common prefix is %d", matched, common)
		case common < len(got) && common < len(sent) && (!errors.As(err, &mm) || mm.Offset != common):
			t.Fatalf("mismatch at %d not reported as such: %v", common, err)
		case common < len(got) && common == len(sent) && !errors.Is(err, errExtra):
			t.Fatalf("excess bytes not reported: %v", err)
		case common == len(got) && err != nil:
			t.Fatalf("a correct prefix was refused: %v", err)
		case s.done() != (common == len(sent)):
			t.Fatalf("done() = %v after %d of %d bytes", s.done(), common, len(sent))
		case !bytes.Equal(sent[:matched], got[:matched]):
			t.Fatal("accepted bytes differ from those sent")
		}
	})
}
