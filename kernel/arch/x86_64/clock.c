/*
 * TSC clock and calibration.
 *
 * kvmclock (KVM's paravirtual clock) states the TSC rate exactly; elsewhere
 * (TCG, other hypervisors) the TSC and the local APIC timer are timed against
 * PIT channel 0 for a few milliseconds. Channel 0 is used rather than the
 * usual channel 2 because channel 2's gate sits behind port 0x61, which
 * QEMU's microvm machine does not emulate.
 */
#include "core/time.h"

#include <stdbool.h>
#include <stddef.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/layout.h"
#include "motor/errno.h"
#include "motor/syscall.h"
#include "motor/timepage.h"

#define PIT_HZ 1193182ull
#define PIT_WINDOW_TICKS 2983 /* 2.5 ms */
#define KVM_MSR_SYSTEM_TIME_NEW 0x4b564d01u
#define KVM_FEATURE_CLOCKSOURCE2 (1u << 3)

/* The TSC at the kernel's first instruction, copied from the boot section by kmain_pvh. */
uint64_t kernel_entry_tsc;

static uint64_t tsc_hz;
static uint64_t tsc_start;
static uint64_t ns_mult; /* ns = (tsc delta * ns_mult) >> 32 */
static const char *source = "none";

struct pvclock {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp;
	uint64_t system_time;
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	uint8_t flags;
	uint8_t pad[2];
} __attribute__((aligned(64)));

static struct pvclock pvclock;

/* The time page: a whole page of the kernel image to itself (it is mapped
 * read-only into every process, so nothing else may share it). */
static union {
	struct motor_time_page tp;
	char page[4096];
} time_page_u __attribute__((aligned(4096)));
#define time_page time_page_u.tp

uint64_t time_page_phys(void)
{
	return v2p(&time_page_u);
}

static bool kvmclock_rate(uint64_t *hz)
{
	uint32_t a, b, c, d;
	cpuid(0x40000000, 0, &a, &b, &c, &d);
	/* "KVMKVMKVM\0\0\0" in ebx, ecx, edx */
	if (b != 0x4b4d564b || c != 0x564b4d56 || d != 0x4d || a < 0x40000001)
		return false;
	cpuid(0x40000001, 0, &a, &b, &c, &d);
	if (!(a & KVM_FEATURE_CLOCKSOURCE2))
		return false;
	wrmsr(KVM_MSR_SYSTEM_TIME_NEW, v2p(&pvclock) | 1);
	while (__atomic_load_n(&pvclock.version, __ATOMIC_ACQUIRE) == 0)
		cpu_relax();
	uint32_t mul = pvclock.tsc_to_system_mul;
	int shift = pvclock.tsc_shift;
	wrmsr(KVM_MSR_SYSTEM_TIME_NEW, 0);
	if (mul == 0)
		return false;
	/* ns per tick = mul * 2^shift / 2^32, so ticks per second: */
	uint64_t r = (1000000000ull << 32) / mul;
	*hz = shift >= 0 ? r >> shift : r << -shift;
	return *hz != 0;
}

static uint16_t pit_read(void)
{
	outb(0x43, 0x00); /* latch channel 0 */
	uint8_t lo = inb(0x40);
	uint8_t hi = inb(0x40);
	return (uint16_t)(lo | (hi << 8));
}

/* Times the TSC and the LAPIC timer against the PIT. */
static bool pit_calibrate(uint64_t *hz, uint64_t *lapic_hz)
{
	outb(0x43, 0x34); /* channel 0, low then high byte, mode 2 */
	outb(0x40, 0);
	outb(0x40, 0); /* 65536: the longest period */
	uint16_t prev = pit_read();
	/* Wait for the counter to move: no movement means no PIT. */
	int spins = 0;
	uint16_t cur;
	while ((cur = pit_read()) == prev) {
		if (++spins > 100000)
			return false;
	}
	prev = cur;
	uint64_t t0 = rdtsc();
	if (lapic_hz)
		lapic_timer_start_count();
	uint64_t ticks = 0;
	while (ticks < PIT_WINDOW_TICKS) {
		cur = pit_read();
		ticks += (uint16_t)(prev - cur);
		prev = cur;
	}
	uint64_t t1 = rdtsc();
	if (lapic_hz)
		*lapic_hz = (uint64_t)lapic_timer_elapsed() * PIT_HZ / ticks;
	*hz = (t1 - t0) * PIT_HZ / ticks;
	return *hz != 0;
}

/* LAPIC timer rate against the now-known TSC rate (kvmclock path). */
static uint64_t lapic_rate_by_tsc(void)
{
	uint64_t t0 = rdtsc(), window = tsc_hz / 400; /* 2.5 ms */
	lapic_timer_start_count();
	while (rdtsc() - t0 < window)
		cpu_relax();
	uint64_t el = lapic_timer_elapsed();
	uint64_t dt = rdtsc() - t0;
	return dt ? el * tsc_hz / dt : 0;
}

int clock_init(void)
{
	uint64_t lapic_hz = 0;
	if (kvmclock_rate(&tsc_hz)) {
		source = "tsc, rate from kvmclock";
		if (lapic_ready())
			lapic_hz = lapic_rate_by_tsc();
	} else if (pit_calibrate(&tsc_hz, lapic_ready() ? &lapic_hz : NULL)) {
		source = "tsc, calibrated against the PIT";
	} else {
		return -ENODEV;
	}
	if (lapic_hz)
		lapic_timer_set_rate(lapic_hz);
	ns_mult = (1000000000ull << 32) / tsc_hz;
	tsc_start = rdtsc();
	int64_t wall = rtc_read_ns();
	time_page.seq = 1;
	time_page.version = 1;
	time_page.tsc_base = tsc_start;
	time_page.ns_mult = ns_mult;
	time_page.tsc_hz = tsc_hz;
	time_page.wall_base_ns = wall;
	__atomic_store_n(&time_page.seq, 2, __ATOMIC_RELEASE);
	return 0;
}

static uint64_t tsc_to_ns(uint64_t delta)
{
	return (uint64_t)(((unsigned __int128)delta * ns_mult) >> 32);
}

uint64_t clock_tsc_to_ns(uint64_t ticks)
{
	return tsc_to_ns(ticks);
}

uint64_t time_ns(void)
{
	return ns_mult ? tsc_to_ns(rdtsc() - tsc_start) : 0;
}

uint64_t time_since_entry_ns(void)
{
	return ns_mult ? tsc_to_ns(rdtsc() - kernel_entry_tsc) : 0;
}

uint64_t clock_tsc_hz(void)
{
	return tsc_hz;
}

const char *clock_source(void)
{
	return source;
}

uint64_t deadline_from_timeout(uint64_t timeout_ns)
{
	if (timeout_ns == MOTOR_FOREVER)
		return UINT64_MAX; /* WAIT_FOREVER */
	uint64_t now = time_ns();
	return now + timeout_ns < now || now + timeout_ns == UINT64_MAX ? UINT64_MAX - 1
									 : now + timeout_ns;
}

void time_delay_us(uint64_t us)
{
	uint64_t end = time_ns() + us * 1000;
	while (time_ns() < end)
		cpu_relax();
}
