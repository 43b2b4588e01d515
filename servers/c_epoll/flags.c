/* flags.c: c_epoll's command line, read as bench serve's flag package
 * reads its own, with the same names and messages. */
#include "c_epoll.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
	"usage: c_epoll [--addr HOST:PORT[,...]] [--cpu N] [--max-pending BYTES] [--control]\n"
	"               [--handler echo] [--backend c_epoll]\n"
	"  --addr         addresses to listen on (port 0 picks a free one; default 127.0.0.1:0)\n"
	"  --cpu          pin the process to this CPU (-1: no pinning; default -1)\n"
	"  --max-pending  per-connection output limit in bytes before reading pauses (default 1048576)\n"
	"  --control      bench serve's control protocol on stdin/stdout (see cmd/bench/serve.go)\n"
	"  --handler, --backend  accepted for bench serve's command line; echo and c_epoll only\n";

static bool parse_int(const char *v, long long lo, long long hi, long long *out)
{
	char *end;
	errno = 0;
	long long n = strtoll(v, &end, 10);
	if (errno || end == v || *end || n < lo || n > hi)
		return false;
	*out = n;
	return true;
}

static bool known(const char *name)
{
	static const char *const names[] = {"addr", "cpu", "max-pending", "control", "handler", "backend"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

/* value applies a flag that takes a value. */
static int value(struct options *o, const char *name, const char *v)
{
	long long n;
	if (strcmp(name, "addr") == 0) {
		o->addrs = v;
	} else if (strcmp(name, "cpu") == 0) {
		if (!parse_int(v, -1, CPU_SETSIZE - 1, &n))
			return fail(o, EXIT_BAD_ARGS, "--cpu %s: want -1 or a CPU number below %d", v, CPU_SETSIZE);
		o->cpu = (int)n;
	} else if (strcmp(name, "max-pending") == 0) {
		if (!parse_int(v, 1, MAX_MAX_PENDING, &n))
			return fail(o, EXIT_BAD_ARGS, "--max-pending %s: want a positive number of bytes", v);
		o->max_pending = n;
	} else if (strcmp(name, "handler") == 0 && strcmp(v, "echo")) {
		return fail(o, EXIT_BAD_ARGS, "--handler %s: c_epoll speaks the echo handler only", v);
	} else if (strcmp(name, "backend") == 0 && strcmp(v, "c_epoll")) {
		return fail(o, EXIT_BAD_ARGS, "--backend %s: this program is the c_epoll backend only", v);
	}
	return 0;
}

/* option applies one flag with its value (NULL when none was given). */
static int option(struct options *o, const char *name, const char *v)
{
	if (!known(name))
		return fail(o, EXIT_BAD_ARGS, "flag provided but not defined: -%s (run 'c_epoll -h' for the flags)", name);
	if (strcmp(name, "control") == 0) {
		if (v && strcmp(v, "true") && strcmp(v, "false"))
			return fail(o, EXIT_BAD_ARGS, "invalid boolean value \"%s\" for -control", v);
		o->control = !v || strcmp(v, "true") == 0;
		return 0;
	}
	if (!v)
		return fail(o, EXIT_BAD_ARGS, "flag needs an argument: -%s (run 'c_epoll -h' for the flags)", name);
	return value(o, name, v);
}

/* parse reads the flags as Go's flag package does: -name or --name, with
 * the value after '=' or in the next argument. It returns -1 after -h. */
int parse(int argc, char **argv, struct options *o)
{
	*o = (struct options){.addrs = "127.0.0.1:0", .cpu = -1, .max_pending = DEFAULT_MAX_PENDING};
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--control") || !strcmp(argv[i], "-control"))
			o->control = true; /* so that even a bad flag is answered in JSON */
	for (int i = 1; i < argc; i++) {
		char name[64], *a = argv[i];
		if (a[0] != '-' || !a[1])
			return fail(o, EXIT_BAD_ARGS, "unexpected argument \"%s\" (run 'c_epoll -h' for the flags)", a);
		a += a[1] == '-' ? 2 : 1;
		if (!strcmp(a, "h") || !strcmp(a, "help")) {
			write_all(STDERR_FILENO, usage, sizeof usage - 1);
			return -1;
		}
		const char *eq = strchr(a, '='), *v = eq ? eq + 1 : NULL;
		snprintf(name, sizeof name, "%.*s", eq ? (int)(eq - a) : (int)strlen(a), a);
		if (!v && strcmp(name, "control") && i + 1 < argc)
			v = argv[++i];
		int rc = option(o, name, v);
		if (rc)
			return rc;
	}
	return 0;
}

