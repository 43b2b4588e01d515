package benchrun

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// DefaultCrossoverBudget is a search's time for a profile that has none.
const DefaultCrossoverBudget = 2 * time.Minute

// LayoutCrossovers lays out one search per pair, active count and mode of
// p. The pairs are the profile's own searches' pairs, or, when
// fromBackends (or the profile has none), the first of p.Backends (the
// subject) against each of the others. Each search keeps the profile's
// budget (DefaultCrossoverBudget without one) and the default metrics.
func LayoutCrossovers(p Profile, fromBackends bool) ([]CrossoverSpec, error) {
	pairs, err := crossoverPairs(p, fromBackends)
	if err != nil {
		return nil, err
	}
	budget := DefaultCrossoverBudget
	if len(p.Crossovers) > 0 {
		budget = p.Crossovers[0].Budget
	}
	var out []CrossoverSpec
	for _, mode := range p.Modes {
		for _, active := range p.Active {
			for _, pair := range pairs {
				out = append(out, CrossoverSpec{Subject: pair[0], Rival: pair[1], Active: active, Mode: mode,
					Metrics: DefaultCrossoverMetrics, Budget: budget})
			}
		}
	}
	return out, nil
}

// crossoverPairs are the (subject, rival) pairs LayoutCrossovers searches.
func crossoverPairs(p Profile, fromBackends bool) ([][2]string, error) {
	var pairs [][2]string
	for _, s := range p.Crossovers {
		if pair := [2]string{s.Subject, s.Rival}; !slices.Contains(pairs, pair) {
			pairs = append(pairs, pair)
		}
	}
	if !fromBackends && len(pairs) > 0 {
		return pairs, nil
	}
	if len(p.Backends) < 2 {
		return nil, fmt.Errorf("--backends %s: want the subject and at least one rival", strings.Join(p.Backends, ","))
	}
	pairs = nil
	for _, rival := range p.Backends[1:] {
		pairs = append(pairs, [2]string{p.Backends[0], rival})
	}
	return pairs, nil
}
