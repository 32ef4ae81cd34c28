/* head: the first lines (-n N, default 10) or bytes (-c N) of files; -n -N
 * and -c -N: all but the last N. Headers "==> FILE <==" between several. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/cu.h"

static const struct cu_command cmd = {
	"Usage: %s [OPTION]... [FILE]...\n",
	"Print the first 10 lines of each FILE (standard input for none or '-').\n"
	"With more than one FILE, each is preceded by a header giving its name.\n\n"
	"  -c, --bytes=[-]N   the first N bytes; with '-', all but the last N\n"
	"  -n, --lines=[-]N   the first N lines; with '-', all but the last N\n"
	"  -q, --quiet        never print headers\n"
	"  -v, --verbose      always print headers\n"
	"      --help         display this help and exit\n",
	1};

static struct cu_count count;

static int head(int fd, const char *file)
{
	const char *name = cu_input_name(file);
	bool bytes = count.bytes;
	if (count.sign == '-') { /* all but the last count.n */
		char *buf;
		long long len = cu_slurp(fd, &buf);
		if (len < 0)
			return cu_err("error reading '%s': %s", name, strerror(errno));
		long long end = len;
		if (bytes) {
			end = len > count.n ? len - count.n : 0;
		} else {
			/* Back over count line ends (a last line without one counts too). */
			long long lines = count.n;
			if (end > 0 && buf[end - 1] != '\n' && lines > 0)
				lines--, end--;
			while (end > 0 && lines > 0) {
				end--;
				while (end > 0 && buf[end - 1] != '\n')
					end--;
				lines--;
			}
		}
		int err = cu_write_all(1, buf, (size_t)end);
		free(buf);
		return err ? cu_errno("write error") : 0;
	}
	static char buf[16384];
	long long left = count.n;
	while (left > 0) {
		ssize_t n = cu_read(fd, buf, sizeof(buf));
		if (n < 0)
			return cu_err("error reading '%s': %s", name, strerror(errno));
		if (n == 0)
			break;
		size_t take = 0;
		if (bytes) {
			take = (size_t)(n < left ? n : left);
			left -= (long long)take;
		} else {
			while (take < (size_t)n && left > 0)
				if (buf[take++] == '\n')
					left--;
		}
		if (cu_write_all(1, buf, take))
			return cu_errno("write error");
	}
	return 0;
}

int head_main(int argc, char **argv)
{
	static const struct option longs[] = {CU_COUNT_LONGS, CU_HELP_OPTION, {0, 0, 0, 0}};
	cu_init(argv);
	/* head has no options of its own: one call takes them all. */
	cu_count_getopt(&argc, &argv, "c:n:qv", longs, &cmd, &count);
	return cu_each_input(argc, argv, CU_IN_FOR_READING | (count.headers ? CU_IN_HEADERS : 0),
			     head);
}
