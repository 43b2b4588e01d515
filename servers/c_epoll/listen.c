/* listen.c: the listeners of --addr, bound in order, as bench serve reads
 * its addresses (an IP address, localhost or empty, and a port; 0 picks a
 * free one). */
#include "c_epoll.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

/* split_host_port splits "host:port" or "[v6]:port" as net.SplitHostPort
 * does; host and port point into a, which it modifies. */
static bool split_host_port(char *a, char **host, char **port)
{
	char *colon;
	if (*a == '[') {
		char *close_ = strchr(a, ']');
		if (!close_ || close_[1] != ':')
			return false;
		*close_ = '\0';
		*host = a + 1;
		*port = close_ + 2;
		return !strchr(*host, '[') && !strchr(*port, ']');
	}
	colon = strrchr(a, ':');
	if (!colon || memchr(a, ':', (size_t)(colon - a)) || strchr(a, '[') || strchr(a, ']'))
		return false;
	*colon = '\0';
	*host = a;
	*port = colon + 1;
	return true;
}

static bool parse_port(const char *p, uint16_t *port)
{
	unsigned long v = 0;
	if (!*p || strlen(p) > 5)
		return false;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (unsigned long)(*p - '0');
	}
	*port = (uint16_t)v;
	return v <= 65535;
}

/* resolve fills ss from an IP address, "localhost" or "" (all IPv4
 * addresses), as bench serve's listeners read them. */
static bool resolve(const char *host, uint16_t port, struct sockaddr_storage *ss, socklen_t *len)
{
	struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
	memset(ss, 0, sizeof *ss);
	in4->sin_family = AF_INET;
	in4->sin_port = htons(port);
	*len = sizeof *in4;
	if (!*host)
		return true;
	if (strcmp(host, "localhost") == 0)
		host = "127.0.0.1";
	if (inet_pton(AF_INET, host, &in4->sin_addr) == 1)
		return true;
	struct in6_addr a6;
	if (inet_pton(AF_INET6, host, &a6) != 1)
		return false;
	if (IN6_IS_ADDR_V4MAPPED(&a6)) {
		memcpy(&in4->sin_addr, &a6.s6_addr[12], 4);
		return true;
	}
	in6->sin6_family = AF_INET6;
	in6->sin6_port = htons(port);
	in6->sin6_addr = a6;
	*len = sizeof *in6;
	return true;
}

static void format_addr(const struct sockaddr_storage *ss, char *out)
{
	char ip[INET6_ADDRSTRLEN];
	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)ss;
		inet_ntop(AF_INET6, &a->sin6_addr, ip, sizeof ip);
		snprintf(out, ADDR_TEXT, "[%s]:%u", ip, ntohs(a->sin6_port));
	} else {
		const struct sockaddr_in *a = (const struct sockaddr_in *)ss;
		inet_ntop(AF_INET, &a->sin_addr, ip, sizeof ip);
		snprintf(out, ADDR_TEXT, "%s:%u", ip, ntohs(a->sin_port));
	}
}

/* bind_listen binds fd and listens; it returns the failing call's name, or
 * NULL, and writes the bound address to out. */
static const char *bind_listen(int fd, struct sockaddr_storage *ss, socklen_t len, char *out)
{
	int one = 1;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0)
		return "setsockopt";
	if (bind(fd, (struct sockaddr *)ss, len) < 0)
		return "bind";
	if (listen(fd, LISTEN_BACKLOG) < 0)
		return "listen";
	len = sizeof *ss;
	if (getsockname(fd, (struct sockaddr *)ss, &len) < 0)
		return "getsockname";
	format_addr(ss, out);
	return NULL;
}

/* listen_on opens one listener on a (one element of --addr), registered
 * edge-triggered like the Go loop's listeners. */
static int listen_on(struct server *s, char *a)
{
	char *host, *port_text, orig[MSG_MAX / 2];
	uint16_t port;
	struct sockaddr_storage ss;
	socklen_t len;
	snprintf(orig, sizeof orig, "%.*s", (int)sizeof orig - 1, a);
	if (!split_host_port(a, &host, &port_text))
		return fail(&s->opt, EXIT_BAD_ARGS, "bad address \"%s\": want HOST:PORT, e.g. 127.0.0.1:9000", orig);
	if (!parse_port(port_text, &port))
		return fail(&s->opt, EXIT_BAD_ARGS, "bad address \"%s\": port \"%s\" is not a number in 0..65535", orig, port_text);
	if (!resolve(host, port, &ss, &len))
		return fail(&s->opt, EXIT_BAD_ARGS, "bad address \"%s\": host must be an IP address or localhost", orig);
	int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return fail(&s->opt, EXIT_BAD_ARGS, "listen %s: socket: %s", orig, strerror(errno));
	s->listener[s->nlisteners++] = fd;
	const char *call = bind_listen(fd, &ss, len, s->bound[s->nlisteners - 1]);
	if (call) {
		int err = errno;
		return fail(&s->opt, EXIT_BAD_ARGS, "listen %s: %s: %s%s", orig, call, strerror(err),
			err == EADDRINUSE ? " (stop whatever holds the port, or pick another; port 0 picks a free one)" : "");
	}
	struct epoll_event ev = {.events = ET_EVENTS, .data.fd = fd};
	if (epoll_ctl(s->ep, EPOLL_CTL_ADD, fd, &ev) < 0)
		return fail(&s->opt, EXIT_BAD_ARGS, "epoll_ctl ADD listener: %s", strerror(errno));
	return 0;
}

/* listen_all binds every address of the comma list, in order. */
int listen_all(struct server *s)
{
	char list[4096];
	if (snprintf(list, sizeof list, "%s", s->opt.addrs) >= (int)sizeof list)
		return fail(&s->opt, EXIT_BAD_ARGS, "--addr: list too long");
	for (char *a = list, *next; a; a = next) {
		next = strchr(a, ',');
		if (next)
			*next++ = '\0';
		while (*a == ' ' || *a == '\t')
			a++;
		for (char *e = a + strlen(a); e > a && (e[-1] == ' ' || e[-1] == '\t');)
			*--e = '\0';
		if (s->nlisteners == MAX_ADDRS)
			return fail(&s->opt, EXIT_BAD_ARGS, "--addr: more than %d addresses", MAX_ADDRS);
		int rc = listen_on(s, a);
		if (rc)
			return rc;
	}
	return 0;
}

