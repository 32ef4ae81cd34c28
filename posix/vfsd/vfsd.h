/*
 * The VFS server's request handling (posix/vfsd/): one request in, one
 * reply out. main.c receives and replies; ops_path.c serves the namespace
 * calls, ops_file.c the calls on sessions, devices.c the memory devices and
 * the hand-over of terminals to the tty server.
 */
#ifndef VFSD_VFSD_H
#define VFSD_VFSD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "motor/fs.h"
#include "motor/ipc.h"
#include "memfs.h"

struct request {
	uint64_t w[4];
	uint64_t badge;
	const char *data; /* what the caller sent (NUL added after it) */
	size_t len;
	long handle;      /* the first handle the caller sent, or 0 */
};

struct reply {
	uint64_t w[4];   /* w[0]: the result */
	const void *data;
	size_t len;
	long handle;     /* a handle to move to the caller, or 0 */
	long handle2;    /* a second one (pipe: the write end), or 0 */
	bool kept;       /* the call was kept (reply_keep): no answer now */
	bool took;       /* the request's handle was taken (else main.c closes it) */
};

/* Room for reply data (file reads, stat, listings). */
extern char reply_buf[MOTOR_IPC_MAX_DATA];

void serve_path(const struct request *rq, struct reply *rp);
void serve_file(const struct request *rq, struct reply *rp);

/* A session handle for a new description (badge), minted on the endpoint. */
long session_mint(uint64_t badge);

void attr_to_stat(const struct memfs_attr *a, struct motor_stat *st);
/* chown with chown(2)'s rules (-1 keeps an id); -EROFS on a read-only mount. */
int node_chown(struct mnode *n, uint64_t uid, uint64_t gid);

/* devices.c: opens the device a node stands for; fills rp (a session). */
void device_open(struct mnode *node, int flags, struct reply *rp);
long device_read(int kind, void *buf, size_t len);
long device_write(int kind, size_t len);

/* Set by main.c. */
extern long vfs_endpoint; /* RECEIVE + DUP: sessions are minted from it */
extern long tty_endpoint; /* CALL to the tty server, 0 if none */
int64_t vfs_now_ns(void);

#endif
