/*
 * Physical memory map (kernel/mm/memmap.c): the firmware's list of ranges,
 * cleaned up, plus the kernel's own carve-outs.
 *
 * Types follow E820. memmap_sanitize() sorts the ranges, drops empty ones,
 * resolves overlaps (where ranges overlap the more restrictive type wins:
 * anything beats USABLE; among the rest the higher number wins), merges
 * neighbours of the same type, and shrinks USABLE ranges inward to whole pages
 * (a usable range smaller than a page disappears). The result is sorted and
 * non-overlapping; holes between ranges are simply absent.
 *
 * A range may end exactly at 2^64. Types not listed below are kept and ranked
 * by number like the rest. If the clean map would need more than MEMMAP_MAX
 * ranges, the smallest USABLE ranges are dropped (become holes) until it
 * fits, then if need be the smallest others: memory may be lost, but nothing
 * reserved ever becomes usable. Sanitizing uses about 3 KiB of stack.
 */
#ifndef MM_MEMMAP_H
#define MM_MEMMAP_H

#include <stddef.h>
#include <stdint.h>

#define MEMMAP_MAX 128
#define PAGE_SIZE 4096ULL

enum mem_type {
	MEM_USABLE = 1,
	MEM_RESERVED = 2,
	MEM_ACPI_RECLAIM = 3,
	MEM_ACPI_NVS = 4,
	MEM_BAD = 5,
	MEM_KERNEL = 0x100,   /* kernel image, boot data, initrd: in use, not free */
	MEM_ALLOCATED = 0x101 /* taken by memmap_take() before the page allocator ran */
};

struct mem_range {
	uint64_t base;
	uint64_t size;
	uint32_t type;
};

struct memmap {
	struct mem_range r[MEMMAP_MAX];
	size_t n;
};

/*
 * Appends a range as given (sanitize later). -ENOSPC when full, -EINVAL on
 * overflow of base+size (ending exactly at 2^64 is fine). A zero-size range
 * is accepted and not stored.
 */
int memmap_add(struct memmap *m, uint64_t base, uint64_t size, uint32_t type);

/* Sorts, resolves overlaps, merges, page-aligns usable ranges (see above). */
void memmap_sanitize(struct memmap *m);

/*
 * Marks [base, base+size) as `type` (MEM_KERNEL, MEM_ALLOCATED, ...), splitting
 * ranges as needed, and re-sanitizes. Parts outside any range are ignored.
 * -ENOSPC if the table would overflow (the map is then unchanged).
 * The new type replaces the old whatever their ranking (so marking can also
 * return memory to USABLE). The map is sanitized first, so a map that was
 * not yet sanitized comes back sanitized even on -ENOSPC. -EINVAL if
 * base+size overflows; a zero size does nothing.
 */
int memmap_mark(struct memmap *m, uint64_t base, uint64_t size, uint32_t type);

/*
 * Finds `size` bytes of USABLE memory aligned to `align` (a power of two) that
 * end at or below `limit`, marks them MEM_ALLOCATED, and stores the address.
 * Picks the lowest such address, so early allocations are predictable.
 * -ENOMEM if none fits, -EINVAL for a bad align or a zero size.
 * "End at or below limit" means addr + size <= limit. The map is sanitized
 * first. -ENOSPC if recording the allocation would overflow the table. A size
 * that is not a whole number of pages still costs the rest of its last page,
 * since what is left of a USABLE range is trimmed to whole pages.
 */
int memmap_take(struct memmap *m, uint64_t size, uint64_t align, uint64_t limit, uint64_t *out);

/* Total bytes of the given type. */
uint64_t memmap_total(const struct memmap *m, uint32_t type);

/* Short name of a type for printing ("usable", "reserved", "ACPI data", ...). */
const char *memmap_type_name(uint32_t type);

#endif
