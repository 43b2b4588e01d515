package results

// Quality are the figures the trust gates read beyond the measurement
// itself, each of which flags a trial when it trips: hist-dropped (the
// histograms lost or clamped values), generator-late (the generator's send
// lag is a material share of the latency). It is embedded in Metrics, so
// its fields sit beside the others in run.json.
type Quality struct {
	// MergeDropped counts values lost merging the generator's per-thread
	// histograms; HistClamped counts values outside the histograms' range
	// (0..60 s), recorded at its bound. Either above zero flags the trial
	// hist-dropped.
	MergeDropped int64  `json:"merge_dropped,omitempty"`
	HistClamped  uint64 `json:"hist_clamped,omitempty"`
	// SendLag, open mode only, is how late the generator sent each request
	// of the window after its intended time (actual − intended): its own
	// lateness, which the corrected Latency charges to the server. Its p99
	// at 10% or more of Latency's p99 flags the trial generator-late.
	SendLag *Latency `json:"send_lag,omitempty"`
}

// Histograms are a trial's window histograms in nanoseconds, each in the
// HdrHistogram V2 compressed encoding (base64; hdrhistogram-go's Encode
// and Decode, the Java and JavaScript libraries' decodeFromCompressed...),
// so run.json alone holds every distribution: the tables pool them, and
// the .hlog files are a convenience for other tools. Latency is corrected
// for coordinated omission in open mode; Uncorrected (open mode) is from
// the actual send, and Lag (open mode) the send lag.
type Histograms struct {
	Latency     string `json:"latency"`
	Uncorrected string `json:"uncorrected,omitempty"`
	Lag         string `json:"send_lag,omitempty"`
}
