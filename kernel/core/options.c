/*
 * The kernel's command-line options: one table, used both to parse and to
 * print the usage message that follows a parse error.
 */
#include "boot/cmdline.h"
#include "core/kernel.h"
#include "core/log.h"

/* run = -1 until parsed: run= left out means init, or the monitor when the
 * initrd has no init (kernel/core/main.c). */
struct kernel_options kopt = {.run = -1, .cpus = 64, .init = "/sbin/init"};

static const char *const run_names[] = {"monitor", "selftest", "idle", "poweroff", "init", NULL};
static const char *const panic_names[] = {"poweroff", "halt", NULL};

static const struct cmdline_option table[] = {
	{"run", CMDLINE_CHOICE, &kopt.run, run_names, 0, 0, 0,
	 "what runs after boot: init (default), monitor, selftest, idle, poweroff"},
	{"init", CMDLINE_STRING, kopt.init, NULL, 0, 0, sizeof(kopt.init),
	 "with run=init: the first program, a path in the initrd (default /sbin/init)"},
	{"initargs", CMDLINE_STRING, kopt.initargs, NULL, 0, 0, sizeof(kopt.initargs),
	 "with run=init: its arguments, space-separated (quote the whole value)"},
	{"test", CMDLINE_STRING, kopt.test, NULL, 0, 0, sizeof(kopt.test),
	 "with run=selftest: only the tests whose names start with this"},
	{"crash", CMDLINE_CHOICE, &kopt.crash, crash_names, 0, 0, 0,
	 "crash on purpose after boot, to test the fault report"},
	{"panic", CMDLINE_CHOICE, &kopt.panic, panic_names, 0, 0, 0,
	 "after a crash report: poweroff (default) or halt (for a debugger)"},
	{"cpus", CMDLINE_UINT, &kopt.cpus, NULL, 1, 64, 0, "start at most this many CPUs"},
	{"quiet", CMDLINE_FLAG, &kopt.quiet, NULL, 0, 0, 0, "print fewer boot messages"},
};

int options_parse(const char *line, char *err, unsigned long errlen)
{
	int r = cmdline_parse(line, table, sizeof(table) / sizeof(table[0]), err, errlen);
	if (kopt.run < 0) {
		kopt.run = RUN_INIT;
		kopt.run_default = true;
	}
	return r;
}

void options_usage(void)
{
	kprintf("kernel command line options:\n");
	for (unsigned i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		kprintf("  %-8s %s\n", table[i].name, table[i].help);
}
