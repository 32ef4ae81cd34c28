/*
 * kprintf: formats straight to the serial console and into the kernel log
 * ring, under one lock so lines from different CPUs do not interleave.
 */
#include "core/log.h"

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86_64/serial.h"
#include "lib/format.h"
#include "lib/spinlock.h"
#include "motor/syscall.h"

#define LOG_RING_SIZE MOTOR_LOG_SIZE

static struct spinlock log_lock = SPINLOCK_INIT;
static bool log_unlocked;
static char ring[LOG_RING_SIZE];
static uint64_t ring_head; /* total bytes ever written */

static void emit(char c, void *ctx)
{
	(void)ctx;
	if (c == '\n')
		serial_putc('\r');
	serial_putc(c);
	ring[ring_head++ % LOG_RING_SIZE] = c;
}

int kvprintf(const char *fmt, va_list ap)
{
	bool locked = !__atomic_load_n(&log_unlocked, __ATOMIC_RELAXED);
	uint64_t flags = 0;
	if (locked)
		flags = spin_lock_irqsave(&log_lock);
	int n = format_v(emit, NULL, fmt, ap);
	if (locked)
		spin_unlock_irqrestore(&log_lock, flags);
	return n;
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvprintf(fmt, ap);
	va_end(ap);
	return n;
}

void log_force_unlocked(void)
{
	__atomic_store_n(&log_unlocked, true, __ATOMIC_RELAXED);
}

size_t log_read(char *buf, size_t len)
{
	uint64_t flags = spin_lock_irqsave(&log_lock);
	uint64_t avail = ring_head < LOG_RING_SIZE ? ring_head : LOG_RING_SIZE;
	if (len > avail)
		len = avail;
	uint64_t start = ring_head - len;
	for (size_t i = 0; i < len; i++)
		buf[i] = ring[(start + i) % LOG_RING_SIZE];
	spin_unlock_irqrestore(&log_lock, flags);
	return len;
}
