// Package control is the one protocol between bench and its server
// children: a `bench serve --control` process runs one backend and answers
// on its stdin and stdout (the served end, Responder), and the process that
// started it drives it (the parent end, Child). bench run's matrix, the
// fault scenarios, bench soak and bench crosscheck all start and stop their
// servers through it. A backend that is a program of its own (c_epoll, the C
// floor) speaks the served end itself and takes bench serve's flags; Proxy
// makes such a child a server.Server, for the conformance suite and `bench
// serve`.
//
// # Wire format
//
// One line per message, '\n'-terminated: commands on the child's stdin,
// answers as one JSON object each on its stdout. Its stderr is free text for
// people, kept by Child to explain a failure.
//
//  1. Hello. On start the child writes exactly one line:
//     {"pid":N,"backend":"epoll_lt","addrs":["127.0.0.1:40001",...]}
//     addrs are the bound addresses in --addr order (port 0 resolved). A
//     child that cannot start writes {"error":"..."} instead, its usual
//     line on stderr, and exits 2.
//  2. Commands. The parent then writes one command per line and the child
//     answers each with exactly one line, in order (empty lines are
//     ignored):
//     counters -> server.Counters as JSON: cumulative, named by its json
//     tags; "unsupported" lists the fields the backend cannot
//     observe
//     stop     -> the child stops serving, writes its final counters line
//     and exits 0
//     other    -> {"error":"unknown command ..."}; the child keeps serving
//  3. EOF on stdin, SIGINT and SIGTERM act as stop, so a parent that goes
//     away never leaves a server behind; Child also sets Pdeathsig
//     (SIGKILL) on every child it starts.
//  4. If serving fails after the hello, the child writes its final counters,
//     then {"error":"..."}, and exits 1.
//
// # Timeouts
//
// A healthy child answers in microseconds; the parent's bounds only catch a
// hung or dying one: HelloTimeout for the hello (a child started under perf
// counting on a loaded machine execs slowly), AnswerTimeout for each answer,
// ExitTimeout for the exit after stop. A child that misses an answer is
// killed by PID, so a late answer is never read as the next request's.
package control
