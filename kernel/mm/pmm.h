/*
 * Physical page allocator (kernel/mm/pmm.c): a binary buddy allocator over
 * the USABLE ranges of a sanitized memory map.
 *
 * Blocks are 2^order pages, order 0..PMM_MAX_ORDER. Free blocks are kept on
 * per-order doubly linked lists threaded through the free pages themselves
 * (reached through p2v, the kernel's direct map), so allocation and freeing
 * are O(PMM_MAX_ORDER). A per-page state byte (free-block head flag + order)
 * lets free() find and merge the buddy, and lets it reject bad frees:
 * addresses outside managed memory, misaligned to the order, not allocated,
 * or freed twice.
 *
 * The structure holds no lock; the kernel wraps it (kernel/mm/page.c).
 */
#ifndef MM_PMM_H
#define MM_PMM_H

#include <stddef.h>
#include <stdint.h>

#include "mm/memmap.h"

#define PMM_MAX_ORDER 10 /* 4 MiB blocks */

struct pmm_free_node {
	struct pmm_free_node *next, *prev;
};

struct pmm {
	uint64_t base_pfn;   /* first page frame covered by state[] */
	uint64_t npages;     /* frames covered (including holes, which are never free) */
	uint8_t *state;      /* one byte per frame */
	uint64_t free_pages; /* pages currently free */
	uint64_t total_pages;/* pages handed to the allocator at init */
	struct pmm_free_node *free_list[PMM_MAX_ORDER + 1];
	void *(*p2v)(uint64_t phys);
	/* Usable frames not yet on any free list, lowest first (see pmm_init). */
	struct {
		uint64_t lo, hi;
	} pending[MEMMAP_MAX];
	size_t npending, next_pending;
};

/*
 * Takes the state array from the map itself (with memmap_take, so the map
 * records it as MEM_ALLOCATED), then hands every remaining USABLE page to
 * the allocator. Free memory is not touched at init: the usable ranges are
 * kept as a pending list and released onto the free lists in blocks as
 * allocations need them, so a guest with gigabytes boots as fast as a small
 * one and its host commits only the memory the guest really uses. Call after memmap_sanitize and after all carve-outs.
 * -ENOMEM if there is no usable memory or no room for the state array.
 *
 * The state array has a byte for every frame from the lowest to the highest
 * USABLE page, holes included, and is placed at the lowest page-aligned fit.
 * Also -ENOMEM when the state array takes the last usable page (nothing left
 * to manage); the map then still records the state array as allocated.
 * Each free block's first page holds the list links and its own frame number.
 */
int pmm_init(struct pmm *p, struct memmap *m, void *(*p2v)(uint64_t phys));

/* Allocates 2^order contiguous pages, naturally aligned. -ENOMEM, -EINVAL (order too big). */
int pmm_alloc(struct pmm *p, unsigned order, uint64_t *phys);

/*
 * Returns a block. -EINVAL for a bad address/order or a double free (nothing changes then).
 * A block must be freed whole, at the address and with the order it was
 * allocated with. Rejected: order > PMM_MAX_ORDER; an address not page
 * aligned or not aligned to the order; a block reaching outside the covered
 * frames or starting in a hole or carve-out; a page that is free (double free,
 * also after it merged into a larger free block); a page inside a block
 * rather than at its head; an order different from the allocation's.
 */
int pmm_free(struct pmm *p, uint64_t phys, unsigned order);

#endif
