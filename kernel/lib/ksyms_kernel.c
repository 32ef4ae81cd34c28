/* ksym_lookup over the table the build generates into the .ksyms section. */
#include "lib/ksyms.h"

/* Defined by the generated ksyms.S; empty (count 0) on the first link. */
extern const struct ksym_table kernel_ksyms;

const char *ksym_lookup(uint64_t addr, uint64_t *off)
{
	return ksym_lookup_in(&kernel_ksyms, addr, off);
}
