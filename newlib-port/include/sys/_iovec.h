/* struct iovec, shared by <sys/uio.h> and <sys/socket.h>. */
#ifndef _SYS__IOVEC_H
#define _SYS__IOVEC_H

#include <sys/types.h>

struct iovec {
	void *iov_base;
	size_t iov_len;
};

#endif
