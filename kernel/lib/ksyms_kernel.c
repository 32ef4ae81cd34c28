/* ksym_lookup over the table the build generates into the .ksyms section. */
#include "lib/ksyms.h"

/* Defined by the generated ksyms.S; empty (count 0) on the first link. */
extern const struct ksym_table kernel_ksyms;

extern char __text_start[], __text_end[];

const char *ksym_lookup(uint64_t addr, uint64_t *off)
{
	/* Only code has function symbols; an address in data would otherwise be
	 * named after the last function. */
	if (addr < (uint64_t)__text_start || addr >= (uint64_t)__text_end)
		return NULL;
	return ksym_lookup_in(&kernel_ksyms, addr, off);
}
