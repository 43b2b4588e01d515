package semantics

import "fmt"

// Method says how the figures were taken, built from the constants the
// probes use, so the published page cannot drift from the code.
func Method() []string {
	return []string{
		"Each probe opens its own listener on 127.0.0.1:0 and one client (the text's nc); the server end is " +
			"watched with raw epoll (golang.org/x/sys/unix) and made non-blocking with F_GETFL/F_SETFL, except in probe 5.",
		fmt.Sprintf("A wait for an event the probe caused allows %v; \"no more wakeups\" means none within a %v quiet window.",
			expectWithin, quietWindow),
		"Bytes left in the kernel: ioctl(SIOCINQ) after the last wakeup.",
		fmt.Sprintf("Probe 3: a %v window; the waiting goroutine is locked to its OS thread and its CPU is that thread's "+
			"CLOCK_THREAD_CPUTIME_ID; wakeups/s divide by the measured wall time.", SpinWindow),
		fmt.Sprintf("Probe 5: every read runs under a %v watchdog that calls shutdown(SHUT_RD); \"blocked\" means the read "+
			"returned only because the watchdog fired. SO_RCVTIMEO (%v) is the safety net behind it.", BlockWatchdog, ioTimeout),
		fmt.Sprintf("Probe 6: one event per step (connection writable, %d messages, client reset with SO_LINGER 0); each "+
			"event goes through the text's if/else-if chain (IN, else OUT, else ERR) and through a dispatcher that "+
			"tests every flag; a flag is skipped when present but not acted on.", Messages),
	}
}
