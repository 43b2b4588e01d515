package export

import "github.com/muxbench/muxbench/internal/analysis"

// unit is a catalogue metric as benchstat reads it: the unit's name, the
// factor from the catalogue's figure, and whether repeated measurement
// adds nothing (assume=exact).
type unit struct {
	name   string
	factor float64
	exact  bool
}

// units names every metric of analysis.Metrics (a test checks that none
// is missing). Times are in ns, which benchstat normalises to seconds and
// scales (µ, m); the RSS in bytes, which it scales by powers of 1024.
var units = map[string]unit{
	"req_per_sec":                           {name: "req/s", factor: 1},
	"p50_us":                                {name: "p50-latency-ns", factor: 1e3},
	"p99_us":                                {name: "p99-latency-ns", factor: 1e3},
	"p999_us":                               {name: "p99.9-latency-ns", factor: 1e3},
	"max_us":                                {name: "max-latency-ns", factor: 1e3},
	"uncorrected_p50_us":                    {name: "p50-uncorrected-latency-ns", factor: 1e3},
	"uncorrected_p99_us":                    {name: "p99-uncorrected-latency-ns", factor: 1e3},
	"lag_p50_us":                            {name: "p50-send-lag-ns", factor: 1e3},
	"lag_p99_us":                            {name: "p99-send-lag-ns", factor: 1e3},
	"cpu_us_per_req":                        {name: "cpu-ns/req", factor: 1e3},
	"ctx_switches_per_req":                  {name: "ctxsw/req", factor: 1},
	"server_voluntary_ctx_switches_per_req": {name: "vol-ctxsw/req", factor: 1},
	"server_involuntary_ctx_switches_per_req": {name: "invol-ctxsw/req", factor: 1},
	"server_cpu_outside_loop_pct":             {name: "cpu-outside-loop-%", factor: 1},
	"syscalls_per_req":                        {name: "syscalls/req", factor: 1},
	"loop_syscalls_per_req":                   {name: "loop-syscalls/req", factor: 1},
	"wakeups_per_req":                         {name: "wakeups/req", factor: 1},
	"fds_scanned_per_req":                     {name: "fds-scanned/req", factor: 1},
	"epoll_ctl_per_req":                       {name: "ctl-syscalls/req", factor: 1},
	"rss_kib":                                 {name: "rss-B", factor: 1024},
	"loadgen_cpu_us_per_req":                  {name: "loadgen-cpu-ns/req", factor: 1e3},
	"errors":                                  {name: "errors", factor: 1, exact: true},
}

// unitOf is m's unit; a metric added to the catalogue without one keeps
// its name as the unit until it is given one here.
func unitOf(m analysis.Metric) unit {
	if u, ok := units[m.Name]; ok {
		return u
	}
	return unit{name: m.Name, factor: 1}
}
