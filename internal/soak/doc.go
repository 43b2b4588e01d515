// Package soak is `bench soak`: each backend as a `bench serve --control`
// child (internal/control) holds an idle fleet and serves active
// connections in a closed loop for a long time while its fds, sockets,
// threads and RSS are sampled; once every client has gone, the drift from
// its baseline says whether it leaked. select's fleet is capped below its
// fd ceiling (internal/registry), and the result says so.
//
// Files: soak.go the options and results, run.go the load and the
// sampling, report.go the terminal lines, soak.json and soak.md.
package soak
