/*
 * formats.c — printf and scanf conversions against the C standard's required
 * output: integers with every flag, width and precision, length modifiers up
 * to long long / size_t / intmax_t, floating point (%f %e %g %a) including
 * rounding, -0.0, inf and nan, %n, snprintf truncation; sscanf conversions,
 * scan sets and return counts; strtol/strtoull/strtod edge cases with ERANGE;
 * wide characters and UTF-8 (swprintf, mbstowcs/wcstombs, mbrtowc, EILSEQ).
 *
 * TAP on stdout; exit status 0 only if every check passed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "tap.h"

/*
 * snprintf without the compiler's format checking, for the cases that test
 * flag combinations the standard defines but gcc warns about (e.g. "%+ d"),
 * and intended truncation.
 */
static int snprintf_nc(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

#define FMT_NC(want, ...)                                                           \
	do {                                                                        \
		char b_[512];                                                       \
		int n_ = snprintf_nc(b_, sizeof(b_), __VA_ARGS__);                  \
		if (is_str(b_, want, "printf %s", #__VA_ARGS__) && n_ != (int)strlen(want)) \
			is_int(n_, strlen(want), "printf return value for %s", #__VA_ARGS__); \
	} while (0)

/* Formats with snprintf and compares; also checks the return value. */
#define FMT(want, ...)                                                              \
	do {                                                                        \
		char b_[512];                                                       \
		int n_ = snprintf(b_, sizeof(b_), __VA_ARGS__);                     \
		if (is_str(b_, want, "printf %s", #__VA_ARGS__) && n_ != (int)strlen(want)) \
			is_int(n_, strlen(want), "printf return value for %s", #__VA_ARGS__); \
	} while (0)

static void test_integers(void)
{
	FMT("42", "%d", 42);
	FMT("-42", "%i", -42);
	FMT("4294967295", "%u", UINT_MAX);
	FMT("ff", "%x", 255);
	FMT("FF", "%X", 255);
	FMT("777", "%o", 511);
	FMT("A", "%c", 'A');
	FMT("hello", "%s", "hello");
	FMT("100%", "%d%%", 100);
	FMT("%", "%%");

	/* width, precision, flags */
	FMT("   42", "%5d", 42);
	FMT("42   |", "%-5d|", 42);
	FMT("00042", "%05d", 42);
	FMT("-0042", "%05d", -42);
	FMT("+42", "%+d", 42);
	FMT("+0", "%+d", 0);
	FMT(" 42", "% d", 42);
	FMT("-42", "% d", -42);
	FMT_NC("+42", "%+ d", 42); /* + wins over space */
	FMT("  007", "%5.3d", 7);
	FMT_NC("  007", "%05.3d", 7); /* 0 is ignored with a precision */
	FMT("", "%.0d", 0);
	FMT("     ", "%5.0d", 0);
	FMT("0", "%.0d0", 0);
	FMT("00000000000000000001", "%.20d", 1);
	FMT("0xff", "%#x", 255);
	FMT("0XFF", "%#X", 255);
	FMT("0", "%#x", 0);
	FMT("010", "%#o", 8);
	FMT("0", "%#o", 0);
	FMT("0", "%#.0o", 0);
	FMT("0x00ff", "%#06x", 255);
	FMT("  0xff", "%#6x", 255);
	FMT("0xff  |", "%-#6x|", 255);
	FMT("ffffffff", "%x", -1);
	FMT("   42", "%*d", 5, 42);
	FMT("42   |", "%*d|", -5, 42);
	FMT("00042", "%.*d", 5, 42);
	FMT("42", "%.*d", -1, 42); /* a negative precision is taken as omitted */
	FMT("  abc", "%5s", "abc");
	FMT("abc  |", "%-5s|", "abc");
	FMT("he", "%.2s", "hello");
	FMT("   he", "%5.2s", "hello");
	FMT("", "%.0s", "hello");
	FMT("  A", "%3c", 'A');
	FMT("A  |", "%-3c|", 'A');

	/* length modifiers */
	FMT("-9223372036854775808", "%lld", LLONG_MIN);
	FMT("9223372036854775807", "%lld", LLONG_MAX);
	FMT("18446744073709551615", "%llu", ULLONG_MAX);
	FMT("ffffffffffffffff", "%llx", ULLONG_MAX);
	FMT("1777777777777777777777", "%llo", ULLONG_MAX);
	FMT("-9223372036854775808", "%ld", LONG_MIN);
	FMT("18446744073709551615", "%lu", ULONG_MAX);
	FMT("-1", "%zd", (ssize_t)-1);
	FMT("18446744073709551615", "%zu", SIZE_MAX);
	FMT("-5", "%td", (ptrdiff_t)-5);
	FMT("-9223372036854775808", "%jd", INTMAX_MIN);
	FMT("18446744073709551615", "%ju", UINTMAX_MAX);
	FMT_NC("44", "%hhd", 300); /* an int, converted to char by printf */
	FMT_NC("-1", "%hhd", 255);
	FMT_NC("255", "%hhu", -1);
	FMT_NC("4464", "%hd", 70000);
	FMT_NC("-1", "%hd", 65535);
	FMT_NC("65535", "%hu", -1);
	FMT("-2147483648", "%d", INT_MIN);
	FMT("123456789012", "%" PRId64, (int64_t)123456789012LL);
	FMT("fedcba9876543210", "%" PRIx64, (uint64_t)0xfedcba9876543210ULL);

	/* %p: implementation-defined, but it must round-trip through %p in scanf. */
	{
		char b[64];
		int x;
		void *p = &x, *q = NULL;

		snprintf(b, sizeof(b), "%p", p);
		ok(sscanf(b, "%p", &q) == 1 && q == p, "%%p round-trips through sscanf (%s)", b);
		{
			char want[64];

			snprintf(want, sizeof(want), "0x%lx", (unsigned long)(uintptr_t)p);
			is_str(b, want, "%%p prints 0x and lower-case hex");
		}
	}
}

static void test_floats(void)
{
	volatile double zero = 0.0;

	FMT("3.140000", "%f", 3.14);
	FMT("3.14", "%.2f", 3.14159);
	FMT("3", "%.0f", 3.14);
	FMT("3.", "%#.0f", 3.14);
	FMT("  3.14", "%6.2f", 3.14159);
	FMT("003.14", "%06.2f", 3.14159);
	FMT("-03.14", "%06.2f", -3.14159);
	FMT("+3.14", "%+.2f", 3.14159);
	FMT(" 3.14", "% .2f", 3.14159);
	FMT("3.14  |", "%-6.2f|", 3.14159);

	/* rounding: exact halves go to even, others by their binary value */
	FMT("0", "%.0f", 0.5);
	FMT("2", "%.0f", 1.5);
	FMT("2", "%.0f", 2.5);
	FMT("4", "%.0f", 3.5);
	FMT("-0", "%.0f", -0.5);
	FMT("0.2", "%.1f", 0.25);
	FMT("0.3", "%.1f", 0.35); /* 0.35 is 0.34999999999999997779... */
	FMT("1.00", "%.2f", 1.005); /* 1.00499999999999989... */
	FMT("0.3", "%.1f", 0.25000000000000006);
	FMT("0.9", "%.1f", 0.95); /* 0.94999999999999995559... */
	FMT("1.0", "%.1f", 0.96);
	FMT("0.333333", "%f", 1.0 / 3);
	FMT("0.33333333333333331483", "%.20f", 1.0 / 3);
	FMT("0.10000000000000000555", "%.20f", 0.1);
	FMT("0.10000000000000001", "%.17g", 0.1);
	FMT("9223372036854775808", "%.0f", 9223372036854775808.0);
	FMT("1.000000e+300", "%e", 1e300);
	FMT("1e+300", "%g", 1e300);
	FMT("1.7976931348623157e+308", "%.16e", DBL_MAX);
	FMT("2.2250738585072014e-308", "%.16e", DBL_MIN);
	FMT("4.9406564584124654e-324", "%.16e", 4.9406564584124654e-324);
	FMT("1.000000e+00", "%e", 1.0);
	FMT("1.5E-07", "%.1E", 1.5e-7);
	FMT("1.234568e+05", "%e", 123456.789);
	FMT("2e+02", "%.0e", 150.0); /* 1.5e2: an exact half goes to even */
	FMT("4e+02", "%.0e", 350.0);
	FMT("2e+02", "%.0e", 250.0);
	FMT("2.e+00", "%#.0e", 2.0);
	{
		/*
		 * Past DECIMAL_DIG significant digits the standard only asks for a
		 * string between the two DECIMAL_DIG-digit neighbours of the value
		 * (glibc prints the exact value, newlib pads with zeros): check the
		 * length, the leading digits, and that it reads back as 1e300.
		 */
		char b[400];
		int n = snprintf(b, sizeof(b), "%.0f", 1e300);

		is_int(n, 301, "%%.0f of 1e300 has 301 digits");
		ok(!strncmp(b, "10000000000000000525", 20),
		   "%%.0f of 1e300 starts with the double's first 20 digits");
		ok(strtod(b, NULL) == 1e300, "%%.0f of 1e300 reads back as 1e300");
	}

	/* %g: style choice, trailing zeros, precision 0 */
	FMT("100000", "%g", 100000.0);
	FMT("1e+06", "%g", 1000000.0);
	FMT("0.0001", "%g", 0.0001);
	FMT("1e-05", "%g", 0.00001);
	FMT("0.3", "%g", 0.1 + 0.2);
	FMT("0.30000000000000004", "%.17g", 0.1 + 0.2);
	FMT("1", "%g", 1.0);
	FMT("1.00000", "%#g", 1.0);
	FMT("1", "%.0g", 1.0);
	FMT("1e+01", "%.0g", 12.0);
	FMT("12", "%.2g", 12.3);
	FMT("1.2e+02", "%.2g", 123.0);
	FMT("123457", "%g", 123456.7);
	FMT("1.23457e+06", "%g", 1234567.0);
	FMT("1.5", "%G", 1.5);
	FMT("1E-10", "%G", 1e-10);
	FMT("   1.5", "%6g", 1.5);

	/* signed zero, infinities, NaN */
	FMT("-0.000000", "%f", -0.0);
	FMT("-0", "%g", -0.0);
	FMT("-0.000000e+00", "%e", -0.0);
	FMT("+0.0", "%+.1f", 0.0);
	FMT("inf", "%f", 1.0 / zero);
	FMT("-inf", "%f", -1.0 / zero);
	FMT("INF", "%F", 1.0 / zero);
	FMT("inf", "%e", HUGE_VAL);
	FMT("inf", "%g", HUGE_VAL);
	FMT("   inf", "%6f", HUGE_VAL);
	FMT("   inf", "%06f", HUGE_VAL); /* 0 flag does not pad infinities with zeros */
	FMT("+inf", "%+f", HUGE_VAL);
	FMT("inf   |", "%-6f|", HUGE_VAL);
	FMT("nan", "%f", NAN);
	FMT("NAN", "%F", NAN);
	FMT("nan", "%g", NAN);
	FMT("   nan", "%6.2e", NAN);
	FMT("1.500000", "%Lf", 1.5L);
	FMT("-2.50", "%.2Lf", -2.5L);
	FMT("1.000000e+10", "%Le", 1e10L);

	/* %a: exact hexadecimal; the leading digit is 1 for normalized doubles */
	FMT("0x1p+0", "%a", 1.0);
	FMT("0x1p-1", "%a", 0.5);
	FMT("0x1.8p+1", "%a", 3.0);
	FMT("-0x1.8p-1", "%a", -0.75);
	FMT("0x1.5555555555555p-2", "%a", 1.0 / 3);
	FMT("0X1.8P+1", "%A", 3.0);
	FMT("0x0p+0", "%a", 0.0);
	FMT("0x1.fffffffffffffp+1023", "%a", DBL_MAX);
	FMT("0x1.6p+0", "%.1a", 1.375);
	FMT("0x1.000p+0", "%.3a", 1.0);
	{
		char b[64];
		const double vals[] = { 1.0 / 3, 0.1, -123.456, 1e-300, 6.02214076e23 };

		for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
			snprintf(b, sizeof(b), "%a", vals[i]);
			ok(strtod(b, NULL) == vals[i], "%%a round-trips through strtod (%s)", b);
		}
		for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
			snprintf(b, sizeof(b), "%.17g", vals[i]);
			ok(strtod(b, NULL) == vals[i], "%%.17g round-trips through strtod (%s)", b);
		}
	}
}

static void test_n_and_truncation(void)
{
	char b[16];
	int n1 = -1, n2 = -1;
	signed char hn = -1;
	long long lln = -1;

	snprintf(b, sizeof(b), "ab%ncde%n", &n1, &n2);
	ok(n1 == 2 && n2 == 5, "%%n stores the count so far (%d, %d)", n1, n2);
	snprintf(b, sizeof(b), "12345%hhn", &hn);
	is_int(hn, 5, "%%hhn");
	snprintf(b, sizeof(b), "123%lln", &lln);
	is_int(lln, 3, "%%lln");
	n1 = -1;
	snprintf_nc(b, 4, "abcdefgh%n", &n1);
	is_int(n1, 8, "%%n counts what would have been written past truncation");

	memset(b, 'Z', sizeof(b));
	is_int(snprintf_nc(b, 5, "%s", "hello world"), 11, "snprintf returns the untruncated length");
	is_str(b, "hell", "snprintf truncates and terminates");
	is_int(b[5], 'Z', "snprintf writes nothing past the size");
	is_int(snprintf(NULL, 0, "%d-%s", 12345, "xyz"), 9, "snprintf(NULL, 0) measures");
	memset(b, 'Z', sizeof(b));
	is_int(snprintf_nc(b, 1, "abc"), 3, "snprintf with size 1");
	is_int(b[0], 0, "writes only the NUL");
	is_int(b[1], 'Z', "and nothing more");
	b[0] = 'Q';
	is_int(snprintf_nc(b, 0, "abc"), 3, "snprintf with size 0");
	is_int(b[0], 'Q', "writes nothing");
	{
		char big[10000];
		char *s = malloc(9000);

		memset(s, 'w', 8999);
		s[8999] = 0;
		is_int(snprintf(big, sizeof(big), "<%s>", s), 9001, "snprintf of a 9000-char string");
		ok(big[0] == '<' && big[9000] == '>' && big[9001] == 0, "content of the long output");
		is_int(snprintf(big, sizeof(big), "%9500d|", 7), 9501, "a 9500-wide field");
		ok(big[0] == ' ' && big[9498] == ' ' && big[9499] == '7', "padded correctly");
		free(s);
	}
	{
		char b2[32];

		is_int(sprintf(b2, "%s=%d", "x", 1), 3, "sprintf returns the length");
		is_str(b2, "x=1", "sprintf output");
	}
}

static void test_sscanf(void)
{
	int i = 0, j = 0, k = 0, n = -1;
	unsigned u = 0;
	long long ll = 0;
	unsigned long long ull = 0;
	double d = 0;
	float f = 0;
	char s1[16] = "", s2[16] = "", c3[4] = "";
	size_t z = 0;
	signed char hh = 0;
	short h = 0;

	is_int(sscanf("  -42abc", "%d", &i), 1, "sscanf %%d skips spaces");
	is_int(i, -42, "%%d value");
	is_int(sscanf("0x1f", "%i", &i), 1, "%%i hex");
	is_int(i, 31, "%%i hex value");
	is_int(sscanf("017", "%i", &i), 1, "%%i octal");
	is_int(i, 15, "%%i octal value");
	is_int(sscanf("-12", "%i", &i), 1, "%%i negative decimal");
	is_int(i, -12, "%%i negative value");
	ok(sscanf("ff", "%x", &u) == 1 && u == 255, "%%x");
	ok(sscanf("0XfF", "%x", &u) == 1 && u == 255, "%%x accepts a 0X prefix");
	ok(sscanf("777", "%o", &u) == 1 && u == 511, "%%o");
	ok(sscanf("4294967295", "%u", &u) == 1 && u == UINT_MAX, "%%u UINT_MAX");
	ok(sscanf("-9223372036854775808", "%lld", &ll) == 1 && ll == LLONG_MIN, "%%lld LLONG_MIN");
	ok(sscanf("18446744073709551615", "%llu", &ull) == 1 && ull == ULLONG_MAX,
	   "%%llu ULLONG_MAX");
	ok(sscanf("ffffffffffffffff", "%llx", &ull) == 1 && ull == ULLONG_MAX, "%%llx");
	ok(sscanf("12345", "%zu", &z) == 1 && z == 12345, "%%zu");
	ok(sscanf("-7", "%hhd", &hh) == 1 && hh == -7, "%%hhd");
	ok(sscanf("-300", "%hd", &h) == 1 && h == -300, "%%hd");
	ok(sscanf("12345", "%3d%d", &i, &j) == 2 && i == 123 && j == 45, "%%3d limits the width");

	ok(sscanf("3.25", "%lf", &d) == 1 && d == 3.25, "%%lf");
	ok(sscanf("-1.5e-3", "%lf", &d) == 1 && d == -1.5e-3, "%%lf with exponent");
	ok(sscanf("2.5", "%f", &f) == 1 && f == 2.5f, "%%f into float");
	ok(sscanf("1e10", "%le", &d) == 1 && d == 1e10, "%%le");
	ok(sscanf("0.1", "%lg", &d) == 1 && d == 0.1, "%%lg 0.1 is the nearest double");
	ok(sscanf("inf", "%lf", &d) == 1 && isinf(d) && d > 0, "%%lf reads inf");
	ok(sscanf("-infinity", "%lf", &d) == 1 && isinf(d) && d < 0, "%%lf reads -infinity");
	ok(sscanf("nan", "%lf", &d) == 1 && isnan(d), "%%lf reads nan");
	ok(sscanf("1.5x", "%lf%n", &d, &n) == 1 && d == 1.5 && n == 3, "%%lf stops at junk");

	ok(sscanf("abcdefgh", "%5s%s", s1, s2) == 2 && !strcmp(s1, "abcde") && !strcmp(s2, "fgh"),
	   "%%5s limits the width");
	ok(sscanf("  word  next", "%15s", s1) == 1 && !strcmp(s1, "word"), "%%s skips spaces");
	ok(sscanf("abc123", "%[a-z]", s1) == 1 && !strcmp(s1, "abc"), "%%[a-z]");
	ok(sscanf("foo,bar", "%[^,],%s", s1, s2) == 2 && !strcmp(s1, "foo") && !strcmp(s2, "bar"),
	   "%%[^,]");
	ok(sscanf("]]x", "%[]]", s1) == 1 && !strcmp(s1, "]]"), "%%[]] with ] first in the set");
	ok(sscanf("a-b-c!", "%[-a-c]", s1) == 1 && !strcmp(s1, "a-b-c"), "%%[-a-c] with a literal -");
	is_int(sscanf("123", "%[a-z]", s1), 0, "%%[a-z] with no match returns 0");
	ok(sscanf("xyzw", "%3c", c3) == 1 && !memcmp(c3, "xyz", 3), "%%3c reads exactly 3");
	ok(sscanf(" x", "%c", c3) == 1 && c3[0] == ' ', "%%c does not skip spaces");
	ok(sscanf(" x", " %c", c3) == 1 && c3[0] == 'x', "\" %%c\" skips spaces");

	n = -1;
	ok(sscanf("12 34", "%d%n %d", &i, &n, &j) == 2 && n == 2, "%%n is not counted (n=%d)", n);
	ok(sscanf("a=5,b=6", "a=%d,b=%d", &i, &j) == 2 && i == 5 && j == 6, "literal matching");
	is_int(sscanf("a=5;b=6", "a=%d,b=%d", &i, &j), 1, "a literal mismatch stops the scan");
	ok(sscanf("1 2 3", "%*d %d %d", &i, &j) == 2 && i == 2 && j == 3, "%%*d suppresses");
	ok(sscanf("50%", "%d%%", &i) == 1 && i == 50, "%%%% matches a percent sign");
	is_int(sscanf("1 x", "%d %d", &i, &j), 1, "return count: 1 of 2");
	is_int(sscanf("x", "%d", &i), 0, "return count: matching failure is 0");
	is_int(sscanf("", "%d", &i), EOF, "return count: input failure is EOF");
	is_int(sscanf("   ", "%d", &i), EOF, "return count: only spaces is EOF");
	is_int(sscanf("7", "%d %d %d", &i, &j, &k), 1, "return count: EOF after one item");
}

static void test_strto(void)
{
	char *end;
	long l;
	unsigned long long ull;
	double d;
	const char *s;

	errno = 0;
	l = strtol("2147483647", &end, 10);
	ok(l == 2147483647L && *end == 0 && errno == 0, "strtol 2^31-1");
	errno = 0;
	l = strtol("9223372036854775807", NULL, 10);
	ok(l == LONG_MAX && errno == 0, "strtol LONG_MAX, no error");
	errno = 0;
	l = strtol("9223372036854775808", NULL, 10);
	ok(l == LONG_MAX && errno == ERANGE, "strtol overflow gives LONG_MAX and ERANGE");
	errno = 0;
	l = strtol("-9223372036854775808", NULL, 10);
	ok(l == LONG_MIN && errno == 0, "strtol LONG_MIN, no error");
	errno = 0;
	l = strtol("-99999999999999999999", NULL, 10);
	ok(l == LONG_MIN && errno == ERANGE, "strtol underflow gives LONG_MIN and ERANGE");
	s = "  +0x1Fz";
	l = strtol(s, &end, 0);
	ok(l == 31 && end == s + 7, "strtol base 0 hex, end at the junk");
	l = strtol("0777", NULL, 0);
	is_int(l, 511, "strtol base 0 octal");
	l = strtol("zz", &end, 36);
	is_int(l, 1295, "strtol base 36");
	s = "abc";
	l = strtol(s, &end, 10);
	ok(l == 0 && end == s, "strtol with no digits sets end to the start");
	s = "  -";
	l = strtol(s, &end, 10);
	ok(l == 0 && end == s, "strtol of a bare sign sets end to the start");
	errno = 0;
	l = strtol("10", &end, 1);
	is_int(errno, EINVAL, "strtol base 1 is EINVAL");
	errno = 0;
	l = strtol("10", &end, 37);
	is_int(errno, EINVAL, "strtol base 37 is EINVAL");
	s = "0x";
#ifdef __motor__
	todo_start("newlib 3.3 strtol consumes a \"0x\" with no hex digit after it");
#endif
	l = strtol(s, &end, 16);
	ok(l == 0 && end == s + 1, "strtol(\"0x\", 16) parses the 0 and stops at x");
#ifdef __motor__
	todo_end();
#endif

	errno = 0;
	ull = strtoull("18446744073709551615", &end, 10);
	ok(ull == ULLONG_MAX && errno == 0 && *end == 0, "strtoull ULLONG_MAX");
	errno = 0;
	ull = strtoull("18446744073709551616", NULL, 10);
	ok(ull == ULLONG_MAX && errno == ERANGE, "strtoull overflow gives ULLONG_MAX and ERANGE");
	errno = 0;
	ull = strtoull("-1", NULL, 10);
	ok(ull == ULLONG_MAX && errno == 0, "strtoull(\"-1\") is ULLONG_MAX (negated), no error");
	errno = 0;
	ull = strtoull("0xffffffffffffffff", NULL, 16);
	ok(ull == ULLONG_MAX && errno == 0, "strtoull hex with prefix");
	errno = 0;
	ull = strtoull("1111111111111111111111111111111111111111111111111111111111111111", NULL, 2);
	ok(ull == ULLONG_MAX && errno == 0, "strtoull base 2, 64 ones");

	errno = 0;
	d = strtod("1e400", &end);
	ok(d == HUGE_VAL && errno == ERANGE && *end == 0, "strtod overflow: HUGE_VAL, ERANGE");
	errno = 0;
	d = strtod("-1e400", NULL);
	ok(d == -HUGE_VAL && errno == ERANGE, "strtod negative overflow: -HUGE_VAL, ERANGE");
	errno = 0;
	d = strtod("1e-400", NULL);
	ok(d == 0 && errno == ERANGE, "strtod underflow: 0, ERANGE");
	errno = 0;
	d = strtod("0.1", NULL);
	ok(d == 0.1 && errno == 0, "strtod 0.1");
	d = strtod("  -12.5e1xyz", &end);
	ok(d == -125.0 && !strcmp(end, "xyz"), "strtod stops at junk");
	d = strtod("0x1.8p1", &end);
	ok(d == 3.0 && *end == 0, "strtod hex float");
	d = strtod("inf", &end);
	ok(isinf(d) && d > 0 && *end == 0, "strtod inf");
	d = strtod("-Infinity", &end);
	ok(isinf(d) && d < 0 && *end == 0, "strtod -Infinity");
	d = strtod("nan", &end);
	ok(isnan(d) && *end == 0, "strtod nan");
	s = ".";
	d = strtod(s, &end);
	ok(d == 0 && end == s, "strtod of \".\" converts nothing");
	s = "1e";
	d = strtod(s, &end);
	ok(d == 1 && end == s + 1, "strtod of \"1e\" stops before the e");
	d = strtod("2.2250738585072014e-308", NULL);
	ok(d == DBL_MIN, "strtod DBL_MIN");
	d = strtod("179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368", &end);
	ok(d == DBL_MAX && *end == 0, "strtod of DBL_MAX written in full");
	{
		errno = 0;
		float fl = strtof("3.4028236e38", NULL);

		ok(isinf(fl) && errno == ERANGE, "strtof overflow: inf, ERANGE");
	}
	ok(atoi("  123abc") == 123, "atoi");
	ok(atol("-77") == -77, "atol");
	ok(atof("2.5") == 2.5, "atof");
}

static void test_wide(void)
{
	wchar_t wbuf[64];
	char mb[64];
	mbstate_t st;
	wchar_t wc;
	size_t r;
	const char *loc;

	loc = setlocale(LC_ALL, "C.UTF-8");
	ok(loc != NULL, "setlocale(LC_ALL, \"C.UTF-8\")");
	if (!loc)
		diag("setlocale failed; the UTF-8 checks below will fail");
	ok(MB_CUR_MAX >= 4, "MB_CUR_MAX is at least 4 in UTF-8 (%d)", (int)MB_CUR_MAX);

	is_int(swprintf(wbuf, 64, L"%d-%ls-%c", 42, L"w\u00e9", 'x'), 7, "swprintf");
	ok(!wcscmp(wbuf, L"42-w\u00e9-x"), "swprintf content");
	is_int(swprintf(wbuf, 4, L"%s", "toolong"), -1, "swprintf that does not fit returns -1");
	is_int(swprintf(wbuf, 64, L"%5.1f|%-3d|", 2.25, 7), 10, "swprintf with floats and widths");
	ok(!wcscmp(wbuf, L"  2.2|7  |"), "swprintf float content");

	/* "h\u00e9\u20ac\U0001F600" = h (1 byte), é (2), € (3), 😀 (4) */
	r = mbstowcs(wbuf, "h\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 64);
	is_int(r, 4, "mbstowcs of 1-, 2-, 3- and 4-byte sequences");
	ok(wbuf[0] == L'h' && wbuf[1] == 0xe9 && wbuf[2] == 0x20ac && wbuf[3] == 0x1f600 &&
		   wbuf[4] == 0,
	   "mbstowcs code points");
	is_int(mbstowcs(NULL, "h\xc3\xa9\xe2\x82\xac", 0), 3, "mbstowcs(NULL) counts characters");
	r = wcstombs(mb, L"h\u00e9\u20ac\U0001F600", sizeof(mb));
	is_int(r, 10, "wcstombs gives 10 bytes");
	is_str(mb, "h\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", "wcstombs bytes");
	is_int(wcstombs(NULL, L"\u20ac\u20ac", 0), 6, "wcstombs(NULL) counts bytes");
	errno = 0;
	is_int(mbstowcs(wbuf, "ok\xff", 64), (size_t)-1, "mbstowcs of an invalid byte fails");
	is_int(errno, EILSEQ, "with EILSEQ");

	memset(&st, 0, sizeof(st));
	r = mbrtowc(&wc, "\xe2\x82\xac", 3, &st);
	ok(r == 3 && wc == 0x20ac, "mbrtowc of a 3-byte sequence (r=%zd wc=%#x)", (ssize_t)r,
	   (unsigned)wc);
	memset(&st, 0, sizeof(st));
	r = mbrtowc(&wc, "\xf0\x9f\x98\x80", 4, &st);
	ok(r == 4 && wc == 0x1f600, "mbrtowc of a 4-byte sequence (r=%zd wc=%#x)", (ssize_t)r,
	   (unsigned)wc);
	memset(&st, 0, sizeof(st));
	r = mbrtowc(&wc, "\xf0\x9f", 2, &st);
	is_int(r, (size_t)-2, "mbrtowc of an incomplete sequence returns -2");
	r = mbrtowc(&wc, "\x98\x80", 2, &st);
	ok(r == 2 && wc == 0x1f600, "and completes with the rest");
	memset(&st, 0, sizeof(st));
	errno = 0;
	r = mbrtowc(&wc, "\xc3\x28", 2, &st);
	is_int(r, (size_t)-1, "mbrtowc of an invalid continuation byte fails");
	is_int(errno, EILSEQ, "with EILSEQ");
	memset(&st, 0, sizeof(st));
	errno = 0;
	r = mbrtowc(&wc, "\xff", 1, &st);
	ok(r == (size_t)-1 && errno == EILSEQ, "mbrtowc of 0xff is EILSEQ");
	memset(&st, 0, sizeof(st));
	r = mbrtowc(&wc, "", 1, &st);
	ok(r == 0 && wc == 0, "mbrtowc of NUL returns 0");
	memset(&st, 0, sizeof(st));
	errno = 0;
	r = wcrtomb(mb, (wchar_t)-1, &st);
	ok(r == (size_t)-1 && errno == EILSEQ, "wcrtomb of a negative wchar_t is EILSEQ");
	memset(&st, 0, sizeof(st));
	r = wcrtomb(mb, 0x10ffff, &st);
	ok(r == 4 && !memcmp(mb, "\xf4\x8f\xbf\xbf", 4), "wcrtomb of U+10FFFF");
	is_int(mblen("\xc3\xa9", 2), 2, "mblen of a 2-byte sequence");
	is_int(wcslen(L"h\u00e9\u20ac"), 3, "wcslen");
	{
		char out[32];

		is_int(snprintf(out, sizeof(out), "%ls", L"\u00e9t\u00e9"), 5, "%%ls converts to UTF-8");
		is_str(out, "\xc3\xa9t\xc3\xa9", "%%ls bytes");
		is_int(snprintf(out, sizeof(out), "%lc", (wint_t)0x20ac), 3, "%%lc of the euro sign");
		is_str(out, "\xe2\x82\xac", "%%lc bytes");
	}
	{
		wchar_t w2[8];
		int x = 0;

		ok(swscanf(L"12 \u00e9t\u00e9", L"%d %7ls", &x, w2) == 2 && x == 12 &&
			   !wcscmp(w2, L"\u00e9t\u00e9"),
		   "swscanf");
	}
	setlocale(LC_ALL, "C");
}

int main(void)
{
	test_integers();
	test_floats();
	test_n_and_truncation();
	test_sscanf();
	test_strto();
	test_wide();
	return done_testing();
}
