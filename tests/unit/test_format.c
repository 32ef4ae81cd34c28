/*
 * Unit tests for kernel/lib/format.c.
 *
 * Most cases run the same format and arguments through ksnprintf and the
 * host's snprintf and require identical text and return value. Where the
 * kernel deliberately differs (%p, unknown conversions) the expected text is
 * spelled out. Truncation and the emit callback are checked separately.
 */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/format.h"
#include "tap.h"

/* Same text and return value from ksnprintf and snprintf. */
#define SAME(...)                                                                        \
	do {                                                                             \
		char k_[512], h_[512];                                                   \
		int kr_ = ksnprintf(k_, sizeof(k_), __VA_ARGS__);                        \
		int hr_ = snprintf(h_, sizeof(h_), __VA_ARGS__);                         \
		if (CHECK_MEM(tap_fmt("same as snprintf: %s", #__VA_ARGS__), k_,         \
			      strlen(k_), h_, strlen(h_)))                               \
			CHECK_INT(tap_fmt("same return as snprintf: %s", #__VA_ARGS__), kr_, hr_); \
	} while (0)

/*
 * Hides a literal format from the compiler's checks, for formats that are
 * valid C but draw a "flag ignored" warning, like "%+ d".
 */
static const char *nl(const char *fmt)
{
	return fmt;
}

/* Calls kvsnprintf without the compiler's format checking, for bad formats. */
static int unchecked(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

#define EXPECT_UNCHECKED(exp, ...)                                                   \
	do {                                                                         \
		char b_[256];                                                        \
		int r_ = unchecked(b_, sizeof(b_), __VA_ARGS__);                     \
		CHECK_STR(tap_fmt("prints %s for %s", #exp, #__VA_ARGS__), b_, exp); \
		CHECK_INT(tap_fmt("returns %zu for %s", strlen(exp), #__VA_ARGS__), r_, \
			  (int)strlen(exp));                                         \
	} while (0)

static void test_integers(void)
{
	SAME("%d", 0);
	SAME("%d|%i", 1, -1);
	SAME("%d", INT_MAX);
	SAME("%d", INT_MIN);
	SAME("%lld", (long long)INT64_MIN);
	SAME("%lld", (long long)INT64_MAX);
	SAME("%ld", LONG_MIN);
	SAME("%jd", (intmax_t)INTMAX_MIN);
	SAME("%zu", (size_t)SIZE_MAX);
	SAME("%zd", (ptrdiff_t)-5);
	SAME("%td", (ptrdiff_t)PTRDIFF_MIN);
	SAME("%tu", (size_t)PTRDIFF_MAX);
	SAME("%hhd", 300);
	SAME("%hhd", 200);
	SAME("%hhu", 300);
	SAME("%hd", 70000);
	SAME("%hu", 70000);
	SAME("%hhx", -1);
	SAME("%u", UINT_MAX);
	SAME("%llu", ULLONG_MAX);
	SAME("%lx", ULONG_MAX);
	SAME("%llX", 0xDEADBEEFCAFEULL);
	SAME("%o", 8);
	SAME("%llo", ULLONG_MAX);
	SAME("%x %X", 0xabcdefu, 0xabcdefu);
	SAME("%jx", (uintmax_t)UINTMAX_MAX);
}

static void test_flags(void)
{
	SAME("[%5d]", 42);
	SAME("[%-5d]", 42);
	SAME("[%05d]", -42);
	SAME("[%+d]", 5);
	SAME("[%+d]", -5);
	SAME("[% d]", 5);
	SAME(nl("[%+ d]"), 5);
	SAME("[%+05d]", 5);
	SAME("[%-+6d]", 5);
	SAME(nl("[% 05d]"), 5);
	SAME("[%025lld]", (long long)INT64_MIN);
	SAME("[%-25lld]", (long long)INT64_MIN);
	SAME("[%.3d]", 7);
	SAME("[%.3d]", -7);
	SAME("[%.0d]", 0);
	SAME("[%5.0d]", 0);
	SAME("[%.0x]", 0u);
	SAME("[%#.0o]", 0u);
	SAME("[%#o]", 0u);
	SAME("[%#o]", 8u);
	SAME("[%#.3o]", 8u);
	SAME("[%#x]", 0u);
	SAME("[%#x]", 255u);
	SAME("[%#X]", 255u);
	SAME("[%#08x]", 255u);
	SAME("[%#-8x]", 255u);
	SAME("[%#10.4x]", 255u);
	SAME(nl("[%08.3d]"), 7);
	SAME(nl("[%-08d]"), 7);
	SAME("[%.10d]", -5);
	SAME("[%+.3d]", 0);
	SAME("[%1d]", 12345);
	SAME("[%300d]", 1);
	SAME("[%.100d]", 1);
	SAME("[%-300x]", 1u);
	SAME("[%010u]", 42u);
}

static void test_star(void)
{
	SAME("[%*d]", 5, 42);
	SAME("[%*d]", -5, 42);
	SAME("[%-*d]", 5, 42);
	SAME("[%.*d]", 3, 7);
	SAME("[%.*d]", -1, 7);
	SAME("[%*.*d]", 8, 4, -3);
	SAME("[%0*d]", 6, -3);
	SAME("[%.*s]", 2, "hello");
	SAME("[%*s]", -8, "left");
}

static void test_strings(void)
{
	char nonterm[3] = { 'a', 'b', 'c' };
	char *heap = malloc(3);

	SAME("%s", "hello");
	SAME("%s", "");
	SAME("[%10s]", "hello");
	SAME("[%-10s]", "hello");
	SAME("[%.3s]", "hello");
	SAME("[%.0s]", "hello");
	SAME("[%10.3s]", "hello");
	SAME("[%-10.3s]", "hello");
	SAME("[%.10s]", "hi");
	SAME("[%2s]", "longer");
	SAME("%c", 'A');
	SAME("[%5c]", 'x');
	SAME("[%-3c]", 'x');
	SAME("%c%c%c", 'a', 'b', 'c');
	SAME("%%");
	SAME("a%%b");
	SAME("100%%");
	SAME("%s=%d (%#x) %c%%", "key", -17, 255u, 'z');
	SAME("plain text");

	/* %.3s must not read past three bytes: ASan watches the exact-size buffer. */
	memcpy(heap, nonterm, 3);
	SAME("[%.3s]", heap);
	SAME("[%.*s]", 3, heap);
	free(heap);
}

static void test_kernel_specific(void)
{
	char b[64];
	int r;

	r = ksnprintf(b, sizeof(b), "%p", (void *)0);
	CHECK_STR("%p of NULL is 0x and 16 zeros", b, "0x0000000000000000");
	CHECK_INT("%p returns 18", r, 18);
	ksnprintf(b, sizeof(b), "%p", (void *)(uintptr_t)0xdeadbeef);
	CHECK_STR("%p pads to 16 digits", b, "0x00000000deadbeef");
	ksnprintf(b, sizeof(b), "%p", (void *)(uintptr_t)0xffff800000001000ULL);
	CHECK_STR("%p of a kernel address", b, "0xffff800000001000");
	ksnprintf(b, sizeof(b), "[%20p]", (void *)(uintptr_t)0x1234);
	CHECK_STR("%20p right-justifies", b, "[  0x0000000000001234]");
	ksnprintf(b, sizeof(b), "[%-20p]", (void *)(uintptr_t)0x1234);
	CHECK_STR("%-20p left-justifies", b, "[0x0000000000001234  ]");
	unchecked(b, sizeof(b), "[%s]", (const char *)NULL);
	CHECK_STR("%s of NULL prints (null)", b, "[(null)]");
	unchecked(b, sizeof(b), "[%8s]", (const char *)NULL);
	CHECK_STR("%8s of NULL pads (null)", b, "[  (null)]");

	EXPECT_UNCHECKED("%y", "%y");
	EXPECT_UNCHECKED("a%-5yb", "a%-5yb");
	EXPECT_UNCHECKED("abc%", "abc%");
	EXPECT_UNCHECKED("abc%-0", "abc%-0");
	EXPECT_UNCHECKED("%l", "%l");
	EXPECT_UNCHECKED("%k5", "%k%d", 5);
	EXPECT_UNCHECKED("%q|7", "%q|%d", 7);
}

static void test_truncation(void)
{
	char b[16];
	int r;

	r = ksnprintf(NULL, 0, "%d", 12345);
	CHECK_INT("size 0 with NULL buffer returns the full length", r, 5);

	memset(b, '#', sizeof(b));
	r = ksnprintf(b, 0, "%d", 12345);
	CHECK_INT("size 0 returns the full length", r, 5);
	CHECK_INT("size 0 writes nothing", b[0], '#');

	memset(b, '#', sizeof(b));
	r = ksnprintf(b, 1, "%d", 12345);
	CHECK_INT("size 1 returns the full length", r, 5);
	CHECK_STR("size 1 writes only the NUL", b, "");
	CHECK_INT("size 1 leaves the next byte", b[1], '#');

	memset(b, '#', sizeof(b));
	r = ksnprintf(b, 3, "%d", 12345);
	CHECK_INT("size 3 returns the full length", r, 5);
	CHECK_STR("size 3 keeps two characters", b, "12");
	CHECK_INT("size 3 leaves the byte after the NUL", b[3], '#');

	memset(b, '#', sizeof(b));
	r = ksnprintf(b, 6, "%d", 12345);
	CHECK_INT("exact fit returns the length", r, 5);
	CHECK_STR("exact fit keeps everything", b, "12345");

	memset(b, '#', sizeof(b));
	r = ksnprintf(b, 5, "%d", 12345);
	CHECK_STR("one short loses the last character", b, "1234");

	for (size_t size = 0; size <= 12; size++) {
		char k[16], h[16];
		int kr, hr;

		memset(k, '#', sizeof(k));
		memset(h, '#', sizeof(h));
		kr = ksnprintf(k, size, "%s-%05d", "ab", -42);
		hr = snprintf(h, size, "%s-%05d", "ab", -42);
		if (!CHECK_MEM(tap_fmt("truncation to %zu bytes matches snprintf", size), k,
			       sizeof(k), h, sizeof(h)))
			break;
		CHECK_INT(tap_fmt("truncation to %zu bytes returns the full length", size), kr, hr);
	}
}

struct counter {
	size_t n;
	char text[64];
};

static void count_emit(char c, void *ctx)
{
	struct counter *k = ctx;

	if (k->n < sizeof(k->text) - 1)
		k->text[k->n] = c;
	k->n++;
}

static int via_emit(struct counter *k, const char *fmt, ...)
{
	va_list ap;
	int n;

	memset(k, 0, sizeof(*k));
	va_start(ap, fmt);
	n = format_v(count_emit, k, fmt, ap);
	va_end(ap);
	return n;
}

static void test_emit(void)
{
	struct counter k;
	int n = via_emit(&k, "x=%d y=%s", 42, "why");

	CHECK_STR("format_v emits the text in order", k.text, "x=42 y=why");
	CHECK_INT("format_v returns the number of emits", n, (int)k.n);
	n = via_emit(&k, "");
	CHECK_INT("format_v of an empty format emits nothing", n, 0);
	CHECK_UINT("format_v of an empty format calls emit zero times", k.n, 0);
	n = via_emit(&k, "%c", 0);
	CHECK_INT("%c of NUL is emitted and counted", n, 1);
	CHECK_UINT("%c of NUL calls emit once", k.n, 1);
}

int main(void)
{
	test_integers();
	test_flags();
	test_star();
	test_strings();
	test_kernel_specific();
	test_truncation();
	test_emit();
	return tap_done();
}
