package loadgen

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

// Report is everything one standalone run measured, with its parameters:
// the --json file's content.
type Report struct {
	Params Params       `json:"params"`
	Fleet  FleetReport  `json:"fleet"`
	Result *Result      `json:"result"`
	Sweep  *SweepReport `json:"sweep,omitempty"`
	// Failure says why the run failed ("" when it passed).
	Failure string `json:"failure,omitempty"`
}

// Params are the run's parameters as given.
type Params struct {
	Config
	Duration float64 `json:"duration_sec"`
	Warmup   float64 `json:"warmup_sec"`
	FdSoft   uint64  `json:"fd_soft_limit"`
	FdHard   uint64  `json:"fd_hard_limit"`
}

// WriteJSON writes rep, indented, to path.
func WriteJSON(path string, rep *Report) error {
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// WriteTable renders rep as two tables: latency, then counts.
func WriteTable(w io.Writer, rep *Report) error {
	res := rep.Result
	lat := tablewriter.NewTable(w, tablewriter.WithHeaderAutoFormat(tw.Off), tablewriter.WithRowAlignment(tw.AlignRight))
	lat.Header("latency µs", "count", "mean", "p50", "p90", "p99", "p99.9", "p99.99", "max")
	name := "send→reply"
	if res.Mode == Open {
		name = "corrected"
	}
	if err := lat.Append(summaryRow(name, res.Latency)); err != nil {
		return err
	}
	if res.Uncorrected != nil {
		if err := lat.Append(summaryRow("uncorrected", *res.Uncorrected)); err != nil {
			return err
		}
	}
	if res.Lag != nil {
		if err := lat.Append(summaryRow("send lag", *res.Lag)); err != nil {
			return err
		}
	}
	if res.Late != nil {
		if err := lat.Append(summaryRow("late (after the window)", *res.Late)); err != nil {
			return err
		}
	}
	if err := lat.Render(); err != nil {
		return err
	}
	counts := tablewriter.NewTable(w, tablewriter.WithHeaderAutoFormat(tw.Off))
	counts.Header("figure", "value")
	for _, row := range countRows(rep) {
		if err := counts.Append(row); err != nil {
			return err
		}
	}
	return counts.Render()
}

func summaryRow(name string, s Summary) []string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
	return []string{name, strconv.FormatUint(s.Count, 10), f(s.Mean), f(s.P50), f(s.P90), f(s.P99), f(s.P999), f(s.P9999), f(s.Max)}
}

func countRows(rep *Report) [][]string {
	res := rep.Result
	rows := [][]string{
		{"mode", fmt.Sprintf("%s, %d active, %d driver thread(s)", res.Mode, res.Active, res.Loops)},
		{"idle requested / established", fmt.Sprintf("%d / %d", rep.Fleet.Requested, rep.Fleet.Established)},
		{"window", res.Window.String()},
		{"sent / received / late / lost", fmt.Sprintf("%d / %d / %d / %d", res.Sent, res.Received, res.LateReplies, res.Lost)},
		{"achieved req/s (in the window)", fmt.Sprintf("%.0f", res.ReqPerSec)},
	}
	if res.Mode == Open {
		rows = append(rows, []string{"offered req/s", fmt.Sprintf("%.0f", res.OfferedRate)})
	}
	rows = append(rows, []string{"loadgen CPU µs/request (user+sys)",
		fmt.Sprintf("%.2f (%.3fs + %.3fs)", res.CPU.UsPerReq, res.CPU.UserSec, res.CPU.SysSec)})
	if p := res.IdlePing; p != nil {
		rows = append(rows, []string{"idle pings sent / answered / lost", fmt.Sprintf("%d / %d / %d", p.Sent, p.Answered, p.Lost)})
	}
	if rep.Sweep != nil {
		rows = append(rows, []string{"liveness: idle answered / probed", fmt.Sprintf("%d / %d", rep.Sweep.Answered, rep.Sweep.Probed)})
	}
	e := res.Errors
	rows = append(rows, []string{"errors connect/read/write/timeout/closed", fmt.Sprintf("%d / %d / %d / %d / %d", e.Connect, e.Read, e.Write, e.Timeout, e.ClosedByPeer)},
		[]string{"verify mismatch/short/reorder", fmt.Sprintf("%d / %d / %d", e.Mismatch, e.Short, e.Reorder)})
	if res.MergeDropped != 0 {
		rows = append(rows, []string{"histogram merge dropped", strconv.FormatInt(res.MergeDropped, 10)})
	}
	if rep.Failure != "" {
		rows = append(rows, []string{"FAILED", rep.Failure})
	}
	return rows
}
