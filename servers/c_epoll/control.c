/* control.c: c_epoll's output (stderr lines, JSON lines, counters), the
 * control commands read from stdin, and the stop signals. */
#include "c_epoll.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

static const char *const counter_name[NCOUNTERS] = {
	"wait_calls", "events_returned", "fds_scanned", "interest_changes",
	"ctl_syscalls", "reads", "writes", "read_eagain", "write_eagain",
	"accepts", "accept_calls", "closes", "bytes_in", "bytes_out",
	"backpressure_pauses", "refused", "active", "enter_calls",
	"sqes_submitted", "cqes_reaped", "recvs", "sends", "buffers_recycled",
	"ring_full", "cq_overflows", "no_buffers",
};

/*
 * What c_epoll counts, with server.Counters' meaning: epoll_wait calls
 * (EINTR retries included), read(2) and write(2) calls (EAGAIN and EINTR
 * included), accepted connections (refused ones included), connections
 * closed after being served, connections accepted and closed at once
 * (EMFILE shedding, a failed registration), bytes echoed in and out, pauses
 * of reading for backpressure, and open connections. It makes no io_uring
 * calls, so io_uring's counters are a true zero, as on the Go readiness
 * backends.
 */
static const bool counted[NCOUNTERS] = {
	[WAIT_CALLS] = true, [READS] = true, [WRITES] = true, [ACCEPTS] = true,
	[CLOSES] = true, [BYTES_IN] = true, [BYTES_OUT] = true,
	[BACKPRESSURE_PAUSES] = true, [REFUSED] = true, [ACTIVE] = true,
	[ENTER_CALLS] = true, [SQES_SUBMITTED] = true, [CQES_REAPED] = true,
	[RECVS] = true, [SENDS] = true, [BUFFERS_RECYCLED] = true,
	[RING_FULL] = true, [CQ_OVERFLOWS] = true, [NO_BUFFERS] = true,
};

/* write_all writes p to a blocking fd (stdout, stderr), retrying EINTR and
 * short writes; a reader that went away is not an error worth reporting. */
void write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

void logf_(const char *format, ...)
{
	char msg[MSG_MAX];
	va_list ap;
	va_start(ap, format);
	int n = vsnprintf(msg, sizeof msg - 1, format, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof msg - 2)
		n = (int)sizeof msg - 2;
	msg[n++] = '\n';
	write_all(STDERR_FILENO, "c_epoll: ", 9);
	write_all(STDERR_FILENO, msg, (size_t)n);
}

void log_once(bool *done, const char *what, int err)
{
	if (!*done) {
		*done = true;
		logf_("%s: %s", what, strerror(err));
	}
}

/* json_string appends s to out (of size cap, at *at) as a JSON string. */
static void json_string(char *out, size_t cap, size_t *at, const char *s)
{
	*at += (size_t)snprintf(out + *at, cap - *at, "\"");
	for (; *s && *at + 8 < cap; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			*at += (size_t)snprintf(out + *at, cap - *at, "\\%c", ch);
		else if (ch < 0x20)
			*at += (size_t)snprintf(out + *at, cap - *at, "\\u%04x", ch);
		else
			out[(*at)++] = (char)ch;
	}
	*at += (size_t)snprintf(out + *at, cap - *at, "\"");
}

static void error_line(const char *msg)
{
	char out[2 * MSG_MAX];
	size_t at = (size_t)snprintf(out, sizeof out, "{\"error\":");
	json_string(out, sizeof out, &at, msg);
	at += (size_t)snprintf(out + at, sizeof out - at, "}\n");
	write_all(STDOUT_FILENO, out, at);
}

void counters_line(const struct server *s)
{
	char out[2048];
	size_t at = 0;
	for (int i = 0; i < NCOUNTERS; i++)
		at += (size_t)snprintf(out + at, sizeof out - at, "%s\"%s\":%" PRIu64,
			i ? "," : "{", counter_name[i], s->c[i]);
	at += (size_t)snprintf(out + at, sizeof out - at, ",\"unsupported\":[");
	for (int i = 0, n = 0; i < NCOUNTERS; i++)
		if (!counted[i])
			at += (size_t)snprintf(out + at, sizeof out - at, "%s\"%s\"",
				n++ ? "," : "", counter_name[i]);
	at += (size_t)snprintf(out + at, sizeof out - at, "]}\n");
	write_all(STDOUT_FILENO, out, at);
}

/* counters_text is the final report for a person, as bench serve prints it. */
void counters_text(const struct server *s)
{
	char out[2048];
	size_t at = (size_t)snprintf(out, sizeof out, "counters:\n");
	for (int i = 0; i < NCOUNTERS; i++) {
		char name[32];
		snprintf(name, sizeof name, "%s:", counter_name[i]);
		if (counted[i])
			at += (size_t)snprintf(out + at, sizeof out - at, "  %-20s %" PRIu64 "\n", name, s->c[i]);
		else
			at += (size_t)snprintf(out + at, sizeof out - at, "  %-20s n/a (not counted by c_epoll)\n", name);
	}
	write_all(STDOUT_FILENO, out, at);
}

/* fail reports a problem: one stderr line and, in control mode, one JSON
 * error line; it returns code for main to exit with. */
int fail(const struct options *o, int code, const char *format, ...)
{
	char msg[MSG_MAX];
	va_list ap;
	va_start(ap, format);
	vsnprintf(msg, sizeof msg, format, ap);
	va_end(ap);
	if (o->control)
		error_line(msg);
	logf_("%s", msg);
	return code;
}

/* on_stdin reads control input; lines are answered after the batch
 * (answer_commands), so a snapshot follows the batch's closes. stdin is
 * watched level-triggered and may be blocking (a terminal shared with a
 * shell): one read per readiness never blocks. */
void on_stdin(struct server *s)
{
	ssize_t n = read(STDIN_FILENO, s->cmd + s->cmdlen, CMD_LINE_MAX - s->cmdlen);
	if (n > 0)
		s->cmdlen += (size_t)n;
	else if (n == 0 || (errno != EINTR && errno != EAGAIN))
		s->stdin_eof = true;
}

void on_signal(struct server *s)
{
	struct signalfd_siginfo si;
	for (;;) {
		ssize_t n = read(s->sigfd, &si, sizeof si);
		if (n == (ssize_t)sizeof si)
			s->stop = true; /* only SIGINT and SIGTERM are routed here */
		else if (n < 0 && errno == EINTR)
			continue;
		else
			return;
	}
}

static void command(struct server *s, char *line, size_t n)
{
	while (n > 0 && strchr(" \t\r\v\f", line[n - 1]))
		n--;
	while (n > 0 && strchr(" \t\r\v\f", *line)) {
		line++;
		n--;
	}
	line[n] = '\0';
	if (s->discard) {
		s->discard = false;
	} else if (strcmp(line, "counters") == 0) {
		counters_line(s);
	} else if (strcmp(line, "stop") == 0) {
		s->stop = true;
	} else if (n > 0) {
		char msg[MSG_MAX];
		snprintf(msg, sizeof msg, "unknown command \"%.200s\" (want counters or stop)", line);
		error_line(msg);
	}
}

/* answer_commands answers each complete line in order; at EOF the last,
 * unterminated line counts too, then the server stops. */
void answer_commands(struct server *s)
{
	char *line = s->cmd, *end = s->cmd + s->cmdlen, *nl;
	while (!s->stop && (nl = memchr(line, '\n', (size_t)(end - line)))) {
		command(s, line, (size_t)(nl - line));
		line = nl + 1;
	}
	if (!s->stop && s->stdin_eof && line < end)
		command(s, line, (size_t)(end - line));
	if (s->stdin_eof)
		s->stop = true;
	s->cmdlen = (size_t)(end - line);
	memmove(s->cmd, line, s->cmdlen);
	if (s->cmdlen == CMD_LINE_MAX) {
		error_line("command line too long (want counters or stop)");
		s->discard = true;
		s->cmdlen = 0;
	}
}

