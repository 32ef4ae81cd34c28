/*
 * User address spaces (kernel/mm/vm.c): a page table plus a sorted list of
 * regions. Anonymous memory is allocated lazily, one zeroed page per first
 * touch. W^X: no region is ever writable and executable. The stack region
 * grows down on demand and sits above a guard region that nothing may map.
 *
 * Kernel code reaches user memory only through vm_copy_in/vm_copy_out. In
 * the loaded address space they copy through the user mapping and resolve
 * faults as the user's own would be (arch/x86_64/uaccess); in any other they
 * check every page against the regions and go through the direct map. Either
 * way a hostile pointer gives -EFAULT, never a kernel panic.
 */
#ifndef MM_VM_H
#define MM_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/spinlock.h"

#define USER_TOP 0x0000800000000000ull /* end of the lower half */
#define USER_MIN 0x1000ull
#define USER_STACK_TOP 0x00007ffffff00000ull
#define USER_STACK_MAX (8ull << 20)
#define USER_MMAP_BASE 0x0000100000000000ull

#define VM_R 1
#define VM_W 2
#define VM_X 4

enum vm_access { VM_READ, VM_WRITE, VM_EXEC };

/*
 * A protection argument from user space (MOTOR_PROT_*, the same bits as VM_*):
 * checked whole, before it is narrowed, so high bits cannot slip through.
 */
static inline bool vm_prot_arg_ok(uint64_t prot)
{
	return prot <= (VM_R | VM_W | VM_X);
}

struct vm_region {
	uint64_t start, end; /* page aligned, end exclusive */
	uint32_t prot;       /* VM_R|VM_W|VM_X; 0 for a guard */
	bool fixed;          /* kernel-owned (the time page): never unmapped or changed */
	bool guard;          /* a kernel guard (below a stack): never made accessible */
	uint32_t maxprot;    /* what vm_protect may grant (a memory object's handle rights) */
	struct memobj *mobj; /* shared memory: pages come from (and stay with) this object */
	uint64_t mobj_off;   /* page index in mobj of `start` */
	struct vm_region *next;
};

struct vm_space {
	uint64_t pml4;
	struct spinlock lock;
	struct vm_region *regions; /* sorted, non-overlapping */
	uint64_t pages;            /* pages mapped (resident: every mapped page has a frame) */
	uint64_t peak_pages;       /* the most `pages` has been */
};

int vm_create(struct vm_space **out);
void vm_destroy(struct vm_space *vm);

/* Adds a region at a fixed place (ELF segments, the stack). -EINVAL, -EEXIST, -ENOMEM. */
int vm_region_add(struct vm_space *vm, uint64_t start, uint64_t len, uint32_t prot);
struct memobj;
/* Maps pages [off/4096, ...) of a memory object (taking a reference) at a free place;
 * maxprot bounds later vm_protect calls (-EACCES beyond it). */
int vm_map_object(struct vm_space *vm, struct memobj *m, uint64_t off, uint64_t len,
		  uint32_t prot, uint32_t maxprot, uint64_t hint, uint64_t *addr);
/* True if all of [addr, addr+len) is mapped with the access (for checks before IPC). */
bool vm_range_ok(struct vm_space *vm, uint64_t addr, uint64_t len, enum vm_access a);
/* Finds room (at or above hint if it is free) and adds a region; *addr gets it. */
int vm_map_anon(struct vm_space *vm, uint64_t hint, uint64_t len, uint32_t prot, uint64_t *addr);
int vm_unmap(struct vm_space *vm, uint64_t addr, uint64_t len);
int vm_protect(struct vm_space *vm, uint64_t addr, uint64_t len, uint32_t prot);

/* Resolves a user fault. 0 when the page is now mapped; -EFAULT nothing is
 * mapped there, -EACCES the region's protection forbids the access, -ENOMEM. */
int vm_fault(struct vm_space *vm, uint64_t addr, enum vm_access access);

/* Copies between kernel memory and user memory (faulting pages in as the user would). */
int vm_copy_in(struct vm_space *vm, void *dst, uint64_t user_src, size_t len);
int vm_copy_out(struct vm_space *vm, uint64_t user_dst, const void *src, size_t len);
/* Like vm_copy_out, but ignores the region's write permission (loading an image). */
int vm_poke(struct vm_space *vm, uint64_t user_dst, const void *src, size_t len);

/*
 * Copies len bytes from src_vm at src to dst_vm at dst, directly between the
 * two address spaces (one copy, through the direct map), faulting pages in
 * as the two owners would. -EFAULT names no side; the caller checked ranges.
 */
int vm_copy_cross(struct vm_space *dst_vm, uint64_t dst, struct vm_space *src_vm, uint64_t src,
		  size_t len);

/* vm_copy_cross that writes whatever dst's protection (a loader filling text). */
int vm_copy_cross_force(struct vm_space *dst_vm, uint64_t dst, struct vm_space *src_vm,
			uint64_t src, size_t len);
/*
 * Copies src's mappings into the new, empty dst: private pages are shared
 * copy-on-write (read-only in both until written), memory objects shared.
 * On error dst is partial; the caller destroys it.
 */
int vm_clone(struct vm_space *src, struct vm_space *dst);

/* Bytes of address space in regions the user may reach (not guards). Lock held. */
uint64_t vm_virtual_bytes(struct vm_space *vm);

/* True if [addr, addr+len) is a valid user range (no overflow, below USER_TOP). */
bool vm_user_range(uint64_t addr, uint64_t len);

#endif
