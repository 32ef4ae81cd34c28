/*
 * I/O APIC (kernel/arch/x86_64/ioapic.c): routes device interrupt pins to a
 * vector on a CPU. ISA IRQs go through the MADT's source overrides.
 */
#ifndef ARCH_X86_64_IOAPIC_H
#define ARCH_X86_64_IOAPIC_H

#include <stdint.h>

#include "acpi/acpi.h"

/* Maps every I/O APIC in the MADT and masks all pins. Returns how many. */
int ioapic_init(const struct acpi_info *info);
/* Routes ISA IRQ `irq` to `vector` on the CPU with `apic_id`, unmasked. */
int ioapic_route_isa(unsigned irq, uint8_t vector, uint32_t apic_id);
/* Masks ISA IRQ irq again. */
void ioapic_mask_isa(unsigned irq);
/* The legacy 8259 PICs are remapped out of the way and masked. */
void pic_disable(void);

#endif
