/*
 * User page tables: four-level walks over the lower half, tables from the
 * page allocator, reached through the direct map.
 */
#include "arch/x86_64/pagetable.h"

#include "arch/x86_64/layout.h"
#include "arch/x86_64/paging.h"
#include "lib/string.h"
#include "mm/page.h"
#include "motor/errno.h"

#define USER_FLAGS_MASK (PTE_P | PTE_W | PTE_U | PTE_NX | PTE_PCD | PTE_PWT)

static uint64_t leaf(uint64_t pa, uint64_t flags)
{
	if (flags & PTE_PROTNONE)
		return pa | PTE_PROTNONE;
	return pa | (flags & USER_FLAGS_MASK) | PTE_P | PTE_U;
}

static uint64_t *tbl(uint64_t phys)
{
	return p2v(phys & PTE_ADDR);
}

int pt_create(uint64_t *pml4)
{
	uint64_t phys;
	int err = page_alloc(&phys);
	if (err)
		return err;
	uint64_t *t = tbl(phys), *k = tbl(paging_kernel_cr3());
	memset(t, 0, 256 * 8);
	memcpy(t + 256, k + 256, 256 * 8);
	*pml4 = phys;
	return 0;
}

static void free_level(uint64_t phys, int level, void (*release)(uint64_t pa))
{
	uint64_t *t = tbl(phys);
	for (int i = 0; i < 512; i++) {
		if (!(t[i] & (level == 1 ? PTE_MAPPED : PTE_P)))
			continue;
		if (level == 1)
			release(t[i] & PTE_ADDR);
		else
			free_level(t[i], level - 1, release);
	}
	page_free(phys & PTE_ADDR);
}

void pt_destroy(uint64_t pml4, void (*release)(uint64_t pa))
{
	uint64_t *t = tbl(pml4);
	for (int i = 0; i < 256; i++)
		if (t[i] & PTE_P)
			free_level(t[i], 3, release);
	page_free(pml4);
}

/* The level-1 entry for va; creates tables when create is set. */
static uint64_t *walk(uint64_t pml4, uint64_t va, int create)
{
	uint64_t *t = tbl(pml4);
	for (int shift = 39; shift > 12; shift -= 9) {
		uint64_t *e = &t[(va >> shift) & 511];
		if (!(*e & PTE_P)) {
			uint64_t phys;
			if (!create || page_alloc(&phys))
				return NULL;
			memset(p2v(phys), 0, 4096);
			*e = phys | PTE_P | PTE_W | PTE_U;
		}
		t = tbl(*e);
	}
	return &t[(va >> 12) & 511];
}

int pt_map(uint64_t pml4, uint64_t va, uint64_t pa, uint64_t flags)
{
	uint64_t *e = walk(pml4, va, 1);
	if (!e)
		return -ENOMEM;
	if (*e & PTE_MAPPED)
		return -EEXIST;
	*e = leaf(pa, flags);
	return 0;
}

uint64_t pt_unmap(uint64_t pml4, uint64_t va)
{
	uint64_t *e = walk(pml4, va, 0);
	if (!e)
		return 0;
	uint64_t old = *e;
	*e = 0;
	return old;
}

uint64_t pt_lookup(uint64_t pml4, uint64_t va)
{
	uint64_t *e = walk(pml4, va, 0);
	return e ? *e : 0;
}

uint64_t pt_next_mapped(uint64_t pml4, uint64_t va, uint64_t end)
{
	while (va < end) {
		uint64_t *t = tbl(pml4);
		int shift = 39;
		for (;; shift -= 9) {
			uint64_t e = t[(va >> shift) & 511];
			if (shift == 12) {
				if (e & PTE_MAPPED)
					return va;
				break;
			}
			if (!(e & PTE_P))
				break;
			t = tbl(e);
		}
		/* Nothing here down to this level: on to its next entry. */
		uint64_t step = 1ull << shift, next = (va & ~(step - 1)) + step;
		if (next <= va)
			break;
		va = next;
	}
	return end;
}

int pt_protect(uint64_t pml4, uint64_t va, uint64_t flags)
{
	uint64_t *e = walk(pml4, va, 0);
	if (!e || !(*e & PTE_MAPPED))
		return -ENOENT;
	*e = leaf(*e & PTE_ADDR, flags);
	return 0;
}
