package loadgen

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/muxbench/muxbench/internal/table"
	"github.com/muxbench/muxbench/internal/version"
)

// ReportSchema is the schema of the --json file, bumped when a field is
// added, changes meaning or is removed (see the package doc's JSON section).
const ReportSchema = 2

// Report is everything one standalone run measured, with its parameters:
// the --json file's content.
type Report struct {
	Schema int `json:"schema"`
	// Tool is the build of loadgen that measured (version, commit, dirty).
	Tool   version.Info `json:"tool"`
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
	Duration time.Duration `json:"duration_ns"`
	Warmup   time.Duration `json:"warmup_ns"`
	FdSoft   uint64        `json:"fd_soft_limit"`
	FdHard   uint64        `json:"fd_hard_limit"`
}

// WriteJSON writes rep, indented, to path.
func WriteJSON(path string, rep *Report) error {
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// WriteTable renders rep as two tables (internal/table's Markdown, as
// bench's terminal tables): latency, then counts.
func WriteTable(w io.Writer, rep *Report) error {
	res := rep.Result
	lat := table.Table{Header: []string{"latency", "count", "mean", "p50", "p90", "p99", "p99.9", "p99.99", "max"}, Align: table.Names(1, 9)}
	name := "send→reply"
	if res.Mode == Open {
		name = "corrected"
	}
	lat.Rows = append(lat.Rows, summaryRow(name, res.Latency))
	if res.Uncorrected != nil {
		lat.Rows = append(lat.Rows, summaryRow("uncorrected", *res.Uncorrected))
	}
	if res.Lag != nil {
		lat.Rows = append(lat.Rows, summaryRow("send lag", *res.Lag))
	}
	if res.Late != nil {
		lat.Rows = append(lat.Rows, summaryRow("late (after the window)", *res.Late))
	}
	if err := lat.Markdown(w); err != nil {
		return err
	}
	fmt.Fprintln(w)
	return table.Table{Header: []string{"figure", "value"}, Rows: countRows(rep), Align: "ll"}.Markdown(w)
}

func summaryRow(name string, s Summary) []string {
	row := []string{name, table.Thousands(int64(s.Count))}
	for _, v := range []float64{s.Mean, s.P50, s.P90, s.P99, s.P999, s.P9999, s.Max} {
		row = append(row, table.Micros(v))
	}
	return row
}

// micros is d in microseconds, for table.Micros.
func micros(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }

func countRows(rep *Report) [][]string {
	res := rep.Result
	rows := [][]string{
		{"mode", fmt.Sprintf("%s, %d active, %d driver thread(s)", res.Mode, res.Active, res.Loops)},
		{"idle requested / established", fmt.Sprintf("%d / %d", rep.Fleet.Requested, rep.Fleet.Established)},
		{"window", res.Window.String()},
		{"sent / received / late / lost", fmt.Sprintf("%d / %d / %d / %d", res.Sent, res.Received, res.LateReplies, res.Lost)},
		{"achieved req/s (in the window)", table.Number(res.ReqPerSec)},
	}
	if res.Mode == Open {
		rows = append(rows, []string{"offered req/s", table.Number(res.OfferedRate)})
	}
	rows = append(rows, []string{"loadgen CPU/request (user + sys)", fmt.Sprintf("%s (%s + %s over the window)",
		table.Micros(res.CPU.UsPerReq), table.Micros(micros(res.CPU.User)), table.Micros(micros(res.CPU.Sys)))})
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
