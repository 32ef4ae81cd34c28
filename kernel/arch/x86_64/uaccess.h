/*
 * Kernel access to the loaded address space's user pages through their
 * mapping (uaccess_copy.S), with faults resolved by vm_fault or turned into
 * -EFAULT (uaccess_fault, from the page-fault trap).
 */
#ifndef ARCH_X86_64_UACCESS_H
#define ARCH_X86_64_UACCESS_H

#include <stdbool.h>
#include <stddef.h>

#include <stdint.h>

struct trap_frame;

/* Set by syscall_init_cpu when CR4.SMAP is on: uaccess_copy and the trap
 * entry then use stac and clac. */
extern bool uaccess_smap;

/* 0, -EFAULT or -ENOMEM. Only for the current thread's address space, range checked. */
long uaccess_copy(void *dst, const void *src, size_t n);

/* A kernel-mode page fault: true if it was uaccess_copy's, now handled. */
bool uaccess_fault(struct trap_frame *tf, uint64_t cr2);

#endif
