package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// Flags is one command's flag set under the project's conventions. Its
// Parse prints the help for -h and returns errors that name the way to it;
// Exit turns what Parse returned into the command's exit.
type Flags struct {
	*flag.FlagSet
	prog     string // "bench run", "loadgen"
	synopsis string // after prog on the usage line
	summary  string // what the command does, one line
	notes    []string
	stderr   io.Writer
}

// NewFlags starts a flag set for prog ("bench run"), whose usage line is
// prog followed by synopsis and whose help starts with summary; help and
// failures go to stderr.
func NewFlags(prog, synopsis, summary string, stderr io.Writer) *Flags {
	fs := flag.NewFlagSet(prog, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return &Flags{FlagSet: fs, prog: prog, synopsis: synopsis, summary: summary, stderr: stderr}
}

// Note adds lines printed after the flags in the help (exit status,
// examples).
func (f *Flags) Note(lines ...string) { f.notes = append(f.notes, lines...) }

// Parse parses args, which hold flags only. For -h it prints the help and
// returns flag.ErrHelp; a bad flag or a stray argument is an error that
// says what and points to the help.
func (f *Flags) Parse(args []string) error {
	if err := f.parse(args); err != nil {
		return err
	}
	if f.NArg() > 0 {
		return f.usageError(fmt.Errorf("unexpected argument %q", f.Arg(0)))
	}
	return nil
}

// ParseInterleaved is Parse for a command with positional arguments: flags
// may stand anywhere among them; it returns them in order.
func (f *Flags) ParseInterleaved(args []string) ([]string, error) {
	var pos []string
	for {
		if err := f.parse(args); err != nil {
			return nil, err
		}
		if f.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, f.Arg(0))
		args = f.Args()[1:]
	}
}

func (f *Flags) parse(args []string) error {
	err := f.FlagSet.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		f.WriteHelp(f.stderr)
		return err
	case err != nil:
		return f.usageError(err)
	}
	return nil
}

func (f *Flags) usageError(err error) error {
	return fmt.Errorf("%w (run '%s -h' for the flags)", err, f.prog)
}

// Exit is how a command returns after Parse: done is false when err is nil
// (go on); otherwise code is ExitOK after the help, or ExitBadArgs once err
// is printed as one line.
func (f *Flags) Exit(err error) (code int, done bool) {
	switch {
	case err == nil:
		return ExitOK, false
	case errors.Is(err, flag.ErrHelp):
		return ExitOK, true
	}
	return f.Fail(ExitBadArgs, "%v", err), true
}

// BadArgs reports bad input found after parsing (a flag's value that does
// not make sense) in one line with the way to the help, and returns
// ExitBadArgs.
func (f *Flags) BadArgs(err error) int {
	return f.Fail(ExitBadArgs, "%v", f.usageError(err))
}

// Fail prints one line, "bench: run: ..." for prog "bench run", and
// returns code, so that a command can `return fs.Fail(cli.ExitFailed, ...)`.
func (f *Flags) Fail(code int, format string, args ...any) int {
	return Fail(f.stderr, f.prog, code, format, args...)
}

// Fail prints one line on w, prefixed with prog ("bench run" → "bench:
// run: "), and returns code.
func Fail(w io.Writer, prog string, code int, format string, args ...any) int {
	prefix := strings.ReplaceAll(prog, " ", ": ") + ": "
	fmt.Fprintf(w, prefix+format+"\n", args...)
	return code
}
