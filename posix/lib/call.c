/* Calls to file servers, and pointer checks at the library's edge. */
#include "internal.h"

long motor_file_call(long h, uint64_t w[4], struct motor_msg *m)
{
	long r = motor_ipc(SYS_ipc_call, h, w, m, NULL);
	if (r == -EPIPE)
		return -EIO; /* the server behind the file is gone */
	if (r < 0)
		return r;
	return (long)w[0];
}

int motor_user_ok(const void *p, size_t len, int write)
{
	if (!len)
		return 0;
	return (int)motor_vm_check((long)p, (long)len, write ? MOTOR_PROT_WRITE : MOTOR_PROT_READ);
}
