package report

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/analysis/analysistest"
	"github.com/muxbench/muxbench/internal/results"
)

func TestSummarizeNA(t *testing.T) {
	tests := []struct {
		name string
		cell results.Cell
		want string
	}{
		{name: "cell n/a", cell: analysistest.Cell("select", 5000, 1), want: "FD_SETSIZE"},
		{name: "all flagged", cell: allFlagged(analysistest.Cell("poll", 0, 1)), want: "all 4 trials flagged (idle-short)"},
		{name: "metric n/a", cell: analysistest.Cell("netpoll", 0, 1), want: "perf refused"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := analysis.Summarize(tc.cell).Stat("syscalls_per_req")
			if st.OK() || !strings.Contains(StatText(st), "n/a — ") || !strings.Contains(st.NA, tc.want) {
				t.Errorf("stat %q, want n/a mentioning %q", StatText(st), tc.want)
			}
		})
	}
}

func allFlagged(c results.Cell) results.Cell {
	for i := range c.Trials {
		c.Trials[i].Flags = []string{"idle-short"}
	}
	return c
}

func TestGroupTableShowsNAAndFlags(t *testing.T) {
	tests := []struct {
		layout Layout
		want   []string
	}{
		{layout: Narrow, want: []string{"n/a — select cannot watch fds >= FD_SETSIZE (1024)", "t4: idle-short", "netpoll, syscalls/req: n/a — perf refused", "40.0µs"}},
		{layout: Wide, want: []string{"n/a — select cannot watch fds >= FD_SETSIZE (1024)", "t4: idle-short", "netpoll, syscalls/req: n/a — perf refused", "40.0µs (36.0–48.0)", "trials"}},
	}
	for _, tc := range tests {
		run := analysistest.Run()
		var buf bytes.Buffer
		if err := GroupTable(&buf, analysis.GroupCells(run, analysis.SummarizeRun(run))[0], tc.layout); err != nil {
			t.Fatal(err)
		}
		for _, want := range tc.want {
			if !strings.Contains(buf.String(), want) {
				t.Errorf("layout %d: table lacks %q:\n%s", tc.layout, want, buf.String())
			}
		}
		if strings.Contains(buf.String(), "1,000,000") || strings.Contains(buf.String(), "1.00s") {
			t.Errorf("layout %d: a flagged trial's figure leaked into the table", tc.layout)
		}
	}
}

func TestCSV(t *testing.T) {
	run := analysistest.Run()
	var buf bytes.Buffer
	if err := WriteCSV(&buf, analysis.SummarizeRun(run)); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+len(run.Cells) {
		t.Fatalf("%d rows, want header + %d", len(rows), len(run.Cells))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, name := range []string{"server_voluntary_ctx_switches_per_req_median", "server_involuntary_ctx_switches_per_req_median", "server_cpu_outside_loop_pct_median"} {
		if _, ok := col[name]; !ok {
			t.Errorf("cells.csv lacks %s", name)
		}
	}
	for _, r := range rows[1:] {
		if r[col["backend"]] == "poll" && r[col["idle"]] == "1000" && r[col["p99_us_median"]] != "40" {
			t.Errorf("poll idle 1000 p99 median %q, want 40", r[col["p99_us_median"]])
		}
		if r[col["backend"]] == "select" && r[col["idle"]] == "5000" && !strings.Contains(r[col["na"]], "FD_SETSIZE") {
			t.Errorf("select 5000 na %q", r[col["na"]])
		}
	}
}

func TestWriteProducesFiles(t *testing.T) {
	dir := t.TempDir()
	var term bytes.Buffer
	if err := Write(dir, analysistest.Run(), &term); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"summary.md": "## The answer", "cells.csv": "scenario,backend",
		"plots/echo-closed-active16.svg": "<svg", "plots/echo-closed-active16.png": "\x89PNG",
		"plots/echo-closed-active1.png": "\x89PNG",
	}
	for name, prefix := range files {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || len(b) < 100 || !strings.Contains(string(b), prefix) {
			t.Errorf("%s: %d bytes, err %v, want content with %q", name, len(b), err, prefix)
		}
	}
	if !strings.Contains(term.String(), "This run has no crossover search") || !strings.Contains(term.String(), "model N̂*") {
		t.Errorf("terminal output lacks the answer:\n%s", term.String())
	}
	if os.Getenv("REPORT_KEEP") != "" {
		t.Log(dir)
	}
}
