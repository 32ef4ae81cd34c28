/*
 * SMP bring-up. APs are started one at a time: each uses the single
 * trampoline page and the stack the boot CPU prepared for it, and reports
 * online before the next is started.
 */
#include "arch/x86_64/smp.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/layout.h"
#include "arch/x86_64/paging.h"
#include "arch/x86_64/trap.h"
#include "core/kernel.h"
#include "core/log.h"
#include "core/time.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "mm/kstack.h"
#include "sched/thread.h"
#include "core/syscall.h"

extern const char ap_tramp_start[], ap_tramp_end[], ap_tramp_gdt_ptr[], ap_tramp_far[],
	ap_tramp_cr3[], ap_tramp_stack[], ap_tramp_entry[], ap_tramp_arg[];
extern const uint32_t ap_tramp_64_off, ap_tramp_gdt_off;

static uint64_t tramp_phys;
static struct spinlock shootdown_lock = SPINLOCK_INIT;
static volatile unsigned shootdown_acks;
static volatile bool flush_req[MAX_CPUS];
static volatile bool flush_later[MAX_CPUS];

static void flush_tlb_all(void)
{
	uint64_t cr4 = read_cr4();
	write_cr4(cr4 & ~CR4_PGE); /* toggling PGE drops global entries too */
	write_cr4(cr4);
}

/* Answers a pending request from the CPU that holds the shootdown lock. */
static void service_flush(void)
{
	if (__atomic_exchange_n(&flush_req[this_cpu()->id], false, __ATOMIC_ACQ_REL)) {
		flush_tlb_all();
		__atomic_add_fetch(&shootdown_acks, 1, __ATOMIC_RELEASE);
	}
}

static void tlb_ipi(struct trap_frame *tf)
{
	(void)tf;
	service_flush();
	lapic_eoi();
}

void smp_tlb_shootdown(void)
{
	flush_tlb_all();
	if (ncpus < 2)
		return;
	/* Whoever waits here answers the holder's request meanwhile, so two CPUs
	 * shooting down at once cannot wait for each other. */
	while (!spin_trylock(&shootdown_lock)) {
		service_flush();
		cpu_relax();
	}
	shootdown_acks = 0;
	unsigned me = this_cpu()->id, others = 0;
	for (unsigned i = 0; i < ncpus; i++) {
		if (i != me && cpus[i].online) {
			__atomic_store_n(&flush_req[i], true, __ATOMIC_RELEASE);
			lapic_send_ipi(cpus[i].apic_id, VEC_IPI_TLB);
			others++;
		}
	}
	while (__atomic_load_n(&shootdown_acks, __ATOMIC_ACQUIRE) < others)
		cpu_relax();
	spin_unlock(&shootdown_lock);
}

void smp_tlb_shootdown_later(void)
{
	flush_tlb_all();
	flush_later[this_cpu()->id] = true;
}

void smp_tlb_shootdown_pending(void)
{
	if (__atomic_exchange_n(&flush_later[this_cpu()->id], false, __ATOMIC_ACQ_REL))
		smp_tlb_shootdown();
}

int smp_reserve_trampoline(struct memmap *m)
{
	return memmap_take(m, 4096, 4096, 0x100000, &tramp_phys);
}

int cpu_setup(struct cpu *c)
{
	static const unsigned ist_slots[] = {IST_DOUBLE_FAULT, IST_NMI, IST_MACHINE_CHECK};
	for (unsigned i = 0; i < 3; i++) {
		uint64_t top;
		int err = kstack_alloc(&top);
		if (err)
			return err;
		c->tss.ist[ist_slots[i] - 1] = top;
	}
	cpu_load_tables(c);
	idt_load();
	/* User programs use SSE: FPU on (no emulation, no lazy traps), fxsave enabled. */
	write_cr0((read_cr0() & ~(CR0_EM | CR0_TS)) | CR0_MP);
	write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
	__asm__ volatile("fninit");
	syscall_init_cpu();
	if (c->id == 0)
		irq_register(VEC_IPI_TLB, tlb_ipi);
	return 0;
}

static __attribute__((noreturn)) void ap_main(struct cpu *c)
{
	int err = cpu_setup(c);
	if (err) {
		kprintf("smp: cpu %u cannot set up its tables (%d); halted\n", c->id, err);
		cpu_halt_forever();
	}
	lapic_enable();
	lapic_timer_periodic(TIMER_HZ);
	sched_init_cpu();
	kprintf("cpu %u online (APIC id %u)\n", c->id, lapic_id());
	__atomic_store_n(&c->online, true, __ATOMIC_RELEASE);
	irq_enable();
	sched_idle_loop();
}

/* Patches a field of the copied trampoline. */
static void set_field(uint8_t *page, const char *field, const void *v, size_t n)
{
	memcpy(page + (field - ap_tramp_start), v, n);
}

static bool wait_online(struct cpu *c, uint64_t us)
{
	uint64_t end = time_ns() + us * 1000;
	while (time_ns() < end) {
		if (__atomic_load_n(&c->online, __ATOMIC_ACQUIRE))
			return true;
		cpu_relax();
	}
	return false;
}

static bool start_one(uint8_t *page, struct cpu *c)
{
	uint64_t top, entry = (uint64_t)ap_main, arg = (uint64_t)c;
	if (kstack_alloc(&top)) {
		kprintf("smp: no memory for a stack for APIC id %u\n", c->apic_id);
		return false;
	}
	c->kstack_top = top;
	set_field(page, ap_tramp_stack, &top, 8);
	set_field(page, ap_tramp_entry, &entry, 8);
	set_field(page, ap_tramp_arg, &arg, 8);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	lapic_send_init(c->apic_id);
	time_delay_us(100);
	lapic_send_startup(c->apic_id, (uint8_t)(tramp_phys >> 12));
	if (wait_online(c, 20000))
		return true;
	lapic_send_startup(c->apic_id, (uint8_t)(tramp_phys >> 12)); /* the SDM's second STARTUP */
	if (wait_online(c, 200000))
		return true;
	kprintf("smp: the CPU with APIC id %u did not start\n", c->apic_id);
	return false; /* its stack stays: the CPU might still wake up and use it */
}

unsigned smp_start(const struct acpi_info *info, unsigned max_cpus)
{
	unsigned n = 1;
	uint32_t self = lapic_id();
	cpus[0].apic_id = self;
	if (!tramp_phys || !info->have_madt)
		return n;
	uint8_t *page = p2v(tramp_phys);
	size_t len = (size_t)(ap_tramp_end - ap_tramp_start);
	memcpy(page, ap_tramp_start, len);
	uint32_t gdt = (uint32_t)(tramp_phys + ap_tramp_gdt_off);
	uint32_t far = (uint32_t)(tramp_phys + ap_tramp_64_off);
	uint64_t cr3 = paging_kernel_cr3();
	set_field(page, ap_tramp_gdt_ptr + 2, &gdt, 4);
	set_field(page, ap_tramp_far, &far, 4);
	set_field(page, ap_tramp_cr3, &cr3, 8);
	if (paging_identity_map_low(tramp_phys)) {
		kprintf("smp: cannot map the trampoline; running on one CPU\n");
		return n;
	}
	for (unsigned i = 0; i < info->ncpus && n < max_cpus && n < MAX_CPUS; i++) {
		if (info->cpu_apic_id[i] == self)
			continue;
		struct cpu *c = &cpus[n];
		c->id = n;
		c->apic_id = info->cpu_apic_id[i];
		if (start_one(page, c))
			n++;
	}
	paging_identity_unmap_low(tramp_phys);
	return n;
}
