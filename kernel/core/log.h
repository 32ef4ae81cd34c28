/*
 * Kernel console output (kernel/core/log.c). Every line goes to COM1 and to
 * an in-memory ring (the kernel log, for dmesg later). Lines from different
 * CPUs never interleave: a whole kprintf call is written under one lock.
 */
#ifndef CORE_LOG_H
#define CORE_LOG_H

#include <stdarg.h>
#include <stddef.h>

int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kvprintf(const char *fmt, va_list ap);

/*
 * For the fatal-error path: stops taking the lock (another CPU may hold it
 * forever) so the report always gets out.
 */
void log_force_unlocked(void);

/* Copies up to len bytes of the log ring, oldest first; returns the count. */
size_t log_read(char *buf, size_t len);

#endif
