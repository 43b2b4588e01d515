package semantics

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/muxbench/muxbench/internal/poller/epoll"
	"github.com/muxbench/muxbench/internal/results"
)

// Messages is how many messages probes 4 and 6 send.
const Messages = 5

// Report is one run of every probe.
type Report struct {
	Started time.Time       `json:"started"`
	Elapsed time.Duration   `json:"elapsed_ns"`
	Machine results.Machine `json:"machine"`
	// LoadAvg is /proc/loadavg's 1, 5 and 15 minute figures at the start:
	// other work on the machine slows probe 3's busy loop and takes its CPU.
	LoadAvg  string    `json:"load_avg"`
	Findings []Finding `json:"findings"`
}

// Holding counts the findings whose claim held.
func (r Report) Holding() int {
	n := 0
	for _, f := range r.Findings {
		if f.Holds {
			n++
		}
	}
	return n
}

// Run runs every probe in order, one at a time. The machine description is
// the caller's to fill in.
func Run() (Report, error) {
	r := Report{Started: time.Now(), LoadAvg: loadAvg()}
	for _, probe := range probes {
		fs, err := probe.run()
		if err != nil {
			return r, fmt.Errorf("probe %s: %w", probe.id, err)
		}
		r.Findings = append(r.Findings, fs...)
	}
	r.Elapsed = time.Since(r.Started)
	return r, nil
}

// loadAvg is "n/a" when /proc/loadavg cannot be read.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	fields := strings.Fields(string(b))
	if err != nil || len(fields) < 3 {
		return "n/a"
	}
	return strings.Join(fields[:3], " ")
}

// probes lists each probe's runs in both modes and the finding built from
// them.
var probes = []struct {
	id  string
	run func() ([]Finding, error)
}{
	{"1 and 2", inModes(OneByteReads, func(lt, et OneByteRun) []Finding {
		return []Finding{findingOneByte(lt, et), findingLaterData(lt, et)}
	})},
	{"3", inModes(func(m epoll.Mode) (SpinCounts, error) { return IdleWritable(m, SpinWindow) }, one(findingSpin))},
	{"4", rearmFinding},
	{"5", fcntlFinding},
	{"6", inModes(func(m epoll.Mode) (DispatchCounts, error) { return Dispatch(m, Messages) }, one(findingDispatch))},
	{"7a", inModes(Oneshot, one(findingOneshot))},
	{"7b", inModes(HalfClose, one(findingRdhup))},
}

// inModes runs probe in LT then ET and builds the findings from both.
func inModes[T any](probe func(epoll.Mode) (T, error), build func(lt, et T) []Finding) func() ([]Finding, error) {
	return func() ([]Finding, error) {
		lt, err := probe(epoll.Level)
		if err != nil {
			return nil, err
		}
		et, err := probe(epoll.Edge)
		if err != nil {
			return nil, err
		}
		return build(lt, et), nil
	}
}

// one adapts a builder of a single finding.
func one[T any](build func(lt, et T) Finding) func(lt, et T) []Finding {
	return func(lt, et T) []Finding { return []Finding{build(lt, et)} }
}

func rearmFinding() ([]Finding, error) {
	with, err := ETRearm(Messages, true)
	if err != nil {
		return nil, err
	}
	without, err := ETRearm(Messages, false)
	if err != nil {
		return nil, err
	}
	return []Finding{findingRearm(with, without)}, nil
}

func fcntlFinding() ([]Finding, error) {
	ltSetfd, err := FcntlNonblock(true, epoll.Level)
	if err != nil {
		return nil, err
	}
	etSetfd, err := FcntlNonblock(true, epoll.Edge)
	if err != nil {
		return nil, err
	}
	etSetfl, err := FcntlNonblock(false, epoll.Edge)
	if err != nil {
		return nil, err
	}
	return []Finding{findingFcntl(ltSetfd, etSetfd, etSetfl)}, nil
}
