/*
 * Per-CPU state. Each CPU's GS base points at its struct cpu, whose first
 * word points at itself, so this_cpu() is one load.
 */
#ifndef ARCH_X86_64_PERCPU_H
#define ARCH_X86_64_PERCPU_H

#include <stdbool.h>
#include <stdint.h>

#define MAX_CPUS 64

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

/* GDT selectors. The user pair is ordered for sysret (issue 3). */
#define SEL_KCODE 0x08
#define SEL_KDATA 0x10
#define SEL_UDATA 0x20
#define SEL_UCODE 0x28
#define SEL_TSS 0x30

/* Interrupt stack table slots (1-based, as the IDT encodes them). */
#define IST_DOUBLE_FAULT 1
#define IST_NMI 2
#define IST_MACHINE_CHECK 3

struct cpu {
	struct cpu *self; /* must stay first: this_cpu() reads %gs:0 */
	uint32_t id;      /* 0 .. ncpus-1, 0 is the boot CPU */
	uint32_t apic_id;
	volatile bool online;
	volatile uint64_t timer_ticks;
	uint64_t kstack_top; /* the stack this CPU runs its kernel code on */
	uint64_t gdt[8];
	struct tss tss;
};

extern struct cpu cpus[MAX_CPUS];
extern unsigned ncpus; /* CPUs listed by the firmware and usable */

static inline struct cpu *this_cpu(void)
{
	struct cpu *c;
	__asm__ volatile("mov %%gs:0, %0" : "=r"(c));
	return c;
}

/* Loads this CPU's GDT, TSS and GS base. */
void cpu_load_tables(struct cpu *c);

#endif
