/*
 * Local APIC driver (xAPIC MMIO). The registers are mapped once, uncached,
 * at the same virtual address on every CPU; each CPU sees its own APIC there.
 */
#include "arch/x86_64/lapic.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/paging.h"
#include "arch/x86_64/trap.h"
#include "motor/errno.h"

#define REG_ID 0x020
#define REG_TPR 0x080
#define REG_EOI 0x0b0
#define REG_SVR 0x0f0
#define REG_ICR_LO 0x300
#define REG_ICR_HI 0x310
#define REG_LVT_TIMER 0x320
#define REG_LVT_LINT0 0x350
#define REG_LVT_LINT1 0x360
#define REG_LVT_ERROR 0x370
#define REG_TIMER_INIT 0x380
#define REG_TIMER_CUR 0x390
#define REG_TIMER_DIV 0x3e0

#define SVR_ENABLE 0x100
#define LVT_MASKED (1u << 16)
#define LVT_PERIODIC (1u << 17)
#define ICR_PENDING (1u << 12)
#define ICR_INIT 0x500
#define ICR_STARTUP 0x600
#define ICR_NMI 0x400
#define ICR_ASSERT (1u << 14)
#define ICR_ALL_BUT_SELF (3u << 18)
#define TIMER_DIV_16 0x3

static volatile uint32_t *regs;
static uint64_t timer_rate; /* ticks per second at divide-by-16 */

static uint32_t rd(unsigned reg)
{
	return regs[reg / 4];
}

static void wr(unsigned reg, uint32_t v)
{
	regs[reg / 4] = v;
}

int lapic_init(uint64_t phys)
{
	uint64_t base = rdmsr(MSR_APIC_BASE);
	if (!(base & (1u << 11)))
		wrmsr(MSR_APIC_BASE, base | (1u << 11)); /* globally enable */
	if (!phys)
		phys = base & ~0xfffull;
	regs = paging_map_mmio(phys, 4096);
	return regs ? 0 : -ENOMEM;
}

bool lapic_ready(void)
{
	return regs != NULL;
}

void lapic_enable(void)
{
	wr(REG_TPR, 0);
	wr(REG_LVT_ERROR, LVT_MASKED);
	wr(REG_LVT_TIMER, LVT_MASKED);
	wr(REG_SVR, SVR_ENABLE | VEC_SPURIOUS);
}

uint32_t lapic_id(void)
{
	return rd(REG_ID) >> 24;
}

void lapic_eoi(void)
{
	wr(REG_EOI, 0);
}

static void send_ipi(uint32_t dest, uint32_t cmd)
{
	wr(REG_ICR_HI, dest << 24);
	wr(REG_ICR_LO, cmd);
	for (int i = 0; i < 1000000 && (rd(REG_ICR_LO) & ICR_PENDING); i++)
		cpu_relax();
}

void lapic_send_init(uint32_t apic_id)
{
	send_ipi(apic_id, ICR_INIT | ICR_ASSERT);
}

void lapic_send_startup(uint32_t apic_id, uint8_t page)
{
	send_ipi(apic_id, ICR_STARTUP | ICR_ASSERT | page);
}

void lapic_send_ipi(uint32_t apic_id, uint8_t vector)
{
	uint64_t f = irq_save(); /* the ICR is two registers: no interrupt between them */
	send_ipi(apic_id, ICR_ASSERT | vector);
	irq_restore(f);
}

void lapic_stop_others(void)
{
	if (regs)
		send_ipi(0, ICR_NMI | ICR_ASSERT | ICR_ALL_BUT_SELF);
}

void lapic_timer_start_count(void)
{
	wr(REG_TIMER_DIV, TIMER_DIV_16);
	wr(REG_LVT_TIMER, LVT_MASKED);
	wr(REG_TIMER_INIT, 0xffffffffu);
}

uint32_t lapic_timer_elapsed(void)
{
	return 0xffffffffu - rd(REG_TIMER_CUR);
}

void lapic_timer_set_rate(uint64_t ticks_per_sec)
{
	timer_rate = ticks_per_sec;
}

void lapic_timer_periodic(unsigned hz)
{
	uint64_t count = timer_rate / hz;
	if (count == 0)
		count = 1;
	if (count > 0xffffffffu)
		count = 0xffffffffu;
	wr(REG_TIMER_DIV, TIMER_DIV_16);
	wr(REG_LVT_TIMER, VEC_TIMER | LVT_PERIODIC);
	wr(REG_TIMER_INIT, (uint32_t)count);
}
