/* System calls on signals (kernel/core/sys_signal.c), for the dispatch table. */
#ifndef CORE_SYS_SIGNAL_H
#define CORE_SYS_SIGNAL_H

#include <stdint.h>

long sys_signal_action(const uint64_t *a);
long sys_signal_mask(const uint64_t *a);
long sys_signal_send(const uint64_t *a);
long sys_signal_return(const uint64_t *a);
long sys_signal_suspend(const uint64_t *a);
long sys_signal_alarm(const uint64_t *a);
long sys_process_status(const uint64_t *a);
long sys_signal_stack(const uint64_t *a);

#endif
