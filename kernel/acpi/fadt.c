/*
 * FADT ("FACP") parser and the \_S5 lookup in the DSDT: what the kernel needs
 * to power off (PM1 control ports, or the sleep control register on
 * hardware-reduced platforms such as QEMU's microvm) and the PM timer.
 */
#include "acpi/acpi.h"

#include "acpi/tables.h"
#include "lib/string.h"
#include "motor/errno.h"

/* Byte offsets into the FADT (ACPI 6.x, table 5.9). */
#define FADT_DSDT 40
#define FADT_PM1A_CNT 64
#define FADT_PM1B_CNT 68
#define FADT_PM_TMR 76
#define FADT_FLAGS 112
#define FADT_RESET_REG 116
#define FADT_RESET_VALUE 128
#define FADT_X_DSDT 140
#define FADT_SLEEP_CONTROL 244
#define FADT_FLAG_TMR_VAL_EXT (1u << 8)
#define FADT_FLAG_RESET_REG_SUP (1u << 10)
#define FADT_FLAG_HW_REDUCED (1u << 20)

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static void rd_gas(const uint8_t *p, struct acpi_reg *r)
{
	struct acpi_gas g;
	memcpy(&g, p, sizeof(g));
	r->space = g.space;
	r->width = g.bit_width;
	r->addr = g.address;
}

int acpi_parse_fadt(const void *fadt, size_t len, struct acpi_info *info, uint64_t *dsdt_phys)
{
	const uint8_t *p = fadt;
	if (len < FADT_FLAGS + 4)
		return -EINVAL;
	uint32_t flags = rd32(p + FADT_FLAGS);
	info->hw_reduced = flags & FADT_FLAG_HW_REDUCED;
	info->pm1a_cnt = rd32(p + FADT_PM1A_CNT);
	info->pm1b_cnt = rd32(p + FADT_PM1B_CNT);
	info->pm_timer_port = rd32(p + FADT_PM_TMR);
	info->pm_timer_32bit = flags & FADT_FLAG_TMR_VAL_EXT;
	*dsdt_phys = rd32(p + FADT_DSDT);
	if (len >= FADT_RESET_VALUE + 1 && (flags & FADT_FLAG_RESET_REG_SUP)) {
		rd_gas(p + FADT_RESET_REG, &info->reset_reg);
		info->reset_value = p[FADT_RESET_VALUE];
	}
	if (len >= FADT_X_DSDT + 8) {
		uint64_t x;
		memcpy(&x, p + FADT_X_DSDT, 8);
		if (x)
			*dsdt_phys = x;
	}
	if (len >= FADT_SLEEP_CONTROL + 12)
		rd_gas(p + FADT_SLEEP_CONTROL, &info->sleep_control);
	info->have_fadt = true;
	return 0;
}

/* An AML integer: a BytePrefix constant or ZeroOp / OneOp. */
static int aml_byte(const uint8_t *p, const uint8_t *end, uint8_t *v, size_t *used)
{
	if (p >= end)
		return -EINVAL;
	if (*p == 0x00 || *p == 0x01) {
		*v = *p;
		*used = 1;
		return 0;
	}
	if (*p == 0x0a && p + 1 < end) {
		*v = p[1];
		*used = 2;
		return 0;
	}
	return -EINVAL;
}

int acpi_find_s5(const void *aml, size_t len, uint8_t *typ_a, uint8_t *typ_b)
{
	const uint8_t *p = aml, *end = p + len;
	for (size_t i = 0; i + 4 <= len; i++) {
		if (memcmp(p + i, "_S5_", 4) != 0)
			continue;
		/* NameOp (0x08), optionally a root prefix '\', then _S5_, PackageOp (0x12). */
		if (i < 1 || !(p[i - 1] == 0x08 || (i >= 2 && p[i - 1] == '\\' && p[i - 2] == 0x08)))
			continue;
		const uint8_t *q = p + i + 4;
		if (q >= end || *q != 0x12)
			continue;
		q++;
		if (q >= end)
			return -ENOENT;
		q += ((*q >> 6) & 3) + 1; /* PkgLength: lead byte + 0..3 more */
		q++;                      /* NumElements */
		size_t used;
		if (aml_byte(q, end, typ_a, &used) < 0)
			continue;
		q += used;
		if (aml_byte(q, end, typ_b, &used) < 0)
			*typ_b = *typ_a;
		return 0;
	}
	return -ENOENT;
}
