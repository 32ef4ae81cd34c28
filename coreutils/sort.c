/* sort: sorts lines (byte order, or -n numeric), by the whole line or by
 * fields (-k, -t); -r reverses, -u keeps the first of equal lines. */
#include <ctype.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/cu.h"

static const struct cu_command cmd = {
	"Usage: %s [OPTION]... [FILE]...\n",
	"Write the sorted lines of all FILEs (standard input for none or '-').\n\n"
	"  -k, --key=F[,G]           sort by fields F through G (1-based; G: to the end)\n"
	"  -n, --numeric-sort        compare by leading numbers\n"
	"  -o, --output=FILE         write to FILE instead of standard output\n"
	"  -r, --reverse             reverse the order\n"
	"  -t, --field-separator=C   fields are separated by C, not by blanks\n"
	"  -u, --unique              output only the first of lines that compare equal\n"
	"      --help                display this help and exit\n",
	2};

struct line {
	const char *s;
	size_t len;
	size_t index; /* input order: -u keeps the first of equal lines */
};

static bool numeric, reverse, unique;
static long key_first, key_last; /* 0: the whole line */
static int sep = -1;

/* Start of field f (1-based) of l, or its end. */
static const char *field(const struct line *l, long f)
{
	const char *p = l->s, *end = l->s + l->len;
	for (long i = 1; i < f && p < end; i++) {
		if (sep >= 0) {
			const char *q = memchr(p, sep, (size_t)(end - p));
			p = q ? q + 1 : end;
		} else {
			while (p < end && isblank((unsigned char)*p))
				p++;
			while (p < end && !isblank((unsigned char)*p))
				p++;
		}
	}
	return p;
}

static void key_of(const struct line *l, const char **s, size_t *len)
{
	if (!key_first) {
		*s = l->s;
		*len = l->len;
		return;
	}
	const char *a = field(l, key_first);
	const char *b = key_last ? field(l, key_last + 1) : l->s + l->len;
	if (key_last && sep >= 0 && b > a && b[-1] == sep && b <= l->s + l->len)
		b--; /* the separator before the next field is not part of this key */
	if (b < a)
		b = a;
	*s = a;
	*len = (size_t)(b - a);
}

static double number(const char *s, size_t len)
{
	char tmp[64];
	size_t n = len < sizeof(tmp) - 1 ? len : sizeof(tmp) - 1;
	memcpy(tmp, s, n);
	tmp[n] = 0;
	return strtod(tmp, NULL);
}

static int compare_keys(const struct line *x, const struct line *y)
{
	const char *a, *b;
	size_t al, bl;
	key_of(x, &a, &al);
	key_of(y, &b, &bl);
	if (numeric) {
		double p = number(a, al), q = number(b, bl);
		if (p != q)
			return p < q ? -1 : 1;
		return 0;
	}
	int c = memcmp(a, b, al < bl ? al : bl);
	return c ? c : al < bl ? -1 : al > bl;
}

static int compare(const void *pa, const void *pb)
{
	const struct line *x = pa, *y = pb;
	int c = compare_keys(x, y);
	if (!c && !unique) {
		/* The last resort, as GNU's: the whole lines, byte by byte. */
		c = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);
		if (!c)
			c = x->len < y->len ? -1 : x->len > y->len;
	}
	if (reverse)
		c = -c;
	return c ? c : x->index < y->index ? -1 : x->index > y->index;
}

static void parse_key(const char *s)
{
	char *end;
	key_first = strtol(s, &end, 10);
	key_last = 0;
	if (*end == '.') /* character positions within a field are not supported */
		key_first = 0;
	if (*end == ',') {
		key_last = strtol(end + 1, &end, 10);
		if (key_last < key_first)
			key_first = 0;
	}
	if (key_first < 1 || *end)
		cu_bad_usage(&cmd, "invalid key '%s' (F[,G] only)", s);
}

int sort_main(int argc, char **argv)
{
	static const struct option longs[] = {{"key", required_argument, NULL, 'k'},
					      {"numeric-sort", no_argument, NULL, 'n'},
					      {"output", required_argument, NULL, 'o'},
					      {"reverse", no_argument, NULL, 'r'},
					      {"field-separator", required_argument, NULL, 't'},
					      {"unique", no_argument, NULL, 'u'},
					      CU_HELP_OPTION,
					      {0, 0, 0, 0}};
	cu_init(argv);
	const char *output = NULL;
	int c;
	while ((c = cu_getopt(argc, argv, "k:no:rt:u", longs, &cmd)) != -1) {
		if (c == 'k')
			parse_key(optarg);
		else if (c == 'n')
			numeric = true;
		else if (c == 'o')
			output = optarg;
		else if (c == 'r')
			reverse = true;
		else if (c == 'u')
			unique = true;
		else if (c == 't') {
			if (strlen(optarg) != 1)
				cu_bad_usage(&cmd, "the field separator must be one character");
			sep = (unsigned char)optarg[0];
		}
	}
	struct line *lines = NULL;
	size_t n = 0, cap = 0;
	int status = 0;
	for (int i = optind; i < argc || i == optind; i++) {
		bool in = i >= argc || !strcmp(argv[i], "-");
		int fd = in ? 0 : open(argv[i], O_RDONLY);
		char *buf;
		long long len = fd < 0 ? -1 : cu_slurp(fd, &buf);
		if (!in && fd >= 0)
			close(fd);
		if (len < 0) {
			cu_errno(in ? "-" : argv[i]);
			return 2;
		}
		for (char *p = buf; p < buf + len;) {
			char *nl = memchr(p, '\n', (size_t)(buf + len - p));
			size_t l = nl ? (size_t)(nl - p) : (size_t)(buf + len - p);
			if (n == cap) {
				cap = cap ? cap * 2 : 1024;
				struct line *more = realloc(lines, cap * sizeof(*lines));
				if (!more)
					return cu_err("out of memory") + 1;
				lines = more;
			}
			lines[n] = (struct line){p, l, n};
			n++;
			p += l + 1;
		}
		if (i >= argc)
			break;
	}
	qsort(lines, n, sizeof(*lines), compare);
	FILE *out = stdout;
	if (output && !(out = fopen(output, "w"))) {
		cu_errno(output);
		return 2;
	}
	for (size_t i = 0; i < n; i++) {
		if (unique && i > 0 && compare_keys(&lines[i - 1], &lines[i]) == 0)
			continue;
		fwrite(lines[i].s, 1, lines[i].len, out);
		fputc('\n', out);
	}
	if (fflush(out) != 0) {
		cu_errno(output ? output : "write error");
		status = 2;
	}
	return status;
}
