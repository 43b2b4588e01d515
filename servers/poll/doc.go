// Package pollsrv is the poll(2) backend: the shared reactor loop over the
// poller of internal/poller/poll, which hands the kernel an array of every
// watched fd on each wait and scans the whole array for revents afterwards
// (where that cost goes is described in that package).
package pollsrv
