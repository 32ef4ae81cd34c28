/*
 * ACPI discovery: RSDP, then XSDT or RSDT, then the MADT, FADT and DSDT.
 * Tables are reached through a map callback that refuses memory the kernel
 * has not mapped, so a bogus pointer in a table cannot fault the kernel.
 */
#include "acpi/acpi.h"

#include "acpi/tables.h"
#include "core/log.h"
#include "lib/string.h"
#include "motor/errno.h"

bool acpi_checksum_ok(const void *p, size_t len)
{
	uint8_t sum = 0;
	for (size_t i = 0; i < len; i++)
		sum += ((const uint8_t *)p)[i];
	return sum == 0;
}

static const struct acpi_rsdp *rsdp_at(uint64_t phys, acpi_map_fn map)
{
	const struct acpi_rsdp *r = map(phys, 20);
	if (!r || memcmp(r->signature, "RSD PTR ", 8) != 0 || !acpi_checksum_ok(r, 20))
		return NULL;
	/* ACPI 2.0+: 36 bytes with an extended checksum; fall back to the RSDT if bad. */
	if (r->revision >= 2 && !map(phys, sizeof(*r)))
		return NULL;
	return r;
}

static const struct acpi_rsdp *rsdp_scan(uint64_t from, uint64_t to, acpi_map_fn map)
{
	for (uint64_t a = from; a + 20 <= to; a += 16) {
		const struct acpi_rsdp *r = rsdp_at(a, map);
		if (r)
			return r;
	}
	return NULL;
}

static const struct acpi_rsdp *rsdp_find(uint64_t hint, acpi_map_fn map)
{
	if (hint)
		return rsdp_at(hint, map);
	/* The first KiB of the EBDA, then the BIOS ROM area (ACPI 6.x, 5.2.5.1). */
	const uint16_t *ebda_seg = map(0x40e, 2);
	if (ebda_seg && *ebda_seg) {
		uint64_t ebda = (uint64_t)*ebda_seg << 4;
		const struct acpi_rsdp *r = rsdp_scan(ebda, ebda + 1024, map);
		if (r)
			return r;
	}
	return rsdp_scan(0xe0000, 0x100000, map);
}

/* Maps a whole table after checking its header, length and checksum. */
static const struct acpi_header *table_at(uint64_t phys, acpi_map_fn map)
{
	const struct acpi_header *h = map(phys, sizeof(*h));
	if (!h)
		return NULL;
	uint32_t len = h->length;
	if (len < sizeof(*h) || len > (16u << 20))
		return NULL;
	h = map(phys, len);
	if (!h)
		return NULL;
	if (!acpi_checksum_ok(h, len)) {
		kprintf("acpi: table %.4s at %lx has a bad checksum; ignored\n", h->signature, phys);
		return NULL;
	}
	return h;
}

static void use_table(const struct acpi_header *h, acpi_map_fn map, struct acpi_info *info)
{
	if (memcmp(h->signature, "APIC", 4) == 0) {
		if (acpi_parse_madt(h, h->length, info) < 0)
			kprintf("acpi: the MADT is malformed; ignored\n");
	} else if (memcmp(h->signature, "FACP", 4) == 0) {
		uint64_t dsdt_phys = 0;
		if (acpi_parse_fadt(h, h->length, info, &dsdt_phys) < 0) {
			kprintf("acpi: the FADT is malformed; ignored\n");
			return;
		}
		const struct acpi_header *dsdt = dsdt_phys ? table_at(dsdt_phys, map) : NULL;
		if (dsdt && acpi_find_s5(dsdt + 1, dsdt->length - sizeof(*dsdt), &info->s5_typ_a,
					 &info->s5_typ_b) == 0)
			info->have_s5 = true;
	}
}

int acpi_init(uint64_t rsdp_hint, acpi_map_fn map, struct acpi_info *info)
{
	memset(info, 0, sizeof(*info));
	const struct acpi_rsdp *rsdp = rsdp_find(rsdp_hint, map);
	if (!rsdp)
		return -ENOENT;
	memcpy(info->oem_id, rsdp->oem_id, 6);
	info->revision = rsdp->revision;
	uint64_t root = rsdp->rsdt;
	size_t entry_size = 4;
	if (rsdp->revision >= 2 && acpi_checksum_ok(rsdp, sizeof(*rsdp))) {
		if (rsdp->xsdt) {
			root = rsdp->xsdt;
			entry_size = 8;
		}
	}
	const struct acpi_header *rt = table_at(root, map);
	if (!rt) {
		kprintf("acpi: the root table at %lx is unreadable or corrupt\n", root);
		return -ENOENT;
	}
	size_t n = (rt->length - sizeof(*rt)) / entry_size;
	const uint8_t *ents = (const uint8_t *)(rt + 1);
	for (size_t i = 0; i < n; i++) {
		uint64_t phys = 0;
		memcpy(&phys, ents + i * entry_size, entry_size);
		const struct acpi_header *h = table_at(phys, map);
		if (h)
			use_table(h, map, info);
	}
	return 0;
}
