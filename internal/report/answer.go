package report

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/results"
)

// heading writes a sub-heading of the answer: Markdown at level ("###"),
// or a plain line on a terminal (level "").
func heading(w io.Writer, level, title string) {
	if level == "" {
		fmt.Fprintf(w, "\n%s\n\n", title)
		return
	}
	fmt.Fprintf(w, "\n%s %s\n\n", level, title)
}

// writeAnswer writes the answer: N* per search and metric with its
// interval, the cost model behind it, what it says past this machine's
// fd limit, the sweep's points judged one by one, and io_uring against
// epoll_et (uring.go).
func (r *rendered) writeAnswer(w io.Writer, level string) error {
	if err := writeSearches(w, r.run.Crossovers, r.predictions, r.layout); err != nil {
		return err
	}
	heading(w, level, "The cost model: CPU per request = a + b·N, fitted near N* and near the top")
	if err := r.writeCostModel(w); err != nil {
		return err
	}
	heading(w, level, "Beyond this machine: extrapolated, not measured")
	if err := r.writeExtrapolation(w); err != nil {
		return err
	}
	heading(w, level, "The sweep, point by point")
	if err := writeSweepJudged(w, r.groups); err != nil {
		return err
	}
	heading(w, level, "io_uring vs epoll_et")
	return writeUringFinding(w, r.run)
}

// writeSearches writes the searches' sentences and table; a run without
// any gets the cost model's guesses instead, labelled as such.
func writeSearches(w io.Writer, searches []results.Crossover, predictions []prediction, l Layout) error {
	if len(searches) == 0 {
		fmt.Fprintf(w, "This run has no crossover search (`bench crossover`, or `make bench` after the sweep), so N* was not measured. ")
		return writePredictions(w, predictions)
	}
	for _, c := range searches {
		for _, m := range c.Metrics {
			fmt.Fprintf(w, "- %s.\n", SearchSentence(c, m))
		}
	}
	fmt.Fprintln(w)
	if err := searchTable(w, searches, l); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nN* is where %s becomes at least the margin better than the rival and stays so. The search measures paired rounds (one trial of each backend, in random order) at idle counts on a log scale and decides a point when the %d%% interval of its median ratio lies wholly on one side of 1 − margin; the bracket runs from the largest decided loss to the smallest decided win, and holds N* at 95%% over all points. N* and its 95%% interval are read off a Theil–Sen line through the log ratios of every round across the bracket, within it (the bracket's own estimate where the rounds settle no line). model N̂* is the sweep's cost model, where the search started. Flagged trials are left out and listed in the probe tables (`summary.md`).\n",
		searches[0].Subject, int(searches[0].Confidence*100))
	return nil
}

// prediction is the cost model's N̂* for one pair, mode, active count and
// metric, fitted on the sweep.
type prediction struct {
	rival, mode, metric string
	active              int
	pred                analysis.Prediction
	err                 error
}

// predict fits the model for every rival of the subject, group and
// metric.
func predict(sets []fitSet) []prediction {
	var out []prediction
	for _, f := range sets {
		for _, rival := range Rivals {
			if len(f.cells[rival]) == 0 || len(f.cells[Subject]) == 0 {
				continue
			}
			for _, m := range []string{cpuMetric, p99Metric} {
				p, err := analysis.PredictCrossover(f.obs(Subject, m), f.obs(rival, m), Margin, maxIdle(f))
				out = append(out, prediction{rival: rival, mode: f.mode, metric: m, active: f.active, pred: p, err: err})
			}
		}
	}
	return out
}

// maxIdle is the largest idle count of a fit set.
func maxIdle(f fitSet) float64 {
	most := 0
	for _, cells := range f.cells {
		for _, c := range cells {
			most = max(most, c.Idle)
		}
	}
	return float64(most)
}

func writePredictions(w io.Writer, preds []prediction) error {
	if len(preds) == 0 {
		_, err := fmt.Fprintf(w, "Nor can the cost model guess it: the run does not hold %s together with %s.\n", Subject, strings.Join(Rivals, " or "))
		return err
	}
	fmt.Fprintf(w, "The cost model fitted on the sweep guesses (a guess, not a measurement):\n\n")
	var rows [][]string
	for _, p := range preds {
		rows = append(rows, []string{p.rival, Thousands(int64(p.active)), p.mode, metricTitle(p.metric), guessText(p)})
	}
	return writeTable(w, []string{"vs", "active", "mode", "metric", "model N̂* (interval)"}, rows, 4)
}

// guessText is a prediction with its interval.
func guessText(p prediction) string {
	switch {
	case p.err != nil:
		return "n/a — " + fitError(p.err)
	case p.pred.Kind == analysis.AlreadyBetter:
		return "better from 0"
	case p.pred.Kind == analysis.NeverCrosses:
		return "never, on the lines fitted"
	}
	return fmt.Sprintf("%s (%s–%s at %d%%)", countText(p.pred.N), countText(p.pred.Lo), boundText(p.pred.Hi), int(p.pred.Level*100))
}

// boundText is an interval bound that may be unbounded.
func boundText(v float64) string {
	if v > 1e15 {
		return "∞"
	}
	return countText(v)
}

// fitError says briefly why a fit failed.
func fitError(err error) string {
	if errors.Is(err, analysis.ErrTooFew) {
		return "too few valid trials"
	}
	return err.Error()
}
