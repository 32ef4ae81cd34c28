/*
 * The time page: one read-only page the kernel maps into every process at
 * MOTOR_TIME_PAGE (also given in the auxiliary vector as MOTOR_AT_TIMEPAGE),
 * so monotonic and wall-clock time cost no system call:
 *
 *     ns since boot = ((rdtsc() - tsc_base) * ns_mult) >> 32   (128-bit product)
 *     wall clock    = wall_base_ns + ns since boot              (ns since 1970, UTC)
 *
 * `seq` is odd while the kernel updates the page: read it before and after
 * the other fields and retry when it changed or was odd.
 */
#ifndef MOTOR_TIMEPAGE_H
#define MOTOR_TIMEPAGE_H

#include <stdint.h>

#define MOTOR_TIME_PAGE 0x00007fffffff0000ull
#define MOTOR_AT_TIMEPAGE 0x1000

struct motor_time_page {
	volatile uint32_t seq;
	uint32_t version;      /* 1 */
	uint64_t tsc_base;     /* TSC at boot's clock start */
	uint64_t ns_mult;      /* nanoseconds per TSC tick, 32.32 fixed point */
	uint64_t tsc_hz;
	int64_t wall_base_ns;  /* wall-clock time at tsc_base (from the RTC), 0 if unknown */
};

/* Monotonic nanoseconds since boot, read without a system call. */
static inline uint64_t motor_time_ns(void)
{
	const struct motor_time_page *tp = (const struct motor_time_page *)MOTOR_TIME_PAGE;
	uint32_t s;
	uint64_t base, mult, lo, hi;
	do {
		s = tp->seq;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		base = tp->tsc_base;
		mult = tp->ns_mult;
		__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((s & 1) || s != tp->seq);
	uint64_t delta = ((hi << 32) | lo) - base;
	return (uint64_t)(((unsigned __int128)delta * mult) >> 32);
}

#endif
