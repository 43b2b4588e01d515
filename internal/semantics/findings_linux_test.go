package semantics

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

func TestDispatchers(t *testing.T) {
	tests := []struct {
		name        string
		ev          uint32
		chain, full []string
	}{
		{"IN|OUT", unix.EPOLLIN | unix.EPOLLOUT, []string{"IN"}, []string{"IN", "OUT"}},
		{"OUT|ERR", unix.EPOLLOUT | unix.EPOLLERR, []string{"OUT"}, []string{"OUT", "ERR"}},
		{"HUP only", unix.EPOLLHUP, nil, []string{"HUP"}},
		{"IN|RDHUP", unix.EPOLLIN | unix.EPOLLRDHUP, []string{"IN"}, []string{"IN", "RDHUP"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := textChain(tc.ev); !slices.Equal(got, tc.chain) {
				t.Errorf("textChain = %v, want %v", got, tc.chain)
			}
			if got := everyFlag(tc.ev); !slices.Equal(got, tc.full) {
				t.Errorf("everyFlag = %v, want %v", got, tc.full)
			}
		})
	}
}

// The verdict follows the counts: the same builder says "does not hold"
// when fed counts that contradict the claim.
func TestVerdictFollowsCounts(t *testing.T) {
	good := OneByteRun{
		First: ReadCounts{Wakeups: 7, BytesRead: 7, Left: 0},
		Later: ReadCounts{Wakeups: 3, BytesRead: 3, Read: "123"},
	}
	etGood := OneByteRun{
		First: ReadCounts{Wakeups: 1, BytesRead: 1, Left: 6},
		Later: ReadCounts{Wakeups: 1, BytesRead: 1, Read: "b"},
	}
	etBad := etGood
	etBad.First.Wakeups, etBad.Later.Read = 2, "1"
	tests := []struct {
		name  string
		f     Finding
		holds bool
	}{
		{"probe 1 as claimed", findingOneByte(good, etGood), true},
		{"probe 1 contradicted", findingOneByte(good, etBad), false},
		{"probe 2 as claimed", findingLaterData(good, etGood), true},
		{"probe 2 contradicted", findingLaterData(good, etBad), false},
		{"probe 3 no spin", findingSpin(SpinCounts{Wakeups: 50}, SpinCounts{Wakeups: 1}), false},
		{"probe 7a LT repeats", findingOneshot(OneshotCounts{First: 3, Rearmed: 1}, OneshotCounts{First: 1, Rearmed: 1}), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.f.Holds != tc.holds || strings.HasPrefix(tc.f.Verdict, "holds") != tc.holds {
				t.Fatalf("holds=%t verdict %q, want holds=%t", tc.f.Holds, tc.f.Verdict, tc.holds)
			}
		})
	}
}
