package main

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/muxbench/muxbench/internal/control"
)

// startCrossChild starts a sockperf-handler child of backend on CPU 1.
func startCrossChild(exe, backend string) (*control.Child, error) {
	c, err := control.Start(control.Spec{Exe: exe, Args: control.ServeArgs(backend, "--handler", "sockperf", "--cpu", "1")})
	if err != nil {
		return nil, fmt.Errorf("%s child: %w", backend, err)
	}
	return c, nil
}

// sockperfFigures are what sockperf prints for its valid duration.
type sockperfFigures struct {
	received      uint64
	avg, p50, p99 float64
	dropped       uint64
}

var (
	sockReceived = regexp.MustCompile(`\[Valid Duration\][^\n]*ReceivedMessages=(\d+)`)
	sockAvg      = regexp.MustCompile(`avg-(?:rtt|latency)=([0-9.]+)`)
	sockP50      = regexp.MustCompile(`percentile 50\.000 =\s*([0-9.]+)`)
	sockP99      = regexp.MustCompile(`percentile 99\.000 =\s*([0-9.]+)`)
	sockDropped  = regexp.MustCompile(`# dropped messages = (\d+); # duplicated messages = (\d+); # out-of-order messages = (\d+)`)
)

// parseSockperfFigures reads sockperf's summary; a dropped, duplicated or
// out-of-order message is an error (the server lost or mangled one).
func parseSockperfFigures(out string) (sockperfFigures, error) {
	var f sockperfFigures
	rec, avg, p50, p99, drop := sockReceived.FindStringSubmatch(out), sockAvg.FindStringSubmatch(out),
		sockP50.FindStringSubmatch(out), sockP99.FindStringSubmatch(out), sockDropped.FindStringSubmatch(out)
	if rec == nil || avg == nil || p50 == nil || p99 == nil || drop == nil {
		return f, errors.New("sockperf printed no valid-duration summary with avg, p50 and p99")
	}
	f.received, _ = strconv.ParseUint(rec[1], 10, 64)
	f.avg, _ = strconv.ParseFloat(avg[1], 64)
	f.p50, _ = strconv.ParseFloat(p50[1], 64)
	f.p99, _ = strconv.ParseFloat(p99[1], 64)
	for _, s := range drop[1:] {
		n, _ := strconv.ParseUint(s, 10, 64)
		f.dropped += n
	}
	if f.received == 0 || f.dropped > 0 {
		return f, fmt.Errorf("sockperf: %d messages received, %d dropped/duplicated/out of order", f.received, f.dropped)
	}
	return f, nil
}

// writeMarkdownTable renders rows as a Markdown table, names left, figures
// right.
func writeMarkdownTable(w io.Writer, header []string, rows [][]string) {
	align := make(tw.Alignment, len(header))
	for i := range align {
		align[i] = tw.AlignRight
	}
	align[0] = tw.AlignLeft
	t := tablewriter.NewTable(w, tablewriter.WithRenderer(renderer.NewMarkdown()),
		tablewriter.WithHeaderAutoFormat(tw.Off), tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithAlignment(align))
	t.Header(anySlice(header)...)
	for _, r := range rows {
		t.Append(anySlice(r)...)
	}
	t.Render()
}

func anySlice(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}
