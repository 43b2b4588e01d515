package idlestate

// SysfsCPU is where the kernel describes the CPUs and their idle states.
const SysfsCPU = "/sys/devices/system/cpu"

// Apply holds what mode asks for (Poll: a 0 µs resume latency on
// QoSDevice) and describes the idle states a run then measures in, for
// its record. The request is nil when none is held; close it when the
// measurements end. An empty mode (an in-process caller that asks for
// nothing) leaves them to the OS too, and says so without naming a flag.
func Apply(mode Mode) (*Request, string) {
	drivers := Drivers(SysfsCPU)
	switch mode {
	case OS:
		return nil, with("left to the OS (--idle-states os)", drivers)
	case "":
		return nil, with("left to the OS", drivers)
	}
	req, err := Hold(QoSDevice)
	if err != nil {
		return nil, with(err.Error(), drivers)
	}
	return req, with("polling: a 0 µs resume latency held on "+QoSDevice, drivers)
}

// with appends the cpuidle description, when there is one.
func with(what, drivers string) string {
	if drivers == "" {
		return what
	}
	return what + " (" + drivers + ")"
}
