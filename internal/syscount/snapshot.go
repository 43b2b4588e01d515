package syscount

// Sub returns s - prev, counter by counter.
func (s Snapshot) Sub(prev Snapshot) Snapshot {
	d := Snapshot{Total: s.Total - prev.Total, ByName: make(map[string]uint64, len(s.ByName))}
	for n, v := range s.ByName {
		d.ByName[n] = v - prev.ByName[n]
	}
	return d
}

// Other is the number of calls in Total that no named counter saw.
func (s Snapshot) Other() uint64 {
	var named uint64
	for _, v := range s.ByName {
		named += v
	}
	if named > s.Total {
		return 0
	}
	return s.Total - named
}

// PerOp divides every non-zero count by ops and adds "other" (calls not
// named), so the figures sum to Total/ops. It returns nil when ops is 0.
func (s Snapshot) PerOp(ops uint64) (total float64, byName map[string]float64) {
	if ops == 0 {
		return 0, nil
	}
	byName = make(map[string]float64, len(s.ByName)+1)
	for n, v := range s.ByName {
		if v > 0 {
			byName[n] = float64(v) / float64(ops)
		}
	}
	byName["other"] = float64(s.Other()) / float64(ops)
	return float64(s.Total) / float64(ops), byName
}
