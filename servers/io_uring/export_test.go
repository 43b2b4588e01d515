package iouring

// WithSingleRecvs makes o use a single recv per arming, as on kernels
// without the multishot recv limit.
func WithSingleRecvs(o Options) Options {
	o.singleRecvs = true
	return o
}
