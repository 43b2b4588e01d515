package crosscheck

import (
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

func TestFinding(t *testing.T) {
	row := func(b string, gen, sock float64) Row {
		return Row{Backend: b, Gen: &loadgen.Result{Latency: loadgen.Summary{P50: gen}}, Sock: Sockperf{P50: sock}}
	}
	rep := &Report{Rows: []Row{row("poll", 11, 10), row("epoll_et", 8, 10), row("select", 13, 10), {Backend: "netpoll", Err: "boom"}}}
	want := "crosscheck: over 3 backends loadgen's p50 differs from sockperf's by +10% at the median and at most +30% (select)"
	if got := rep.Finding(); got != want {
		t.Fatalf("finding %q, want %q", got, want)
	}
	if !rep.Failed() {
		t.Fatal("a backend with an error is a failed cross-check")
	}
}
