/*
 * Kernel stacks (kernel/mm/kstack.c): 16 KiB each, in their own slots of the
 * kernel-stack area, with an unmapped guard page below each, so an overflow
 * faults (and is reported as a stack overflow) instead of corrupting memory.
 */
#ifndef MM_KSTACK_H
#define MM_KSTACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KSTACK_SIZE (16 * 1024ull)
#define KSTACK_SLOT (KSTACK_SIZE + 4096ull) /* plus the guard page */

/* Maps a new stack; *top is its (16-byte aligned) initial stack pointer. -ENOMEM. */
int kstack_alloc(uint64_t *top);
/* Unmaps a stack by its top and returns its pages. -EINVAL if it is not one. */
int kstack_free(uint64_t top);

/*
 * For a stack that may still be in other CPUs' TLBs (a dead thread's): it is
 * queued and unmapped by the next kstack_collect(), which flushes every CPU's
 * TLB. Safe with interrupts off.
 */
void kstack_free_deferred(uint64_t top);
/* Frees the queued stacks; needs interrupts on (it waits for other CPUs). */
void kstack_collect(void);

/* True if addr lies in the guard page of an allocated stack. */
bool kstack_in_guard(uint64_t addr);
/* True if [addr, addr+len) lies in the mapped part of one stack (or the boot stack). */
bool kstack_readable(uint64_t addr, size_t len);

#endif
