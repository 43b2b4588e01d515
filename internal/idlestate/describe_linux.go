package idlestate

import (
	"os"
	"path/filepath"
	"strings"
)

// pollState is the name the kernel gives the polling idle state a 0 µs
// resume latency keeps a CPU in (drivers/cpuidle/poll_state.c).
const pollState = "POLL"

// Drivers is the cpuidle driver, governor and CPU 0's idle states under
// sysfs (/sys/devices/system/cpu), as "haltpoll driver, haltpoll
// governor, states POLL, haltpoll" ("no states" when the driver, such as
// none, registers none); "" when there is no cpuidle.
func Drivers(sysfs string) string {
	driver := readLine(filepath.Join(sysfs, "cpuidle/current_driver"))
	if driver == "" {
		return ""
	}
	listed := "no states"
	if states := States(sysfs); len(states) > 0 {
		listed = "states " + strings.Join(states, ", ")
	}
	governor := readLine(filepath.Join(sysfs, "cpuidle/current_governor"))
	return driver + " driver, " + governor + " governor, " + listed
}

// States are the names of CPU 0's cpuidle states under sysfs, in order.
func States(sysfs string) []string {
	var states []string
	dirs, _ := filepath.Glob(filepath.Join(sysfs, "cpu0/cpuidle/state*"))
	for _, d := range dirs {
		if name := readLine(filepath.Join(d, "name")); name != "" {
			states = append(states, name)
		}
	}
	return states
}

// Polls reports whether CPU 0 has a polling idle state, the one a 0 µs
// resume latency keeps it in. Without one (no cpuidle driver registered)
// the kernel's default idle halts the CPU whatever the latency request.
func Polls(sysfs string) bool {
	for _, s := range States(sysfs) {
		if s == pollState {
			return true
		}
	}
	return false
}

// readLine is a sysfs file's one line; "" when it cannot be read.
func readLine(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}
