/*
 * Per-CPU GDT and TSS. Long mode ignores segment bases and limits except for
 * the TSS, which carries the interrupt stacks (IST) used by double faults,
 * NMIs and machine checks so that those run on a known-good stack even when
 * the kernel stack has overflowed into its guard page.
 */
#include "arch/x86_64/percpu.h"

#include "arch/x86_64/cpu.h"
#include "lib/string.h"

struct cpu cpus[MAX_CPUS];
unsigned ncpus = 1;

struct __attribute__((packed)) gdt_ptr {
	uint16_t limit;
	uint64_t base;
};

static void gdt_fill(struct cpu *c)
{
	uint64_t tss = (uint64_t)&c->tss;
	uint64_t limit = sizeof(c->tss) - 1;
	c->gdt[0] = 0;
	c->gdt[1] = 0x00af9a000000ffffull; /* 0x08 kernel code, 64-bit */
	c->gdt[2] = 0x00cf92000000ffffull; /* 0x10 kernel data */
	c->gdt[3] = 0;                     /* 0x18 unused (32-bit user code slot) */
	c->gdt[4] = 0x00cff2000000ffffull; /* 0x20 user data, DPL 3 */
	c->gdt[5] = 0x00affa000000ffffull; /* 0x28 user code, 64-bit, DPL 3 */
	/* 0x30: 16-byte available 64-bit TSS descriptor */
	c->gdt[6] = (limit & 0xffff) | ((tss & 0xffffff) << 16) | (0x89ull << 40) |
		    (((limit >> 16) & 0xf) << 48) | (((tss >> 24) & 0xff) << 56);
	c->gdt[7] = tss >> 32;
}

void cpu_load_tables(struct cpu *c)
{
	c->self = c;
	c->tss.iomap_base = sizeof(c->tss); /* no I/O permission bitmap */
	gdt_fill(c);
	struct gdt_ptr p = {sizeof(c->gdt) - 1, (uint64_t)c->gdt};
	__asm__ volatile("lgdt %0\n\t"
			 "mov %1, %%ds\n\t"
			 "mov %1, %%es\n\t"
			 "mov %1, %%ss\n\t"
			 "pushq %2\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:"
			 :
			 : "m"(p), "r"((uint64_t)SEL_KDATA), "i"(SEL_KCODE)
			 : "rax", "memory");
	__asm__ volatile("ltr %w0" : : "r"(SEL_TSS));
	__asm__ volatile("mov %0, %%fs; mov %0, %%gs" : : "r"(0) : "memory");
	wrmsr(MSR_GS_BASE, (uint64_t)c);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
}
