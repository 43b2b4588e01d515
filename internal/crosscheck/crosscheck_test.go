package crosscheck

import (
	"slices"
	"strings"
	"testing"

	"github.com/muxbench/muxbench/internal/loadgen"
)

// sockperfOutput is the shape of `sockperf ping-pong --tcp --full-rtt`'s
// summary.
const sockperfOutput = `sockperf: [Total Run] RunTime=1.100 sec; Warm up time=400 msec; SentMessages=43857; ReceivedMessages=43856
sockperf: [Valid Duration] RunTime=1.000 sec; SentMessages=39940; ReceivedMessages=39940
sockperf: ====> avg-rtt=24.866 (std-dev=3.218)
sockperf: # dropped messages = DROPPED; # duplicated messages = 0; # out-of-order messages = 0
sockperf: ---> percentile 99.000 =   35.016
sockperf: ---> percentile 50.000 =   24.269
`

func TestParseSockperf(t *testing.T) {
	tests := []struct {
		name, out string
		want      Sockperf
		err       string
	}{
		{name: "clean", out: strings.Replace(sockperfOutput, "DROPPED", "0", 1),
			want: Sockperf{Received: 39940, Avg: 24.866, P50: 24.269, P99: 35.016}},
		{name: "dropped", out: strings.Replace(sockperfOutput, "DROPPED", "3", 1), err: "3 dropped"},
		{name: "no summary", out: "sockperf: connect failed", err: "no valid-duration summary"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseSockperf(tc.out)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one mentioning %q", err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
}

func TestFindings(t *testing.T) {
	row := func(b string, p50, p99 float64) Row {
		return Row{Backend: b, Gen: &loadgen.Result{Latency: loadgen.Summary{P50: p50, P99: p99}}, Sock: Sockperf{P50: 10, P99: 20}}
	}
	rep := &Report{Rows: []Row{row("poll", 11, 21), row("epoll_et", 8, 26), row("select", 13, 22), {Backend: "netpoll", Err: "boom"}}}
	want := []string{
		"crosscheck: over 3 backends loadgen's p50 differs from sockperf's by +10% at the median and at most +30% (select)",
		"its p99 by +10% at the median and at most +30% (epoll_et); within +10% of sockperf's p99 on 2 of 3",
	}
	if got := rep.Findings(); !slices.Equal(got, want) {
		t.Fatalf("findings\n%q\nwant\n%q", got, want)
	}
	if !rep.Failed() {
		t.Fatal("a backend with an error is a failed cross-check")
	}
}
