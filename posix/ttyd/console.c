/* The serial console device (see console.h). */
#include <motor/usyscall.h>

#include "console.h"

#define WRITE_MAX 4096 /* debug_write's limit */
#define READ_MAX 256   /* console_read's */

void console_write(void *ctx, const char *bytes, size_t n)
{
	(void)ctx;
	while (n) {
		size_t k = n < WRITE_MAX ? n : WRITE_MAX;

		if (motor_debug_write((long)bytes, (long)k) < 0)
			return; /* our own buffer: cannot fail, and no one to tell */
		bytes += k;
		n -= k;
	}
}

long console_attach(long res, long nf, uint64_t bits)
{
	return motor_console_notify(res, nf, (long)bits);
}

long console_drain(long res, struct tty *t, uint64_t now)
{
	char buf[READ_MAX];

	/*
	 * Until empty: the notification fires when bytes arrive, not while
	 * some wait, so bytes left here could wait for the next keypress.
	 * Each chunk goes to the terminal at once, so readers take a long
	 * paste piece by piece instead of overflowing the input queue.
	 */
	for (;;) {
		long r = motor_console_read(res, (long)buf, sizeof(buf));

		if (r <= 0)
			return r;
		tty_input(t, buf, (size_t)r, now);
	}
}
