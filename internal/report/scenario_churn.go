package report

import (
	"fmt"
	"strconv"

	"github.com/muxbench/muxbench/internal/results"
)

func churnSection(run *results.Run, cells []scenarioCell) ScenarioSection {
	src := ""
	if sc := run.Config.Scenario; sc != nil && sc.ChurnSources != "" {
		src = ", from source addresses " + sc.ChurnSources
	}
	s := ScenarioSection{Name: "churn", Title: "churn: every request on a new connection (connect, request, verified reply, client closes)" + src,
		Header: []string{"backend", "in flight", "conn/s", "p50", "p99", "CPU/conn", "sys/conn", "accept4", "ctl/conn", "ctl share"},
		XLabel: "connections in flight", YLabel: "connections/s"}
	for _, c := range cells {
		rate, ok := c.timed(reqRate)
		s.addPoint(c.Backend, float64(c.Active), rate, ok)
		share, shareOK := c.counted(ctlShare)
		shareText := "n/a"
		if shareOK {
			shareText = FormatNumber(share) + "%"
		}
		s.Rows = append(s.Rows, []string{c.Backend, strconv.Itoa(c.Active), boundMark(c, fmtOr(rate, ok)),
			microsOr(c.timed(p50)), microsOr(c.timed(p99)), microsOr(c.timed(cpuPerReq)), fmtOr(c.counted(sysPerReq)),
			fmtOr(c.any(accepts)), fmtOr(c.counted(ctlPerReq)), shareText})
	}
	s.noteBound(cells)
	s.Notes = append(s.Notes, "A request is a connection: conn/s and per-connection figures are per completed, verified connection; accept4 is accept4 calls per connection; ctl/conn is epoll_ctl per connection and ctl share its share of the syscalls. sys/conn is all syscalls per connection: perf's count for the whole server process when counting worked, else the event loop's own.")
	s.Finding = churnFinding(cells)
	return s
}

// churnFinding: epoll_et's and poll's connection rates at the largest
// in-flight count both ran, and what epoll_ctl costs epoll_et.
func churnFinding(cells []scenarioCell) string {
	ok := func(c scenarioCell) bool { _, ok := c.timed(reqRate); return ok }
	et, poll, found := largestShared(cells, func(c scenarioCell) int { return c.Active }, ok, "epoll_et", "poll")
	if !found {
		return "churn: no point where both epoll_et and poll have valid trials in this run"
	}
	ve, _ := et.timed(reqRate)
	vp, _ := poll.timed(reqRate)
	s := fmt.Sprintf("churn (%d in flight): epoll_et serves %s conn/s vs poll %s conn/s (%s)", et.Active, FormatNumber(ve), FormatNumber(vp),
		compared(et, poll, reqRate, "conn/s"))
	if share, ok := et.counted(ctlShare); ok {
		ctl, _ := et.counted(ctlPerReq)
		s += fmt.Sprintf("; epoll_ctl is %s%% of epoll_et's syscalls (%s per connection)", FormatNumber(share), FormatNumber(ctl))
	}
	if ctl, ok := poll.counted(ctlPerReq); ok {
		s += fmt.Sprintf(", poll's %s", FormatNumber(ctl))
	}
	if et.bound || poll.bound {
		s += " [generator-bound: rates are lower bounds]"
	}
	return s
}

func bulkSection(run *results.Run, cells []scenarioCell) ScenarioSection {
	s := ScenarioSection{Name: "bulk", Title: bulkTitle(run),
		Header: []string{"backend", "reply", "readers", "replies/s", "MB/s", "p99", "interest", "epoll_ctl", "EAGAIN", "pauses", "RSS MiB"},
		XLabel: "reply size (bytes)", YLabel: "interest changes / reply"}
	for _, c := range cells {
		changes, ok := c.any(interest)
		s.addPoint(c.Backend, float64(c.MsgSize), changes, ok)
		s.Rows = append(s.Rows, []string{c.Backend, sizeName(c.MsgSize), strconv.Itoa(c.Active),
			boundMark(c, fmtOr(c.timed(reqRate))), fmtOr(c.timed(mbPerSec)), microsOr(c.timed(p99)),
			fmtOr(changes, ok), fmtOr(c.counted(ctlPerReq)), fmtOr(c.any(wEAGAIN)), fmtOr(c.any(pauses)), fmtOr(peakRSS(c))})
	}
	s.noteBound(cells)
	s.Notes = append(s.Notes, "Per reply: interest (interest changes), epoll_ctl (its syscalls), EAGAIN (writes that met a full socket buffer), pauses (backpressure pauses); RSS MiB is the server's peak resident set.")
	s.Finding = bulkFinding(run, cells)
	return s
}

func bulkTitle(run *results.Run) string {
	sc := run.Config.Scenario
	if sc == nil {
		return "bulk: large rpc replies to slow readers"
	}
	return fmt.Sprintf("bulk: large rpc replies to %d slow readers (each reads at most %s MB/s, SO_RCVBUF %s, %s of replies asked for at a time)",
		sc.BulkConns, FormatNumber(sc.BulkReadRate/1e6), sizeName(sc.BulkRecvBuf), sizeName(sc.BulkInFlight))
}

var mbPerSec = func(m results.Metrics) (float64, bool) {
	return float64(m.BytesVerified) / 1e6 / m.WindowSec, m.WindowSec > 0 && m.Requests > 0
}

// peakRSS is the largest server RSS over the cell's usable trials, MiB.
func peakRSS(c scenarioCell) (float64, bool) {
	peak := uint64(0)
	for _, t := range c.usable {
		peak = max(peak, t.Metrics.ServerRSSBytes)
	}
	return float64(peak) / (1 << 20), peak > 0
}

// bulkFinding: LT's write-interest changes against ET's at the largest
// reply, and the highest server RSS next to the replies asked for.
func bulkFinding(run *results.Run, cells []scenarioCell) string {
	ok := func(c scenarioCell) bool { _, ok := c.any(interest); return ok }
	lt, et, found := largestShared(cells, func(c scenarioCell) int { return c.MsgSize }, ok, "epoll_lt", "epoll_et")
	if !found {
		return "bulk: no reply size where both epoll_lt and epoll_et have valid trials in this run"
	}
	vl, _ := lt.any(interest)
	cl, _ := lt.counted(ctlPerReq)
	ce, _ := et.counted(ctlPerReq)
	s := fmt.Sprintf("bulk (%s replies): epoll_lt changes write interest %s times per reply (%s epoll_ctl) vs epoll_et's %s epoll_ctl",
		sizeName(lt.MsgSize), FormatNumber(vl), FormatNumber(cl), FormatNumber(ce))
	peak := 0.0
	for _, c := range cells {
		if v, ok := peakRSS(c); ok {
			peak = max(peak, v)
		}
	}
	if sc := run.Config.Scenario; sc != nil && peak > 0 {
		asked := float64(sc.BulkConns*sc.BulkInFlight) / (1 << 20)
		s += fmt.Sprintf("; server RSS peaked at %s MiB with %s MiB of replies asked for at once", FormatNumber(peak), FormatNumber(asked))
	}
	return s
}
