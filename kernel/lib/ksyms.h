/*
 * Kernel symbol table for backtraces (kernel/lib/ksyms.c).
 *
 * The build links the kernel once, lists its function symbols with nm, turns
 * the list into a table (tools/gen-ksyms) and links again with the table in a
 * section placed after everything else, so no address moves between links.
 */
#ifndef LIB_KSYMS_H
#define LIB_KSYMS_H

#include <stddef.h>
#include <stdint.h>

struct ksym_table {
	const uint64_t *addr; /* sorted ascending */
	const uint32_t *name_off;
	const char *names;
	size_t count;
};

/*
 * The symbol containing addr (greatest start <= addr), or NULL; *off gets
 * addr - start. NULL too for a NULL or empty table and for an address below
 * the first symbol (*off is then unchanged). off may be NULL. Of several
 * symbols at one address, the last in the table is returned.
 */
const char *ksym_lookup_in(const struct ksym_table *t, uint64_t addr, uint64_t *off);

/* The same over the kernel's own table. */
const char *ksym_lookup(uint64_t addr, uint64_t *off);

#endif
