/*
 * The tty server's protocol (motor/fs.h): DEV_OPEN from the VFS server
 * (unbadged handle) mints a session; the file operations arrive on the
 * session's badge. Each call is decoded here, checked (op, badge, access
 * mode, lengths) and handed to the terminal; every call gets exactly one
 * answer, now or, for reads and held writes, later.
 */
#ifndef TTYD_OPS_H
#define TTYD_OPS_H

#include <stddef.h>
#include <stdint.h>

#include "tty.h"

struct request {
	uint64_t badge;   /* 0: the VFS server's handle; else a session */
	uint64_t w[4];    /* w[0] the operation, w[1..3] its arguments */
	const void *data; /* the bytes that came with it */
	size_t len;
	uint64_t now;     /* monotonic ns */
	long handle;      /* the first handle the caller sent, or 0 (closed unless taken) */
};

/* endpoint: ours (session handles are minted from it); console: /dev/console. */
void ops_init(long endpoint, struct tty *console);

/* Handles one call and answers it (or keeps it to answer later). */
void ops_dispatch(const struct request *rq);

/* After a change to the console (input, a timer): signals its due watches. */
void ops_wake(void);

#endif
