/*
 * Kernel page tables (kernel/arch/x86_64/paging.c).
 *
 * paging_init() builds the kernel's address space (see layout.h): the image
 * with per-section permissions (text R-X, rodata R--, data RW-, all global),
 * and a non-executable direct map of every range in the memory map plus the
 * first MiB, with the largest page size that fits. It then switches to it,
 * dropping the boot identity map.
 */
#ifndef ARCH_X86_64_PAGING_H
#define ARCH_X86_64_PAGING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mm/memmap.h"

#define PTE_P (1ull << 0)
#define PTE_W (1ull << 1)
#define PTE_U (1ull << 2)
#define PTE_PWT (1ull << 3)
#define PTE_PCD (1ull << 4)
#define PTE_PS (1ull << 7)
#define PTE_G (1ull << 8)
#define PTE_NX (1ull << 63)
#define PTE_ADDR 0x000ffffffffff000ull

/* Page-table pages come from the memory map until the page allocator is up. */
int paging_init(struct memmap *m);
/* Switches page-table allocation to the page allocator. */
void paging_use_page_allocator(void);

/* Maps one 4 KiB kernel page. -ENOMEM for a table, -EEXIST if already mapped. */
int paging_map(uint64_t va, uint64_t pa, uint64_t flags);
/* Unmaps one 4 KiB kernel page; *pa gets what it mapped. -ENOENT if not mapped. */
int paging_unmap(uint64_t va, uint64_t *pa);
/* The leaf entry for va (any page size), or 0. */
uint64_t paging_lookup(uint64_t va);

/* True if the physical range lies inside the direct map. */
bool paging_direct_mapped(uint64_t phys, size_t len);

/* Maps device registers uncached into the MMIO area. NULL on failure. */
void *paging_map_mmio(uint64_t phys, size_t len);

/* Identity-maps one low page executable (the AP trampoline), and removes it. */
int paging_identity_map_low(uint64_t pa);
void paging_identity_unmap_low(uint64_t pa);

uint64_t paging_kernel_cr3(void);
bool paging_have_nx(void);

#endif
