package benchrun

import (
	"slices"
	"strconv"
	"testing"
	"time"
)

// TestLayoutCrossovers: the profile's pairs are kept unless the backends
// were given, one search per pair, active count and mode, with the
// profile's budget.
func TestLayoutCrossovers(t *testing.T) {
	own := Profile{Backends: []string{"epoll_et", "poll", "select"}, Active: []int{1, 16}, Modes: []string{"closed"},
		Crossovers: []CrossoverSpec{{Subject: "epoll_et", Rival: "poll", Budget: time.Minute}}}
	tests := []struct {
		name         string
		p            Profile
		fromBackends bool
		want         []string // subject/rival/active/mode
		err          bool
	}{
		{name: "profile's pairs", p: own, want: []string{"epoll_et/poll/1/closed", "epoll_et/poll/16/closed"}},
		{name: "from backends", p: own, fromBackends: true, want: []string{
			"epoll_et/poll/1/closed", "epoll_et/select/1/closed", "epoll_et/poll/16/closed", "epoll_et/select/16/closed"}},
		{name: "one backend", p: Profile{Backends: []string{"poll"}, Active: []int{1}, Modes: []string{"open"}}, err: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			specs, err := LayoutCrossovers(tc.p, tc.fromBackends)
			if tc.err {
				if err == nil {
					t.Fatalf("laid out %d searches for %v, want an error", len(specs), tc.p.Backends)
				}
				return
			}
			var got []string
			for _, s := range specs {
				got = append(got, s.Subject+"/"+s.Rival+"/"+strconv.Itoa(s.Active)+"/"+s.Mode)
				if s.Budget != time.Minute {
					t.Errorf("%s/%s: budget %v, want the profile's 1m", s.Subject, s.Rival, s.Budget)
				}
			}
			if err != nil || !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}
