/*
 * Starting the application processors (kernel/arch/x86_64/smp.c,
 * ap_trampoline.S): each CPU listed enabled in the MADT is sent INIT and
 * STARTUP; it runs the trampoline from real mode straight into long mode on
 * the kernel's page tables, then ap_main() on its own guarded stack.
 */
#ifndef ARCH_X86_64_SMP_H
#define ARCH_X86_64_SMP_H

#include <stdint.h>

#include "acpi/acpi.h"
#include "arch/x86_64/percpu.h"
#include "mm/memmap.h"

/* Reserves the trampoline page below 1 MiB; call before the page allocator owns memory. */
int smp_reserve_trampoline(struct memmap *m);
/* Starts every other CPU; returns how many came online (the boot CPU included). */
unsigned smp_start(const struct acpi_info *info, unsigned max_cpus);
/*
 * Flushes every CPU's TLB (this one's too), global pages included, and
 * returns when all have done it. Needs interrupts enabled.
 */
void smp_tlb_shootdown(void);
/*
 * For code that holds locks: flushes this CPU now and the others at this
 * CPU's next safe point (smp_tlb_shootdown_pending, called on the way back
 * to user mode and before idling), before the caller's thread sees user mode.
 */
void smp_tlb_shootdown_later(void);
void smp_tlb_shootdown_pending(void);
/* Per-CPU setup shared by the boot CPU and the APs (tables, IST stacks, APIC). */
int cpu_setup(struct cpu *c);

#endif
