/*
 * panic() and fatal_input(): the two ways the kernel gives up. Both make sure
 * only one CPU reports, stop the others with an NMI, and power off with a
 * status the launcher passes on (or halt, for a debugger, with panic=halt).
 */
#include "core/panic.h"

#include <stdarg.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/trap.h"
#include "core/log.h"

static volatile int panicking;
static int halt_after_panic;

void panic_set_halt(int halt)
{
	halt_after_panic = halt;
}

bool panic_in_progress(void)
{
	return __atomic_load_n(&panicking, __ATOMIC_ACQUIRE) != 0;
}

void panic_begin(void)
{
	irq_disable();
	int expected = 0;
	if (!__atomic_compare_exchange_n(&panicking, &expected, 1, false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE))
		cpu_halt_forever(); /* someone else is already reporting */
	lapic_stop_others();
	log_force_unlocked();
}

void panic_stop(int status)
{
	if (halt_after_panic) {
		kprintf("motor: halted (panic=halt); attach a debugger or quit QEMU\n");
		cpu_halt_forever();
	}
	power_off(status);
}

void panic(const char *fmt, ...)
{
	panic_begin();
	kprintf("\n*** KERNEL PANIC on cpu %u: ", this_cpu()->id);
	va_list ap;
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
	uint64_t rip;
	__asm__ volatile("leaq 0(%%rip), %0" : "=r"(rip));
	trap_report_backtrace(rip, read_rbp());
	panic_stop(EXIT_PANIC);
}

void fatal_input(const char *fmt, ...)
{
	panic_begin();
	kprintf("motor: cannot boot: ");
	va_list ap;
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
	power_off(EXIT_BAD_INPUT);
}
