package chaos

import "fmt"

// stream checks an echo stream against the bytes that were sent. It is fed
// whatever arrives, in any chunking, and stops at the first wrong byte.
type stream struct {
	want []byte
	pos  int
}

// MismatchError is a received byte that differs from the one sent.
type MismatchError struct {
	Offset    int
	Got, Want byte
}

func (e *MismatchError) Error() string {
	return fmt.Sprintf("byte %d of the echo is %#02x, sent %#02x", e.Offset, e.Got, e.Want)
}

// errExtra is returned for bytes received past the end of what was sent.
var errExtra = fmt.Errorf("the server sent more bytes than it was sent")

// feed checks b as the next bytes of the stream. It returns how many bytes
// matched; a mismatch or an excess byte is an error and stops the check.
func (s *stream) feed(b []byte) (int, error) {
	for i, x := range b {
		if s.pos == len(s.want) {
			return i, errExtra
		}
		if x != s.want[s.pos] {
			return i, &MismatchError{Offset: s.pos, Got: x, Want: s.want[s.pos]}
		}
		s.pos++
	}
	return len(b), nil
}

// done reports whether every byte sent has come back.
func (s *stream) done() bool { return s.pos == len(s.want) }
