/*
 * Calls on sessions of memfs files and memory devices. The description
 * (offset, flags) lives here, so descriptors dup'ed or inherited by other
 * processes share it as POSIX requires.
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "motor/errno.h"
#include "pipe.h"
#include "server/watch.h"
#include "session.h"
#include "vfsd.h"

struct dir_fill {
	char *buf;
	size_t cap, used;
	int full; /* an entry did not fit */
};

static int emit(void *ctx, const char *name, size_t len, uint64_t ino, uint32_t mode,
		uint64_t next)
{
	struct dir_fill *f = ctx;
	size_t rec = (sizeof(struct motor_dirent) + len + 1 + 7) & ~(size_t)7;
	if (f->used + rec > f->cap) {
		f->full = 1;
		return 1;
	}
	struct motor_dirent *d = (struct motor_dirent *)(f->buf + f->used);
	memset(d, 0, rec);
	d->ino = ino;
	d->next = next;
	d->reclen = (uint16_t)rec;
	d->type = (uint8_t)((mode & MEMFS_IFMT) >> 12);
	memcpy(d->name, name, len);
	f->used += rec;
	return 0;
}

static bool can_read(const struct desc *d)
{
	return (d->flags & O_ACCMODE) != O_WRONLY;
}

static bool can_write(const struct desc *d)
{
	int acc = d->flags & O_ACCMODE;
	return acc == O_WRONLY || acc == O_RDWR;
}

static long file_read(struct desc *d, uint64_t len, bool positional, uint64_t off,
		      struct reply *rp)
{
	if (!can_read(d))
		return -EBADF;
	if (len > sizeof(reply_buf))
		len = sizeof(reply_buf);
	long r;
	if (d->kind != DESC_NODE)
		r = device_read(d->kind, reply_buf, len);
	else if (mnode_is_dir(d->node))
		r = -EISDIR;
	else
		r = memfs_read(d->node, positional ? off : d->off, reply_buf, len);
	if (r > 0) {
		rp->data = reply_buf;
		rp->len = (size_t)r;
		if (!positional && d->kind == DESC_NODE)
			d->off += (uint64_t)r;
	}
	return r;
}

static long file_write(struct desc *d, const struct request *rq, bool positional, uint64_t off)
{
	if (!can_write(d))
		return -EBADF;
	if (d->kind != DESC_NODE)
		return device_write(d->kind, rq->len);
	if (memfs_readonly(mnode_fs(d->node)))
		return -EROFS;
	if (!positional) {
		if (d->flags & O_APPEND) {
			struct memfs_attr a;
			memfs_getattr(d->node, &a);
			d->off = a.size;
		}
		off = d->off;
	}
	long r = memfs_write(d->node, off, rq->data, rq->len);
	if (r > 0 && !positional)
		d->off += (uint64_t)r;
	return r;
}

static long file_seek(struct desc *d, int64_t off, uint64_t whence)
{
	if (d->kind != DESC_NODE)
		return 0; /* devices: every offset is 0, as on Linux */
	int64_t base;
	if (mnode_is_dir(d->node)) {
		if (whence != SEEK_SET || off < 0) /* a cookie from an earlier listing */
			return -EINVAL;
		d->off = (uint64_t)off;
		return off;
	}
	struct memfs_attr a;
	memfs_getattr(d->node, &a);
	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = (int64_t)d->off;
		break;
	case SEEK_END:
		base = (int64_t)a.size;
		break;
	default:
		return -EINVAL;
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return base + off < 0 ? -EINVAL : -EOVERFLOW;
	d->off = (uint64_t)(base + off);
	return (long)d->off;
}

/* A pipe's stat: a FIFO with the bytes waiting as its size. */
static void pipe_stat(const struct desc *d, struct reply *rp)
{
	struct motor_stat *st = (struct motor_stat *)reply_buf;
	*st = (struct motor_stat){.dev = 0xfe00, .ino = pipe_ino(d->pipe), .mode = 0010600,
				  .nlink = 1, .size = (int64_t)pipe_available(d->pipe),
				  .blksize = PIPE_ATOMIC};
	st->atime_ns = st->mtime_ns = st->ctime_ns = vfs_now_ns();
	rp->data = reply_buf;
	rp->len = sizeof(*st);
}

/* The calls on a pipe's end; -> true if the call was kept. */
static bool serve_pipe(struct desc *d, const struct request *rq, struct reply *rp, long *r)
{
	switch (rq->w[0]) {
	case FILE_READ:
		return pipe_read(d, rq->w[1], rp, r);
	case FILE_WRITE:
		return pipe_write(d, rq, r);
	case FILE_PREAD:
	case FILE_PWRITE:
	case FILE_SEEK:
		*r = -ESPIPE;
		return false;
	case FILE_STAT:
		pipe_stat(d, rp);
		*r = 0;
		return false;
	case FILE_TRUNCATE:
	case FILE_CHMOD:
	case FILE_CHOWN:
		*r = -EINVAL;
		return false;
	case FILE_GETDENTS:
		*r = -ENOTDIR;
		return false;
	default:
		*r = -ENOSYS; /* not reached: the common calls are served below */
		return false;
	}
}

/* Regular files, directories and memory devices are always ready, as on Linux. */
#define ALWAYS_READY (MOTOR_POLL_IN | MOTOR_POLL_RDNORM | MOTOR_POLL_OUT | MOTOR_POLL_WRNORM)

/* FILE_WATCH, FILE_POLL, FILE_UNWATCH: only a pipe's readiness changes. */
static void serve_readiness(struct desc *d, const struct request *rq, struct reply *rp)
{
	bool pipe = d->kind == DESC_PIPE;
	watch_serve(pipe ? pipe_watches(d->pipe) : NULL, rq->badge,
		    pipe ? pipe_revents(rq->badge) : ALWAYS_READY, rq->w, rq->handle, &rp->took,
		    rp->w);
}

void serve_file(const struct request *rq, struct reply *rp)
{
	struct desc *d = desc_get(rq->badge);
	long r = 0;
	if (!d) {
		rp->w[0] = (uint64_t)-EBADF;
		return;
	}
	uint64_t op = rq->w[0];
	if (op == FILE_WATCH || op == FILE_POLL || op == FILE_UNWATCH) {
		serve_readiness(d, rq, rp);
		return;
	}
	if (d->kind == DESC_PIPE && op != FILE_CLOSE && op != FILE_CLONE && op != FILE_HOLD &&
	    op != FILE_GETFL &&
	    op != FILE_SETFL && op != FILE_SYNC && op != FILE_IOCTL) {
		rp->kept = serve_pipe(d, rq, rp, &r);
		rp->w[0] = (uint64_t)r;
		return;
	}
	switch (op) {
	case FILE_READ:
		r = file_read(d, rq->w[1], false, 0, rp);
		break;
	case FILE_PREAD:
		r = (int64_t)rq->w[2] < 0 ? -EINVAL : file_read(d, rq->w[1], true, rq->w[2], rp);
		if (r >= 0 && d->kind == DESC_NODE && mnode_is_dir(d->node))
			r = -EISDIR;
		break;
	case FILE_WRITE:
		r = file_write(d, rq, false, 0);
		break;
	case FILE_PWRITE:
		r = (int64_t)rq->w[2] < 0 ? -EINVAL : file_write(d, rq, true, rq->w[2]);
		break;
	case FILE_SEEK:
		r = file_seek(d, (int64_t)rq->w[1], rq->w[2]);
		break;
	case FILE_STAT: {
		struct memfs_attr a;
		r = memfs_getattr(d->node, &a);
		if (!r) {
			attr_to_stat(&a, (struct motor_stat *)reply_buf);
			rp->data = reply_buf;
			rp->len = sizeof(struct motor_stat);
		}
		break;
	}
	case FILE_TRUNCATE:
		if (d->kind != DESC_NODE || mnode_is_dir(d->node))
			r = -EINVAL;
		else if (!can_write(d))
			r = -EBADF;
		else if (memfs_readonly(mnode_fs(d->node)))
			r = -EROFS;
		else
			r = memfs_truncate(d->node, rq->w[1]);
		break;
	case FILE_GETDENTS: {
		if (d->kind != DESC_NODE || !mnode_is_dir(d->node)) {
			r = -ENOTDIR;
			break;
		}
		struct dir_fill f = {reply_buf, rq->w[1] < sizeof(reply_buf) ? rq->w[1] : sizeof(reply_buf), 0, 0};
		r = memfs_readdir(d->node, &d->off, emit, &f);
		if (r == 0 && f.used == 0 && f.full)
			r = -EINVAL; /* the buffer cannot hold the next entry */
		else if (r == 0) {
			r = (long)f.used;
			rp->data = reply_buf;
			rp->len = f.used;
		}
		break;
	}
	case FILE_SYNC:
		r = 0;
		break;
	case FILE_CLOSE:
		desc_release(rq->badge);
		r = 0;
		break;
	case FILE_HOLD:
		d->holders++;
		r = 0;
		break;
	case FILE_CLONE: {
		long h = session_mint(rq->badge);
		if (h < 0) {
			r = h;
		} else {
			d->holders++;
			rp->handle = h;
		}
		break;
	}
	case FILE_GETFL:
		r = d->flags & (O_ACCMODE | O_APPEND | O_NONBLOCK);
		break;
	case FILE_SETFL:
		d->flags = (d->flags & ~(O_APPEND | O_NONBLOCK)) | ((int)rq->w[1] & (O_APPEND | O_NONBLOCK));
		r = 0;
		break;
	case FILE_IOCTL:
		r = -ENOTTY;
		break;
	case FILE_CHMOD:
		r = memfs_readonly(mnode_fs(d->node)) ? -EROFS : memfs_chmod(d->node, (uint32_t)rq->w[1] & 07777);
		break;
	case FILE_CHOWN:
		r = node_chown(d->node, rq->w[1], rq->w[2]);
		break;
	default:
		r = -ENOSYS;
	}
	rp->w[0] = (uint64_t)r;
}
