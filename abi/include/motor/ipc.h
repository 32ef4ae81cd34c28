/*
 * Synchronous IPC through endpoints, notifications and wait-sets.
 *
 * A call carries four machine words in registers and, optionally, a
 * struct motor_msg that adds a data buffer (copied once, directly from the
 * sender's address space into the receiver's, up to MOTOR_IPC_MAX_DATA
 * bytes) and up to MOTOR_IPC_MAX_HANDLES handles (moved: they leave the
 * sender's table and arrive in the receiver's, each needing the TRANSFER
 * right). The receiver learns the badge of the handle the caller used, so a
 * server tells its clients (sessions) apart; it answers with ipc_reply or
 * ipc_reply_recv, which carry words, data and handles back the same way.
 *
 * Registers (x86_64 `syscall`):
 *   ipc_call:       rdi endpoint, rsi rdx r10 r8 words, r9 msg or 0
 *                   -> rax status, rsi rdx r10 r8 the reply words
 *   ipc_recv:       rdi endpoint or wait-set, r9 msg or 0 (timeout in msg)
 *                   -> rax status, rdi badge (or a wait-set key), rsi rdx r10 r8 words
 *   ipc_reply_recv: as ipc_recv, and rsi rdx r10 r8 are first sent as the reply
 *                   to the last call this thread received; r9's msg holds the
 *                   reply data/handles (buf, len, handles) and the receive
 *                   buffer (rbuf, rlen) for the next call
 *   ipc_reply:      rdi 0 or a saved reply handle, rsi rdx r10 r8 reply words,
 *                   r9 msg or 0
 *
 * Errors: -EPIPE the endpoint has no receiver left (the server is gone, also
 * for calls already waiting), -ETIMEDOUT, -EINTR (process killed),
 * -EMSGSIZE (data larger than the receiver's buffer: truncated to it, rlen
 * says how much was sent), -EBADF/-EACCES/-EINVAL for handles, -EFAULT (a
 * message block that is not writable, buffers outside the caller's mapped
 * memory). ipc_reply: -EINVAL when there is no call to answer, -ESRCH when
 * its caller gave up (timed out, was cancelled or killed). A receiver's
 * pending call is failed with -EPIPE when it receives again or exits
 * without answering.
 */
#ifndef MOTOR_IPC_H
#define MOTOR_IPC_H

#include <stdint.h>

#define MOTOR_IPC_MAX_DATA (256u << 10)
#define MOTOR_IPC_MAX_HANDLES 4

/* endpoint_create flags */
#define MOTOR_EP_CLOSE_NOTICES 1 /* tell the receiver when a badge's last handle closes */
/* w[0] of the call the kernel makes for such a close (no server uses it as an op) */
#define MOTOR_IPC_CLOSED 0xc105edull

struct motor_msg {
	uint64_t buf;       /* data to send (user pointer), len bytes */
	uint64_t len;
	uint64_t rbuf;      /* where received data goes, rlen bytes of room; */
	uint64_t rlen;      /*   on return: how many bytes arrived */
	int32_t handles[MOTOR_IPC_MAX_HANDLES]; /* to send (nhandles of them) */
	uint32_t nhandles;
	uint32_t rnhandles; /* on return: how many arrived, in rhandles */
	int32_t rhandles[MOTOR_IPC_MAX_HANDLES];
	uint64_t timeout_ns; /* MOTOR_FOREVER (or 0, read as forever) for none */
	uint64_t badge;      /* on receive: the caller's badge */
};

/* Wait-set keys of notifications come with their bits: rdi = key, rsi = bits. */
#define MOTOR_WS_NOTIFICATION (1ull << 63)

/* notify_signal flags */
#define MOTOR_NOTIFY_HANDOFF 1 /* run the woken waiter on this CPU now */

#endif
