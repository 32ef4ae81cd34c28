/*
 * System call entry setup and dispatch (kernel/core/syscall.c); the calls
 * themselves are listed, with their contracts, in abi/include/motor/syscall.h.
 */
#ifndef CORE_SYSCALL_H
#define CORE_SYSCALL_H

#include "arch/x86_64/trap.h"

/* Programs this CPU's syscall MSRs and turns on SMEP/SMAP where present. */
void syscall_init_cpu(void);
int syscall_dispatch(struct trap_frame *tf);

#endif
