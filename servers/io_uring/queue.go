package iouring

// connQueue is a list of connections to visit later, each at most once (a flag of the connection says it is queued). take hands out
// the list and starts a new one on the other half of a double buffer, so
// visiting may queue connections again without allocating.
type connQueue struct {
	list, spare []*conn
}

func (q *connQueue) push(c *conn, queued *bool) {
	if !*queued {
		*queued = true
		q.list = append(q.list, c)
	}
}

func (q *connQueue) len() int { return len(q.list) }

// take returns the queued connections; the caller clears their flags. The
// returned slice is valid until the next take.
func (q *connQueue) take() []*conn {
	list := q.list
	clear(q.spare)
	q.list, q.spare = q.spare[:0], list
	return list
}
