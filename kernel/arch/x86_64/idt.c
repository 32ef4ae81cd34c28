/*
 * The interrupt descriptor table, shared by all CPUs. Double faults, NMIs and
 * machine checks run on their own interrupt stacks (see gdt.c).
 */
#include "arch/x86_64/trap.h"

#include "arch/x86_64/percpu.h"

struct __attribute__((packed)) idt_entry {
	uint16_t off0;
	uint16_t sel;
	uint8_t ist;
	uint8_t type;
	uint16_t off1;
	uint32_t off2;
	uint32_t zero;
};

static struct idt_entry idt[256];
extern const uint64_t isr_stub_table[256];

static void set_gate(unsigned v, uint64_t handler, uint8_t ist)
{
	idt[v] = (struct idt_entry){
		.off0 = handler & 0xffff,
		.sel = SEL_KCODE,
		.ist = ist,
		.type = 0x8e, /* present, DPL 0, 64-bit interrupt gate */
		.off1 = (handler >> 16) & 0xffff,
		.off2 = handler >> 32,
	};
}

void idt_init(void)
{
	for (unsigned v = 0; v < 256; v++)
		set_gate(v, isr_stub_table[v], 0);
	idt[8].ist = IST_DOUBLE_FAULT;
	idt[2].ist = IST_NMI;
	idt[18].ist = IST_MACHINE_CHECK;
}

void idt_load(void)
{
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} p = {sizeof(idt) - 1, (uint64_t)idt};
	__asm__ volatile("lidt %0" : : "m"(p));
}
