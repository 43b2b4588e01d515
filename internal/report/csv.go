package report

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/muxbench/muxbench/internal/analysis"
)

// CSVHeader is the first line of cells.csv: the cell key, its trial
// counts, then median, min, max and n/a reason of every metric, then the
// samples each pooled percentile rests on.
func CSVHeader() []string {
	h := []string{"scenario", "backend", "idle", "active", "mode", "rate", "msg_size", "handler", "na", "trials", "valid_trials", "flagged"}
	for _, m := range analysis.Metrics {
		h = append(h, m.Name+"_median", m.Name+"_min", m.Name+"_max", m.Name+"_na")
	}
	return append(h, poolHeader()...)
}

// WriteCSV writes one row per cell, summarised over valid trials.
func WriteCSV(w io.Writer, cells []analysis.CellSummary) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader()); err != nil {
		return err
	}
	for _, c := range cells {
		if err := cw.Write(csvRow(c)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func csvRow(c analysis.CellSummary) []string {
	var flagged []string
	for _, f := range c.Flagged {
		flagged = append(flagged, "t"+strconv.Itoa(f.Index)+": "+f.Reason())
	}
	row := []string{
		c.Scenario, c.Backend, strconv.Itoa(c.Idle), strconv.Itoa(c.Active), c.Mode,
		num(c.Rate), strconv.Itoa(c.MsgSize), c.Handler, c.NA,
		strconv.Itoa(c.Trials), strconv.Itoa(c.Valid), strings.Join(flagged, "; "),
	}
	for _, m := range analysis.Metrics {
		s := c.Stat(m.Name)
		if !s.OK() {
			row = append(row, "", "", "", s.NA)
			continue
		}
		row = append(row, num(s.Median), num(s.Min), num(s.Max), "")
	}
	return append(row, poolCells(c)...)
}

func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
