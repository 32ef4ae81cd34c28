/*
 * Symbol lookup for backtraces: a binary search over a table of function
 * start addresses sorted ascending, finding the last symbol that starts at or
 * below an address. ksym_lookup(), which applies this to the kernel's own
 * linker-generated table, lives with that table.
 */
#include <stddef.h>
#include <stdint.h>

#include "lib/ksyms.h"

const char *ksym_lookup_in(const struct ksym_table *t, uint64_t addr, uint64_t *off)
{
	size_t lo = 0, hi;

	if (!t || !t->count || !t->addr || !t->name_off || !t->names)
		return NULL;
	/* Invariant: addr[i] <= addr for i < lo, addr[i] > addr for i >= hi. */
	hi = t->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->addr[mid] <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL; /* below the first symbol */
	if (off)
		*off = addr - t->addr[lo - 1];
	return t->names + t->name_off[lo - 1];
}
