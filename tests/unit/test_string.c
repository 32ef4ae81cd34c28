/*
 * Unit tests for kernel/lib/string.c.
 *
 * The kernel's functions have the same names as libc's, so this file
 * includes string.c with each name #defined to a k_ prefix: the kernel code
 * is compiled here (with ASan/UBSan watching its accesses) as k_memcpy etc.,
 * while the test itself uses the host libc as the reference. No other test
 * links string.c; they use the host libc directly.
 */
#define memcpy k_memcpy
#define memmove k_memmove
#define memset k_memset
#define memcmp k_memcmp
#define strlen k_strlen
#define strnlen k_strnlen
#define strcmp k_strcmp
#define strncmp k_strncmp
#define strchr k_strchr
#include "lib/string.c"
#undef memcpy
#undef memmove
#undef memset
#undef memcmp
#undef strlen
#undef strnlen
#undef strcmp
#undef strncmp
#undef strchr

#include <stdlib.h>

#include "tap.h"

#define MAXN 80   /* sizes tried: 0..MAXN */
#define SLACK 16  /* canary bytes around every destination */
#define BUFLEN (MAXN + 2 * SLACK + 8)

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

static void fill(unsigned char *b, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (unsigned char)(seed * 31 + i * 7 + 1);
}

static void test_memcpy(void)
{
	unsigned char src[BUFLEN], dst[BUFLEN], exp[BUFLEN];
	const char *bad = NULL;

	for (size_t n = 0; n <= MAXN && !bad; n++) {
		for (size_t so = 0; so < 8 && !bad; so++) {
			for (size_t d = 0; d < 8 && !bad; d++) {
				size_t doff = SLACK + d;
				void *r;

				fill(src, sizeof(src), (unsigned)(n + so));
				memset(dst, 0xAA, sizeof(dst));
				memcpy(exp, dst, sizeof(dst));
				memcpy(exp + doff, src + so, n);
				r = k_memcpy(dst + doff, src + so, n);
				if (r != dst + doff)
					bad = tap_fmt(
						"returned wrong pointer (n=%zu src+%zu dst+%zu)", n,
						so, d);
				else if (memcmp(dst, exp, sizeof(dst)) != 0)
					bad = tap_fmt(
						"wrong bytes or canary hit (n=%zu src+%zu dst+%zu)",
						n, so, d);
			}
		}
	}
	if (bad)
		FAIL("memcpy: every size 0..80 at every alignment, canaries intact", bad);
	else
		PASS("memcpy: every size 0..80 at every alignment, canaries intact");
}

static void test_memmove(void)
{
	unsigned char buf[BUFLEN], exp[BUFLEN];
	const char *bad = NULL;

	for (size_t n = 0; n <= MAXN && !bad; n++) {
		for (int shift = -12; shift <= 12 && !bad; shift++) {
			for (size_t base = SLACK; base < SLACK + 8 && !bad; base++) {
				size_t from = base, to = (size_t)((long)base + shift);
				void *r;

				fill(buf, sizeof(buf), (unsigned)n);
				memcpy(exp, buf, sizeof(buf));
				memmove(exp + to, exp + from, n);
				r = k_memmove(buf + to, buf + from, n);
				if (r != buf + to)
					bad = tap_fmt("returned wrong pointer (n=%zu shift=%d)", n,
						      shift);
				else if (memcmp(buf, exp, sizeof(buf)) != 0)
					bad = tap_fmt("wrong bytes (n=%zu shift=%d from=%zu)", n,
						      shift, from);
			}
		}
	}
	if (bad)
		FAIL("memmove: overlapping both ways, every size and alignment", bad);
	else
		PASS("memmove: overlapping both ways, every size and alignment");

	/* Disjoint buffers, both orders of address. */
	unsigned char a[64], b[64];
	fill(a, sizeof(a), 3);
	memset(b, 0, sizeof(b));
	k_memmove(b, a, sizeof(a));
	CHECK_INT("memmove: disjoint buffers copy exactly", memcmp(a, b, sizeof(a)), 0);
}

static void test_memset(void)
{
	unsigned char buf[BUFLEN], exp[BUFLEN];
	const int values[] = { 0, 0x5a, 0xff, -1, 0x1ff, -128 };
	const char *bad = NULL;

	for (size_t v = 0; v < sizeof(values) / sizeof(values[0]) && !bad; v++) {
		for (size_t n = 0; n <= MAXN && !bad; n++) {
			for (size_t d = 0; d < 8 && !bad; d++) {
				size_t off = SLACK + d;
				void *r;

				memset(buf, 0xAA, sizeof(buf));
				memcpy(exp, buf, sizeof(buf));
				memset(exp + off, values[v], n);
				r = k_memset(buf + off, values[v], n);
				if (r != buf + off || memcmp(buf, exp, sizeof(buf)) != 0)
					bad = tap_fmt("value %d n=%zu dst+%zu", values[v], n, d);
			}
		}
	}
	if (bad)
		FAIL("memset: values converted to unsigned char, every size and alignment", bad);
	else
		PASS("memset: values converted to unsigned char, every size and alignment");
}

static void test_memcmp(void)
{
	const char *bad = NULL;

	CHECK_INT("memcmp: zero length is equal", k_memcmp("a", "b", 0), 0);
	CHECK_INT("memcmp: equal buffers", k_memcmp("abcdef", "abcdef", 6), 0);
	CHECK_INT("memcmp: bytes compare as unsigned (0x80 > 0x7f)",
		  sign(k_memcmp("\x80", "\x7f", 1)), 1);
	CHECK_INT("memcmp: first difference decides", sign(k_memcmp("abZ", "abc", 3)), -1);
	CHECK_INT("memcmp: does not stop at NUL", sign(k_memcmp("a\0b", "a\0c", 3)), -1);

	for (size_t n = 1; n <= 40 && !bad; n++) {
		for (size_t at = 0; at < n && !bad; at++) {
			unsigned char x[40], y[40];

			fill(x, n, 9);
			memcpy(y, x, n);
			y[at] = (unsigned char)(x[at] + 1);
			if (sign(k_memcmp(x, y, n)) != sign(memcmp(x, y, n)) ||
			    sign(k_memcmp(y, x, n)) != sign(memcmp(y, x, n)))
				bad = tap_fmt("n=%zu difference at %zu", n, at);
		}
	}
	if (bad)
		FAIL("memcmp: sign matches libc for a difference at every position", bad);
	else
		PASS("memcmp: sign matches libc for a difference at every position");
}

static void test_strlen(void)
{
	char nonterm[4] = { 'a', 'b', 'c', 'd' }; /* no NUL: strnlen must not read past 4 */
	char *heap = malloc(MAXN + 1);
	const char *bad = NULL;

	CHECK_UINT("strlen: empty string", k_strlen(""), 0);
	CHECK_UINT("strlen: ordinary string", k_strlen("hello"), 5);
	CHECK_UINT("strlen: high-bit bytes count", k_strlen("\xe9\xff"), 2);
	for (size_t n = 0; n <= MAXN && !bad; n++) {
		memset(heap, 'x', n);
		heap[n] = '\0';
		if (k_strlen(heap) != n)
			bad = tap_fmt("length %zu measured as %zu", n, k_strlen(heap));
	}
	if (bad)
		FAIL("strlen: exact-size heap strings of every length 0..80", bad);
	else
		PASS("strlen: exact-size heap strings of every length 0..80");
	free(heap);

	CHECK_UINT("strnlen: max below the length", k_strnlen("hello", 3), 3);
	CHECK_UINT("strnlen: max equal to the length", k_strnlen("hello", 5), 5);
	CHECK_UINT("strnlen: max above the length", k_strnlen("hello", 100), 5);
	CHECK_UINT("strnlen: max 0", k_strnlen("hello", 0), 0);
	CHECK_UINT("strnlen: unterminated buffer read only up to max",
		   k_strnlen(nonterm, sizeof(nonterm)), 4);
}

static void test_strcmp(void)
{
	CHECK_INT("strcmp: equal", k_strcmp("abc", "abc"), 0);
	CHECK_INT("strcmp: empty strings", k_strcmp("", ""), 0);
	CHECK_INT("strcmp: prefix sorts first", sign(k_strcmp("ab", "abc")), -1);
	CHECK_INT("strcmp: longer sorts after", sign(k_strcmp("abc", "ab")), 1);
	CHECK_INT("strcmp: unsigned bytes (0xe9 > 'z')", sign(k_strcmp("\xe9", "z")), 1);
	CHECK_INT("strcmp: first difference", sign(k_strcmp("abd", "abc")), 1);

	CHECK_INT("strncmp: n 0 is equal", k_strncmp("a", "b", 0), 0);
	CHECK_INT("strncmp: equal in the first n", k_strncmp("abcX", "abcY", 3), 0);
	CHECK_INT("strncmp: differs within n", sign(k_strncmp("abcX", "abcY", 4)), -1);
	CHECK_INT("strncmp: stops at NUL in both", k_strncmp("ab\0x", "ab\0y", 4), 0);
	CHECK_INT("strncmp: shorter string sorts first", sign(k_strncmp("ab", "abc", 10)), -1);
	CHECK_INT("strncmp: unsigned bytes", sign(k_strncmp("\x80", "\x01", 1)), 1);
}

static void test_strchr(void)
{
	const char *s = "hello, w\xe9rld";

	CHECK("strchr: finds the first occurrence", k_strchr(s, 'l') == s + 2);
	CHECK("strchr: absent character gives NULL", k_strchr(s, 'z') == NULL);
	CHECK("strchr: NUL finds the terminator", k_strchr(s, '\0') == s + strlen(s));
	CHECK("strchr: high-bit character given as int 0xe9", k_strchr(s, 0xe9) == s + 8);
	CHECK("strchr: int converted to char (256 + 'h')", k_strchr(s, 256 + 'h') == s);
	CHECK("strchr: empty string, nonzero c", k_strchr("", 'a') == NULL);
}

int main(void)
{
	test_memcpy();
	test_memmove();
	test_memset();
	test_memcmp();
	test_strlen();
	test_strcmp();
	test_strchr();
	return tap_done();
}
