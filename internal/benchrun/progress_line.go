package benchrun

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/muxbench/muxbench/internal/results"
	"github.com/muxbench/muxbench/internal/table"
)

// piece is part of a trial's account; a text piece (the cell, its flags,
// an error) may be cut to fit, a figure is shown whole or not at all.
type piece struct {
	text   string
	figure bool
}

// describe is a one-line account of a trial in pieces, most important
// first: the cell and trial, the gates it tripped, then its figures.
func describe(k results.CellKey, tr results.Trial) []piece {
	head := fmt.Sprintf("%s t%d:", k, tr.Index)
	if tr.Counted {
		head = fmt.Sprintf("%s t%d (counted):", k, tr.Index)
	}
	parts := []piece{{text: head}}
	if len(tr.Flags) > 0 {
		parts = append(parts, piece{text: "[" + strings.Join(tr.Flags, ",") + "]"})
	}
	if tr.Error != "" && tr.Metrics.Requests == 0 {
		return append(parts, piece{text: "error: " + tr.Error})
	}
	m := tr.Metrics
	figures := []string{strconv.FormatFloat(m.ReqPerSec, 'f', 0, 64) + " req/s",
		"p50 " + table.Micros(m.Latency.P50), "p99 " + table.Micros(m.Latency.P99),
		"cpu " + table.Micros(m.ServerCPUUsPerReq) + "/req"}
	if m.SyscallsPerReq != nil {
		figures = append(figures, fmt.Sprintf("sys %.2f/req", *m.SyscallsPerReq))
	}
	for _, f := range figures {
		parts = append(parts, piece{text: f, figure: true})
	}
	return parts
}

func join(parts []piece) string {
	s := make([]string, len(parts))
	for i, p := range parts {
		s[i] = p.text
	}
	return strings.Join(s, " ")
}

// fit joins pieces in order while they fit in cols columns; the first that
// does not is cut with an ellipsis if it is text, dropped if it is a
// figure, and the rest are dropped.
func fit(parts []piece, cols int) string {
	var b strings.Builder
	used := 0
	for _, p := range parts {
		sep := min(used, 1)
		n := utf8.RuneCountInString(p.text)
		if used+sep+n <= cols {
			b.WriteString(strings.Repeat(" ", sep) + p.text)
			used += sep + n
			continue
		}
		if room := cols - used - sep; !p.figure && room >= 2 {
			b.WriteString(strings.Repeat(" ", sep) + string([]rune(p.text)[:room-1]) + "…")
		}
		break
	}
	return b.String()
}

// barColumns is the bar's own width: narrower in a narrow terminal, so the
// trial's figures keep their room.
func barColumns(width int) int {
	if width >= 140 {
		return 30
	}
	if width >= 100 {
		return 20
	}
	return 10
}

// barReserve is what the progress bar's line takes beside the description:
// progressbar's layout is "\r 42% |bar| (n/total) DESCRIPTION ", and one
// column stays spare, since writing the last one wraps on some terminals.
func barReserve(barCols, total int) int {
	digits := len(strconv.Itoa(total))
	const percent, pipes, count, spaces, spare = 5, 2, 3, 4, 1
	return percent + pipes + barCols + count + 2*digits + spaces + spare
}
