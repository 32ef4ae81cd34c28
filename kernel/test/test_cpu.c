/* Self-tests of the clock, the timer interrupt on every CPU, SMP and ACPI. */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/percpu.h"
#include "core/kernel.h"
#include "core/time.h"
#include "test/selftest.h"

SELFTEST(clock, "time.monotonic_and_timer_ticks")
{
	int failed = 0;
	uint64_t t0 = time_ns(), ticks0 = this_cpu()->timer_ticks;
	uint64_t prev = t0;
	for (int i = 0; i < 1000; i++) {
		uint64_t t = time_ns();
		CHECK(t >= prev, "time went back from %lu to %lu", prev, t);
		prev = t;
	}
	/* Wait for 5 timer ticks (50 ms at 100 Hz) with interrupts on. */
	while (this_cpu()->timer_ticks < ticks0 + 5)
		cpu_idle();
	uint64_t dt = time_ns() - t0;
	CHECK(dt >= 35000000 && dt <= 500000000,
	      "5 timer ticks took %lu ns by the TSC clock, expected about 50 ms", dt);
	return failed;
}

SELFTEST(smp_ticks, "smp.every_cpu_takes_timer_interrupts")
{
	int failed = 0;
	uint64_t before[MAX_CPUS];
	for (unsigned i = 0; i < ncpus; i++)
		before[i] = cpus[i].timer_ticks;
	uint64_t end = time_ns() + 100000000;
	while (time_ns() < end)
		cpu_idle();
	for (unsigned i = 0; i < ncpus; i++) {
		CHECK(cpus[i].online, "cpu %u is not online", i);
		CHECK(cpus[i].timer_ticks > before[i], "cpu %u took no timer interrupt in 100 ms", i);
	}
	return failed;
}

SELFTEST(smp_ids, "smp.apic_ids_distinct")
{
	int failed = 0;
	for (unsigned i = 0; i < ncpus; i++)
		for (unsigned j = i + 1; j < ncpus; j++)
			CHECK(cpus[i].apic_id != cpus[j].apic_id, "cpus %u and %u share APIC id %u",
			      i, j, cpus[i].apic_id);
	unsigned want = acpi.ncpus < kopt.cpus ? acpi.ncpus : (unsigned)kopt.cpus;
	CHECK(ncpus == want, "%u CPUs online, the MADT lists %u (cpus=%lu)", ncpus, acpi.ncpus,
	      kopt.cpus);
	return failed;
}

SELFTEST(acpi_tables, "acpi.madt_and_fadt")
{
	int failed = 0;
	CHECK(acpi.have_madt, "no MADT");
	CHECK(acpi.lapic_phys != 0, "no local APIC address");
	CHECK(acpi.nioapics >= 1, "no I/O APIC");
	CHECK(acpi.have_fadt, "no FADT");
	CHECK(acpi.have_s5, "no \\_S5 in the DSDT");
	return failed;
}
