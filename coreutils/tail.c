/* tail: the last lines (-n N, default 10) or bytes (-c N) of files; -n +N and
 * -c +N start at line or byte N; -f follows a file as it grows. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/cu.h"

static const struct cu_command cmd = {
	"Usage: %s [OPTION]... [FILE]...\n",
	"Print the last 10 lines of each FILE (standard input for none or '-').\n"
	"With more than one FILE, each is preceded by a header giving its name.\n\n"
	"  -c, --bytes=[+]N   the last N bytes; with '+', from byte N on\n"
	"  -f, --follow       output data appended as the file grows (one FILE)\n"
	"  -n, --lines=[+]N   the last N lines; with '+', from line N on\n"
	"  -q, --quiet        never print headers\n"
	"  -v, --verbose      always print headers\n"
	"      --help         display this help and exit\n",
	1};

static struct cu_count count;

/* Where the output starts in buf[0..len). */
static long long start_of(const char *buf, long long len)
{
	long long n = count.n;
	bool from_start = count.sign == '+';
	if (count.bytes) {
		if (from_start)
			return n > 0 ? (n - 1 < len ? n - 1 : len) : 0;
		return len > n ? len - n : 0;
	}
	if (from_start) {
		long long at = 0;
		for (long long line = 1; line < n && at < len; at++)
			if (buf[at] == '\n')
				line++;
		return at;
	}
	long long at = len, lines = 0;
	if (at > 0 && buf[at - 1] == '\n')
		at--;
	while (at > 0) {
		if (buf[at - 1] == '\n' && ++lines == n)
			break;
		at--;
	}
	return n == 0 ? len : at;
}

static int tail(int fd, const char *file)
{
	const char *name = cu_input_name(file);
	char *buf;
	long long len = cu_slurp(fd, &buf);
	if (len < 0)
		return cu_err("error reading '%s': %s", name, strerror(errno));
	long long at = start_of(buf, len);
	int err = cu_write_all(1, buf + at, (size_t)(len - at));
	free(buf);
	return err ? cu_errno("write error") : 0;
}

/* -f: what is appended to fd from now on, polled four times a second. */
static int follow(int fd, const char *file)
{
	const char *name = cu_input_name(file);
	static char buf[16384];
	struct timespec quarter = {0, 250000000};
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno != EINTR)
			return cu_err("error reading '%s': %s", name, strerror(errno));
		if (n > 0 && cu_write_all(1, buf, (size_t)n))
			return cu_errno("write error");
		if (n <= 0)
			nanosleep(&quarter, NULL);
	}
}

static int tail_and_follow(int fd, const char *file)
{
	return tail(fd, file) || follow(fd, file);
}

int tail_main(int argc, char **argv)
{
	static const struct option longs[] = {CU_COUNT_LONGS, {"follow", no_argument, NULL, 'f'},
					      CU_HELP_OPTION, {0, 0, 0, 0}};
	cu_init(argv);
	bool follows = false;
	while (cu_count_getopt(&argc, &argv, "c:fn:qv", longs, &cmd, &count) != -1)
		follows = true; /* -f, the only other option */
	int flags = CU_IN_FOR_READING | (count.headers ? CU_IN_HEADERS : 0);
	if (!follows)
		return cu_each_input(argc, argv, flags, tail);
	if (argc - optind > 1)
		cu_bad_usage(&cmd, "-f follows one FILE only");
	return cu_each_input(argc, argv, flags, tail_and_follow);
}
