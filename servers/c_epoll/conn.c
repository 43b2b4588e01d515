/* conn.c: serving accepted connections, as internal/reactor's loop does in
 * edge-triggered mode: drain, echo, keep what the socket refuses, flush,
 * pause and resume, close at the end of the batch. */
#include "c_epoll.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool list_push(struct list *l, struct conn *c)
{
	if (l->len == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		struct conn **at = realloc(l->at, cap * sizeof *at);
		if (!at)
			return false;
		l->at = at;
		l->cap = cap;
	}
	l->at[l->len++] = c;
	return true;
}

static bool wants_read(const struct conn *c) { return !c->read_done && !c->paused && !c->dead; }
static size_t pending_len(const struct conn *c) { return c->len - c->sent; }

/* let_go frees a dead connection once neither the dying list nor the ready
 * list holds it: close_dying closes its fd (marking it -1), run_ready takes
 * it off the ready list, in either order. */
static void let_go(struct conn *c)
{
	if (c->fd < 0 && !c->queued) {
		free(c->pending);
		free(c);
	}
}

/* kill ends c: out of epoll and the table now, close(2) at the end of the
 * batch (close_dying), so its fd number is not reused within the batch. */
void kill_conn(struct server *s, struct conn *c)
{
	if (c->dead)
		return;
	c->dead = true;
	if (epoll_ctl(s->ep, EPOLL_CTL_DEL, c->fd, NULL) < 0)
		log_once(&s->logged_err, "epoll_ctl DEL", errno);
	s->conns[c->fd] = NULL;
	s->c[ACTIVE]--;
	s->c[CLOSES]++;
	if (!list_push(&s->dying, c)) {
		close(c->fd); /* out of memory: no deferral, but no leak either */
		c->fd = -1;
		let_go(c);
	}
}

/* close_dying closes the batch's dead connections. close(2) is not retried
 * on EINTR: Linux has released the fd by then. */
void close_dying(struct server *s)
{
	for (size_t i = 0; i < s->dying.len; i++) {
		struct conn *c = s->dying.at[i];
		close(c->fd);
		c->fd = -1;
		let_go(c);
	}
	s->dying.len = 0;
}

/* enqueue puts c on the ready list; without memory for it, c could wait
 * forever for an edge that never comes, so it is closed instead. */
static void enqueue(struct server *s, struct conn *c)
{
	if (c->queued)
		return;
	if (list_push(&s->ready, c))
		c->queued = true;
	else
		kill_conn(s, c);
}

static void finish_if_flushed(struct server *s, struct conn *c)
{
	if (c->read_done && pending_len(c) == 0)
		kill_conn(s, c);
}

/* write_once writes p, retrying EINTR; it returns the bytes taken (0 on
 * EAGAIN) or -1 when the connection is done. */
static ssize_t write_once(struct server *s, int fd, const char *p, size_t n)
{
	for (;;) {
		ssize_t w = write(fd, p, n);
		s->c[WRITES]++;
		if (w >= 0)
			return w;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return 0;
		if (errno != EINTR)
			return -1;
	}
}

static ssize_t read_once(struct server *s, int fd)
{
	for (;;) {
		ssize_t n = read(fd, s->buf, sizeof s->buf);
		s->c[READS]++;
		if (n >= 0 || errno != EINTR)
			return n;
	}
}

/* keep appends p to c's pending output and pauses reading above the limit. */
static void keep(struct server *s, struct conn *c, const char *p, size_t n)
{
	if (c->len + n > c->cap) {
		size_t cap = c->cap ? c->cap : 4096;
		while (cap < c->len + n)
			cap *= 2;
		char *grown = realloc(c->pending, cap);
		if (!grown) {
			log_once(&s->logged_err, "pending output", ENOMEM);
			kill_conn(s, c);
			return;
		}
		c->pending = grown;
		c->cap = cap;
	}
	memcpy(c->pending + c->len, p, n);
	c->len += n;
	if (!c->paused && pending_len(c) > (size_t)s->opt.max_pending) {
		c->paused = true;
		s->c[BACKPRESSURE_PAUSES]++;
	}
}

/* echo sends what was read: straight to the socket when nothing is pending,
 * else behind the pending output, to keep the order. */
static void echo(struct server *s, struct conn *c, size_t n)
{
	if (pending_len(c) > 0) {
		keep(s, c, s->buf, n);
		return;
	}
	ssize_t w = write_once(s, c->fd, s->buf, n);
	if (w < 0) {
		kill_conn(s, c);
		return;
	}
	s->c[BYTES_OUT] += (uint64_t)w;
	if ((size_t)w < n)
		keep(s, c, s->buf + w, n - (size_t)w);
}

/* read_conn drains c until EAGAIN, a short read (no proof of an empty
 * socket once the peer shut down, so then until EOF) or the cap, after
 * which c is read again before the next wait. */
static void read_conn(struct server *s, struct conn *c)
{
	for (int i = 0; i < READS_PER_WAKEUP; i++) {
		ssize_t n = read_once(s, c->fd);
		if (n < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				kill_conn(s, c);
			return;
		}
		if (n == 0) {
			c->read_done = true;
			finish_if_flushed(s, c);
			return;
		}
		s->c[BYTES_IN] += (uint64_t)n;
		echo(s, c, (size_t)n);
		if (!wants_read(c) || ((size_t)n < sizeof s->buf && !c->peer_shut))
			return;
	}
	enqueue(s, c);
}

/* flush writes pending output once the socket has room. At or below half
 * the limit a paused connection is read again at once: no new edge may come
 * for input that is already queued. (At or below, not below: with a limit
 * of 1, half is 0 and only an empty queue resumes.) */
static void flush(struct server *s, struct conn *c)
{
	if (pending_len(c) == 0)
		return;
	ssize_t w = write_once(s, c->fd, c->pending + c->sent, pending_len(c));
	if (w < 0) {
		kill_conn(s, c);
		return;
	}
	s->c[BYTES_OUT] += (uint64_t)w;
	c->sent += (size_t)w;
	if (c->sent == c->len) {
		free(c->pending);
		c->pending = NULL;
		c->len = c->sent = c->cap = 0;
	} else if (c->sent > c->len / 2) {
		memmove(c->pending, c->pending + c->sent, c->len - c->sent);
		c->len -= c->sent;
		c->sent = 0;
	}
	if (c->paused && pending_len(c) <= (size_t)s->opt.max_pending / 2) {
		c->paused = false;
		enqueue(s, c);
	}
	finish_if_flushed(s, c);
}

/* serve_event handles each flag on its own: one event can carry input, room
 * to write and a hang-up together. */
void serve_event(struct server *s, int fd, uint32_t ev)
{
	struct conn *c = (size_t)fd < s->nconns ? s->conns[fd] : NULL;
	if (!c)
		return;
	if (ev & (EPOLLRDHUP | EPOLLHUP))
		c->peer_shut = true;
	if ((ev & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) && wants_read(c))
		read_conn(s, c);
	if ((ev & EPOLLOUT) && !c->dead)
		flush(s, c);
	if ((ev & (EPOLLERR | EPOLLHUP)) && !c->dead)
		kill_conn(s, c);
}

/* run_ready reads the connections a capped drain or a resume left with
 * input, before the next wait. */
void run_ready(struct server *s)
{
	struct list todo = s->ready;
	s->ready = s->ready_alt;
	s->ready.len = 0;
	for (size_t i = 0; i < todo.len; i++) {
		struct conn *c = todo.at[i];
		c->queued = false;
		if (c->dead)
			let_go(c);
		else if (wants_read(c))
			read_conn(s, c);
	}
	todo.len = 0;
	s->ready_alt = todo;
}

