/* accept.c: accepting connections, surviving fd exhaustion with a spare
 * fd, as internal/reactor's accept path does. */
#include "c_epoll.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int accept_once(int lfd)
{
	for (;;) {
		int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd >= 0 || errno != EINTR)
			return fd;
	}
}

static bool grow_conns(struct server *s, int fd)
{
	if ((size_t)fd < s->nconns)
		return true;
	size_t n = s->nconns ? s->nconns : 1024;
	while (n <= (size_t)fd)
		n *= 2;
	struct conn **at = realloc(s->conns, n * sizeof *at);
	if (!at)
		return false;
	memset(at + s->nconns, 0, (n - s->nconns) * sizeof *at);
	s->conns = at;
	s->nconns = n;
	return true;
}

/* adopt watches a new connection, or refuses it (closed at once, counted)
 * when it cannot be watched. */
static void adopt(struct server *s, int fd)
{
	struct conn *c = grow_conns(s, fd) ? calloc(1, sizeof *c) : NULL;
	struct epoll_event ev = {.events = ET_EVENTS, .data.fd = fd};
	if (!c || epoll_ctl(s->ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
		log_once(&s->logged_err, "refusing a connection", c ? errno : ENOMEM);
		free(c);
		close(fd);
		s->c[REFUSED]++;
		return;
	}
	/* Replies are written whole, one per request: Nagle would only delay
	 * them. The Go backends set it too. */
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	c->fd = fd;
	s->conns[fd] = c;
	s->c[ACTIVE]++;
}

/* shed survives fd exhaustion: the spare fd is given up to accept one
 * waiting connection, which is closed at once (refused), and taken back. It
 * reports whether accepting may go on. */
static bool shed(struct server *s, int lfd, int err)
{
	if (!s->logged_max) {
		s->logged_max = true;
		logf_("out of file descriptors (%s); refusing connections until some close", strerror(err));
	}
	if (s->spare < 0)
		return false;
	close(s->spare);
	int fd = accept_once(lfd);
	if (fd >= 0) {
		s->c[ACCEPTS]++;
		s->c[REFUSED]++;
		close(fd);
	}
	s->spare = open("/dev/null", O_RDONLY | O_CLOEXEC);
	return fd >= 0;
}

/* accept_all accepts until EAGAIN: an edge-triggered listener reports a
 * backlog once. Errors that belong to one waiting connection skip it. */
void accept_all(struct server *s, int lfd)
{
	for (;;) {
		int fd = accept_once(lfd);
		if (fd >= 0) {
			s->c[ACCEPTS]++;
			adopt(s, fd);
			continue;
		}
		switch (errno) {
		case EAGAIN:
			return;
		case ECONNABORTED: case EPROTO: case ENETDOWN: case ENOPROTOOPT:
		case EHOSTDOWN: case ENONET: case EHOSTUNREACH: case ENETUNREACH:
			continue;
		case EMFILE: case ENFILE:
			if (!shed(s, lfd, errno))
				return;
			continue;
		default:
			log_once(&s->logged_err, "accept4", errno);
			return;
		}
	}
}

