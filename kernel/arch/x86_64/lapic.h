/*
 * Local APIC (kernel/arch/x86_64/lapic.c), in xAPIC (MMIO) mode: per-CPU
 * interrupt acceptance, end-of-interrupt, inter-processor interrupts (INIT,
 * SIPI, NMI) and the per-CPU timer.
 */
#ifndef ARCH_X86_64_LAPIC_H
#define ARCH_X86_64_LAPIC_H

#include <stdbool.h>
#include <stdint.h>

int lapic_init(uint64_t phys); /* boot CPU: maps the registers; -ENOMEM/-ENODEV */
void lapic_enable(void);       /* every CPU: software-enable, spurious vector, TPR 0 */
bool lapic_ready(void);
uint32_t lapic_id(void);
void lapic_eoi(void);

/* INIT, then STARTUP with the trampoline at page `page` (below 1 MiB). */
void lapic_send_init(uint32_t apic_id);
void lapic_send_startup(uint32_t apic_id, uint8_t page);
/* A fixed interrupt with `vector` to one CPU. */
void lapic_send_ipi(uint32_t apic_id, uint8_t vector);
/* NMI to every other CPU (used to stop them when the kernel crashes). */
void lapic_stop_others(void);

/* Timer: counts down at a rate measured by the clock code. */
void lapic_timer_start_count(void);       /* one-shot from 0xffffffff, for calibration */
uint32_t lapic_timer_elapsed(void);       /* ticks since lapic_timer_start_count */
void lapic_timer_set_rate(uint64_t ticks_per_sec);
void lapic_timer_periodic(unsigned hz);   /* every CPU, after set_rate */

#endif
