/*
 * ACPI table discovery (kernel/acpi/acpi.c, madt.c, fadt.c).
 *
 * Finds the RSDP (from the loader, else by scanning the BIOS areas), walks the
 * XSDT (or RSDT), and extracts what the kernel needs: the CPUs and interrupt
 * controllers from the MADT, and the power-off and PM-timer registers from
 * the FADT and the DSDT's \_S5 object. Every table is length- and
 * checksum-checked; a broken table is skipped with a message, never trusted.
 */
#ifndef ACPI_ACPI_H
#define ACPI_ACPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ACPI_MAX_CPUS 64
#define ACPI_MAX_IOAPICS 8
#define ACPI_MAX_OVERRIDES 16

/* A register in one of ACPI's address spaces (a Generic Address Structure). */
struct acpi_reg {
	uint8_t space; /* 0 memory, 1 I/O port */
	uint8_t width; /* bits */
	uint64_t addr; /* 0: absent */
};

struct acpi_info {
	char oem_id[7];
	uint8_t revision;
	/* MADT */
	bool have_madt;
	uint64_t lapic_phys;
	unsigned ncpus;
	uint32_t cpu_apic_id[ACPI_MAX_CPUS]; /* enabled CPUs, in table order */
	unsigned ncpus_skipped;              /* listed but disabled, or beyond ACPI_MAX_CPUS */
	unsigned nioapics;
	struct {
		uint8_t id;
		uint32_t phys;
		uint32_t gsi_base;
	} ioapic[ACPI_MAX_IOAPICS];
	unsigned noverrides;
	struct {
		uint8_t irq;    /* ISA IRQ */
		uint32_t gsi;   /* the global system interrupt it arrives on */
		uint16_t flags; /* MPS INTI flags: polarity bits 0-1, trigger bits 2-3 */
	} override[ACPI_MAX_OVERRIDES];
	/* FADT + DSDT */
	bool have_fadt;
	bool hw_reduced;
	uint32_t pm1a_cnt, pm1b_cnt; /* I/O ports, 0 if absent */
	uint32_t pm_timer_port;      /* 0 if absent */
	bool pm_timer_32bit;
	struct acpi_reg sleep_control; /* hardware-reduced platforms */
	struct acpi_reg reset_reg;
	uint8_t reset_value;
	bool have_s5;
	uint8_t s5_typ_a, s5_typ_b;
};

typedef const void *(*acpi_map_fn)(uint64_t phys, size_t len);

/*
 * Finds and parses the tables. rsdp_hint is the loader's RSDP address or 0.
 * Returns 0, or -ENOENT when there is no ACPI at all (then *info is empty).
 * Problems with single tables are printed and that table ignored.
 */
int acpi_init(uint64_t rsdp_hint, acpi_map_fn map, struct acpi_info *info);

/* Pure parsers, also used by the host unit tests. */
int acpi_parse_madt(const void *madt, size_t len, struct acpi_info *info);
int acpi_parse_fadt(const void *fadt, size_t len, struct acpi_info *info, uint64_t *dsdt_phys);
/* Finds the \_S5 package in AML and takes its first two values. 0 or -ENOENT. */
int acpi_find_s5(const void *aml, size_t len, uint8_t *typ_a, uint8_t *typ_b);
bool acpi_checksum_ok(const void *p, size_t len);

#endif
