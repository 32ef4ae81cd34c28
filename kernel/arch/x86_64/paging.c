/*
 * Kernel page tables. Table pages are taken from the memory map (below 4 GiB,
 * reachable through the boot identity map) until the page allocator exists,
 * then from it. The PML4 lives below 4 GiB because application processors
 * load CR3 while still in 32-bit mode.
 */
#include "arch/x86_64/paging.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/layout.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "mm/page.h"
#include "motor/errno.h"

#define GiB (1ull << 30)
#define MiB (1ull << 20)

static uint64_t kernel_pml4;
static struct memmap *early_map;
static bool direct_map_ready;
static bool have_1g_pages;
static bool have_nx;
static struct spinlock pt_lock = SPINLOCK_INIT;
static uint64_t mmio_next = MMIO_BASE;

/* Direct-mapped physical ranges, for paging_direct_mapped(). */
static struct {
	uint64_t base, end;
} dmap[MEMMAP_MAX + 1];
static size_t ndmap;

static uint64_t *table_va(uint64_t phys)
{
	/* Before the switch, the boot tables identity-map the first 4 GiB. */
	return direct_map_ready ? p2v(phys) : (uint64_t *)(uintptr_t)phys;
}

static int table_alloc(uint64_t *phys)
{
	int err = early_map ? memmap_take(early_map, 4096, 4096, 4 * GiB, phys)
			    : page_alloc(phys);
	if (err)
		return err;
	memset(table_va(*phys), 0, 4096);
	return 0;
}

/* Returns the next-level table for va at `level` (4 = PML4), creating it. */
static int walk(uint64_t *table, unsigned shift, uint64_t va, bool create, uint64_t **next)
{
	uint64_t *e = &table[(va >> shift) & 511];
	if (!(*e & PTE_P)) {
		if (!create)
			return -ENOENT;
		uint64_t phys;
		int err = table_alloc(&phys);
		if (err)
			return err;
		/* Intermediate entries allow everything; leaves restrict. */
		*e = phys | PTE_P | PTE_W | (va < (1ull << 47) ? PTE_U : 0);
	} else if (*e & PTE_PS) {
		return -EEXIST;
	}
	*next = table_va(*e & PTE_ADDR);
	return 0;
}

/* Maps one page of size 4K, 2M or 1G at va. */
static int map_one(uint64_t va, uint64_t pa, uint64_t size, uint64_t flags)
{
	uint64_t *t = table_va(kernel_pml4);
	unsigned leaf_shift = size == GiB ? 30 : size == 2 * MiB ? 21 : 12;
	for (unsigned shift = 39; shift > leaf_shift; shift -= 9) {
		int err = walk(t, shift, va, true, &t);
		if (err)
			return err;
	}
	uint64_t *e = &t[(va >> leaf_shift) & 511];
	if (*e & PTE_P)
		return -EEXIST;
	*e = pa | flags | PTE_P | (leaf_shift > 12 ? PTE_PS : 0);
	return 0;
}

/* Maps [pa, pa+len) at va with the largest pages alignment allows. */
static int map_range(uint64_t va, uint64_t pa, uint64_t len, uint64_t flags)
{
	while (len) {
		uint64_t size = 4096;
		if (have_1g_pages && !((va | pa) & (GiB - 1)) && len >= GiB)
			size = GiB;
		else if (!((va | pa) & (2 * MiB - 1)) && len >= 2 * MiB)
			size = 2 * MiB;
		int err = map_one(va, pa, size, flags);
		if (err)
			return err;
		va += size;
		pa += size;
		len -= size;
	}
	return 0;
}

static void dmap_add(uint64_t base, uint64_t end)
{
	if (ndmap && dmap[ndmap - 1].end >= base) {
		if (end > dmap[ndmap - 1].end)
			dmap[ndmap - 1].end = end;
		return;
	}
	dmap[ndmap].base = base;
	dmap[ndmap].end = end;
	ndmap++;
}

/* Direct map: the first MiB and every range in the (sorted) map, page-rounded. */
static int map_direct(const struct memmap *m)
{
	dmap_add(0, MiB);
	for (size_t i = 0; i < m->n; i++) {
		uint64_t b = m->r[i].base & ~0xfffull;
		uint64_t e = (m->r[i].base + m->r[i].size + 0xfff) & ~0xfffull;
		if (e > DIRECT_MAP_SIZE)
			e = DIRECT_MAP_SIZE;
		if (b < e)
			dmap_add(b, e);
	}
	for (size_t i = 0; i < ndmap; i++) {
		/* Overlaps of page-rounded neighbours are skipped by starting each
		 * range where the previous one ended. */
		uint64_t b = dmap[i].base, e = dmap[i].end;
		int err = map_range(DIRECT_MAP_BASE + b, b, e - b, PTE_W | PTE_NX | PTE_G);
		if (err)
			return err;
	}
	return 0;
}

static int map_image_part(const char *start, const char *end, uint64_t flags)
{
	uint64_t va = (uint64_t)start;
	return map_range(va, va - KERNEL_VMA, (uint64_t)(end - start), flags | PTE_G);
}

static void detect_features(void)
{
	uint32_t a, b, c, d;
	cpuid(0x80000000, 0, &a, &b, &c, &d);
	if (a >= 0x80000001) {
		cpuid(0x80000001, 0, &a, &b, &c, &d);
		have_nx = d & (1u << 20);
		have_1g_pages = d & (1u << 26);
	}
}

bool paging_have_nx(void)
{
	return have_nx;
}

int paging_init(struct memmap *m)
{
	detect_features();
	if (!have_nx)
		return -ENOTSUP;
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
	write_cr4(read_cr4() | CR4_PGE);
	early_map = m;
	int err = table_alloc(&kernel_pml4);
	if (!err)
		err = map_image_part(__text_start, __text_end, 0);
	if (!err)
		err = map_image_part(__rodata_start, __rodata_end, PTE_NX);
	if (!err)
		err = map_image_part(__data_start, __bss_end, PTE_W | PTE_NX);
	if (!err)
		err = map_image_part(__ksyms_start, __kernel_end, PTE_NX);
	if (!err)
		err = map_direct(m);
	/* Create the PML4 slots of the stack and MMIO areas now: kernel slots
	 * never change after boot, so every address space can share them. */
	uint64_t *pdpt;
	if (!err)
		err = walk(table_va(kernel_pml4), 39, KSTACK_BASE, true, &pdpt);
	if (!err)
		err = walk(table_va(kernel_pml4), 39, MMIO_BASE, true, &pdpt);
	if (err)
		return err;
	write_cr3(kernel_pml4);
	direct_map_ready = true;
	return 0;
}

void paging_use_page_allocator(void)
{
	early_map = NULL;
}

uint64_t paging_kernel_cr3(void)
{
	return kernel_pml4;
}

int paging_map(uint64_t va, uint64_t pa, uint64_t flags)
{
	uint64_t f = spin_lock_irqsave(&pt_lock);
	int err = map_one(va, pa, 4096, flags);
	spin_unlock_irqrestore(&pt_lock, f);
	return err;
}

static uint64_t *leaf(uint64_t va, unsigned *shift_out)
{
	uint64_t *t = table_va(kernel_pml4);
	for (unsigned shift = 39;; shift -= 9) {
		uint64_t *e = &t[(va >> shift) & 511];
		if (!(*e & PTE_P))
			return NULL;
		if (shift == 12 || (*e & PTE_PS)) {
			*shift_out = shift;
			return e;
		}
		t = table_va(*e & PTE_ADDR);
	}
}

uint64_t paging_lookup(uint64_t va)
{
	unsigned shift;
	uint64_t *e = leaf(va, &shift);
	return e ? *e : 0;
}

int paging_unmap(uint64_t va, uint64_t *pa)
{
	uint64_t f = spin_lock_irqsave(&pt_lock);
	unsigned shift;
	uint64_t *e = leaf(va, &shift);
	int err = -ENOENT;
	if (e && shift == 12) {
		if (pa)
			*pa = *e & PTE_ADDR;
		*e = 0;
		invlpg(va);
		err = 0;
	}
	spin_unlock_irqrestore(&pt_lock, f);
	/* Other CPUs may cache the old entry; kernel stacks and MMIO are only
	 * unmapped once nothing uses them, and a TLB shootdown arrives with
	 * the scheduler (issue 3). */
	return err;
}

bool paging_direct_mapped(uint64_t phys, size_t len)
{
	uint64_t end = phys + len;
	if (end < phys)
		return false;
	for (size_t i = 0; i < ndmap; i++)
		if (phys >= dmap[i].base && end <= dmap[i].end)
			return true;
	return false;
}

void *paging_map_mmio(uint64_t phys, size_t len)
{
	uint64_t off = phys & 0xfff;
	uint64_t base = phys - off;
	uint64_t size = (len + off + 0xfff) & ~0xfffull;
	uint64_t f = spin_lock_irqsave(&pt_lock);
	uint64_t va = mmio_next;
	if (va + size > MMIO_BASE + MMIO_AREA_SIZE) {
		spin_unlock_irqrestore(&pt_lock, f);
		return NULL;
	}
	mmio_next += size + 4096; /* a hole between mappings catches overruns */
	int err = 0;
	for (uint64_t i = 0; i < size && !err; i += 4096)
		err = map_one(va + i, base + i, 4096, PTE_W | PTE_NX | PTE_PCD | PTE_PWT | PTE_G);
	spin_unlock_irqrestore(&pt_lock, f);
	return err ? NULL : (void *)(uintptr_t)(va + off);
}

int paging_identity_map_low(uint64_t pa)
{
	uint64_t f = spin_lock_irqsave(&pt_lock);
	int err = map_one(pa, pa, 4096, PTE_W);
	spin_unlock_irqrestore(&pt_lock, f);
	return err;
}

void paging_identity_unmap_low(uint64_t pa)
{
	paging_unmap(pa, NULL);
	/* The tables created for slot 0 stay; user address spaces (issue 3)
	 * get fresh lower-half tables, never these. */
}
