/*
 * User page tables (kernel/arch/x86_64/pagetable.c). Each address space has
 * its own PML4 whose upper half is copied from the kernel's (those slots never
 * change after boot, see layout.h); its lower half maps the process's memory
 * with 4 KiB pages. Callers hold the address space's lock.
 */
#ifndef ARCH_X86_64_PAGETABLE_H
#define ARCH_X86_64_PAGETABLE_H

#include <stdint.h>

/*
 * A page kept for an inaccessible (PROT_NONE) region: its entry holds the
 * frame with P clear, so neither the user nor the kernel's user accesses
 * (uaccess) can reach it, and a software bit that marks it as still held.
 * pt_map and pt_protect make such an entry when flags has PTE_PROTNONE.
 */
#define PTE_PROTNONE (1ull << 9)
#define PTE_MAPPED (PTE_P | PTE_PROTNONE) /* a frame is held: present or PROT_NONE */

int pt_create(uint64_t *pml4);                 /* -ENOMEM */
/* Frees every lower-half table and, through release(pa), every mapped page. */
void pt_destroy(uint64_t pml4, void (*release)(uint64_t pa));
int pt_map(uint64_t pml4, uint64_t va, uint64_t pa, uint64_t flags); /* -ENOMEM, -EEXIST */
/* Removes the mapping at va; returns the old entry (0 if none). */
uint64_t pt_unmap(uint64_t pml4, uint64_t va);
/* The leaf entry for va, or 0. */
uint64_t pt_lookup(uint64_t pml4, uint64_t va);
/* The first page at or above va and below end that holds a frame (present
 * or PROT_NONE), or end: skips whole empty tables, so walking a large and
 * mostly empty region costs what is mapped in it. */
uint64_t pt_next_mapped(uint64_t pml4, uint64_t va, uint64_t end);
/* Rewrites the permission bits of an existing mapping; 0 or -ENOENT. */
int pt_protect(uint64_t pml4, uint64_t va, uint64_t flags);

#endif
