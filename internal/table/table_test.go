package table

import (
	"slices"
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

// TestFit: columns leave by rank, highest first and right to left among
// equals, until the table fits; rank 0 never leaves.
func TestFit(t *testing.T) {
	tbl := Table{Header: []string{"backend", "req/s", "extra one", "extra two", "note"}, Align: "lrrrl",
		Rows: [][]string{{"epoll_et", "225,767", "0.0123", "1.02×", "a long note that takes room"}}}
	full := tbl.Width()
	tests := []struct {
		name  string
		width int
		drop  []int
		want  []bool
		fits  bool
	}{
		{name: "fits", width: full, drop: []int{0, 0, 1, 1, 0}, want: []bool{true, true, true, true, true}, fits: true},
		{name: "equal ranks: rightmost first", width: full - 1, drop: []int{0, 0, 1, 1, 0}, want: []bool{true, true, true, false, true}, fits: true},
		{name: "highest rank first", width: full - 1, drop: []int{0, 0, 2, 1, 0}, want: []bool{true, true, false, true, true}, fits: true},
		{name: "nothing left to drop", width: 10, drop: []int{0, 0, 1}, want: []bool{true, true, false, true, true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, kept := tbl.Fit(tc.width, tc.drop)
			if !slices.Equal(kept, tc.want) {
				t.Fatalf("kept %v, want %v", kept, tc.want)
			}
			if len(got.Header) != len(got.Rows[0]) || len(got.Align) != len(got.Header) {
				t.Fatalf("header %v, row %v, align %q", got.Header, got.Rows[0], got.Align)
			}
			if w := got.Width(); tc.fits && w > tc.width {
				t.Fatalf("width %d > %d", w, tc.width)
			}
		})
	}
}
