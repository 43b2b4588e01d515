package table

import (
	"fmt"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// Table is a header and rows of cells.
type Table struct {
	Header []string
	Rows   [][]string
	// Align has one letter per column: 'l' for names (left), 'r' for
	// figures (right). Missing letters are 'r'. "" keeps the renderer's
	// defaults (headers centred, cells left), and Compact then aligns every
	// column left.
	Align string
}

// Names is the alignment of a table whose first text columns are names and
// the rest figures.
func Names(text, cols int) string {
	return strings.Repeat("l", text) + strings.Repeat("r", max(cols-text, 0))
}

// Markdown renders a padded Markdown table, which reads well both on a
// terminal and in a .md file.
func (t Table) Markdown(w io.Writer) error {
	opts := []tablewriter.Option{
		tablewriter.WithRenderer(renderer.NewMarkdown()),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
	}
	if t.Align != "" {
		opts = append(opts, tablewriter.WithAlignment(t.alignment()))
	}
	return t.render(tablewriter.NewTable(w, opts...), escape)
}

// Boxed renders a terminal table with borders whose cells wrap at
// cellWidth columns.
func (t Table) Boxed(w io.Writer, cellWidth int) error {
	tbl := tablewriter.NewTable(w,
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAutoWrap(tw.WrapNormal),
		tablewriter.WithRowMaxWidth(cellWidth),
		tablewriter.WithHeaderMaxWidth(cellWidth),
	)
	return t.render(tbl, func(s string) string { return s })
}

// Compact renders Markdown without padding: `| a | b |` per row.
func (t Table) Compact(w io.Writer) error {
	var b strings.Builder
	b.WriteString(compactRow(t.Header) + "\n|")
	for i := range t.Header {
		b.WriteString(map[tw.Align]string{tw.AlignLeft: "---|", tw.AlignRight: "--:|"}[t.alignment()[i]])
	}
	b.WriteString("\n")
	for _, r := range t.Rows {
		b.WriteString(compactRow(r) + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// compactRow is `| a | b |`, an empty cell `| |`.
func compactRow(cells []string) string {
	var b strings.Builder
	b.WriteString("|")
	for _, c := range cells {
		if c != "" {
			b.WriteString(" " + escape(c))
		}
		b.WriteString(" |")
	}
	return b.String()
}

func (t Table) render(tbl *tablewriter.Table, cell func(string) string) error {
	tbl.Header(anys(t.Header, cell)...)
	for _, r := range t.Rows {
		if err := tbl.Append(anys(r, cell)...); err != nil {
			return fmt.Errorf("table row %q: %w", r, err)
		}
	}
	return tbl.Render()
}

// alignment is Align as tablewriter's, one entry per header column.
func (t Table) alignment() tw.Alignment {
	a := make(tw.Alignment, len(t.Header))
	for i := range a {
		a[i] = tw.AlignRight
		if i < len(t.Align) && t.Align[i] == 'l' || t.Align == "" {
			a[i] = tw.AlignLeft
		}
	}
	return a
}

// escape keeps a cell inside its Markdown column: a pipe would end it and a
// newline the row.
var escape = strings.NewReplacer("|", `\|`, "\n", " ").Replace

func anys(cells []string, f func(string) string) []any {
	out := make([]any, len(cells))
	for i, c := range cells {
		out[i] = f(c)
	}
	return out
}
