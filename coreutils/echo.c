/* echo: writes its arguments, separated by spaces, and a newline (-n none;
 * -e backslash escapes, -E none). Like GNU's, it takes options only as the
 * leading words made of n, e and E, and --help only when it is alone. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "lib/cu.h"

static const struct cu_command cmd = {
	"Usage: %s [-neE] [STRING]...\n",
	"Write the STRINGs, separated by spaces, and a newline to standard output.\n\n"
	"  -n       do not write the newline\n"
	"  -e       interpret backslash escapes: \\\\ \\a \\b \\c (stop here) \\e \\f \\n \\r \\t \\v\n"
	"           \\0NNN (octal) \\xHH (hex)\n"
	"  -E       do not interpret them (the default)\n"
	"      --help  display this help and exit\n",
	1};

static bool is_option(const char *s)
{
	return s[0] == '-' && s[1] && strspn(s + 1, "neE") == strlen(s + 1);
}

static int hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Writes s with its escapes; -> false after \c (nothing more is written). */
static bool put_escaped(const char *s)
{
	static const char from[] = "abefnrtv\\", to[] = "\a\b\033\f\n\r\t\v\\";
	for (; *s; s++) {
		if (*s != '\\' || !s[1]) {
			putchar(*s);
			continue;
		}
		char c = *++s;
		const char *k = strchr(from, c);
		if (c == 'c')
			return false;
		if (k) {
			putchar(to[k - from]);
		} else if (c == '0') {
			int v = 0;
			for (int i = 0; i < 3 && s[1] >= '0' && s[1] <= '7'; i++)
				v = v * 8 + (*++s - '0');
			putchar(v);
		} else if (c == 'x' && hex(s[1]) >= 0) {
			int v = hex(*++s);
			if (hex(s[1]) >= 0)
				v = v * 16 + hex(*++s);
			putchar(v);
		} else {
			putchar('\\');
			putchar(c);
		}
	}
	return true;
}

int echo_main(int argc, char **argv)
{
	cu_init(argv);
	if (argc == 2 && !strcmp(argv[1], "--help"))
		cu_help(&cmd);
	bool newline = true, escapes = false;
	int i = 1;
	for (; i < argc && is_option(argv[i]); i++)
		for (const char *o = argv[i] + 1; *o; o++) {
			if (*o == 'n')
				newline = false;
			else
				escapes = *o == 'e';
		}
	for (int first = i; i < argc; i++) {
		if (i > first)
			putchar(' ');
		if (!escapes)
			fputs(argv[i], stdout);
		else if (!put_escaped(argv[i]))
			return fflush(stdout) ? 1 : 0;
	}
	if (newline)
		putchar('\n');
	return fflush(stdout) ? cu_errno("write error") : 0;
}
