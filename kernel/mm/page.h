/*
 * The kernel's physical page allocator: the buddy allocator of mm/pmm.c
 * behind a lock, over the direct map. Pages come back unzeroed.
 */
#ifndef MM_PAGE_H
#define MM_PAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "mm/memmap.h"

/* Hands every remaining usable page of the map to the allocator. */
int page_init(struct memmap *m);

int page_alloc(uint64_t *phys);                   /* one page; -ENOMEM */
/*
 * A page for user memory: fails with -ENOMEM while the free count is below
 * the kernel's reserve (1/32 of memory, at least 1 MiB), so no program can
 * take the memory the kernel needs to keep running and to clean up after it.
 */
int page_alloc_user(uint64_t *phys);
/* -ENOMEM when free memory is down to the kernel reserve: checked before a
 * system call allocates kernel objects for a program (threads, handles, IPC). */
int page_admit_user(void);
int page_alloc_order(unsigned order, uint64_t *phys); /* 2^order pages, aligned */
int page_free(uint64_t phys);
int page_free_order(uint64_t phys, unsigned order);

/*
 * Sharing for copy-on-write: page_share adds a user of a page; page_put drops
 * one and frees the page with its last user. page_shared says whether other
 * users remain. -ENOMEM if the sharing table cannot be made.
 */
int page_share(uint64_t phys);
void page_put(uint64_t phys);
bool page_shared(uint64_t phys);

uint64_t page_free_count(void);
uint64_t page_total_count(void);

#endif
