package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/registry"
	"github.com/muxbench/muxbench/internal/results"
	"github.com/muxbench/muxbench/internal/table"
)

// The io_uring vs epoll_et finding (#16): at each of UringActives active
// connections, the run's io_uring and epoll_et cells side by side, from
// the idle sweep (closed loop, the smallest idle count both measured) or
// else the all-active scenario; n/a where the run has neither. Throughput
// and CPU per request are judged with analysis.Compare over the two
// cells' timed trials, the verdict applying Margin as the sweep's table
// does. The syscalls that explain it are the backends' own counters per
// request: io_uring_enter calls against epoll_wait + read + write (perf
// counts io_uring_enter among "other" on some kernels, the counters
// name it).

// UringActives are the active counts the finding reads.
var UringActives = []int{1, 16, 256}

// uringPoint is the pair at one active count; from says where it comes
// from, "" when the run has none.
type uringPoint struct {
	active    int
	from      string
	uring, et scenarioCell
}

var (
	enterPerReq     = perReq(func(m results.Metrics) uint64 { return m.Backend.EnterCalls })
	readinessPerReq = perReq(func(m results.Metrics) uint64 { return m.Backend.WaitCalls + m.Backend.Reads + m.Backend.Writes })
)

// uringPoints finds the pair at every active count of UringActives.
func uringPoints(run *results.Run) []uringPoint {
	var out []uringPoint
	for _, active := range UringActives {
		p := uringPoint{active: active}
		p.uring, p.et, p.from = uringPair(run, active)
		out = append(out, p)
	}
	return out
}

// uringPair is the two cells at active, the sweep's at the smallest idle
// count first, then the all-active scenario's.
func uringPair(run *results.Run, active int) (uring, et scenarioCell, from string) {
	best := -1
	for _, c := range run.Cells {
		if c.Backend != registry.IOUring || c.Active != active || c.Mode != "closed" || c.Rival != "" {
			continue
		}
		sweep := !IsScenario(c.Scenario) && c.Scenario != results.ScenarioCrossover
		if !sweep && c.Scenario != "all-active" {
			continue
		}
		rank := c.Idle
		if !sweep {
			rank = 1 << 30
		}
		rival, ok := pairCell(run, c.CellKey)
		if ok && (best < 0 || rank < best) {
			best, uring, et = rank, usableCell(c), rival
			from = "all-active"
			if sweep {
				from = "idle " + Thousands(int64(c.Idle))
			}
		}
	}
	return uring, et, from
}

// pairCell is epoll_et's cell at k's key, when both it and io_uring's
// have a timed req/s.
func pairCell(run *results.Run, k results.CellKey) (scenarioCell, bool) {
	rival := k
	rival.Backend = registry.EpollET
	et, uring := usableCell(cellAt(run, rival)), usableCell(cellAt(run, k))
	_, okA := uring.timed(reqRate)
	_, okB := et.timed(reqRate)
	return et, okA && okB
}

// cellAt is the run's cell at k.
func cellAt(run *results.Run, k results.CellKey) results.Cell {
	for _, c := range run.Cells {
		if c.CellKey == k {
			return c
		}
	}
	return results.Cell{CellKey: k}
}

// writeUringFinding writes one sentence per active count, then the table.
func writeUringFinding(w io.Writer, run *results.Run) error {
	points := uringPoints(run)
	var rows [][]string
	for _, p := range points {
		fmt.Fprintf(w, "- %s\n", uringSentence(p))
		rows = append(rows, uringRow(p))
	}
	fmt.Fprintln(w)
	header := []string{"active", "cell", "req/s uring / et", "÷", "CPU/req uring / et", "÷", "enter/req", "wait+r+w/req"}
	if err := (table.Table{Header: header, Rows: rows, Align: "rlrrrrrr"}).Markdown(w); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\nuring is io_uring, et epoll_et; ÷ is io_uring ÷ epoll_et (the median of the pairwise ratios of their timed trials) with the verdict of the Mann–Whitney test and the 95%% interval (benchmath): ✓ io_uring at least %d%% better, ✗ at least %d%% worse, ≈ significant but within %d%%, ~ no significant difference, ? too few trials. enter/req is io_uring's io_uring_enter calls per request, wait+r+w/req epoll_et's epoll_wait, read and write calls per request, both from the backends' own counters.\n",
		percentOf(Margin), percentOf(Margin), percentOf(Margin))
	return err
}

// uringRow is one active count's row of the table.
func uringRow(p uringPoint) []string {
	if p.from == "" {
		return []string{Thousands(int64(p.active)), "n/a", "", "", "", "", "", ""}
	}
	rate := pairOf(p, reqRate, FormatNumber)
	cpu := pairOf(p, cpuPerReq, table.Micros)
	return []string{Thousands(int64(p.active)), p.from, rate, judgedMark(p, reqRate, false), cpu, judgedMark(p, cpuPerReq, true),
		fmtOr(p.uring.any(enterPerReq)), fmtOr(p.et.any(readinessPerReq))}
}

// pairOf is "io_uring's / epoll_et's" median of f.
func pairOf(p uringPoint, f func(results.Metrics) (float64, bool), text func(float64) string) string {
	a, okA := p.uring.timed(f)
	b, okB := p.et.timed(f)
	if !okA || !okB {
		return "n/a"
	}
	return text(a) + " / " + text(b)
}

// uringJudge compares io_uring against epoll_et in f.
func uringJudge(p uringPoint, f func(results.Metrics) (float64, bool), lowerIsBetter bool) (analysis.Comparison, analysis.Change, bool) {
	a, b := p.et.timedValues(f), p.uring.timedValues(f)
	if len(a) == 0 || len(b) == 0 {
		return analysis.Comparison{}, analysis.Undecided, false
	}
	c := analysis.Compare(a, b)
	return c, c.Judge(Margin, lowerIsBetter), true
}

// judgedMark is the ratio and its verdict mark: "1.06× ✓".
func judgedMark(p uringPoint, f func(results.Metrics) (float64, bool), lowerIsBetter bool) string {
	c, change, ok := uringJudge(p, f, lowerIsBetter)
	if !ok {
		return "n/a"
	}
	return ratioText(c.Ratio) + " " + changeMarks[change]
}

// uringWords say what a verdict means for io_uring.
var uringWords = map[analysis.Change]string{
	analysis.Better: "io_uring wins", analysis.Worse: "io_uring loses", analysis.Within: "within the margin",
	analysis.NoChange: "no significant difference", analysis.Undecided: "too few trials to decide",
}

// uringSentence states one active count's finding.
func uringSentence(p uringPoint) string {
	if p.from == "" {
		return fmt.Sprintf("%s active: n/a — the run has no closed-loop io_uring and epoll_et cells with valid trials at %s active (sweep or all-active)",
			Thousands(int64(p.active)), Thousands(int64(p.active)))
	}
	parts := []string{fmt.Sprintf("%s active (%s): req/s %s, %s", Thousands(int64(p.active)), p.from, pairOf(p, reqRate, FormatNumber), uringVerdict(p, reqRate, false))}
	parts = append(parts, fmt.Sprintf("CPU/req %s, %s", pairOf(p, cpuPerReq, table.Micros), uringVerdict(p, cpuPerReq, true)))
	parts = append(parts, fmt.Sprintf("per request %s io_uring_enter against %s epoll_wait+read+write", fmtOr(p.uring.any(enterPerReq)), fmtOr(p.et.any(readinessPerReq))))
	s := strings.Join(parts, "; ")
	if p.uring.bound || p.et.bound {
		s += " [generator-bound]"
	}
	return s + "."
}

// uringVerdict is the verdict in words with the ratio and p-value.
func uringVerdict(p uringPoint, f func(results.Metrics) (float64, bool), lowerIsBetter bool) string {
	c, change, ok := uringJudge(p, f, lowerIsBetter)
	if !ok {
		return "n/a"
	}
	if change == analysis.Undecided {
		return c.Undecided()
	}
	return fmt.Sprintf("%s (io_uring ÷ epoll_et %s, p=%.3f)", uringWords[change], ratioText(c.Ratio), c.P)
}
