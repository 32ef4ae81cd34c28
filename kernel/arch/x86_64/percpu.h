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

struct thread;

struct cpu {
	struct cpu *self;       /* %gs:0 -- this_cpu() reads it */
	uint64_t kernel_rsp;    /* %gs:8 -- the running thread's kernel stack top (syscall entry) */
	uint64_t user_rsp;      /* %gs:16 -- scratch for the user stack pointer at syscall entry */
	struct thread *current; /* %gs:24 -- the running thread */
	uint32_t id;            /* 0 .. ncpus-1, 0 is the boot CPU */
	uint32_t apic_id;
	volatile bool online;
	volatile uint64_t timer_ticks;
	uint64_t kstack_top; /* the stack this CPU runs its kernel code on */
	uint64_t gdt[8];
	struct tss tss;
};

/* syscall.S reads these fields by offset. */
#define CPU_KERNEL_RSP 8
#define CPU_USER_RSP 16
_Static_assert(__builtin_offsetof(struct cpu, kernel_rsp) == CPU_KERNEL_RSP, "cpu layout");
_Static_assert(__builtin_offsetof(struct cpu, user_rsp) == CPU_USER_RSP, "cpu layout");
_Static_assert(__builtin_offsetof(struct cpu, current) == 24, "current_thread reads %gs:24");

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
