package benchrun

import (
	"fmt"
	"slices"
	"time"

	"github.com/muxbench/muxbench/internal/results"
)

// Scenario names. The idle sweep is the profile's matrix; the others show
// where epoll does not win, each with its own fixed points.
const (
	ScenarioIdle      = "idle"       // the idle × active sweep
	ScenarioAllActive = "all-active" // no idle connections, every one busy
	ScenarioChurn     = "churn"      // one request per connection
	ScenarioBulk      = "bulk"       // large replies to slow readers
	ScenarioHeartbeat = "heartbeat"  // an idle fleet that pings now and then
)

// AllScenarios is the order scenarios run and report in.
var AllScenarios = []string{ScenarioIdle, ScenarioAllActive, ScenarioChurn, ScenarioBulk, ScenarioHeartbeat}

// ScenarioSizes are the points of the non-idle scenarios.
type ScenarioSizes struct {
	// AllActive are the active counts of all-active (no idle connections).
	AllActive []int
	// ChurnConns are the connections churn keeps in flight at once.
	ChurnConns []int
	// BulkReplies are bulk's reply sizes (bytes); BulkConns the slow
	// readers, each reading at most BulkReadRate bytes/s with enough
	// requests in flight (BulkInFlight bytes of replies) to fill the socket
	// buffers and pass the server's per-connection output bound.
	BulkReplies  []int
	BulkConns    int
	BulkReadRate float64
	BulkInFlight int
	// HeartbeatIdle connections each ping every HeartbeatPing on average
	// (Poisson) while HeartbeatActive connections are driven.
	HeartbeatIdle   int
	HeartbeatPing   time.Duration
	HeartbeatActive []int
}

// DefaultScenarioSizes are the points: all-active at 1–256,
// churn with 1 and 16 in flight, 256 KiB and 4 MiB replies read at 16 MiB/s,
// 5,000 idle connections pinging once a second on average.
var DefaultScenarioSizes = ScenarioSizes{
	AllActive:   []int{1, 8, 64, 256},
	ChurnConns:  []int{1, 16},
	BulkReplies: []int{256 << 10, 4 << 20}, BulkConns: 4, BulkReadRate: 16 << 20,
	BulkInFlight:  8 << 20,
	HeartbeatIdle: 5000, HeartbeatPing: time.Second, HeartbeatActive: []int{1, 16},
}

// bulkRecvBuf is a slow reader's SO_RCVBUF: small, so its window fills.
const bulkRecvBuf = 64 << 10

// bulkDepth is how many replies of size reply a bulk connection keeps in
// flight: enough to hold inFlight bytes, at least one.
func bulkDepth(reply, inFlight int) int { return max(1, inFlight/max(reply, 1)) }

// ValidateScenarios reports an unknown scenario name.
func ValidateScenarios(names []string) error {
	if len(names) == 0 {
		return fmt.Errorf("no scenario given (have %v)", AllScenarios)
	}
	for _, n := range names {
		if !slices.Contains(AllScenarios, n) {
			return fmt.Errorf("unknown scenario %q (have %v)", n, AllScenarios)
		}
	}
	return nil
}

// scenarioPoint is one cell of a non-idle scenario, before the backend.
type scenarioPoint struct {
	scenario string
	idle     int
	active   int // connections driven (churn: in flight; bulk: readers)
	msgSize  int // request size (bulk: reply size)
	handler  string
}

// scenarioPoints lists a scenario's points in table order.
func (s ScenarioSizes) points(scenario string, msgSize int) []scenarioPoint {
	var out []scenarioPoint
	add := func(idle, active, size int, h string) {
		out = append(out, scenarioPoint{scenario: scenario, idle: idle, active: active, msgSize: size, handler: h})
	}
	switch scenario {
	case ScenarioAllActive:
		for _, a := range s.AllActive {
			add(0, a, msgSize, "echo")
		}
	case ScenarioChurn:
		for _, c := range s.ChurnConns {
			add(0, c, msgSize, "echo")
		}
	case ScenarioBulk:
		for _, size := range s.BulkReplies {
			add(0, s.BulkConns, size, "rpc")
		}
	case ScenarioHeartbeat:
		for _, a := range s.HeartbeatActive {
			add(s.HeartbeatIdle, a, msgSize, "echo")
		}
	}
	return out
}

// key is the point's cell for backend b. Bulk's MsgSize is the reply size.
func (p scenarioPoint) key(b string) results.CellKey {
	return results.CellKey{Scenario: p.scenario, Backend: b, Idle: p.idle, Active: p.active,
		Mode: "closed", MsgSize: p.msgSize, Handler: p.handler}
}

// scenarioConfig records the sizes in run.json.
func (s ScenarioSizes) config() *results.ScenarioConfig {
	return &results.ScenarioConfig{
		AllActive: s.AllActive, ChurnConns: s.ChurnConns, BulkReplies: s.BulkReplies,
		BulkConns: s.BulkConns, BulkReadRate: s.BulkReadRate, BulkInFlight: s.BulkInFlight,
		BulkRecvBuf: bulkRecvBuf, HeartbeatIdle: s.HeartbeatIdle, HeartbeatPing: s.HeartbeatPing,
		HeartbeatActive: s.HeartbeatActive, ChurnSources: churnSourceRange,
	}
}
