package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// WriteHelp writes the command's help: the usage line, the summary, every
// flag with its value, meaning and default, then the notes.
func (f *Flags) WriteHelp(w io.Writer) {
	fmt.Fprintf(w, "usage: %s %s\n", f.prog, f.synopsis)
	if f.summary != "" {
		fmt.Fprintf(w, "\n%s\n", f.summary)
	}
	var names, usages []string
	f.VisitAll(func(fl *flag.Flag) {
		names = append(names, flagName(fl))
		usages = append(usages, flagUsage(fl))
	})
	if len(names) > 0 {
		fmt.Fprintf(w, "\nflags:\n")
	}
	width := 0
	for _, n := range names {
		width = max(width, len(n))
	}
	for i, n := range names {
		fmt.Fprintf(w, "  %-*s  %s\n", width, n, usages[i])
	}
	if len(f.notes) > 0 {
		fmt.Fprintf(w, "\n%s\n", strings.Join(f.notes, "\n"))
	}
}

// flagName is "--name VALUE" ("-q" for a one-letter flag, no value for a
// boolean).
func flagName(fl *flag.Flag) string {
	value, _ := flag.UnquoteUsage(fl)
	dash := "--"
	if len(fl.Name) == 1 {
		dash = "-"
	}
	if value == "" {
		return dash + fl.Name
	}
	return dash + fl.Name + " " + strings.ToUpper(value)
}

// flagUsage is the flag's meaning and, when it is not the zero value, its
// default.
func flagUsage(fl *flag.Flag) string {
	_, usage := flag.UnquoteUsage(fl)
	switch fl.DefValue {
	case "", "0", "false", "0s", "[]":
		return usage
	}
	return fmt.Sprintf("%s (default %s)", usage, fl.DefValue)
}
