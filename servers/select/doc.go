// Package selectsrv is the select(2) backend: the shared reactor loop over
// the poller of internal/poller/select, which copies two fd_sets into the
// kernel on every wait and scans them up to the highest watched fd
// afterwards. select cannot watch an fd >= FD_SETSIZE (1024); such
// connections are accepted, closed at once and counted as refused.
package selectsrv
