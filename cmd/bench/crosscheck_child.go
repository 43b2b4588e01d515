package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"regexp"
	"strconv"
	"time"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// crossChildTimeout bounds a child's start line and its stop.
const crossChildTimeout = 10 * time.Second

// crossChild is a `bench serve --handler sockperf --control` child.
type crossChild struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	addr  string
}

// startCrossChild starts the child on CPU 1 and reads its start line.
func startCrossChild(exe, backend string) (*crossChild, error) {
	cmd := exec.Command(exe, "serve", "--backend", backend, "--handler", "sockperf", "--control", "--cpu", "1")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	c := &crossChild{cmd: cmd, stdin: stdin}
	line := make(chan []byte, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			line <- append([]byte(nil), sc.Bytes()...)
		}
		close(line)
		io.Copy(io.Discard, stdout) // the final counters line on stop
	}()
	var start struct {
		Addrs []string `json:"addrs"`
		Error string   `json:"error"`
	}
	select {
	case b := <-line:
		if err := json.Unmarshal(b, &start); err != nil || start.Error != "" || len(start.Addrs) != 1 {
			c.stop()
			return nil, fmt.Errorf("%s child start line %q (%v)", backend, b, err)
		}
	case <-time.After(crossChildTimeout):
		c.stop()
		return nil, fmt.Errorf("%s child printed no start line within %v", backend, crossChildTimeout)
	}
	c.addr = start.Addrs[0]
	return c, nil
}

// stop closes the child's stdin (its stop command) and waits, killing it
// (by its PID) if it does not exit in time.
func (c *crossChild) stop() {
	c.stdin.Close()
	done := make(chan error, 1)
	go func() { done <- c.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(crossChildTimeout):
		c.cmd.Process.Kill()
		<-done
	}
}

// sockperfFigures are what sockperf prints for its valid duration.
type sockperfFigures struct {
	received      uint64
	avg, p50, p99 float64
	dropped       uint64
}

var (
	sockReceived = regexp.MustCompile(`\[Valid Duration\][^\n]*ReceivedMessages=(\d+)`)
	sockAvg      = regexp.MustCompile(`avg-(?:rtt|latency)=([0-9.]+)`)
	sockP50      = regexp.MustCompile(`percentile 50\.000 =\s*([0-9.]+)`)
	sockP99      = regexp.MustCompile(`percentile 99\.000 =\s*([0-9.]+)`)
	sockDropped  = regexp.MustCompile(`# dropped messages = (\d+); # duplicated messages = (\d+); # out-of-order messages = (\d+)`)
)

// parseSockperfFigures reads sockperf's summary; a dropped, duplicated or
// out-of-order message is an error (the server lost or mangled one).
func parseSockperfFigures(out string) (sockperfFigures, error) {
	var f sockperfFigures
	rec, avg, p50, p99, drop := sockReceived.FindStringSubmatch(out), sockAvg.FindStringSubmatch(out),
		sockP50.FindStringSubmatch(out), sockP99.FindStringSubmatch(out), sockDropped.FindStringSubmatch(out)
	if rec == nil || avg == nil || p50 == nil || p99 == nil || drop == nil {
		return f, errors.New("sockperf printed no valid-duration summary with avg, p50 and p99")
	}
	f.received, _ = strconv.ParseUint(rec[1], 10, 64)
	f.avg, _ = strconv.ParseFloat(avg[1], 64)
	f.p50, _ = strconv.ParseFloat(p50[1], 64)
	f.p99, _ = strconv.ParseFloat(p99[1], 64)
	for _, s := range drop[1:] {
		n, _ := strconv.ParseUint(s, 10, 64)
		f.dropped += n
	}
	if f.received == 0 || f.dropped > 0 {
		return f, fmt.Errorf("sockperf: %d messages received, %d dropped/duplicated/out of order", f.received, f.dropped)
	}
	return f, nil
}

// writeMarkdownTable renders rows as a Markdown table, names left, figures
// right.
func writeMarkdownTable(w io.Writer, header []string, rows [][]string) {
	align := make(tw.Alignment, len(header))
	for i := range align {
		align[i] = tw.AlignRight
	}
	align[0] = tw.AlignLeft
	t := tablewriter.NewTable(w, tablewriter.WithRenderer(renderer.NewMarkdown()),
		tablewriter.WithHeaderAutoFormat(tw.Off), tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithAlignment(align))
	t.Header(anySlice(header)...)
	for _, r := range rows {
		t.Append(anySlice(r)...)
	}
	t.Render()
}

func anySlice(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}
