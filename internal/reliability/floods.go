package reliability

import (
	"strconv"

	"github.com/muxbench/muxbench/internal/control"
	"github.com/muxbench/muxbench/internal/faults"
)

// runFloods runs each flood against a child of its own, started with the
// handler the burst speaks, so that what one flood left queued cannot
// weigh on the next.
func (r *BackendReport) runFloods(exe string, size Size) {
	r.HTTPFlood = flood(exe, r.Backend, faults.HTTPFlood(size.HTTPReply),
		"--handler", "http", "--reply-size", strconv.Itoa(size.HTTPReply))
	r.RPCFlood = flood(exe, r.Backend, faults.RPCFlood(size.RPCWorkMicros), "--handler", "rpc")
}

// flood starts the backend with handler flags args, floods it with spec and
// stops it; a failed start or an unclean exit is the report's error.
func flood(exe, name string, spec faults.FloodSpec, args ...string) faults.FloodReport {
	c, err := faults.StartChild(control.Spec{Exe: exe, Args: control.ServeArgs(name, args...)})
	if err != nil {
		return faults.FloodReport{Spec: spec, Err: err.Error()}
	}
	rep := faults.Flood(c.Target(), spec)
	if _, err := c.Stop(); err != nil && rep.Err == "" {
		rep.Err = "server exit: " + err.Error()
	}
	return rep
}

// namedFlood is one flood report under the name the verdicts and the
// table give it, which stays when the flood never ran.
type namedFlood struct {
	name string
	rep  faults.FloodReport
}

// floods are the backend's two flood reports.
func (r *BackendReport) floods() []namedFlood {
	return []namedFlood{{"pipelined-http", r.HTTPFlood}, {"rpc-work", r.RPCFlood}}
}
