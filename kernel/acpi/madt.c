/*
 * MADT ("APIC") parser: local APIC address, enabled CPUs (xAPIC and x2APIC
 * entries), I/O APICs and ISA interrupt source overrides. Entries are
 * variable-length; each length is checked before the entry is read.
 */
#include "acpi/acpi.h"

#include "acpi/tables.h"
#include "lib/string.h"
#include "motor/errno.h"

#define MADT_LAPIC 0
#define MADT_IOAPIC 1
#define MADT_OVERRIDE 2
#define MADT_LAPIC_ADDR 5
#define MADT_X2APIC 9
#define MADT_FLAG_ENABLED 1
#define MADT_FLAG_ONLINE_CAPABLE 2

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static void add_cpu(struct acpi_info *info, uint32_t apic_id, uint32_t flags)
{
	/* Online-capable (hot-pluggable, not present now) CPUs are not started. */
	if (!(flags & MADT_FLAG_ENABLED) || info->ncpus >= ACPI_MAX_CPUS) {
		info->ncpus_skipped++;
		return;
	}
	for (unsigned i = 0; i < info->ncpus; i++)
		if (info->cpu_apic_id[i] == apic_id)
			return; /* listed twice (xAPIC and x2APIC entry) */
	info->cpu_apic_id[info->ncpus++] = apic_id;
}

int acpi_parse_madt(const void *madt, size_t len, struct acpi_info *info)
{
	const uint8_t *p = madt;
	if (len < sizeof(struct acpi_header) + 8)
		return -EINVAL;
	info->lapic_phys = rd32(p + sizeof(struct acpi_header));
	size_t off = sizeof(struct acpi_header) + 8;
	while (off + 2 <= len) {
		uint8_t type = p[off], elen = p[off + 1];
		if (elen < 2 || off + elen > len)
			return -EINVAL;
		const uint8_t *e = p + off;
		switch (type) {
		case MADT_LAPIC:
			if (elen >= 8)
				add_cpu(info, e[3], rd32(e + 4));
			break;
		case MADT_X2APIC:
			if (elen >= 16)
				add_cpu(info, rd32(e + 4), rd32(e + 8));
			break;
		case MADT_IOAPIC:
			if (elen >= 12 && info->nioapics < ACPI_MAX_IOAPICS) {
				unsigned i = info->nioapics++;
				info->ioapic[i].id = e[2];
				info->ioapic[i].phys = rd32(e + 4);
				info->ioapic[i].gsi_base = rd32(e + 8);
			}
			break;
		case MADT_OVERRIDE:
			if (elen >= 10 && info->noverrides < ACPI_MAX_OVERRIDES) {
				unsigned i = info->noverrides++;
				info->override[i].irq = e[3];
				info->override[i].gsi = rd32(e + 4);
				info->override[i].flags = (uint16_t)(e[8] | (e[9] << 8));
			}
			break;
		case MADT_LAPIC_ADDR:
			if (elen >= 12) {
				uint64_t a;
				memcpy(&a, e + 4, 8);
				info->lapic_phys = a;
			}
			break;
		default:
			break;
		}
		off += elen;
	}
	info->have_madt = true;
	return 0;
}
