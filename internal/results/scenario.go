package results

import "time"

// ScenarioConfig are the points of the non-idle scenarios as run (nil when
// only the idle sweep ran). Their cells carry the scenario's name in
// CellKey.Scenario; a bulk cell's MsgSize is its reply size and its Active
// the slow readers; a churn cell's Active is the connections in flight.
type ScenarioConfig struct {
	AllActive  []int `json:"all_active,omitempty"`
	ChurnConns []int `json:"churn_conns,omitempty"`
	// ChurnSources are the 127.0.0.x source addresses churn connects from,
	// so the client's TIME_WAIT 4-tuples do not run out.
	ChurnSources    string        `json:"churn_sources,omitempty"`
	BulkReplies     []int         `json:"bulk_replies,omitempty"`
	BulkConns       int           `json:"bulk_conns,omitempty"`
	BulkReadRate    float64       `json:"bulk_read_rate,omitempty"`
	BulkInFlight    int           `json:"bulk_in_flight,omitempty"`
	BulkRecvBuf     int           `json:"bulk_recv_buf,omitempty"`
	HeartbeatIdle   int           `json:"heartbeat_idle,omitempty"`
	HeartbeatPing   time.Duration `json:"heartbeat_ping_ns,omitempty"`
	HeartbeatActive []int         `json:"heartbeat_active,omitempty"`
}
