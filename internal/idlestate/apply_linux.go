package idlestate

// SysfsCPU is where the kernel describes the CPUs and their idle states.
const SysfsCPU = "/sys/devices/system/cpu"

// Apply holds what mode asks for (Poll: a 0 µs resume latency on
// QoSDevice) and describes the idle states a run then measures in, for
// its record. The request is nil when none is held; close it when the
// measurements end. An empty mode (an in-process caller that asks for
// nothing) leaves them to the OS too, and says so without naming a flag.
// A request held where the cpuidle driver has no polling state to keep the
// CPUs in (no driver at all: the kernel's default idle halts) is described
// as halting: the request cannot change how an idle CPU waits there.
func Apply(mode Mode) (*Request, string) {
	return apply(mode, SysfsCPU, QoSDevice)
}

func apply(mode Mode, sysfs, dev string) (*Request, string) {
	drivers := Drivers(sysfs)
	switch mode {
	case OS:
		return nil, with("left to the OS (--idle-states os)", drivers)
	case "":
		return nil, with("left to the OS", drivers)
	}
	req, err := Hold(dev)
	if err != nil {
		return nil, with(err.Error(), drivers)
	}
	if !Polls(sysfs) {
		return req, with("halting: a 0 µs resume latency held on "+dev+", but no cpuidle state polls, so an idle CPU still halts", drivers)
	}
	return req, with("polling: a 0 µs resume latency held on "+dev, drivers)
}

// with appends the cpuidle description, when there is one.
func with(what, drivers string) string {
	if drivers == "" {
		return what
	}
	return what + " (" + drivers + ")"
}
