package iouring

import "github.com/muxbench/muxbench/internal/server"

// WithSingleRecvs makes o use a single recv per arming, as on kernels
// without the multishot recv limit.
func WithSingleRecvs(o Options) Options {
	o.singleRecvs = true
	return o
}

// WakeFd is the eventfd that wakes srv's loop (an io_uring *Server).
func WakeFd(srv server.Server) int { return srv.(*Server).loop.wakeFd }
