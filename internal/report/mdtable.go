package report

import (
	"io"

	"github.com/muxbench/muxbench/internal/table"
)

// writeTable renders a Markdown table, which reads well both on a terminal
// and in summary.md. The first textCols columns are names (left-aligned),
// the rest figures (right-aligned).
func writeTable(w io.Writer, header []string, rows [][]string, textCols int) error {
	return table.Table{Header: header, Rows: rows, Align: table.Names(textCols, len(header))}.Markdown(w)
}
