/*
 * Interrupts and exceptions (kernel/arch/x86_64/idt.c, isr.S, trap.c).
 *
 * Every vector enters through a stub in isr.S that saves the registers as a
 * struct trap_frame and calls trap_dispatch(). Exceptions from kernel code
 * are fatal: they print a report (vector, error code, registers, faulting
 * address, a symbolized backtrace) and stop the machine. Device and IPI
 * vectors go to the handler registered for them.
 */
#ifndef ARCH_X86_64_TRAP_H
#define ARCH_X86_64_TRAP_H

#include <stdint.h>

struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};

/* Vector assignment. */
#define VEC_IRQ_BASE 0x30    /* IOAPIC pin n -> vector 0x30 + n */
#define VEC_IRQ_LAST 0x47
#define VEC_TIMER 0xf0       /* local APIC timer */
#define VEC_IPI_RESCHED 0xf1 /* "look at your run queue" */
#define VEC_IPI_TLB 0xf2     /* flush the whole TLB, global pages included */
#define VEC_SYSCALL 0x100    /* trap_frame.vector of a system call */
#define VEC_SPURIOUS 0xff

typedef void (*irq_handler_fn)(struct trap_frame *tf);

void idt_init(void);        /* builds the IDT (boot CPU, once) */
void idt_load(void);        /* loads it (every CPU) */
void irq_register(unsigned vector, irq_handler_fn fn);
irq_handler_fn irq_handler_of(unsigned vector);

void trap_dispatch(struct trap_frame *tf);

/* Prints a register dump and a backtrace starting at the frame. */
void trap_report(const struct trap_frame *tf);
void trap_report_backtrace(uint64_t rip, uint64_t rbp);

#endif
