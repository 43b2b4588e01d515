package crosscheck

import (
	"fmt"
	"io"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/table"
)

// Write renders the page: what ran, the table and the finding sentence.
func (rep *Report) Write(w io.Writer) error {
	fmt.Fprintf(w, "# Cross-check: loadgen vs sockperf (ping-pong, %d-byte messages, one in flight, full round trip)\n\n", rep.MsgSize)
	fmt.Fprintf(w, "Each backend runs the sockperf handler in one `bench serve` child; loadgen measures it for %v, then `sockperf ping-pong --tcp --full-rtt` for the same time, against the same child. %s. sockperf's figures are as it prints them (its valid-duration window, after its own warm-up).\n\n", rep.Duration, rep.PinNote)
	if err := rep.table().Markdown(w); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\n**%s.**\n", rep.Finding())
	return err
}

func (rep *Report) table() table.Table {
	t := table.Table{Header: []string{"backend", "loadgen msgs", "loadgen avg µs", "loadgen p50 µs", "loadgen p99 µs",
		"sockperf msgs", "sockperf avg µs", "sockperf p50 µs", "sockperf p99 µs", "p50 gap"}}
	t.Align = table.Names(1, len(t.Header))
	for _, r := range rep.Rows {
		if r.Err != "" {
			t.Rows = append(t.Rows, []string{r.Backend, "n/a — " + r.Err, "", "", "", "", "", "", "", ""})
			continue
		}
		l := r.Gen.Latency
		t.Rows = append(t.Rows, []string{r.Backend, table.Thousands(int64(r.Gen.Received)),
			table.Number(l.Mean), table.Number(l.P50), table.Number(l.P99),
			table.Thousands(int64(r.Sock.Received)), table.Number(r.Sock.Avg),
			table.Number(r.Sock.P50), table.Number(r.Sock.P99), fmt.Sprintf("%+.0f%%", gapPct(l.P50, r.Sock.P50))})
	}
	return t
}

// Finding says how far loadgen's p50 is from sockperf's: at the median
// over the backends both measured, and at most.
func (rep *Report) Finding() string {
	worst, worstGap := "", 0.0
	var gaps []float64
	for _, r := range rep.Rows {
		if r.Err != "" || r.Sock.P50 <= 0 {
			continue
		}
		gap := gapPct(r.Gen.Latency.P50, r.Sock.P50)
		gaps = append(gaps, gap)
		if worst == "" || abs(gap) > abs(worstGap) {
			worst, worstGap = r.Backend, gap
		}
	}
	if len(gaps) == 0 {
		return "crosscheck: no backend measured by both clients"
	}
	return fmt.Sprintf("crosscheck: over %d backends loadgen's p50 differs from sockperf's by %+.0f%% at the median and at most %+.0f%% (%s)",
		len(gaps), analysis.Median(gaps), worstGap, worst)
}

// median is the middle value, or the mean of the two middle ones. The
// project's statistics are moving to internal/analysis; this call is to be
// switched to its median when it lands.
func abs(v float64) float64 { return max(v, -v) }

// gapPct is how far loadgen's figure is from sockperf's, in percent of
// sockperf's.
func gapPct(gen, sock float64) float64 { return (gen - sock) / sock * 100 }
