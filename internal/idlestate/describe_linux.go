package idlestate

import (
	"os"
	"path/filepath"
	"strings"
)

// Drivers is the cpuidle driver, governor and CPU 0's idle states under
// sysfs (/sys/devices/system/cpu), as "haltpoll driver, haltpoll
// governor, states POLL, haltpoll"; "" when there is no cpuidle.
func Drivers(sysfs string) string {
	driver := readLine(filepath.Join(sysfs, "cpuidle/current_driver"))
	if driver == "" {
		return ""
	}
	var states []string
	dirs, _ := filepath.Glob(filepath.Join(sysfs, "cpu0/cpuidle/state*"))
	for _, d := range dirs {
		if name := readLine(filepath.Join(d, "name")); name != "" {
			states = append(states, name)
		}
	}
	governor := readLine(filepath.Join(sysfs, "cpuidle/current_governor"))
	return driver + " driver, " + governor + " governor, states " + strings.Join(states, ", ")
}

// readLine is a sysfs file's one line; "" when it cannot be read.
func readLine(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}
