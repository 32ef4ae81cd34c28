/*
 * tap.h — a small TAP producer for the POSIX test programs (tests/posix/).
 *
 * Each check prints "ok N - name" or "not ok N - name"; a failed check adds
 * "#   at file:line" and a "#   expected ..., got ..." diagnostic. The plan
 * "1..N" comes at the end (done_testing), so a program that crashes half-way
 * leaves no plan and the harness sees it as failed.
 *
 *   ok(cond, fmt, ...)              passes when cond is true
 *   is_int(got, want, fmt, ...)     signed integers (long long)
 *   is_uint(got, want, fmt, ...)    unsigned integers
 *   is_str(got, want, fmt, ...)     C strings (NULL allowed)
 *   is_mem(got, want, len, fmt, ...)  byte ranges
 *   errno_is(res, eno, fmt, ...)    res must be -1 and errno must be eno
 *   errno_is2(res, e1, e2, ...)     res must be -1 and errno e1 or e2 (where
 *                                   POSIX allows either)
 *   null_errno_is(ptr, eno, ...)    ptr must be NULL and errno must be eno
 *   syscall_ok(res, fmt, ...)       res must not be -1 (reports errno if it is)
 *   skip(why, fmt, ...)             "ok N - name # SKIP why"
 *   todo_start(why) / todo_end()    checks in between are TODO: a failure is
 *                                   reported "not ok ... # TODO why" and does
 *                                   not fail the program
 *   diag(fmt, ...)                  "# ..." comment line
 *   bail_out(fmt, ...)              "Bail out! ..." and exit(1)
 *   done_testing()                  prints the plan; returns 0 only if every
 *                                   (non-TODO) check passed, 1 otherwise
 *
 * The checks that test a call's result capture errno right after evaluating
 * the call (the comma operator is a sequence point), before anything else can
 * change it. Everything is static, so each program includes this once.
 */
#ifndef TESTS_POSIX_TAP_H
#define TESTS_POSIX_TAP_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TAP_PRINTF(a, b) __attribute__((format(printf, a, b)))

static int tap_count_;
static int tap_failed_;
static int tap_todo_failed_;
static const char *tap_todo_;
static long long tap_res_;
static int tap_errno_;
static const void *tap_ptr_;

static void tap_diag_(const char *fmt, ...) TAP_PRINTF(1, 2);
static void tap_diag_(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

/* Prints the result line; returns the (possibly TODO-excused) verdict. */
static int tap_report_(int pass, const char *file, int line, const char *fmt, va_list ap)
{
	char name[512];

	vsnprintf(name, sizeof(name), fmt, ap);
	/* '#' starts a directive in TAP: keep it out of names. */
	for (char *p = name; *p; p++)
		if (*p == '#' || *p == '\n')
			*p = '_';
	tap_count_++;
	printf("%s %d - %s", pass ? "ok" : "not ok", tap_count_, name);
	if (tap_todo_)
		printf(" # TODO %s", tap_todo_);
	fputc('\n', stdout);
	if (!pass) {
		if (tap_todo_)
			tap_todo_failed_++;
		else
			tap_failed_++;
		printf("#   Failed test '%s'\n#   at %s:%d\n", name, file, line);
	}
	fflush(stdout);
	return pass;
}

static int tap_ok_(const char *file, int line, int pass, const char *expr, const char *fmt, ...)
	TAP_PRINTF(5, 6);
static int tap_ok_(const char *file, int line, int pass, const char *expr, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_report_(pass, file, line, fmt, ap);
	va_end(ap);
	if (!pass)
		tap_diag_("  expected true: %s", expr);
	return pass;
}

static int tap_is_int_(const char *file, int line, long long got, long long want, const char *fmt,
		       ...) TAP_PRINTF(5, 6);
static int tap_is_int_(const char *file, int line, long long got, long long want, const char *fmt,
		       ...)
{
	va_list ap;
	int pass = got == want;

	va_start(ap, fmt);
	tap_report_(pass, file, line, fmt, ap);
	va_end(ap);
	if (!pass)
		tap_diag_("  expected %lld, got %lld", want, got);
	return pass;
}

static int tap_is_uint_(const char *file, int line, unsigned long long got, unsigned long long want,
			const char *fmt, ...) TAP_PRINTF(5, 6);
static int tap_is_uint_(const char *file, int line, unsigned long long got, unsigned long long want,
			const char *fmt, ...)
{
	va_list ap;
	int pass = got == want;

	va_start(ap, fmt);
	tap_report_(pass, file, line, fmt, ap);
	va_end(ap);
	if (!pass)
		tap_diag_("  expected %llu (%#llx), got %llu (%#llx)", want, want, got, got);
	return pass;
}

/* Quotes n bytes C-style for a diagnostic (one of 4 rotating buffers). */
static const char *tap_quote_(const void *p, size_t n)
{
	static char bufs[4][600];
	static unsigned next;
	const unsigned char *s = p;
	char *b = bufs[next++ % 4];
	size_t o = 0, i;

	if (!s)
		return "NULL";
	b[o++] = '"';
	for (i = 0; i < n && o < sizeof(bufs[0]) - 10; i++) {
		if (s[i] == '"' || s[i] == '\\')
			o += (size_t)sprintf(b + o, "\\%c", s[i]);
		else if (s[i] < 0x20 || s[i] >= 0x7f)
			o += (size_t)sprintf(b + o, "\\x%02x", s[i]);
		else
			b[o++] = (char)s[i];
	}
	b[o++] = '"';
	if (i < n)
		o += (size_t)sprintf(b + o, "...(%zu bytes)", n);
	b[o] = '\0';
	return b;
}

static int tap_is_str_(const char *file, int line, const char *got, const char *want,
		       const char *fmt, ...) TAP_PRINTF(5, 6);
static int tap_is_str_(const char *file, int line, const char *got, const char *want,
		       const char *fmt, ...)
{
	va_list ap;
	int pass = (got && want) ? strcmp(got, want) == 0 : got == want;

	va_start(ap, fmt);
	tap_report_(pass, file, line, fmt, ap);
	va_end(ap);
	if (!pass)
		tap_diag_("  expected %s, got %s", tap_quote_(want, want ? strlen(want) : 0),
			  tap_quote_(got, got ? strlen(got) : 0));
	return pass;
}

static int tap_is_mem_(const char *file, int line, const void *got, const void *want, size_t n,
		       const char *fmt, ...) TAP_PRINTF(6, 7);
static int tap_is_mem_(const char *file, int line, const void *got, const void *want, size_t n,
		       const char *fmt, ...)
{
	va_list ap;
	int pass = got && want && memcmp(got, want, n) == 0;

	va_start(ap, fmt);
	tap_report_(pass, file, line, fmt, ap);
	va_end(ap);
	if (!pass) {
		size_t i = 0;

		if (got && want)
			while (i < n && ((const char *)got)[i] == ((const char *)want)[i])
				i++;
		tap_diag_("  first difference at byte %zu of %zu", i, n);
		tap_diag_("  expected %s", tap_quote_(want, n));
		tap_diag_("       got %s", tap_quote_(got, n));
	}
	return pass;
}

static int tap_errno_is_(const char *file, int line, long long res, int err, int want,
			 const char *wantname, const char *fmt, ...) TAP_PRINTF(7, 8);
static int tap_errno_is_(const char *file, int line, long long res, int err, int want,
			 const char *wantname, const char *fmt, ...)
{
	va_list ap;
	int pass = res == -1 && err == want;

	va_start(ap, fmt);
	tap_report_(pass, file, line, fmt, ap);
	va_end(ap);
	if (!pass) {
		if (res != -1)
			tap_diag_("  expected -1 with errno %s, got %lld (the call succeeded)",
				  wantname, res);
		else
			tap_diag_("  expected errno %s (%d: %s), got errno %d (%s)", wantname, want,
				  strerror(want), err, strerror(err));
	}
	return pass;
}

static int tap_errno_is2_(const char *file, int line, long long res, int err, int w1, int w2,
			  const char *wantname, const char *fmt, ...) TAP_PRINTF(8, 9);
static int tap_errno_is2_(const char *file, int line, long long res, int err, int w1, int w2,
			  const char *wantname, const char *fmt, ...)
{
	va_list ap;
	int pass = res == -1 && (err == w1 || err == w2);

	va_start(ap, fmt);
	tap_report_(pass, file, line, fmt, ap);
	va_end(ap);
	if (!pass) {
		if (res != -1)
			tap_diag_("  expected -1 with errno %s, got %lld (the call succeeded)",
				  wantname, res);
		else
			tap_diag_("  expected errno %s, got errno %d (%s)", wantname, err,
				  strerror(err));
	}
	return pass;
}

static int tap_null_errno_is_(const char *file, int line, const void *p, int err, int want,
			      const char *wantname, const char *fmt, ...) TAP_PRINTF(7, 8);
static int tap_null_errno_is_(const char *file, int line, const void *p, int err, int want,
			      const char *wantname, const char *fmt, ...)
{
	va_list ap;
	int pass = p == NULL && err == want;

	va_start(ap, fmt);
	tap_report_(pass, file, line, fmt, ap);
	va_end(ap);
	if (!pass) {
		if (p)
			tap_diag_("  expected NULL with errno %s, got %p", wantname, p);
		else
			tap_diag_("  expected errno %s (%d: %s), got errno %d (%s)", wantname, want,
				  strerror(want), err, strerror(err));
	}
	return pass;
}

static int tap_syscall_ok_(const char *file, int line, long long res, int err, const char *expr,
			   const char *fmt, ...) TAP_PRINTF(6, 7);
static int tap_syscall_ok_(const char *file, int line, long long res, int err, const char *expr,
			   const char *fmt, ...)
{
	va_list ap;
	int pass = res != -1;

	va_start(ap, fmt);
	tap_report_(pass, file, line, fmt, ap);
	va_end(ap);
	if (!pass)
		tap_diag_("  %s failed: errno %d (%s)", expr, err, strerror(err));
	return pass;
}

static void skip(const char *why, const char *fmt, ...) TAP_PRINTF(2, 3);
static void skip(const char *why, const char *fmt, ...)
{
	char name[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	tap_count_++;
	printf("ok %d - %s # SKIP %s\n", tap_count_, name, why);
	fflush(stdout);
}

static void todo_start(const char *why)
{
	tap_todo_ = why;
}

static void todo_end(void)
{
	tap_todo_ = NULL;
}

static void bail_out(const char *fmt, ...) TAP_PRINTF(1, 2);
static void bail_out(const char *fmt, ...)
{
	va_list ap;

	fputs("Bail out! ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
	exit(1);
}

static int done_testing(void)
{
	printf("1..%d\n", tap_count_);
	if (tap_todo_failed_)
		printf("# %d TODO check(s) failed (not counted)\n", tap_todo_failed_);
	if (tap_failed_)
		printf("# %d of %d checks failed\n", tap_failed_, tap_count_);
	fflush(stdout);
	return tap_failed_ ? 1 : 0;
}

/* Keeps -Wunused-function quiet for helpers a program does not use. */
static inline void tap_unused_(void)
{
	(void)tap_res_;
	(void)tap_errno_;
	(void)tap_ptr_;
	(void)tap_ok_;
	(void)tap_is_int_;
	(void)tap_is_uint_;
	(void)tap_is_str_;
	(void)tap_is_mem_;
	(void)tap_errno_is_;
	(void)tap_errno_is2_;
	(void)tap_null_errno_is_;
	(void)tap_syscall_ok_;
	(void)skip;
	(void)todo_start;
	(void)todo_end;
	(void)bail_out;
	(void)done_testing;
	(void)tap_unused_;
}

#define diag(...) tap_diag_(__VA_ARGS__)
#define ok(cond, ...) tap_ok_(__FILE__, __LINE__, !!(cond), #cond, __VA_ARGS__)
#define is_int(got, want, ...) \
	tap_is_int_(__FILE__, __LINE__, (long long)(got), (long long)(want), __VA_ARGS__)
#define is_uint(got, want, ...)                                                         \
	tap_is_uint_(__FILE__, __LINE__, (unsigned long long)(got), (unsigned long long)(want), \
		     __VA_ARGS__)
#define is_str(got, want, ...) tap_is_str_(__FILE__, __LINE__, (got), (want), __VA_ARGS__)
#define is_mem(got, want, n, ...) \
	tap_is_mem_(__FILE__, __LINE__, (got), (want), (n), __VA_ARGS__)
#define errno_is(res, eno, ...)                                                       \
	(errno = 0, tap_res_ = (long long)(res), tap_errno_ = errno,                  \
	 tap_errno_is_(__FILE__, __LINE__, tap_res_, tap_errno_, (eno), #eno, __VA_ARGS__))
#define errno_is2(res, e1, e2, ...)                                                        \
	(errno = 0, tap_res_ = (long long)(res), tap_errno_ = errno,                       \
	 tap_errno_is2_(__FILE__, __LINE__, tap_res_, tap_errno_, (e1), (e2), #e1 " or " #e2, \
			__VA_ARGS__))
#define null_errno_is(ptr, eno, ...)                                                      \
	(errno = 0, tap_ptr_ = (const void *)(ptr), tap_errno_ = errno,                   \
	 tap_null_errno_is_(__FILE__, __LINE__, tap_ptr_, tap_errno_, (eno), #eno, __VA_ARGS__))
#define syscall_ok(res, ...)                                                      \
	(errno = 0, tap_res_ = (long long)(res), tap_errno_ = errno,              \
	 tap_syscall_ok_(__FILE__, __LINE__, tap_res_, tap_errno_, #res, __VA_ARGS__))

#endif
