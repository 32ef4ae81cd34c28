/* tail: the last lines (-n N, default 10) or bytes (-c N) of files; -n +N and
 * -c +N start at line or byte N; -f follows a file as it grows. */
#include <errno.h>
#include <fcntl.h>
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

static bool bytes, from_start;
static long long count = 10;

/* Where the output starts in buf[0..len). */
static long long start_of(const char *buf, long long len)
{
	if (bytes) {
		if (from_start)
			return count > 0 ? (count - 1 < len ? count - 1 : len) : 0;
		return len > count ? len - count : 0;
	}
	if (from_start) {
		long long at = 0;
		for (long long line = 1; line < count && at < len; at++)
			if (buf[at] == '\n')
				line++;
		return at;
	}
	long long at = len, lines = 0;
	if (at > 0 && buf[at - 1] == '\n')
		at--;
	while (at > 0) {
		if (buf[at - 1] == '\n' && ++lines == count)
			break;
		at--;
	}
	return count == 0 ? len : at;
}

static int tail(int fd, const char *name)
{
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
static int follow(int fd, const char *name)
{
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

static int tail_and_follow(int fd, const char *name)
{
	return tail(fd, name) || follow(fd, name);
}

static void parse_count(const char *s, const char *what)
{
	from_start = *s == '+';
	if (cu_parse_long(s + (*s == '-' || *s == '+'), 0, 1ll << 62, &count))
		cu_bad_usage(&cmd, "invalid number of %s: '%s'", what, s);
}

int main(int argc, char **argv)
{
	static const struct option longs[] = {{"bytes", required_argument, NULL, 'c'},
					      {"lines", required_argument, NULL, 'n'},
					      {"follow", no_argument, NULL, 'f'},
					      {"quiet", no_argument, NULL, 'q'},
					      {"silent", no_argument, NULL, 'q'},
					      {"verbose", no_argument, NULL, 'v'},
					      CU_HELP_OPTION,
					      {0, 0, 0, 0}};
	cu_init(argv);
	const char *old = cu_take_old_count(&argc, &argv);
	if (old)
		parse_count(old, "lines");
	int headers = -1, c;
	bool follows = false;
	while ((c = cu_getopt(argc, argv, "c:fn:qv", longs, &cmd)) != -1) {
		if (c == 'c' || c == 'n') {
			bytes = c == 'c';
			parse_count(optarg, bytes ? "bytes" : "lines");
		} else if (c == 'f') {
			follows = true;
		} else {
			headers = c == 'v';
		}
	}
	if (headers < 0)
		headers = argc - optind > 1;
	if (!follows)
		return cu_each_input(argc, argv, headers, tail);
	if (argc - optind > 1)
		cu_bad_usage(&cmd, "-f follows one FILE only");
	return cu_each_input(argc, argv, headers, tail_and_follow);
}
