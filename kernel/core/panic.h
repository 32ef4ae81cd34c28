/*
 * Fatal errors (kernel/core/panic.c). panic() is for broken kernel
 * invariants; fatal_input() is for bad input the kernel cannot boot with (a
 * wrong command line, no memory, a corrupt initrd): it says what is wrong and
 * powers off with status EXIT_BAD_INPUT instead of printing a crash report.
 */
#ifndef CORE_PANIC_H
#define CORE_PANIC_H

#include <stdbool.h>

#include "core/power.h"

__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);
__attribute__((noreturn, format(printf, 1, 2))) void fatal_input(const char *fmt, ...);

/* What to do after a crash report: power off (default) or halt for a debugger. */
void panic_set_halt(int halt);

/*
 * Claims the crash report for this CPU: the first caller stops the other CPUs
 * (with an NMI) and makes the console lock-free; any later caller just halts.
 */
void panic_begin(void);
bool panic_in_progress(void);

/* Stops the other CPUs and powers off (or halts) with `status`. Never returns. */
__attribute__((noreturn)) void panic_stop(int status);

#endif
