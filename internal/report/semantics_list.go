package report

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
)

// The semantics page (bench semantics) is one wide table: a probe, what LT
// and ET did, the text's claim and the verdict, each a sentence. The
// README keeps to 120 columns, so there each table row becomes a bullet
// (listTables); results/semantics.md keeps the table.

// cellSep splits a Markdown table row on the pipes that are not escaped.
var cellSep = regexp.MustCompile(`(^|[^\\])\|`)

// tableCells is a Markdown table row's cells, trimmed, escapes undone.
func tableCells(line string) []string {
	marked := cellSep.ReplaceAllString(line, "$1\x00")
	parts := strings.Split(strings.Trim(strings.TrimSpace(marked), "\x00"), "\x00")
	for i, p := range parts {
		parts[i] = strings.ReplaceAll(strings.TrimSpace(p), `\|`, "|")
	}
	return parts
}

// listTables rewrites each Markdown table of md as a bullet list: per row,
// its first cell in bold, then every other cell after its heading.
func listTables(md []byte) []byte {
	var out bytes.Buffer
	var header []string
	for _, line := range strings.SplitAfter(string(md), "\n") {
		row := strings.TrimSpace(line)
		switch {
		case !strings.HasPrefix(row, "|"):
			header = nil
			out.WriteString(line)
		case header == nil:
			header = tableCells(row)
		case strings.HasPrefix(row, "|:") || strings.HasPrefix(row, "|-"):
		default:
			out.WriteString(listItem(header, tableCells(row)))
		}
	}
	return out.Bytes()
}

// listItem is one table row as a bullet.
func listItem(header, cells []string) string {
	parts := []string{"**" + cells[0] + "**"}
	for i := 1; i < len(cells) && i < len(header); i++ {
		parts = append(parts, fmt.Sprintf("%s: %s", header[i], cells[i]))
	}
	return "- " + strings.Join(parts, "; ") + "\n"
}
