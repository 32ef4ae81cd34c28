/* What ps and top share (coreutils/lib/procs.c). */
#ifndef COREUTILS_LIB_PROCS_H
#define COREUTILS_LIB_PROCS_H

#include <stddef.h>
#include <stdint.h>

#include <motor/procinfo.h>

/* A terminal's device number as a name: "console", "pts/N"; "?" for none. */
const char *cu_tty_name(int32_t dev, char *buf, size_t cap);
/* The command line with spaces, or "[name]" when there is none. */
const char *cu_cmdline(const struct motor_proc_stat *s, char *buf, size_t cap);
/* Kibibytes, for the memory columns. */
static inline unsigned long long cu_kib(uint64_t bytes)
{
	return (unsigned long long)(bytes / 1024);
}

#endif
