/*
 * The serial console as a terminal's device: output through the kernel's
 * console (debug_write), input from what the kernel buffered for us
 * (console_read on the device-resource handle, signalled through a
 * notification bound with console_notify).
 */
#ifndef TTYD_CONSOLE_H
#define TTYD_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

#include "tty.h"

/* The tty_device write hook: ctx is unused. */
void console_write(void *ctx, const char *bytes, size_t n);

/* Makes console input signal bits on notification nf. -> 0 or a negative errno. */
long console_attach(long res, long nf, uint64_t bits);

/* Feeds all the input the kernel has buffered to t. -> 0 or a negative errno. */
long console_drain(long res, struct tty *t, uint64_t now);

#endif
