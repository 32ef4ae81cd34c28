/* Answers to calls (see reply.h). */
#include <stdint.h>

#include <motor/ipc.h>
#include <motor/usyscall.h>

#include "server/reply.h"

long reply_send(long reply, long result, const void *data, size_t len, long handle)
{
	uint64_t w[4] = {(uint64_t)result, 0, 0, 0};
	return reply_words(reply, w, data, len, handle);
}

long reply_words(long reply, const uint64_t words[4], const void *data, size_t len, long handle)
{
	uint64_t w[4] = {words[0], words[1], words[2], words[3]};
	struct motor_msg m = {0};

	m.buf = (uint64_t)(uintptr_t)data;
	m.len = len;
	if (handle > 0) {
		m.handles[0] = (int32_t)handle;
		m.nhandles = 1;
	}
	long r = motor_ipc(SYS_ipc_reply, reply, w, &m, NULL);
	/*
	 * A handle moves only when the answer reached a caller that gave a
	 * message block; otherwise it is still ours. Closing it by number is
	 * safe: handles enter this table only when this one thread receives
	 * (nobody hands the server handles with handle_give), so the number of a
	 * moved handle is still free here and gives -EBADF.
	 */
	if (handle > 0)
		motor_handle_close(handle);
	return r;
}

long reply_keep(void)
{
	return motor_ipc_reply_save();
}
