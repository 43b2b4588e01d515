/*
 * c_epoll: muxbench's C floor, a minimal single-threaded epoll echo server.
 *
 * Why it exists (issue 15): the Go raw backends are measured against this
 * program in the same cells, with the same fleet, pinning and /proc and perf
 * counters, so the tables show what Go costs above the mechanism itself. It
 * therefore mirrors the epoll_et backend (internal/reactor over
 * internal/poller/epoll) step for step, and does nothing else:
 *
 *   - one epoll instance; every socket registered once, at accept, with
 *     EPOLLIN|EPOLLOUT|EPOLLRDHUP|EPOLLET: no epoll_ctl in steady state;
 *   - reads drained until EAGAIN or a short read (until EOF once the peer
 *     shut down), capped at 16 per wakeup; a capped connection is read again
 *     before the next wait, which then does not block;
 *   - replies written at once from the read buffer; what the socket does not
 *     take is kept as pending output, bounded by --max-pending: above it the
 *     connection is not read, at or below half of it reading resumes;
 *   - close(2) deferred to the end of each batch of events, so no accept in
 *     the batch reuses the number of an fd a later event still names;
 *   - read(2) and write(2) as the Go loop calls them (not recv/send), so
 *     syscalls by name compare one to one; SIGPIPE is ignored instead of
 *     passing MSG_NOSIGNAL, which would need send(2);
 *   - the counters it keeps are exact (see counted[]); the rest are reported
 *     unsupported, never guessed.
 *
 * It speaks the echo handler and bench serve's control protocol (--control,
 * documented at the top of cmd/bench/serve.go). Build: make c_epoll.
 */
#include "c_epoll.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <unistd.h>

/* std_fds makes sure fds 0-2 are open, so no socket takes their numbers
 * and no banner goes to a client. */
static void std_fds(void)
{
	int fd;
	while ((fd = open("/dev/null", O_RDWR)) >= 0 && fd <= STDERR_FILENO)
		;
	if (fd > STDERR_FILENO)
		close(fd);
}

/* raise_fd_limit sets the soft RLIMIT_NOFILE to the hard one: a fleet of
 * idle connections needs every fd the process may have. */
static void raise_fd_limit(void)
{
	struct rlimit lim;
	if (getrlimit(RLIMIT_NOFILE, &lim) < 0 || lim.rlim_cur == lim.rlim_max)
		return;
	lim.rlim_cur = lim.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &lim) < 0)
		logf_("warning: raising the open-files limit to %llu: setrlimit: %s",
			(unsigned long long)lim.rlim_max, strerror(errno));
}

/* open_loop creates the epoll instance and the signalfd, and watches stdin
 * in control mode. SIGINT and SIGTERM are blocked first: a parent may send
 * SIGTERM as soon as it has read the hello line. */
static int open_loop(struct server *s)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	signal(SIGPIPE, SIG_IGN);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return fail(&s->opt, EXIT_BAD_ARGS, "sigprocmask: %s", strerror(errno));
	s->ep = epoll_create1(EPOLL_CLOEXEC);
	if (s->ep < 0)
		return fail(&s->opt, EXIT_BAD_ARGS, "epoll_create1: %s", strerror(errno));
	s->sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	struct epoll_event ev = {.events = EPOLLIN, .data.fd = s->sigfd};
	if (s->sigfd < 0 || epoll_ctl(s->ep, EPOLL_CTL_ADD, s->sigfd, &ev) < 0)
		return fail(&s->opt, EXIT_BAD_ARGS, "signalfd: %s", strerror(errno));
	ev.data.fd = STDIN_FILENO;
	if (s->opt.control && epoll_ctl(s->ep, EPOLL_CTL_ADD, STDIN_FILENO, &ev) < 0) {
		if (errno != EPERM)
			return fail(&s->opt, EXIT_BAD_ARGS, "--control: epoll_ctl ADD stdin: %s", strerror(errno));
		s->stdin_file = true; /* a regular file is always ready to read */
	}
	return 0;
}

static int start(struct server *s)
{
	raise_fd_limit();
	if (s->opt.cpu >= 0) {
		cpu_set_t set;
		CPU_ZERO(&set);
		CPU_SET(s->opt.cpu, &set);
		if (sched_setaffinity(0, sizeof set, &set) < 0)
			return fail(&s->opt, EXIT_BAD_ARGS, "--cpu %d: sched_setaffinity: %s", s->opt.cpu, strerror(errno));
	}
	int rc = open_loop(s);
	if (rc)
		return rc;
	rc = listen_all(s);
	if (rc)
		return rc;
	s->spare = open("/dev/null", O_RDONLY | O_CLOEXEC);
	return 0;
}

/* announce tells bench run, or a person, where the server listens. */
static void announce(const struct server *s)
{
	char out[MAX_ADDRS * (ADDR_TEXT + 3) + 128];
	size_t at = 0;
	if (s->opt.control)
		at += (size_t)snprintf(out, sizeof out, "{\"pid\":%d,\"backend\":\"c_epoll\",\"addrs\":[", (int)getpid());
	else
		at += (size_t)snprintf(out, sizeof out, "c_epoll: echo handler, listening on ");
	for (int i = 0; i < s->nlisteners; i++)
		at += (size_t)snprintf(out + at, sizeof out - at, s->opt.control ? "%s\"%s\"" : "%s%s",
			i ? (s->opt.control ? "," : ", ") : "", s->bound[i]);
	if (s->opt.control)
		at += (size_t)snprintf(out + at, sizeof out - at, "]}\n");
	else
		at += (size_t)snprintf(out + at, sizeof out - at,
			" (pid %d); Ctrl-C stops it and prints its counters\n", (int)getpid());
	write_all(STDOUT_FILENO, out, at);
}

static bool is_listener(const struct server *s, int fd)
{
	for (int i = 0; i < s->nlisteners; i++)
		if (s->listener[i] == fd)
			return true;
	return false;
}

static void batch(struct server *s, int n)
{
	for (int i = 0; i < n; i++) {
		int fd = s->events[i].data.fd;
		uint32_t ev = s->events[i].events;
		if (fd == s->sigfd)
			on_signal(s);
		else if (s->opt.control && fd == STDIN_FILENO)
			on_stdin(s);
		else if (is_listener(s, fd))
			accept_all(s, fd);
		else
			serve_event(s, fd, ev);
	}
}

/* serve runs until a stop, then returns 0, or -1 with errno when epoll_wait
 * fails. A wait blocks only when no connection is left with input (and no
 * unwatchable stdin is left to read). */
static int serve(struct server *s)
{
	while (!s->stop) {
		bool poll_only = s->ready.len > 0 || (s->stdin_file && !s->stdin_eof);
		int n;
		if (s->stdin_file && !s->stdin_eof)
			on_stdin(s);
		do {
			n = epoll_wait(s->ep, s->events, EVENTS_PER_WAIT, poll_only ? 0 : -1);
			s->c[WAIT_CALLS]++;
		} while (n < 0 && errno == EINTR);
		if (n < 0)
			return -1;
		batch(s, n);
		run_ready(s);
		close_dying(s);
		if (s->opt.control)
			answer_commands(s);
	}
	return 0;
}

/* release closes every connection and fd the server holds. */
static void release(struct server *s)
{
	for (size_t fd = 0; fd < s->nconns; fd++)
		if (s->conns[fd])
			kill_conn(s, s->conns[fd]);
	close_dying(s);
	run_ready(s);
	for (int i = 0; i < s->nlisteners; i++)
		close(s->listener[i]);
	if (s->spare >= 0)
		close(s->spare);
	close(s->sigfd);
	close(s->ep);
	free(s->conns);
	free(s->ready.at);
	free(s->ready_alt.at);
	free(s->dying.at);
}

int main(int argc, char **argv)
{
	static struct server s = {.ep = -1, .sigfd = -1, .spare = -1};
	std_fds();
	int rc = parse(argc, argv, &s.opt);
	if (rc)
		return rc < 0 ? 0 : rc;
	rc = start(&s);
	if (rc)
		return rc;
	announce(&s);
	int failed = serve(&s) < 0 ? errno : 0;
	release(&s);
	if (s.opt.control)
		counters_line(&s);
	else
		counters_text(&s);
	if (failed)
		return fail(&s.opt, EXIT_SERVE_FAILED, "serve: c_epoll: epoll_wait: %s", strerror(failed));
	return 0;
}
