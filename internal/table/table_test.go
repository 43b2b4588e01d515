package table

import (
	"strings"
	"testing"
)

func TestRender(t *testing.T) {
	tbl := Table{Header: []string{"backend", "p50 µs", "note"}, Rows: [][]string{{"poll", "12.5", "EPOLLIN|EPOLLOUT"}, {"epoll_et", "9", "two\nlines"}, {"select", "", "n/a"}}}
	tests := []struct {
		name   string
		align  string
		render func(Table, *strings.Builder) error
		want   string
	}{
		{name: "markdown", align: "lrl", render: func(t Table, b *strings.Builder) error { return t.Markdown(b) }, want: `
| backend  | p50 µs | note              |
|:---------|-------:|:------------------|
| poll     |   12.5 | EPOLLIN\|EPOLLOUT |
| epoll_et |      9 | two lines         |
| select   |        | n/a               |
`},
		{name: "compact", align: "lr", render: func(t Table, b *strings.Builder) error { return t.Compact(b) }, want: `
| backend | p50 µs | note |
|---|--:|--:|
| poll | 12.5 | EPOLLIN\|EPOLLOUT |
| epoll_et | 9 | two lines |
| select | | n/a |
`},
		{name: "compact, default alignment", render: func(t Table, b *strings.Builder) error { return t.Compact(b) }, want: `
| backend | p50 µs | note |
|---|---|---|
| poll | 12.5 | EPOLLIN\|EPOLLOUT |
| epoll_et | 9 | two lines |
| select | | n/a |
`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			tbl.Align = tc.align
			if err := tc.render(tbl, &b); err != nil {
				t.Fatal(err)
			}
			if got := b.String(); got != tc.want[1:] {
				t.Fatalf("got\n%s\nwant\n%s", got, tc.want[1:])
			}
		})
	}
}

// TestBoxedWraps: the terminal table keeps every line within its cells'
// width, wrapping long text, and leaves pipes as they are.
func TestBoxedWraps(t *testing.T) {
	var b strings.Builder
	long := strings.Repeat("word ", 20)
	if err := (Table{Header: []string{"#", "text"}, Rows: [][]string{{"1", long + "EPOLLIN|EPOLLOUT"}}}).Boxed(&b, 20); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		if n := len([]rune(line)); n > 30 {
			t.Errorf("line of %d columns: %q", n, line)
		}
	}
	if !strings.Contains(b.String(), "EPOLLIN|EPOLLOUT") {
		t.Errorf("pipes escaped on a terminal:\n%s", b.String())
	}
}

func TestNames(t *testing.T) {
	if got := Names(2, 5); got != "llrrr" {
		t.Fatalf("Names(2, 5) = %q", got)
	}
}
