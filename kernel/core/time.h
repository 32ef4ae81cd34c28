/*
 * The kernel clock (kernel/arch/x86_64/clock.c): a monotonic nanosecond clock
 * from the TSC. The TSC rate comes from kvmclock where the hypervisor offers
 * it, else from timing the TSC against the PIT; the local APIC timer's rate
 * is measured in the same window.
 */
#ifndef CORE_TIME_H
#define CORE_TIME_H

#include <stdint.h>

int clock_init(void);          /* boot CPU; -ENODEV if nothing could calibrate the TSC */
uint64_t time_ns(void);         /* monotonic, since clock_init */
uint64_t time_since_entry_ns(void); /* since the kernel's first instruction */
uint64_t clock_tsc_hz(void);
uint64_t clock_tsc_to_ns(uint64_t ticks); /* a TSC interval in nanoseconds */
const char *clock_source(void);
void time_delay_us(uint64_t us); /* busy-wait */
int64_t rtc_read_ns(void);
/*
 * The deadline for a system call's timeout argument: MOTOR_FOREVER waits
 * without one (WAIT_FOREVER), anything else is nanoseconds from now (0: do
 * not wait), saturating.
 */
uint64_t deadline_from_timeout(uint64_t timeout_ns);       /* wall clock from the CMOS RTC, 0 if none */

/* The page every process sees at MOTOR_TIME_PAGE; filled by clock_init. */
uint64_t time_page_phys(void);

#endif
