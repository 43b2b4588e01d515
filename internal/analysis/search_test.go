package analysis

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// synthOracle is a synthetic backend pair with known costs and log-normal
// noise, not a measurement.
type synthOracle struct {
	rng    *rand.Rand
	cost   map[string]func(n float64) float64 // CPU µs per request
	p99    map[string]func(n float64) float64 // p99 µs, when set
	sigma  float64
	naFrom map[string]int // the backend cannot run from this idle count on
	calls  int
	fail   error // returned from the call after failAt calls
	failAt int
}

func (o *synthOracle) Measure(n int, backend string, trials int) (Samples, error) {
	o.calls++
	if o.fail != nil && o.calls > o.failAt {
		return Samples{}, o.fail
	}
	if from, ok := o.naFrom[backend]; ok && n >= from {
		return Samples{NA: "fd limit"}, nil
	}
	vals := map[string][]float64{}
	for range trials {
		vals["cpu_us_per_req"] = append(vals["cpu_us_per_req"], o.cost[backend](float64(n))*math.Exp(o.sigma*o.rng.NormFloat64()))
		if o.p99 != nil {
			vals["p99_us"] = append(vals["p99_us"], o.p99[backend](float64(n))*math.Exp(o.sigma*o.rng.NormFloat64()))
		}
	}
	return Samples{Values: vals, Ran: trials}, nil
}

func cpuMetric(t *testing.T) Metric {
	m, ok := MetricByName("cpu_us_per_req")
	if !ok {
		t.Fatal("no cpu_us_per_req in the catalogue")
	}
	return m
}

func searchCfg(t *testing.T, seed uint64, start float64) SearchConfig {
	return SearchConfig{Subject: "epoll_et", Rival: "poll", Metrics: []Metric{cpuMetric(t)}, Start: start,
		MinN: 0, MaxN: 19800, Seed: seed}
}

// TestSearchCoverage: with a known N*, the search's bracket holds it in at
// least 95 of 100 seeded runs, from a good and from a poor first guess;
// with quiet trials it also ends narrow. With 5% noise per trial the ratio
// moves too little near N* for 40 trials a point to split it finer (the
// widths are logged).
func TestSearchCoverage(t *testing.T) {
	tests := []struct {
		name        string
		subj, riv   func(float64) float64
		sigma       float64
		start, star float64
		narrow      int // runs that must end narrow (width ≤ 25% of N*)
	}{
		{name: "p99-like, N* = 33.3, guess 20", subj: func(float64) float64 { return 60 },
			riv: func(n float64) float64 { return 60 + 0.2*n }, sigma: 0.05, start: 20, star: 33.33},
		{name: "poll CPU-like, N* = 5.2, guess 100", subj: func(float64) float64 { return 11 },
			riv: func(n float64) float64 { return 11.6 + 0.12*n }, sigma: 0.05, start: 100, star: (11/0.9 - 11.6) / 0.12},
		{name: "noisier, N* = 333, guess 2,000", subj: func(float64) float64 { return 60 },
			riv: func(n float64) float64 { return 60 + 0.02*n }, sigma: 0.10, start: 2000, star: 333.3},
		{name: "quiet, N* = 33.3, guess 300", subj: func(float64) float64 { return 60 },
			riv: func(n float64) float64 { return 60 + 0.2*n }, sigma: 0.01, start: 300, star: 33.33, narrow: 90},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			const runs = 100
			inside, narrow, trials := 0, 0, 0
			var widths []float64
			for seed := range uint64(runs) {
				o := &synthOracle{rng: rand.New(rand.NewPCG(seed, 77)), sigma: tc.sigma,
					cost: map[string]func(float64) float64{"epoll_et": tc.subj, "poll": tc.riv}}
				res, err := Search(o, searchCfg(t, seed, tc.start))
				if err != nil {
					t.Fatal(err)
				}
				r := res.Metrics[0]
				if r.Kind == Found && r.Lo < tc.star && tc.star <= r.Hi {
					inside++
				}
				if r.Narrow {
					narrow++
				}
				trials += res.Trials
				widths = append(widths, (r.Hi-r.Lo)/tc.star)
			}
			t.Logf("true N* %.1f inside the interval in %d of %d seeded runs; median width %.0f%% of N*, narrow (≤ 25%%) in %d; %d trials per run on average",
				tc.star, inside, runs, 100*Median(widths), narrow, trials/runs)
			if inside < 95 || narrow < tc.narrow {
				t.Errorf("coverage %d/%d, want ≥ 95; narrow in %d, want ≥ %d", inside, runs, narrow, tc.narrow)
			}
		})
	}
}

// TestSearchPerMetric: CPU and p99 cross at different N; each metric gets
// its own N*, from points both share.
func TestSearchPerMetric(t *testing.T) {
	p99, _ := MetricByName("p99_us")
	o := &synthOracle{rng: rand.New(rand.NewPCG(8, 8)), sigma: 0.02,
		cost: map[string]func(float64) float64{"epoll_et": func(float64) float64 { return 11 }, "poll": func(n float64) float64 { return 11 + 0.12*n }},
		p99:  map[string]func(float64) float64{"epoll_et": func(float64) float64 { return 60 }, "poll": func(n float64) float64 { return 60 + 0.2*n }}}
	cfg := searchCfg(t, 8, 20)
	cfg.Metrics = append(cfg.Metrics, p99)
	res, err := Search(o, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i, star := range []float64{(11/0.9 - 11) / 0.12, 33.33} {
		r := res.Metrics[i]
		if r.Kind != Found || r.Lo >= star || star > r.Hi {
			t.Errorf("%s: kind %d (%g, %g], want N* %.1f inside", r.Metric, r.Kind, r.Lo, r.Hi, star)
		}
	}
	if res.Trials > cfg.Defaults().Budget {
		t.Errorf("%d trials over the budget", res.Trials)
	}
}

func TestSearchBudget(t *testing.T) {
	for _, budget := range []int{60, 200, 500} {
		o := &synthOracle{rng: rand.New(rand.NewPCG(1, 2)), sigma: 0.1,
			cost: map[string]func(float64) float64{"epoll_et": func(float64) float64 { return 60 }, "poll": func(n float64) float64 { return 60 + 0.2*n }}}
		cfg := searchCfg(t, 1, 20)
		cfg.Budget = budget
		res, err := Search(o, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if res.Trials > budget || o.calls > budget {
			t.Errorf("budget %d: %d trials in %d calls", budget, res.Trials, o.calls)
		}
	}
}

// TestSearchNeverWinsByAbsence: where the rival cannot run, the search
// reports that, never a win, whatever the costs below.
func TestSearchNeverWinsByAbsence(t *testing.T) {
	flat := func(float64) float64 { return 60 }
	tests := []struct {
		name   string
		riv    func(float64) float64
		naFrom int
		kind   SearchKind
	}{
		{name: "equal costs, rival n/a from 1,000", riv: flat, naFrom: 1000, kind: CannotRun},
		{name: "rival cheaper, n/a from 500", riv: func(float64) float64 { return 40 }, naFrom: 500, kind: CannotRun},
		{name: "rival n/a from the start", riv: flat, naFrom: 0, kind: CannotRun},
		{name: "equal costs, both run", riv: flat, naFrom: math.MaxInt, kind: NoDifference},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for seed := range uint64(20) {
				o := &synthOracle{rng: rand.New(rand.NewPCG(seed, 3)), sigma: 0.05, naFrom: map[string]int{"poll": tc.naFrom},
					cost: map[string]func(float64) float64{"epoll_et": flat, "poll": tc.riv}}
				res, err := Search(o, searchCfg(t, seed, 300))
				if err != nil {
					t.Fatal(err)
				}
				r := res.Metrics[0]
				if r.Kind != tc.kind || (tc.kind == CannotRun && (r.CannotFrom < tc.naFrom || (tc.naFrom > 0 && r.UpTo >= tc.naFrom))) {
					t.Fatalf("seed %d: kind %d, up to %d, cannot from %d (%s); want kind %d", seed, r.Kind, r.UpTo, r.CannotFrom, r.CannotWhy, tc.kind)
				}
				for _, p := range r.Probes {
					if p.N >= tc.naFrom && p.Outcome == WinAt {
						t.Fatalf("seed %d: a win at %d where the rival cannot run", seed, p.N)
					}
				}
			}
		})
	}
}

func TestSearchWinsFromStart(t *testing.T) {
	o := &synthOracle{rng: rand.New(rand.NewPCG(5, 5)), sigma: 0.05,
		cost: map[string]func(float64) float64{"epoll_et": func(float64) float64 { return 30 }, "poll": func(n float64) float64 { return 60 + n }}}
	res, err := Search(o, searchCfg(t, 5, 50))
	if err != nil {
		t.Fatal(err)
	}
	if r := res.Metrics[0]; r.Kind != WinsFromStart || r.Hi != 0 {
		t.Errorf("kind %d [%g, %g], want a win from 0", r.Kind, r.Lo, r.Hi)
	}
}

// TestSearchStops: a time budget and an oracle error end the search with
// what it has.
func TestSearchStops(t *testing.T) {
	cost := map[string]func(float64) float64{"epoll_et": func(float64) float64 { return 60 }, "poll": func(n float64) float64 { return 60 + 0.2*n }}
	clock := time.Unix(0, 0)
	o := &synthOracle{rng: rand.New(rand.NewPCG(6, 6)), sigma: 0.05, cost: cost}
	cfg := searchCfg(t, 6, 20)
	cfg.Deadline = clock.Add(50 * time.Second)
	cfg.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
	res, err := Search(o, cfg)
	if err != nil || res.Stopped == "" || o.calls > 100 {
		t.Errorf("time budget: err %v, stopped %q after %d calls", err, res.Stopped, o.calls)
	}
	boom := errors.New("child exited")
	o = &synthOracle{rng: rand.New(rand.NewPCG(6, 7)), sigma: 0.05, cost: cost, fail: boom, failAt: 30}
	res, err = Search(o, searchCfg(t, 6, 20))
	if !errors.Is(err, boom) || len(res.Metrics) != 1 || res.Trials < 30 {
		t.Errorf("oracle error: err %v, %d metrics, %d trials", err, len(res.Metrics), res.Trials)
	}
}
