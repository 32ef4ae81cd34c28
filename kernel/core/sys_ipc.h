/* System calls on handles and IPC objects (kernel/core/sys_ipc.c), for the dispatch table. */
#ifndef CORE_SYS_IPC_H
#define CORE_SYS_IPC_H

#include <stdint.h>

long sys_handle_close(const uint64_t *a);
long sys_handle_dup(const uint64_t *a);
long sys_endpoint_create(const uint64_t *a);
long sys_notification_create(const uint64_t *a);
long sys_waitset_create(const uint64_t *a);
long sys_waitset_add(const uint64_t *a);
long sys_ipc_call(const uint64_t *a);
long sys_ipc_recv(const uint64_t *a);
long sys_ipc_reply(const uint64_t *a);
long sys_ipc_reply_save(const uint64_t *a);
long sys_ipc_reply_recv(const uint64_t *a);
long sys_notify_signal(const uint64_t *a);
long sys_notify_wait(const uint64_t *a);

#endif
