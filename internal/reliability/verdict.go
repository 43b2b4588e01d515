package reliability

import "strings"

// Survived lists each scenario's verdict for one backend.
func (r *BackendReport) Survived() map[string]bool {
	v := map[string]bool{
		"reset storm": r.Reset.Survived(), "half-open": r.HalfOpen.Survived(),
		"slow clients": r.Slow.Survived(), "chaos": r.Chaos != nil && r.Chaos.AnomalyCount() == 0,
		"port in use": r.PortInUse.Survived(), "fd limit": r.FdLimit.Survived(),
		"no socket leak": r.Leaks.Sockets == 0 && r.Err == "", "clean exit": r.ServerExit == "",
	}
	for _, f := range r.floods() {
		v[f.name+" flood"] = f.rep.Survived()
	}
	return v
}

// AllSurvived: the backend survived every scenario.
func (r *BackendReport) AllSurvived() bool {
	for _, ok := range r.Survived() {
		if !ok {
			return false
		}
	}
	return true
}

// AllSurvived: every backend survived every scenario and the generator
// recognised its own start-up faults (the fd-limit one is n/a without a
// loadgen binary).
func (rep *Report) AllSurvived() bool {
	for i := range rep.Backends {
		if !rep.Backends[i].AllSurvived() {
			return false
		}
	}
	return rep.ConnRefused.Survived() && (rep.GenFdLimit.Survived() || strings.HasPrefix(rep.GenFdLimit.Err, "n/a"))
}

// injected counts the faults and hostile clients thrown at one backend.
func (r *BackendReport) injected() uint64 {
	n := uint64(r.Reset.Reset + r.HalfOpen.Opened + r.Slow.Spec.Slowloris + r.Slow.Spec.NonReaders + r.FdLimit.Opened + 1)
	if r.Chaos != nil {
		for _, v := range r.Chaos.Injected {
			n += v
		}
	}
	for _, f := range r.floods() {
		if f.rep.Written > 0 {
			n++
		}
	}
	return n
}

// verified counts the bytes checked against what was sent, both ways.
func (r *BackendReport) verified() uint64 {
	n := r.Reset.Active.Bytes + r.HalfOpen.Bytes + r.HalfOpen.Active.Bytes + r.Slow.Slow.Verified + r.FdLimit.Active.Bytes
	if r.Chaos != nil {
		n += r.Chaos.Bytes
	}
	return n
}

// survivedCount is how many of the backend's scenarios it survived.
func (r *BackendReport) survivedCount() (ok, all int) {
	for _, v := range r.Survived() {
		all++
		if v {
			ok++
		}
	}
	return ok, all
}
