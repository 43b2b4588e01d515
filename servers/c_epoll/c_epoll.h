/*
 * c_epoll.h: what the files of c_epoll share (see c_epoll.c for what the
 * program is and why it exists). Everything is owned by the one thread.
 */
#ifndef C_EPOLL_H
#define C_EPOLL_H

#define _GNU_SOURCE
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/types.h>

enum {
	EXIT_SERVE_FAILED = 1,         /* bench's exitFailed */
	EXIT_BAD_ARGS = 2,             /* bench's exitBadArgs */
	READ_BUFFER = 64 << 10,        /* server.DefaultReadBuffer */
	DEFAULT_MAX_PENDING = 1 << 20, /* server.DefaultMaxPending */
	READS_PER_WAKEUP = 16,         /* reactor.readsPerWakeup */
	EVENTS_PER_WAIT = 1024,        /* reactor.eventsPerWait */
	LISTEN_BACKLOG = 65535,        /* reactor.listenBacklog */
	MAX_ADDRS = 64,
	ADDR_TEXT = INET6_ADDRSTRLEN + 8,
	CMD_LINE_MAX = 4096,
	MSG_MAX = 512,
};

/* The one registration of every socket, as epoll_et's poller makes it. */
#define ET_EVENTS (EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET)
#define MAX_MAX_PENDING (1LL << 40)

/* The counters, in server.Counters' order (names in control.c). */
enum counter {
	WAIT_CALLS, EVENTS_RETURNED, FDS_SCANNED, INTEREST_CHANGES, CTL_SYSCALLS,
	READS, WRITES, READ_EAGAIN, WRITE_EAGAIN, ACCEPTS, ACCEPT_CALLS, CLOSES,
	BYTES_IN, BYTES_OUT, BACKPRESSURE_PAUSES, REFUSED, ACTIVE,
	/* io_uring's own counters: never counted here */
	ENTER_CALLS, SQES_SUBMITTED, CQES_REAPED, RECVS, SENDS,
	BUFFERS_RECYCLED, RING_FULL, CQ_OVERFLOWS, NO_BUFFERS, NCOUNTERS
};

/* conn is one accepted connection. An idle one holds no buffer. */
struct conn {
	int fd;         /* -1 once closed */
	char *pending;  /* output the socket did not take yet, from sent on */
	size_t len, sent, cap;
	bool paused;    /* backpressure: pending output passed --max-pending */
	bool read_done; /* EOF seen: flush, then close */
	bool peer_shut; /* the peer shut down its side: drain to EOF */
	bool queued;    /* on the ready list (a dead one is freed by let_go) */
	bool dead;      /* killed; its fd closes at the end of the batch */
};

/* list is a growable array of connections. */
struct list {
	struct conn **at;
	size_t len, cap;
};

struct options {
	const char *addrs;
	int cpu;
	long long max_pending;
	bool control;
};

/* server is the whole program's state. */
struct server {
	struct options opt;
	int ep, sigfd, spare;
	int listener[MAX_ADDRS];
	char bound[MAX_ADDRS][ADDR_TEXT];
	int nlisteners;
	struct conn **conns; /* by fd; NULL when not a live connection */
	size_t nconns;
	struct list ready, ready_alt, dying;
	uint64_t c[NCOUNTERS];
	char cmd[CMD_LINE_MAX + 1]; /* control input not yet answered, + NUL */
	size_t cmdlen;
	bool discard;   /* dropping the rest of an overlong command line */
	bool stdin_eof;  /* control input ended: stop after the lines read */
	bool stdin_file; /* stdin cannot be watched (a file, /dev/null): read it every turn */
	bool stop;
	bool logged_max, logged_err;
	struct epoll_event events[EVENTS_PER_WAIT];
	char buf[READ_BUFFER];
};

/* conn.c: serving connections. */
void serve_event(struct server *s, int fd, uint32_t ev);
void run_ready(struct server *s);
void kill_conn(struct server *s, struct conn *c);
void close_dying(struct server *s);

/* accept.c: accepting them. */
void accept_all(struct server *s, int lfd);

/* control.c: output, the control commands and signals. */
void write_all(int fd, const char *p, size_t n);
void logf_(const char *format, ...) __attribute__((format(printf, 1, 2)));
void log_once(bool *done, const char *what, int err);
int fail(const struct options *o, int code, const char *format, ...) __attribute__((format(printf, 3, 4)));
void counters_line(const struct server *s);
void counters_text(const struct server *s);
void on_stdin(struct server *s);
void on_signal(struct server *s);
void answer_commands(struct server *s);

/* flags.c and listen.c: the command line and the listeners. */
int parse(int argc, char **argv, struct options *o);
int listen_all(struct server *s);

#endif
