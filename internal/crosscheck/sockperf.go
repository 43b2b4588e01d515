package crosscheck

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	hdr "github.com/HdrHistogram/hdrhistogram-go"
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

// fullLogHeader opens the table of sockperf's --full-log file (after its
// summary): one line per message of its valid duration, the round trip
// last (µs, with --full-rtt); a rule of dashes closes it.
const fullLogHeader = "packet, txTime(sec), rxTime(sec), rtt(usec)"

// ReadFullLog records every round trip of a sockperf --full-log file into
// h (nanoseconds) and returns how many it read. A file without the table,
// or with a line that is not a message, is an error.
func ReadFullLog(r io.Reader, h *hdr.Histogram) (int, error) {
	sc := bufio.NewScanner(r)
	for sc.Scan() && strings.TrimSpace(sc.Text()) != fullLogHeader {
	}
	n := 0
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "---") {
			break // the rule that closes the table
		}
		ns, err := messageRTT(line)
		if err != nil {
			return n, err
		}
		if err := h.RecordValue(min(ns, h.HighestTrackableValue())); err != nil {
			return n, fmt.Errorf("sockperf full log: %w", err)
		}
		n++
	}
	if err := sc.Err(); err != nil {
		return n, err
	}
	if n == 0 {
		return 0, errors.New("sockperf full log: no messages")
	}
	return n, nil
}

// messageRTT is the round trip (ns) of one message line of the full log:
// "packet, txTime(sec), rxTime(sec), rtt(usec)".
func messageRTT(line string) (int64, error) {
	fields := strings.Split(line, ",")
	rtt, err := strconv.ParseFloat(strings.TrimSpace(fields[len(fields)-1]), 64)
	if len(fields) != 4 || err != nil || rtt < 0 {
		return 0, fmt.Errorf("sockperf full log: %q is not a message", line)
	}
	return int64(math.Round(rtt * 1e3)), nil
}
