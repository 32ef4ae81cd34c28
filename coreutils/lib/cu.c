/* Messages, options and small I/O helpers of Motor's commands (cu.h). */
#include "cu.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *cu_name = "?";

void cu_init(char **argv)
{
	if (argv && argv[0] && argv[0][0])
		cu_name = argv[0];
}

int cu_err(const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	fprintf(stderr, "%s: ", cu_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

int cu_errno(const char *what)
{
	return cu_err("%s: %s", what, strerror(errno));
}

static void print_usage(FILE *f, const struct cu_command *cmd)
{
	fprintf(f, cmd->usage, cu_name, cu_name, cu_name);
}

void cu_bad_usage(const struct cu_command *cmd, const char *fmt, ...)
{
	fflush(stdout);
	if (fmt) {
		va_list ap;
		fprintf(stderr, "%s: ", cu_name);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	print_usage(stderr, cmd);
	fprintf(stderr, "Try '%s --help' for more information.\n", cu_name);
	exit(cmd->bad_status ? cmd->bad_status : 1);
}

void cu_help(const struct cu_command *cmd)
{
	print_usage(stdout, cmd);
	fputs(cmd->help, stdout);
	exit(fflush(stdout) == 0 ? 0 : 1);
}

/* Whether short option c is in opts; *arg: it takes an argument. */
static bool short_known(const char *opts, int c, bool *arg)
{
	const char *p = c && c != ':' && c != '+' ? strchr(opts, c) : NULL;
	*arg = p && p[1] == ':';
	return p != NULL;
}

/* The long option that s ("name" or "name=value", after "--") names: exact,
 * or a prefix of exactly one. NULL: none; *ambiguous when several. */
static const struct option *long_known(const struct option *longs, const char *s, bool *ambiguous)
{
	size_t n = strcspn(s, "=");
	const struct option *found = NULL;
	*ambiguous = false;
	for (const struct option *o = longs; o->name; o++) {
		if (strncmp(o->name, s, n))
			continue;
		if (strlen(o->name) == n)
			return o;
		*ambiguous = found && found->val != o->val;
		found = found ? found : o;
	}
	return *ambiguous ? NULL : found;
}

/*
 * GNU's order: options may follow operands ("ls dir -l"), so the options
 * (with their arguments) are moved before the operands, keeping each group's
 * order; "--" ends the options and stays last among them. With '+' first in
 * opts, the options end at the first operand. -> the index after the options.
 */
static int permute(int argc, char **argv, const char *opts, const struct option *longs)
{
	char **ops = malloc((size_t)argc * sizeof(*ops));
	if (!ops)
		return argc;
	int nopt = 1, nops = 0, i = 1;
	bool in_order = opts[0] == '+';
	for (; i < argc; i++) {
		char *a = argv[i];
		if (!strcmp(a, "--")) {
			argv[nopt++] = a;
			i++;
			break;
		}
		if (a[0] != '-' || !a[1]) {
			if (in_order)
				break;
			ops[nops++] = a;
			continue;
		}
		argv[nopt++] = a;
		bool takes = false, amb;
		if (a[1] == '-') {
			const struct option *o = long_known(longs, a + 2, &amb);
			takes = o && o->has_arg == required_argument && !strchr(a, '=');
		} else {
			for (const char *c = a + 1; *c; c++)
				if (short_known(opts, *c, &takes) && takes) {
					takes = !c[1]; /* else the rest is its argument */
					break;
				}
		}
		if (takes && i + 1 < argc)
			argv[nopt++] = argv[++i];
	}
	int end = nopt;
	for (int k = 0; k < nops; k++)
		argv[nopt++] = ops[k];
	for (; i < argc; i++)
		argv[nopt++] = argv[i];
	free(ops);
	return end;
}

int cu_getopt(int argc, char **argv, const char *opts, const struct option *longs,
	      const struct cu_command *cmd)
{
	static const struct option help_only[] = {CU_HELP_OPTION, {0, 0, 0, 0}};
	static int end = -1;
	static const char *cluster; /* the rest of "-abc" */
	if (!longs)
		longs = help_only;
	if (end < 0) {
		end = permute(argc, argv, opts, longs);
		optind = 1;
	}
	optarg = NULL;
	if (cluster && *cluster) {
		int c = (unsigned char)*cluster++;
		bool takes;
		if (!short_known(opts, c, &takes))
			cu_bad_usage(cmd, "invalid option -- '%c'", c);
		if (takes) {
			if (*cluster)
				optarg = (char *)cluster;
			else if (optind < end)
				optarg = argv[optind++];
			else
				cu_bad_usage(cmd, "option requires an argument -- '%c'", c);
			cluster = NULL;
		}
		return c;
	}
	if (optind >= end)
		return -1;
	char *a = argv[optind++];
	if (!strcmp(a, "--"))
		return -1;
	if (a[1] != '-') {
		cluster = a + 1;
		return cu_getopt(argc, argv, opts, longs, cmd);
	}
	bool ambiguous;
	const struct option *o = long_known(longs, a + 2, &ambiguous);
	const char *eq = strchr(a, '=');
	if (!o)
		cu_bad_usage(cmd, ambiguous ? "option '%s' is ambiguous" : "unrecognized option '%s'", a);
	if (eq && o->has_arg == no_argument)
		cu_bad_usage(cmd, "option '--%s' doesn't allow an argument", o->name);
	if (o->has_arg == required_argument) {
		if (eq)
			optarg = (char *)eq + 1;
		else if (optind < end)
			optarg = argv[optind++];
		else
			cu_bad_usage(cmd, "option '--%s' requires an argument", o->name);
	}
	if (o->val == CU_OPT_HELP)
		cu_help(cmd);
	return o->val;
}

void cu_need_operands(int argc, char **argv, int min, const struct cu_command *cmd)
{
	if (argc - optind >= min)
		return;
	if (optind >= argc)
		cu_bad_usage(cmd, "missing operand");
	cu_bad_usage(cmd, "missing operand after '%s'", argv[argc - 1]);
}

int cu_parse_long(const char *s, long long min, long long max, long long *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || errno || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int cu_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

long long cu_slurp(int fd, char **out)
{
	size_t cap = 65536, len = 0;
	char *buf = malloc(cap);
	for (;;) {
		if (!buf)
			return -1;
		if (len + 1 >= cap) {
			char *more = realloc(buf, cap *= 2);
			if (!more) {
				free(buf);
				return -1;
			}
			buf = more;
		}
		ssize_t n = cu_read(fd, buf + len, cap - len - 1);
		if (n < 0) {
			free(buf);
			return -1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = 0;
	*out = buf;
	return (long long)len;
}
