package report

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// notes collect what does not fit a table's cells, written below it: n/a
// reasons, one line per reason with the idle counts it applies to (a
// backend's metrics n/a for one reason at the same idle counts share a
// line); coded texts, a cell holding "[f1]" and the note "[f1] text"; and
// legends, each line once. So long reasons neither widen the columns nor
// wrap.
type notes struct {
	order   []string
	idles   map[string][]string
	metrics []metricNA
	codes   []string
	where   [][]string
	legends []string
}

func newNotes() *notes { return &notes{idles: map[string][]string{}} }

// add records a reason that applies at idle.
func (n *notes) add(text string, idle int) {
	if _, ok := n.idles[text]; !ok {
		n.order = append(n.order, text)
	}
	if at := Thousands(int64(idle)); !slices.Contains(n.idles[text], at) {
		n.idles[text] = append(n.idles[text], at)
	}
}

// metricNA is one metric of one backend n/a at one idle count.
type metricNA struct {
	backend, metric, reason string
	idle                    int
}

// addMetric records that a backend's metric is n/a at idle; write joins
// the metrics that share a backend, reason and idle counts.
func (n *notes) addMetric(backend, metric, reason string, idle int) {
	n.metrics = append(n.metrics, metricNA{backend: backend, metric: metric, reason: reason, idle: idle})
}

// joinMetrics turns the metrics recorded into reasons (add): first the
// metrics of each backend, reason and idle count, then per such list its
// idle counts.
func (n *notes) joinMetrics() {
	type at struct {
		backend, reason string
		idle            int
	}
	var order []at
	names := map[at][]string{}
	for _, m := range n.metrics {
		k := at{m.backend, m.reason, m.idle}
		if _, ok := names[k]; !ok {
			order = append(order, k)
		}
		names[k] = append(names[k], m.metric)
	}
	for _, k := range order {
		n.add(fmt.Sprintf("%s, %s: n/a — %s", k.backend, strings.Join(names[k], ", "), k.reason), k.idle)
	}
	n.metrics = nil
}

// code records a text a cell names by the code returned, one code per
// text; where names which cells share it.
func (n *notes) code(text, where string) string {
	i := slices.Index(n.codes, text)
	if i < 0 {
		n.codes, n.where = append(n.codes, text), append(n.where, nil)
		i = len(n.codes) - 1
	}
	n.where[i] = append(n.where[i], where)
	return fmt.Sprintf("[f%d]", i+1)
}

// legend records a line explaining a mark, once.
func (n *notes) legend(text string) {
	if !slices.Contains(n.legends, text) {
		n.legends = append(n.legends, text)
	}
}

func (n *notes) write(w io.Writer) {
	n.joinMetrics()
	if len(n.order)+len(n.codes)+len(n.legends) == 0 {
		return
	}
	fmt.Fprintln(w)
	for _, t := range n.order {
		fmt.Fprintf(w, "- %s (idle %s)\n", t, strings.Join(n.idles[t], ", "))
	}
	for i, t := range n.codes {
		fmt.Fprintf(w, "- [f%d] %s (%s)\n", i+1, t, strings.Join(n.where[i], "; "))
	}
	for _, t := range n.legends {
		fmt.Fprintf(w, "- %s\n", t)
	}
}
