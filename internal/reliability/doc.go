// Package reliability is `bench reliability`: every fault scenario of
// internal/faults and the chaos client, run against every backend, each
// backend as a `bench serve --control` child (internal/control) so that its
// fds, threads and RSS are its own. It keeps one Report per run, decides
// per backend and scenario whether the server survived, and renders
// reliability.md (the JSON is the Report itself).
//
// Files: size.go how big each scenario is, run.go the orchestration,
// floods.go the floods' own children, verdict.go the
// survived/injected/verified figures, render.go the page.
package reliability
