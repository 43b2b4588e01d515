package table

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// Columns is the width a default table keeps within: a 120-column
// terminal, and a Markdown page read without horizontal scrolling. A wide
// table (--wide) has no such bound.
const Columns = 120

// Width is how many characters the widest line of t's Markdown rendering
// takes (runes: every mark the tables use is one column wide).
func (t Table) Width() int {
	var b bytes.Buffer
	if err := t.Markdown(&b); err != nil {
		return 0
	}
	return WidestLine(b.String())
}

// WidestLine is the rune count of the longest line of text.
func WidestLine(text string) int {
	most := 0
	for _, line := range strings.Split(text, "\n") {
		most = max(most, utf8.RuneCountInString(line))
	}
	return most
}

// Fit narrows t to width: while its Markdown is wider, it leaves out the
// column with the highest drop rank (drop has one rank per column; 0, or a
// missing rank, is never left out; equal ranks go right to left). It
// returns the table and which of t's columns it kept. A table that still
// does not fit once every droppable column is gone is returned as it is
// then: its fixed columns are the caller's to keep narrow.
func (t Table) Fit(width int, drop []int) (Table, []bool) {
	kept := make([]bool, len(t.Header))
	for i := range kept {
		kept[i] = true
	}
	cur := t
	for cur.Width() > width {
		next := widestRank(drop, kept)
		if next < 0 {
			break
		}
		kept[next] = false
		cur = t.only(kept)
	}
	return cur, kept
}

// widestRank is the kept column with the highest positive rank, the
// rightmost among equals, or -1.
func widestRank(drop []int, kept []bool) int {
	best := -1
	for i, r := range drop {
		if i < len(kept) && kept[i] && r > 0 && (best < 0 || r >= drop[best]) {
			best = i
		}
	}
	return best
}

// only is t with the kept columns alone, alignment included.
func (t Table) only(kept []bool) Table {
	out := Table{}
	var align []byte
	for i, h := range t.Header {
		if !kept[i] {
			continue
		}
		out.Header = append(out.Header, h)
		if t.Align != "" {
			a := byte('r')
			if i < len(t.Align) {
				a = t.Align[i]
			}
			align = append(align, a)
		}
	}
	out.Align = string(align)
	for _, r := range t.Rows {
		var row []string
		for i, c := range r {
			if i < len(kept) && kept[i] {
				row = append(row, c)
			}
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}
