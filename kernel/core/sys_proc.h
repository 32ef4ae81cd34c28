/* System calls on processes and memory objects (kernel/core/sys_proc.c), for the dispatch table. */
#ifndef CORE_SYS_PROC_H
#define CORE_SYS_PROC_H

#include <stdint.h>

struct process;
/* Starts a thread in p as thread_create describes (checks, fake return address). */
long thread_start_in(struct process *p, uint64_t entry, uint64_t stack, uint64_t arg);

/* The process handle h names, with the rights `need`; a reference. -EBADF, -EACCES. */
int get_proc(long h, uint32_t need, struct process **p);

long sys_process_create(const uint64_t *a);
long sys_thread_start(const uint64_t *a);
long sys_process_wait(const uint64_t *a);
long sys_process_kill(const uint64_t *a);
long sys_mem_create(const uint64_t *a);
long sys_mem_map(const uint64_t *a);
long sys_process_write(const uint64_t *a);
long sys_vm_map_into(const uint64_t *a);
long sys_process_clone(const uint64_t *a);
long sys_process_watch(const uint64_t *a);
long sys_handle_give(const uint64_t *a);
long sys_mem_create_physical(const uint64_t *a);
long sys_irq_bind(const uint64_t *a);
long sys_console_read(const uint64_t *a);
long sys_console_notify(const uint64_t *a);
long sys_power(const uint64_t *a);
long sys_log_read(const uint64_t *a);

#endif
