/* cat: copies files (or standard input, for none or '-') to standard output; -n numbers lines. */
#include <stdbool.h>
#include <stdio.h>

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

/* One chunk of input to standard output, numbered with -n. */
static int copy_chunk(const char *buf, size_t n, void *ctx)
{
	(void)ctx;
	static char out[16384 * 2 + 16];
	if (!number)
		return cu_write_all(1, buf, n) ? cu_errno("write error") : 0;
	/* Numbered lines are built in out, a prefix at each line start. */
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
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
	return cu_write_all(1, out, o) ? cu_errno("write error") : 0;
}

/* Standard input is "-" in messages, as GNU's cat calls it. */
static int copy(int fd, const char *file)
{
	return cu_each_chunk(fd, file ? file : "-", copy_chunk, NULL);
}

int cat_main(int argc, char **argv)
{
	static const struct option longs[] = {{"number", no_argument, NULL, 'n'}, CU_HELP_OPTION,
					      {0, 0, 0, 0}};
	cu_init(argv);
	int c;
	while ((c = cu_getopt(argc, argv, "nu", longs, &cmd)) != -1)
		if (c == 'n')
			number = true; /* -u (unbuffered) is what cat always is */
	return cu_each_input(argc, argv, 0, copy);
}
