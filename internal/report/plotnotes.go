package report

import (
	"slices"
	"strings"
)

// figNote is one line under a figure's legend: why a backend has no
// figure at some idle counts (on some panels, or on all of them when the
// cell could not run), or a plain remark.
type figNote struct {
	backend, where, why string
	// what are the panels the note holds on (metric titles); none when it
	// holds on every panel.
	what  []string
	plain string
}

func (n figNote) text() string {
	if n.plain != "" {
		return n.plain
	}
	head := n.backend
	if len(n.what) > 0 {
		head += " " + strings.Join(n.what, ", ")
	}
	return head + ": n/a " + n.where + ": " + n.why
}

// mergeNotes joins the notes that differ only in their panel, drops the
// panel names from a note that holds on all panels, and returns the
// lines in first-seen order: one "poll: n/a from 1k: all 1 timed trials
// flagged" instead of one line per panel.
func mergeNotes(notes []figNote, panels int) []string {
	var merged []figNote
	for _, n := range notes {
		i := slices.IndexFunc(merged, func(m figNote) bool {
			return n.plain == "" && m.plain == "" && m.backend == n.backend && m.where == n.where && m.why == n.why && len(m.what) > 0
		})
		if i < 0 || len(n.what) == 0 {
			merged = append(merged, n)
			continue
		}
		merged[i].what = append(merged[i].what, n.what...)
	}
	var out []string
	for _, n := range merged {
		if len(n.what) >= panels {
			n.what = nil
		}
		if t := n.text(); !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}
