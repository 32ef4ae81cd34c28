/*
 * TAP output for the user-mode test programs, in the same shape as the
 * host unit tests' tests/unit/tap.h: "ok N - name", or "not ok N - name"
 * followed by "# " diagnostics; done_testing() prints "1..N" and returns
 * the exit status. Each result goes out in one debug_write, so a line is
 * never torn by a thread printing meanwhile.
 */
#include "lib/format.h"
#include "rt.h"

static int tap_count, tap_failures;

/* One line "# ...\n" in one write; long diagnostics are cut, not split. */
static void vdiag(const char *fmt, va_list ap)
{
	char buf[400];
	int n;

	memcpy(buf, "# ", 2);
	n = kvsnprintf(buf + 2, sizeof(buf) - 3, fmt, ap);
	n = n < 0 ? 0 : n > (int)sizeof(buf) - 4 ? (int)sizeof(buf) - 4 : n;
	buf[2 + n] = '\n';
	motor_debug_write((long)buf, 3 + n);
}

void diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(fmt, ap);
	va_end(ap);
}

static bool result(bool cond, const char *name)
{
	int n = __atomic_add_fetch(&tap_count, 1, __ATOMIC_RELAXED);

	if (!cond)
		__atomic_add_fetch(&tap_failures, 1, __ATOMIC_RELAXED);
	uprintf("%s %d - %s\n", cond ? "ok" : "not ok", n, name);
	return cond;
}

bool ok(bool cond, const char *name, const char *fmt, ...)
{
	va_list ap;

	if (!result(cond, name)) {
		va_start(ap, fmt);
		vdiag(fmt, ap);
		va_end(ap);
	}
	return cond;
}

bool is(long got, long expected, const char *name)
{
	if (!result(got == expected, name))
		diag("expected %ld (%#lx), got %ld (%#lx)", expected, (unsigned long)expected, got,
		     (unsigned long)got);
	return got == expected;
}

int done_testing(void)
{
	int count = __atomic_load_n(&tap_count, __ATOMIC_RELAXED);
	int failures = __atomic_load_n(&tap_failures, __ATOMIC_RELAXED);

	uprintf("1..%d\n", count);
	if (failures)
		uprintf("# %d of %d checks failed\n", failures, count);
	return failures ? 1 : 0;
}

const char *tname(const char *fmt, ...)
{
	static char bufs[8][128];
	static unsigned next;
	char *b = bufs[__atomic_fetch_add(&next, 1, __ATOMIC_RELAXED) % 8];
	va_list ap;

	va_start(ap, fmt);
	kvsnprintf(b, sizeof(bufs[0]), fmt, ap);
	va_end(ap);
	return b;
}
