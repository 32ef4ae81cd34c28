/*
 * I/O APIC driver and legacy PIC shutdown. Every pin starts masked; a driver
 * asks for its IRQ to be routed once it can handle it.
 */
#include "arch/x86_64/ioapic.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/paging.h"
#include "core/log.h"
#include "lib/spinlock.h"
#include "motor/errno.h"

#define IOREGSEL 0x00
#define IOWIN 0x10
#define REG_VER 0x01
#define REG_REDTBL 0x10
#define RED_MASKED (1u << 16)
#define RED_LEVEL (1u << 15)
#define RED_ACTIVE_LOW (1u << 13)

struct ioapic {
	volatile uint32_t *regs;
	uint32_t gsi_base;
	unsigned pins;
};

static struct ioapic ioapics[ACPI_MAX_IOAPICS];
static unsigned nioapics;
static const struct acpi_info *acpi;
static struct spinlock lock = SPINLOCK_INIT;

static uint32_t rd(struct ioapic *io, unsigned reg)
{
	io->regs[IOREGSEL / 4] = reg;
	return io->regs[IOWIN / 4];
}

static void wr(struct ioapic *io, unsigned reg, uint32_t v)
{
	io->regs[IOREGSEL / 4] = reg;
	io->regs[IOWIN / 4] = v;
}

void pic_disable(void)
{
	/* Remap to vectors 0x20-0x2f (so a stray PIC interrupt is not taken for an
	 * exception), then mask every line. */
	outb(0x20, 0x11);
	outb(0xa0, 0x11);
	outb(0x21, 0x20);
	outb(0xa1, 0x28);
	outb(0x21, 0x04);
	outb(0xa1, 0x02);
	outb(0x21, 0x01);
	outb(0xa1, 0x01);
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
}

int ioapic_init(const struct acpi_info *info)
{
	acpi = info;
	for (unsigned i = 0; i < info->nioapics; i++) {
		struct ioapic *io = &ioapics[nioapics];
		io->regs = paging_map_mmio(info->ioapic[i].phys, 4096);
		if (!io->regs)
			return -ENOMEM;
		io->gsi_base = info->ioapic[i].gsi_base;
		io->pins = ((rd(io, REG_VER) >> 16) & 0xff) + 1;
		for (unsigned p = 0; p < io->pins; p++) {
			wr(io, REG_REDTBL + 2 * p, RED_MASKED);
			wr(io, REG_REDTBL + 2 * p + 1, 0);
		}
		nioapics++;
	}
	return (int)nioapics;
}

/* The I/O APIC pin of an ISA IRQ (through the MADT overrides), and its flags. */
static struct ioapic *isa_pin(unsigned irq, unsigned *pin, uint32_t *flags)
{
	uint32_t gsi = irq;
	*flags = 0;
	for (unsigned i = 0; acpi && i < acpi->noverrides; i++) {
		if (acpi->override[i].irq == irq) {
			gsi = acpi->override[i].gsi;
			*flags = acpi->override[i].flags;
		}
	}
	for (unsigned i = 0; i < nioapics; i++) {
		struct ioapic *io = &ioapics[i];
		if (gsi >= io->gsi_base && gsi < io->gsi_base + io->pins) {
			*pin = gsi - io->gsi_base;
			return io;
		}
	}
	kprintf("ioapic: no I/O APIC serves IRQ %u (GSI %u)\n", irq, gsi);
	return NULL;
}

int ioapic_route_isa(unsigned irq, uint8_t vector, uint32_t apic_id)
{
	unsigned pin;
	uint32_t flags;
	struct ioapic *io = isa_pin(irq, &pin, &flags);
	if (!io)
		return -ENODEV;
	uint32_t lo = vector;
	if ((flags & 3) == 3)
		lo |= RED_ACTIVE_LOW; /* ISA default is active high */
	if (((flags >> 2) & 3) == 3)
		lo |= RED_LEVEL; /* ISA default is edge */
	uint64_t f = spin_lock_irqsave(&lock);
	wr(io, REG_REDTBL + 2 * pin + 1, apic_id << 24);
	wr(io, REG_REDTBL + 2 * pin, lo);
	spin_unlock_irqrestore(&lock, f);
	return 0;
}

void ioapic_mask_isa(unsigned irq)
{
	unsigned pin;
	uint32_t flags;
	struct ioapic *io = isa_pin(irq, &pin, &flags);
	if (!io)
		return;
	uint64_t f = spin_lock_irqsave(&lock);
	wr(io, REG_REDTBL + 2 * pin, RED_MASKED);
	spin_unlock_irqrestore(&lock, f);
}
