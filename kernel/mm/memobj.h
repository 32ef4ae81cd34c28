/*
 * Memory objects (kernel/mm/memobj.c): pages that can be mapped into several
 * address spaces at once (shared memory, the rings between a driver and its
 * server). Anonymous objects allocate their pages zeroed on first touch;
 * the object owns them, mappings only borrow them.
 */
#ifndef MM_MEMOBJ_H
#define MM_MEMOBJ_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/spinlock.h"
#include "obj/object.h"

#define MEMOBJ_MAX_PAGES (1u << 18) /* 1 GiB */

struct memobj {
	struct kobject obj;
	struct spinlock lock;
	uint64_t npages;
	uint64_t *pages; /* physical address per page, 0 until touched */
	bool fixed;      /* pages fixed at creation, never freed (device memory, the initrd) */
	bool device;     /* device memory: also mapped uncached */
};

int memobj_create(uint64_t size, struct memobj **out); /* -EINVAL, -ENOMEM */
/* Device memory at [phys, phys+size): -EACCES if it overlaps RAM the kernel manages. */
int memobj_create_device(uint64_t phys, uint64_t size, struct memobj **out);
/* RAM the kernel keeps for good at [phys, phys+size) (the initrd), mapped cached. */
int memobj_create_fixed(uint64_t phys, uint64_t size, struct memobj **out);
/* The page at index i, allocating it (zeroed) if needed. */
int memobj_page(struct memobj *m, uint64_t i, uint64_t *phys);

#endif
