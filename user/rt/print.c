/*
 * Console output for user programs: kernel/lib/format.c (compiled again for
 * user space) formats into a buffer on the caller's stack that goes out
 * through debug_write whenever it fills and at the end of the call. No
 * shared state, so threads may print at once; a line shorter than the
 * buffer leaves in one write and is not torn by other threads' output.
 */
#include "lib/format.h"
#include "rt.h"

#define OUTBUF 512

struct outbuf {
	size_t n;
	char b[OUTBUF];
};

static void flush(struct outbuf *o)
{
	if (o->n)
		motor_debug_write((long)o->b, (long)o->n);
	o->n = 0;
}

static void emit(char c, void *ctx)
{
	struct outbuf *o = ctx;

	if (o->n == OUTBUF)
		flush(o);
	o->b[o->n++] = c;
}

int uvprintf(const char *fmt, va_list ap)
{
	struct outbuf o;
	int n;

	o.n = 0;
	n = format_v(emit, &o, fmt, ap);
	flush(&o);
	return n;
}

int uprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = uvprintf(fmt, ap);
	va_end(ap);
	return n;
}
