/* Calls to file servers, and pointer checks at the library's edge. */
#include "internal.h"

long motor_file_call(long h, uint64_t w[4], struct motor_msg *m)
{
	uint64_t req[4] = {w[0], w[1], w[2], w[3]};
	struct motor_msg saved = m ? *m : (struct motor_msg){0};
	for (;;) {
		unsigned long handlers = posix_handlers_run;
		long r = motor_ipc(SYS_ipc_call, h, w, m, NULL);
		if (r == -EPIPE)
			return -EIO; /* the server behind the file is gone */
		if (r < 0)
			return r;
		/*
		 * A server answers EINTR when it had a signal sent to us instead
		 * (a terminal's SIGTTIN for a background read). That signal came in
		 * as the call returned: if it only stopped and continued us, no
		 * handler ran and the call is made again, as Linux restarts it.
		 */
		if ((long)w[0] != -EINTR || handlers != posix_handlers_run)
			return (long)w[0];
		for (int i = 0; i < 4; i++)
			w[i] = req[i];
		if (m)
			*m = saved;
	}
}

int motor_user_ok(const void *p, size_t len, int write)
{
	if (!len)
		return 0;
	return (int)motor_vm_check((long)p, (long)len, write ? MOTOR_PROT_WRITE : MOTOR_PROT_READ);
}
