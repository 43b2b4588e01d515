package crosscheck

import (
	"fmt"
	"io"
	"strings"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/table"
)

// TailGoal is how far above sockperf's p99 loadgen's may be (issue 13: the
// generator must not add tail that the tables would charge to the server).
const TailGoal = 10.0 // percent

// Write renders the page: what ran, the table and the finding sentences.
func (rep *Report) Write(w io.Writer) error {
	fmt.Fprintf(w, "# Cross-check: loadgen vs sockperf (ping-pong, %d-byte messages, one in flight, full round trip)\n\n", rep.MsgSize)
	fmt.Fprintf(w, "Each backend runs the sockperf handler in one `bench serve` child; loadgen measures it for %v, then `sockperf ping-pong --tcp --full-rtt` for the same time, against the same child. %s. sockperf's figures are as it prints them (its valid-duration window, after its own warm-up). n is the messages each client exchanged in its window, latencies are in µs, and a gap is loadgen's figure over sockperf's.\n\n", rep.Duration, rep.PinNote)
	if err := rep.table().Markdown(w); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\n**%s.**\n", strings.Join(rep.Findings(), "; "))
	return err
}

func (rep *Report) table() table.Table {
	t := table.Table{Header: []string{"backend", "loadgen n", "loadgen p50", "loadgen p99",
		"sockperf n", "sockperf p50", "sockperf p99", "p50 gap", "p99 gap"}}
	t.Align = table.Names(1, len(t.Header))
	for _, r := range rep.Rows {
		if r.Err != "" {
			t.Rows = append(t.Rows, []string{r.Backend, "n/a — " + r.Err, "", "", "", "", "", "", ""})
			continue
		}
		l := r.Gen.Latency
		t.Rows = append(t.Rows, []string{r.Backend, table.Thousands(int64(r.Gen.Received)),
			table.Number(l.P50), table.Number(l.P99),
			table.Thousands(int64(r.Sock.Received)), table.Number(r.Sock.P50), table.Number(r.Sock.P99),
			fmt.Sprintf("%+.0f%%", gapPct(l.P50, r.Sock.P50)), fmt.Sprintf("%+.0f%%", gapPct(l.P99, r.Sock.P99))})
	}
	return t
}

// Findings says how far loadgen's p50 and p99 are from sockperf's, at the
// median over the backends both measured and at the worst, and on how many
// backends the p99 meets TailGoal.
func (rep *Report) Findings() []string {
	p50 := rep.gaps(func(r Row) (float64, float64) { return r.Gen.Latency.P50, r.Sock.P50 })
	p99 := rep.gaps(func(r Row) (float64, float64) { return r.Gen.Latency.P99, r.Sock.P99 })
	if len(p50.values) == 0 {
		return []string{"crosscheck: no backend measured by both clients"}
	}
	return []string{
		fmt.Sprintf("crosscheck: over %d backends loadgen's p50 differs from sockperf's by %s", len(p50.values), p50),
		fmt.Sprintf("its p99 by %s; within +%.0f%% of sockperf's p99 on %d of %d", p99, TailGoal, p99.within(TailGoal), len(p99.values)),
	}
}

// gapSet is one percentile's gaps over the backends both clients measured.
type gapSet struct {
	values []float64
	worst  float64
	who    string
}

// gaps collects the gap of pick's (loadgen, sockperf) figures per row.
func (rep *Report) gaps(pick func(Row) (float64, float64)) gapSet {
	var g gapSet
	for _, r := range rep.Rows {
		if r.Err != "" {
			continue
		}
		gen, sock := pick(r)
		if sock <= 0 {
			continue
		}
		v := gapPct(gen, sock)
		g.values = append(g.values, v)
		if g.who == "" || abs(v) > abs(g.worst) {
			g.worst, g.who = v, r.Backend
		}
	}
	return g
}

// String is the median gap and the worst, naming its backend.
func (g gapSet) String() string {
	return fmt.Sprintf("%+.0f%% at the median and at most %+.0f%% (%s)", analysis.Median(g.values), g.worst, g.who)
}

// within counts the gaps at or below goal percent.
func (g gapSet) within(goal float64) int {
	n := 0
	for _, v := range g.values {
		if v <= goal {
			n++
		}
	}
	return n
}

func abs(v float64) float64 { return max(v, -v) }

// gapPct is how far loadgen's figure is from sockperf's, in percent of
// sockperf's.
func gapPct(gen, sock float64) float64 { return (gen - sock) / sock * 100 }
