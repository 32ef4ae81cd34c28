/*
 * What the boot sequence (kernel/core/main.c) shares with the rest of the
 * kernel: the parsed options, the boot information, and the idle loop.
 */
#ifndef CORE_KERNEL_H
#define CORE_KERNEL_H

#include <stdbool.h>
#include <stdint.h>

#include "acpi/acpi.h"
#include "boot/bootinfo.h"

#define MOTOR_VERSION "0.1.0"
#define TIMER_HZ 100
#define MIN_MEMORY_MIB 32

enum run_mode { RUN_MONITOR, RUN_SELFTEST, RUN_IDLE, RUN_POWEROFF, RUN_INIT };

struct kernel_options {
	int run;            /* enum run_mode; -1 before parsing */
	bool run_default;   /* run= was not given: init, else the monitor */
	char test[64];      /* run=selftest: only tests whose name starts with this */
	int crash;          /* index into crash_names, 0 = none */
	int panic;          /* 0 poweroff, 1 halt */
	uint64_t cpus;      /* start at most this many CPUs */
	bool quiet;         /* fewer boot messages */
	char init[128];     /* run=init: the program */
	char initargs[256]; /* run=init: its arguments */
};

extern struct kernel_options kopt;
extern struct boot_info boot;
extern struct acpi_info acpi;

/* The initrd (first boot module), mapped; len 0 when none was given. */
extern const void *initrd;
extern uint64_t initrd_len;

/* Parses the command line into kopt; on error returns -EINVAL with a message in err. */
int options_parse(const char *line, char *err, unsigned long errlen);
void options_usage(void);

__attribute__((noreturn)) void kernel_idle(void);

/* After-boot programs. */
__attribute__((noreturn)) void selftest_run(const char *prefix);
__attribute__((noreturn)) void monitor_run(void);
__attribute__((noreturn)) void crash_run(int which);
/* Whether the initrd holds path (run= left out: init if so, else the monitor). */
bool init_present(const char *path);
/* Starts the first user process from the initrd; fatal_input on failure. */
void init_start(const char *path, const char *args);
extern const char *const crash_names[];

#endif
