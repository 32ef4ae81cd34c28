/*
 * Minimal TAP output for the host unit tests.
 *
 * Plan-less TAP: each check prints "ok N - name" or "not ok N - name"; a
 * failure adds "# expected X, got Y" and the source line. tap_done() prints
 * the plan "1..N" and returns the exit status (nonzero if anything failed).
 * Everything is static inline so each test program includes it once and
 * unused helpers cost nothing.
 */
#ifndef TESTS_UNIT_TAP_H
#define TESTS_UNIT_TAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int tap_count;
static int tap_failures;

/* printf into one of a few rotating buffers, for building case names. */
static inline const char *tap_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline const char *tap_fmt(const char *fmt, ...)
{
	static char bufs[8][512];
	static unsigned next;
	char *b = bufs[next++ % 8];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b, sizeof(bufs[0]), fmt, ap);
	va_end(ap);
	return b;
}

/* Renders n bytes C-style, escaping what is not printable, for diagnostics. */
static inline const char *tap_quote(const char *s, size_t n)
{
	static char bufs[4][1024];
	static unsigned next;
	char *b = bufs[next++ % 4];
	size_t o = 0, i;

	if (!s)
		return "NULL";
	b[o++] = '"';
	for (i = 0; i < n && o < sizeof(bufs[0]) - 8; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			o += (size_t)sprintf(b + o, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			o += (size_t)sprintf(b + o, "\\x%02x", c);
		else
			b[o++] = (char)c;
	}
	if (i < n)
		o += (size_t)sprintf(b + o, "...");
	b[o++] = '"';
	b[o] = '\0';
	return b;
}

static inline bool tap_result(bool ok, const char *file, int line, const char *name)
{
	tap_count++;
	printf("%s %d - %s\n", ok ? "ok" : "not ok", tap_count, name);
	if (!ok) {
		tap_failures++;
		printf("#   at %s:%d\n", file, line);
	}
	fflush(stdout);
	return ok;
}

static inline void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void tap_diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static inline bool tap_true(const char *file, int line, const char *name, bool ok, const char *expr)
{
	if (!tap_result(ok, file, line, name))
		tap_diag("expected %s to hold, got false", expr);
	return ok;
}

static inline bool tap_int(const char *file, int line, const char *name, long long got,
			   long long exp)
{
	if (!tap_result(got == exp, file, line, name))
		tap_diag("expected %lld, got %lld", exp, got);
	return got == exp;
}

static inline bool tap_uint(const char *file, int line, const char *name, unsigned long long got,
			    unsigned long long exp)
{
	if (!tap_result(got == exp, file, line, name))
		tap_diag("expected %llu (%#llx), got %llu (%#llx)", exp, exp, got, got);
	return got == exp;
}

static inline bool tap_mem(const char *file, int line, const char *name, const char *got,
			   size_t gotlen, const char *exp, size_t explen)
{
	bool ok = got && exp && gotlen == explen && memcmp(got, exp, explen) == 0;

	if (!exp || !got)
		ok = got == exp;
	if (!tap_result(ok, file, line, name))
		tap_diag("expected %s, got %s", tap_quote(exp, explen), tap_quote(got, gotlen));
	return ok;
}

static inline bool tap_str(const char *file, int line, const char *name, const char *got,
			   const char *exp)
{
	return tap_mem(file, line, name, got, got ? strlen(got) : 0, exp, exp ? strlen(exp) : 0);
}

static inline void tap_fail(const char *file, int line, const char *name, const char *why)
{
	tap_result(false, file, line, name);
	tap_diag("%s", why);
}

static inline int tap_done(void)
{
	printf("1..%d\n", tap_count);
	if (tap_failures)
		printf("# %d of %d checks failed\n", tap_failures, tap_count);
	fflush(stdout);
	return tap_failures ? 1 : 0;
}

#define CHECK(name, cond) tap_true(__FILE__, __LINE__, (name), (cond), #cond)
#define CHECK_INT(name, got, exp) \
	tap_int(__FILE__, __LINE__, (name), (long long)(got), (long long)(exp))
#define CHECK_UINT(name, got, exp) \
	tap_uint(__FILE__, __LINE__, (name), (unsigned long long)(got), (unsigned long long)(exp))
#define CHECK_STR(name, got, exp) tap_str(__FILE__, __LINE__, (name), (got), (exp))
#define CHECK_MEM(name, got, gotlen, exp, explen) \
	tap_mem(__FILE__, __LINE__, (name), (got), (gotlen), (exp), (explen))
#define FAIL(name, why) tap_fail(__FILE__, __LINE__, (name), (why))
#define PASS(name) tap_result(true, __FILE__, __LINE__, (name))

#endif
