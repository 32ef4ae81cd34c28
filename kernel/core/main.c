/*
 * The boot sequence. kmain_pvh() runs on the boot stack with the boot page
 * tables: it reads what the loader passed, checks the command line and the
 * memory, builds the kernel's own page tables and page allocator, and moves
 * to a guarded stack. kmain() then brings up ACPI, the APICs, the clock and
 * the other CPUs, reports ready, and starts what the command line asked for.
 * Bad input stops the boot with a clear message (fatal_input).
 */
#include "core/kernel.h"

#include "acpi/acpi.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/ioapic.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/layout.h"
#include "arch/x86_64/paging.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/serial.h"
#include "arch/x86_64/smp.h"
#include "arch/x86_64/trap.h"
#include "boot/cpio.h"
#include "core/log.h"
#include "core/panic.h"
#include "core/time.h"
#include "mm/kstack.h"
#include "mm/page.h"
#include "sched/thread.h"
#include "motor/errno.h"

#define MiB (1ul << 20)
#define GiB (1ul << 30)

struct boot_info boot;
struct acpi_info acpi;
const void *initrd;
uint64_t initrd_len;

void crash_poll_ap(void);

static void timer_irq(struct trap_frame *tf)
{
	this_cpu()->timer_ticks++;
	lapic_eoi();
	sched_account_tick((tf->cs & 3) == 3);
	if (this_cpu()->id == 0)
		signal_tick(time_ns());
	sched_tick();
	if (kopt.crash)
		crash_poll_ap();
}

void kernel_idle(void)
{
	for (;;)
		cpu_idle();
}

/* Before the direct map exists, the boot tables identity-map the first 4 GiB. */
static const void *boot_map(uint64_t phys, size_t len)
{
	if (phys == 0 || phys + len < phys || phys + len > 4 * GiB)
		return NULL;
	return (const void *)(uintptr_t)phys;
}

static const void *direct_map(uint64_t phys, size_t len)
{
	return paging_direct_mapped(phys, len) ? p2v(phys) : NULL;
}

static void print_memmap(const struct memmap *m)
{
	kprintf("memory map:\n");
	for (size_t i = 0; i < m->n; i++)
		kprintf("  %016lx-%016lx %s\n", m->r[i].base, m->r[i].base + m->r[i].size - 1,
			memmap_type_name(m->r[i].type));
}

/* Carves out what is in use before anything allocates: page 0, the kernel,
 * the boot modules (the initrd) and the AP trampoline page. */
static void reserve_boot_memory(void)
{
	struct memmap *m = &boot.memmap;
	int err = memmap_mark(m, 0, 4096, MEM_RESERVED);
	if (!err)
		err = memmap_mark(m, (uint64_t)__kernel_phys_start - KERNEL_VMA,
				  (uint64_t)(__kernel_end - __kernel_phys_start), MEM_KERNEL);
	for (size_t i = 0; !err && i < boot.nmodules; i++)
		err = memmap_mark(m, boot.modules[i].phys, boot.modules[i].size, MEM_KERNEL);
	if (err)
		fatal_input("the memory map has too many entries (more than %d)", MEMMAP_MAX);
	if (smp_reserve_trampoline(m))
		kprintf("smp: no free page below 1 MiB for the AP trampoline; one CPU only\n");
}

static void check_memory(void)
{
	uint64_t usable = memmap_total(&boot.memmap, MEM_USABLE);
	if (usable < MIN_MEMORY_MIB * MiB)
		fatal_input("only %lu MiB of usable memory; Motor needs at least %d MiB "
			    "(QEMU: -m 64 or more)",
			    usable / MiB, MIN_MEMORY_MIB);
}

static void setup_initrd(void)
{
	if (boot.nmodules == 0) {
		if (kopt.run == RUN_MONITOR || kopt.run == RUN_INIT)
			fatal_input("no initrd: the system needs one (QEMU: -initrd FILE, "
				    "or make run, which passes the built one)");
		return;
	}
	const struct boot_module *mod = &boot.modules[0];
	if (!paging_direct_mapped(mod->phys, mod->size))
		fatal_input("the initrd at %lx (%lu bytes) lies outside RAM", mod->phys, mod->size);
	initrd = p2v(mod->phys);
	initrd_len = mod->size;
	const char *why = "";
	int n = cpio_validate(initrd, initrd_len, &why);
	if (n < 0)
		fatal_input("the initrd is not a valid cpio (newc) archive: %s", why);
	if (!kopt.quiet)
		kprintf("initrd: %d entries, %lu KiB\n", n, initrd_len / 1024);
}

static void setup_interrupts(void)
{
	int err = acpi_init(boot.rsdp_phys, direct_map, &acpi);
	if (err)
		kprintf("acpi: no ACPI tables found; one CPU, no ACPI power-off\n");
	power_set_acpi(&acpi);
	if (lapic_init(acpi.lapic_phys))
		panic("cannot map the local APIC");
	lapic_enable();
	pic_disable();
	int n = ioapic_init(&acpi);
	if (n < 0)
		panic("cannot map the I/O APIC");
	if (!kopt.quiet)
		kprintf("acpi: %s rev %u, %u CPU(s) listed, %u I/O APIC(s), %s\n", acpi.oem_id,
			acpi.revision, acpi.ncpus, acpi.nioapics,
			acpi.hw_reduced ? "hardware-reduced" : "PC-compatible");
}

static __attribute__((noreturn)) void kmain(void)
{
	int err = cpu_setup(&cpus[0]);
	if (err)
		panic("cannot set up the boot CPU (%d)", err);
	setup_initrd();
	setup_interrupts();
	if (clock_init())
		panic("cannot measure the TSC rate: no kvmclock and no PIT");
	irq_register(VEC_TIMER, timer_irq);
	lapic_timer_periodic(TIMER_HZ);
	irq_enable();
	if (!kopt.quiet)
		kprintf("clock: %s, %lu.%03lu MHz\n", clock_source(), clock_tsc_hz() / 1000000,
			clock_tsc_hz() / 1000 % 1000);
	sched_init_cpu();
	cpus[0].online = true;
	ncpus = smp_start(&acpi, (unsigned)kopt.cpus);

	uint64_t ns = time_since_entry_ns();
	kprintf("motor: %u CPU(s) online, %lu MiB free of %lu MiB\n", ncpus,
		page_free_count() * 4096 / MiB, page_total_count() * 4096 / MiB);
	kprintf("motor: ready in %lu.%03lu ms (kernel entry to ready)\n", ns / 1000000,
		ns / 1000 % 1000);

	if (kopt.crash)
		crash_run(kopt.crash);
	switch (kopt.run) {
	case RUN_SELFTEST:
		selftest_run(kopt.test);
	case RUN_POWEROFF:
		power_off(EXIT_OK);
	case RUN_IDLE:
		kernel_idle();
	case RUN_INIT:
		if (kopt.run_default && !init_present(kopt.init)) {
			kprintf("motor: no %s in the initrd: the monitor instead\n", kopt.init);
			monitor_run();
		}
		init_start(kopt.init, kopt.initargs);
		sched_idle_loop();
	default:
		monitor_run();
	}
}

static __attribute__((noreturn)) void switch_stack(uint64_t top, void (*fn)(void))
{
	__asm__ volatile("mov %0, %%rsp\n\t"
			 "xor %%ebp, %%ebp\n\t"
			 "call *%1\n\t"
			 "ud2"
			 :
			 : "r"(top), "r"(fn)
			 : "memory");
	__builtin_unreachable();
}

extern uint64_t boot_tsc, kernel_entry_tsc;

void kmain_pvh(uint64_t start_info_phys)
{
	kernel_entry_tsc = boot_tsc; /* the boot section is unmapped soon */
	cpus[0].self = &cpus[0];
	cpu_load_tables(&cpus[0]);
	idt_init();
	idt_load();
	serial_init();
	kprintf("\nMotor " MOTOR_VERSION " x86_64: booting via PVH\n");

	const char *why = "";
	if (pvh_parse(start_info_phys, boot_map, &boot, &why) < 0)
		fatal_input("bad boot information from the loader: %s", why);
	char err[160];
	if (options_parse(boot.cmdline, err, sizeof(err)) < 0) {
		kprintf("motor: bad kernel command line \"%s\": %s\n", boot.cmdline, err);
		options_usage();
		fatal_input("fix the command line (QEMU: -append, make run CMDLINE=...)");
	}
	panic_set_halt(kopt.panic == 1);
	if (!kopt.quiet) {
		kprintf("command line: \"%s\"\n", boot.cmdline);
		print_memmap(&boot.memmap);
	}
	reserve_boot_memory();
	check_memory();

	int e = paging_init(&boot.memmap);
	if (e == -ENOTSUP)
		fatal_input("the CPU has no NX (no-execute) bit; Motor requires it");
	if (e)
		fatal_input("not enough low memory for the kernel page tables (%d)", e);
	if (page_init(&boot.memmap))
		fatal_input("no usable memory for the page allocator");
	paging_use_page_allocator();

	uint64_t top;
	if (kstack_alloc(&top))
		fatal_input("no memory for the kernel stack");
	cpus[0].kstack_top = top;
	switch_stack(top, kmain);
}
