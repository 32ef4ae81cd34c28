/*
 * The kernel monitor: a small command prompt on the serial console, what
 * `make run` lands in until user space exists. Input arrives by interrupt
 * (COM1 -> I/O APIC -> this CPU), which makes the prompt a live check of the
 * interrupt path as well as a way to look at the running kernel.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/ioapic.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/serial.h"
#include "arch/x86_64/trap.h"
#include "boot/cpio.h"
#include "core/console.h"
#include "core/kernel.h"
#include "core/log.h"
#include "core/power.h"
#include "core/time.h"
#include "lib/string.h"
#include "mm/heap.h"
#include "mm/page.h"

#define LINE_MAX 128
static void read_line(char *buf)
{
	size_t n = 0;
	for (;;) {
		int c = console_getc_wait();
		if (c == '\r' || c == '\n') {
			kprintf("\n");
			buf[n] = '\0';
			return;
		}
		if ((c == 0x7f || c == 8) && n > 0) {
			n--;
			kprintf("\b \b");
		} else if (c >= 0x20 && c < 0x7f && n < LINE_MAX - 1) {
			buf[n++] = (char)c;
			kprintf("%c", c);
		}
	}
}

static void cmd_help(void)
{
	kprintf("commands:\n"
		"  help        this list\n"
		"  mem         memory in use and free\n"
		"  cpus        the CPUs and their timer interrupts\n"
		"  uptime      time since boot\n"
		"  ls          files in the initrd\n"
		"  cat FILE    print a file from the initrd\n"
		"  dmesg       the kernel log\n"
		"  test [P]    run the self-tests (whose names start with P); powers off\n"
		"  poweroff [STATUS]\n"
		"  reboot\n");
}

static void cmd_mem(void)
{
	uint64_t total = page_total_count() * 4, freek = page_free_count() * 4;
	kprintf("memory: %lu KiB total, %lu KiB used, %lu KiB free; heap %lu bytes in use\n",
		total, total - freek, freek, heap_bytes_in_use());
}

static void cmd_cpus(void)
{
	for (unsigned i = 0; i < ncpus; i++)
		kprintf("cpu %u: APIC id %u, %s, %lu timer interrupts\n", i, cpus[i].apic_id,
			cpus[i].online ? "online" : "offline", cpus[i].timer_ticks);
}

static void cmd_ls(void)
{
	size_t off = 0;
	struct cpio_entry e;
	while (cpio_next(initrd, initrd_len, &off, &e, NULL) > 0)
		kprintf("%06o %8zu %s\n", e.mode, e.size, e.name);
}

static void cmd_cat(const char *path)
{
	struct cpio_entry e;
	int err = cpio_find(initrd, initrd_len, path, &e);
	if (err) {
		kprintf("cat: %s: no such file in the initrd\n", path);
		return;
	}
	kprintf("%.*s", (int)e.size, (const char *)e.data);
}

static void cmd_dmesg(void)
{
	static char buf[4096];
	size_t n = log_read(buf, sizeof(buf));
	kprintf("%.*s", (int)n, buf);
}

static void run_command(char *line)
{
	while (*line == ' ')
		line++;
	char *arg = strchr(line, ' ');
	if (arg) {
		*arg++ = '\0';
		while (*arg == ' ')
			arg++;
	} else {
		arg = line + strlen(line);
	}
	if (!*line)
		return;
	if (!strcmp(line, "help")) {
		cmd_help();
	} else if (!strcmp(line, "mem")) {
		cmd_mem();
	} else if (!strcmp(line, "cpus")) {
		cmd_cpus();
	} else if (!strcmp(line, "uptime")) {
		uint64_t ms = time_ns() / 1000000;
		kprintf("up %lu.%03lu s\n", ms / 1000, ms % 1000);
	} else if (!strcmp(line, "ls")) {
		cmd_ls();
	} else if (!strcmp(line, "cat") && *arg) {
		cmd_cat(arg);
	} else if (!strcmp(line, "dmesg")) {
		cmd_dmesg();
	} else if (!strcmp(line, "test")) {
		selftest_run(arg);
	} else if (!strcmp(line, "poweroff")) {
		int status = 0;
		for (const char *p = arg; *p >= '0' && *p <= '9' && status < 1000; p++)
			status = status * 10 + (*p - '0');
		power_off(status > 255 ? 255 : status);
	} else if (!strcmp(line, "reboot")) {
		power_reboot();
	} else {
		kprintf("%s: unknown command (try help)\n", line);
	}
}

void monitor_run(void)
{
	console_input_start();
	struct cpio_entry motd;
	if (cpio_find(initrd, initrd_len, "etc/motd", &motd) == 0)
		kprintf("%.*s", (int)motd.size, (const char *)motd.data);
	kprintf("Motor kernel monitor. Type 'help' for commands.\n");
	char line[LINE_MAX];
	for (;;) {
		kprintf("motor> ");
		read_line(line);
		run_command(line);
	}
}
