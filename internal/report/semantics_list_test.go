package report

import "testing"

// TestListTables: a Markdown table becomes one bullet per row (its
// separator row gone), an escaped pipe stays a pipe, and the text around
// the table is kept.
func TestListTables(t *testing.T) {
	md := "intro\n\n| # | probe | verdict |\n|:--|:--|:--|\n| 1 | EPOLLIN\\|EPOLLOUT | holds |\n| 2 | RST | holds: 7/7 |\n\nafter\n"
	want := "intro\n\n- **1**; probe: EPOLLIN|EPOLLOUT; verdict: holds\n- **2**; probe: RST; verdict: holds: 7/7\n\nafter\n"
	if got := string(listTables([]byte(md))); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}
