package crosscheck

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Sockperf is what sockperf prints for its valid duration: messages
// received, latency in µs, and messages lost or mangled.
type Sockperf struct {
	Received      uint64
	Avg, P50, P99 float64
	Dropped       uint64
}

var (
	sockReceived = regexp.MustCompile(`\[Valid Duration\][^\n]*ReceivedMessages=(\d+)`)
	sockAvg      = regexp.MustCompile(`avg-(?:rtt|latency)=([0-9.]+)`)
	sockP50      = regexp.MustCompile(`percentile 50\.000 =\s*([0-9.]+)`)
	sockP99      = regexp.MustCompile(`percentile 99\.000 =\s*([0-9.]+)`)
	sockDropped  = regexp.MustCompile(`# dropped messages = (\d+); # duplicated messages = (\d+); # out-of-order messages = (\d+)`)
)

// ParseSockperf reads sockperf's summary; a dropped, duplicated or
// out-of-order message is an error (the server lost or mangled one).
func ParseSockperf(out string) (Sockperf, error) {
	var f Sockperf
	rec, avg, p50, p99, drop := sockReceived.FindStringSubmatch(out), sockAvg.FindStringSubmatch(out),
		sockP50.FindStringSubmatch(out), sockP99.FindStringSubmatch(out), sockDropped.FindStringSubmatch(out)
	if rec == nil || avg == nil || p50 == nil || p99 == nil || drop == nil {
		return f, errors.New("sockperf printed no valid-duration summary with avg, p50 and p99")
	}
	f.Received, _ = strconv.ParseUint(rec[1], 10, 64)
	f.Avg, _ = strconv.ParseFloat(avg[1], 64)
	f.P50, _ = strconv.ParseFloat(p50[1], 64)
	f.P99, _ = strconv.ParseFloat(p99[1], 64)
	for _, s := range drop[1:] {
		n, _ := strconv.ParseUint(s, 10, 64)
		f.Dropped += n
	}
	if f.Received == 0 || f.Dropped > 0 {
		return f, fmt.Errorf("sockperf: %d messages received, %d dropped/duplicated/out of order", f.Received, f.Dropped)
	}
	return f, nil
}

func lastLine(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return lines[len(lines)-1]
}
