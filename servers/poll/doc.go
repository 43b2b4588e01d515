// Package pollsrv is the poll(2) backend: the shared reactor loop over a
// poller that hands the kernel an array of every watched fd on each wait and
// scans the whole array for revents afterwards.
package pollsrv
