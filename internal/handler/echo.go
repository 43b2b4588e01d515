package handler

func init() {
	Register("echo", func(Options) (Handler, error) { return Echo{}, nil })
}

// Echo replies with every byte it receives, in order. It consumes all of in,
// so a backend never has to keep partial input for it.
type Echo struct{}

// Handle appends in to out.
func (Echo) Handle(in, out []byte) (int, []byte, error) {
	return len(in), append(out, in...), nil
}
