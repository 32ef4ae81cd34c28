/* cat: copies files (or standard input, for none or '-') to standard output; -n numbers lines. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/cu.h"

static const struct cu_command cmd = {
	"Usage: %s [OPTION]... [FILE]...\n",
	"Concatenate FILEs to standard output. With no FILE, or when FILE is -, read\n"
	"standard input.\n\n"
	"  -n, --number  number all output lines\n"
	"      --help    display this help and exit\n",
	1};

static bool number;
static long line = 1;
static bool at_line_start = true;

static int copy(int fd, const char *name)
{
	static char buf[16384];
	static char out[16384 * 2 + 16];
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return cu_errno(name);
		if (n == 0)
			return 0;
		const char *p = buf;
		size_t len = (size_t)n;
		if (number) {
			/* Numbered lines are built in out, a prefix at each line start. */
			size_t o = 0;
			for (ssize_t i = 0; i < n; i++) {
				if (at_line_start) {
					o += (size_t)snprintf(out + o, 16, "%6ld\t", line++);
					at_line_start = false;
				}
				out[o++] = buf[i];
				if (buf[i] == '\n')
					at_line_start = true;
				if (o > sizeof(out) - 16) {
					if (cu_write_all(1, out, o))
						return cu_errno("write error");
					o = 0;
				}
			}
			p = out;
			len = o;
		}
		if (cu_write_all(1, p, len))
			return cu_errno("write error");
	}
}

int main(int argc, char **argv)
{
	static const struct option longs[] = {{"number", no_argument, NULL, 'n'}, CU_HELP_OPTION,
					      {0, 0, 0, 0}};
	cu_init(argv);
	int c;
	while ((c = cu_getopt(argc, argv, "nu", longs, &cmd)) != -1)
		if (c == 'n')
			number = true; /* -u (unbuffered) is what cat always is */
	int status = 0;
	if (optind == argc)
		return copy(0, "-");
	for (int i = optind; i < argc; i++) {
		if (!strcmp(argv[i], "-")) {
			status |= copy(0, "-");
			continue;
		}
		int fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			status = cu_errno(argv[i]);
			continue;
		}
		status |= copy(fd, argv[i]);
		close(fd);
	}
	return status;
}
