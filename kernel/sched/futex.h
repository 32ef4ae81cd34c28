/*
 * Futexes (kernel/sched/futex.c): block on a 32-bit user word while it holds
 * an expected value; wake some waiters. The key is (address space, address),
 * so a futex works between the threads of one process; futexes in memory
 * shared between processes need memory objects (keyed by physical page).
 */
#ifndef SCHED_FUTEX_H
#define SCHED_FUTEX_H

#include <stdint.h>

#include "mm/vm.h"

/* -EAGAIN if *addr != expected, -ETIMEDOUT, -EINTR, -EFAULT, -EINVAL (misaligned), else 0. */
long futex_wait(struct vm_space *vm, uint64_t addr, uint32_t expected, uint64_t deadline);
/* Wakes up to n waiters on addr; returns how many. -EINVAL misaligned. */
long futex_wake(struct vm_space *vm, uint64_t addr, uint32_t n);

#endif
