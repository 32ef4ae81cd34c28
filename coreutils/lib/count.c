/* head's and tail's options (cu.h): -n N and -c N with N's sign, the old
 * form "-N", and -q and -v for the headers. */
#include "cu.h"

#include <stdbool.h>

/* "[+-]N" of -n or -c into count; else a bad usage. */
static void parse(struct cu_count *count, const char *s, bool bytes, const struct cu_command *cmd)
{
	count->bytes = bytes;
	count->sign = *s == '-' || *s == '+' ? *s : 0;
	if (cu_parse_long(s + (count->sign != 0), 0, 1ll << 62, &count->n))
		cu_bad_usage(cmd, "invalid number of %s: '%s'", bytes ? "bytes" : "lines", s);
}

/* The old form "-N" as the first argument: takes it out of argv and
 * returns its digits, else NULL. */
static const char *take_old_count(int *argc, char ***argv)
{
	char **v = *argv;
	if (*argc < 2 || v[1][0] != '-' || v[1][1] < '0' || v[1][1] > '9')
		return NULL;
	const char *count = v[1] + 1;
	v[1] = v[0];
	(*argv)++;
	(*argc)--;
	return count;
}

int cu_count_getopt(int *argc, char ***argv, const char *opts, const struct option *longs,
		    const struct cu_command *cmd, struct cu_count *count)
{
	static bool started;
	static int headers = -1;
	if (!started) {
		started = true;
		count->n = 10;
		const char *old = take_old_count(argc, argv);
		if (old)
			parse(count, old, false, cmd);
	}
	int c;
	while ((c = cu_getopt(*argc, *argv, opts, longs, cmd)) != -1) {
		if (c == 'c' || c == 'n')
			parse(count, optarg, c == 'c', cmd);
		else if (c == 'q' || c == 'v')
			headers = c == 'v';
		else
			return c;
	}
	count->headers = headers >= 0 ? headers : *argc - optind > 1;
	return -1;
}
