/*
 * Power off and reboot. See core/power.h for the order of attempts. The
 * ACPI registers are recorded by power_set_acpi() once the tables are read;
 * before that only isa-debug-exit and the keyboard-controller reset exist.
 */
#include "core/power.h"

#include "acpi/acpi.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/layout.h"
#include "arch/x86_64/paging.h"
#include "core/log.h"

#define DEBUG_EXIT_PORT 0xf4
#define SLP_EN_PM1 (1u << 13)
#define SLP_EN_HWR (1u << 5)

static const struct acpi_info *acpi;

void power_set_acpi(const struct acpi_info *info)
{
	acpi = info;
}

static void write_reg(const struct acpi_reg *r, uint8_t v)
{
	if (r->space == 1) {
		outb((uint16_t)r->addr, v);
	} else if (r->space == 0) {
		volatile uint8_t *p = paging_map_mmio(r->addr, 1);
		if (p)
			*p = v;
	}
}

static void acpi_power_off(void)
{
	if (!acpi || !acpi->have_fadt)
		return;
	uint8_t a = acpi->have_s5 ? acpi->s5_typ_a : 0;
	uint8_t b = acpi->have_s5 ? acpi->s5_typ_b : 0;
	if (acpi->hw_reduced && acpi->sleep_control.addr) {
		write_reg(&acpi->sleep_control, (uint8_t)(((a & 7) << 2) | SLP_EN_HWR));
		return;
	}
	if (acpi->pm1a_cnt)
		outw((uint16_t)acpi->pm1a_cnt, (uint16_t)((inw((uint16_t)acpi->pm1a_cnt) & 0xe3ff) |
						       ((a & 7) << 10) | SLP_EN_PM1));
	if (acpi->pm1b_cnt)
		outw((uint16_t)acpi->pm1b_cnt, (uint16_t)((inw((uint16_t)acpi->pm1b_cnt) & 0xe3ff) |
						       ((b & 7) << 10) | SLP_EN_PM1));
}

static void wait_a_little(void)
{
	for (volatile int i = 0; i < 1000000; i++)
		cpu_relax();
}

void power_reboot(void)
{
	irq_disable();
	if (acpi && acpi->reset_reg.addr)
		write_reg(&acpi->reset_reg, acpi->reset_value);
	wait_a_little();
	outb(0x64, 0xfe); /* keyboard controller: pulse the reset line */
	wait_a_little();
	/* Last resort: a triple fault. */
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} none = {0, 0};
	__asm__ volatile("lidt %0; int3" : : "m"(none));
	cpu_halt_forever();
}

void power_off(int status)
{
	irq_disable();
	kprintf("motor: power off (status %d)\n", status);
	if (status != 0)
		outb(DEBUG_EXIT_PORT, (uint8_t)status);
	acpi_power_off();
	wait_a_little();
	/* No ACPI (e.g. Firecracker): its VMM ends the VM on a keyboard-controller reset. */
	outb(0x64, 0xfe);
	wait_a_little();
	kprintf("motor: could not power off; halted\n");
	cpu_halt_forever();
}
