// Package idlestate keeps every CPU's idle loop polling while a
// measurement runs, and describes the idle states a run was measured in.
//
// An idle CPU normally enters a sleeping idle state: on a VM (the cpuidle
// driver haltpoll) that is HLT, which hands the vCPU back to the host, and
// the interrupt or IPI that wakes a thread waiting on it goes through the
// host first. A loopback ping-pong waits on an idle CPU twice per request
// (the server for the request, the generator for the reply), so on this
// project's VMs those wakeups were most of every figure: bench run
// --profile smoke, closed loop, 1 active, 0 idle, six trials a backend,
// measured p50 59–68 µs and server CPU/req 25–35 µs with the OS's idle
// states, and p50 9–10 µs and CPU/req 5–11 µs with the idle loop polling;
// poll at 1,000 idle went from 193–203 to 140–153 µs/req. The wake path
// also varies: select's CPU/req spread over six trials at 1,000 idle was
// 1.24–1.42× sleeping and 1.06–1.09× polling. Hosts that wake a halted
// vCPU at different speeds would then disagree severalfold per request
// about the same backend; two machines of the same kind did (48k against
// 13–14k req/s at 1 active), which this may explain, though only one of
// them was at hand to measure.
//
// Hold makes the PM QoS request cyclictest and tuned's latency-performance
// profile make: a resume latency of 0 µs written to /dev/cpu_dma_latency,
// which keeps every CPU in its polling idle state for as long as the file
// stays open (the kernel drops the request when the process exits, however
// it exits). That needs a polling state to keep them in: the cpuidle
// driver's POLL (haltpoll and intel_idle have one). A VM whose kernel
// registered no cpuidle driver (current_driver reads none) idles through
// the kernel's default idle, which halts whatever the request; Apply then
// says "halting" rather than "polling". Polling idle time is still idle time: it is charged to no
// process, so CPU/req and the busy shares read the same way. It needs root
// (the device is 0600); without it a run measures in the OS's idle states
// and says so.
package idlestate
