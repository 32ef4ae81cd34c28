/*
 * Namespace calls: each takes an absolute path (or two) from the request
 * data and acts on the nodes the walk finds. Every caller is root for now
 * (credentials come with the process server), so permission bits are kept
 * and reported but only write access to read-only mounts is refused.
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <motor/usyscall.h>

#include "motor/errno.h"
#include "fifo.h"
#include "namespace.h"
#include "pipe.h"
#include "procfs.h"
#include "session.h"
#include "vfsd.h"

void attr_to_stat(const struct memfs_attr *a, struct motor_stat *st)
{
	*st = (struct motor_stat){
		.dev = a->dev, .ino = a->ino, .mode = a->mode, .nlink = a->nlink,
		.uid = a->uid, .gid = a->gid, .rdev = a->rdev, .size = (int64_t)a->size,
		.blksize = 4096, .blocks = (int64_t)a->blocks, .atime_ns = a->atime_ns,
		.mtime_ns = a->mtime_ns, .ctime_ns = a->ctime_ns,
	};
}

/* The request's paths: one, or two separated by a NUL. */
static int paths(const struct request *rq, const char **a, const char **b)
{
	if (rq->len == 0 || rq->len > 2 * MOTOR_PATH_MAX || rq->data[rq->len - 1] != '\0')
		return -EINVAL;
	*a = rq->data;
	size_t la = strnlen(rq->data, rq->len);
	if (la == rq->len - 1) {
		*b = NULL;
	} else {
		*b = rq->data + la + 1;
		if (strlen(*b) + la + 2 != rq->len)
			return -EINVAL;
	}
	if (**a != '/' || (*b && **b != '/'))
		return -EINVAL;
	if (strlen(*a) >= MOTOR_PATH_MAX || (*b && strlen(*b) >= MOTOR_PATH_MAX))
		return -ENAMETOOLONG;
	return 0;
}

static bool ro(const struct mnode *n)
{
	return memfs_readonly(mnode_fs(n));
}

int node_chown(struct mnode *n, uint64_t uid, uint64_t gid)
{
	struct memfs_attr a;
	memfs_getattr(n, &a);
	/* -1 keeps an id, as chown(2) says */
	uint32_t u = (int64_t)uid == -1 ? a.uid : (uint32_t)uid;
	uint32_t g = (int64_t)gid == -1 ? a.gid : (uint32_t)gid;
	return ro(n) ? -EROFS : memfs_chown(n, u, g);
}

static int do_open(const char *path, int flags, uint32_t mode, uint64_t pid, struct reply *rp)
{
	struct mnode *node = NULL;
	int acc = flags & O_ACCMODE;
	bool writing = acc == O_WRONLY || acc == O_RDWR;
	int err = ns_resolve(path, !(flags & O_NOFOLLOW), &node);
	if (err == -ENOENT && (flags & O_CREAT)) {
		struct mnode *dir;
		char name[MEMFS_NAME_MAX + 1];
		bool slash;
		err = ns_resolve_parent(path, &dir, name, &slash);
		if (err)
			return err;
		if (slash) {
			mnode_put(dir);
			return -EISDIR;
		}
		err = ro(dir) ? -EROFS
			      : memfs_mknod(dir, name, strlen(name), MEMFS_IFREG | (mode & 07777), 0, 0,
					    0, &node);
		mnode_put(dir);
		if (err)
			return err;
	} else if (err) {
		return err;
	} else if ((flags & O_CREAT) && (flags & O_EXCL)) {
		mnode_put(node);
		return -EEXIST;
	}
	uint32_t type = mnode_mode(node) & MEMFS_IFMT;
	if (type == MEMFS_IFREG && procfs_owns(node) && !writing)
		err = procfs_snapshot(path, &node); /* its text as it is now */
	if (err) {
		mnode_put(node);
		return err;
	}
	if (type == MEMFS_IFLNK) { /* O_NOFOLLOW on a symlink */
		mnode_put(node);
		return -ELOOP;
	}
	if ((flags & O_DIRECTORY) && type != MEMFS_IFDIR)
		err = -ENOTDIR;
	else if (type == MEMFS_IFDIR && (writing || (flags & O_TRUNC)))
		err = -EISDIR;
	else if (writing && type == MEMFS_IFREG && ro(node))
		err = -EROFS;
	else if ((flags & O_TRUNC) && type == MEMFS_IFREG && writing)
		err = memfs_truncate(node, 0);
	if (err) {
		mnode_put(node);
		return err;
	}
	rp->w[1] = type;
	if (type == MEMFS_IFCHR) {
		device_open(node, flags, pid, rp); /* takes the node reference */
		return (int)rp->w[0];
	}
	if (type == MEMFS_IFIFO) {
		fifo_open(node, flags, rp); /* takes the node reference */
		return (int)rp->w[0];
	}
	uint64_t badge;
	err = desc_new(DESC_NODE, node, flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_NOCTTY), &badge);
	if (err) {
		mnode_put(node);
		return err;
	}
	long h = session_mint(badge);
	if (h < 0) {
		desc_release(badge);
		return (int)h;
	}
	rp->handle = h;
	return 0;
}

static int do_stat(const char *path, bool follow, struct reply *rp)
{
	struct mnode *n;
	int err = ns_resolve(path, follow, &n);
	if (err)
		return err;
	struct memfs_attr a;
	err = memfs_getattr(n, &a);
	mnode_put(n);
	if (err)
		return err;
	struct motor_stat *st = (struct motor_stat *)reply_buf;
	attr_to_stat(&a, st);
	rp->data = st;
	rp->len = sizeof(*st);
	return 0;
}

/* Creation and removal: the parent directory and the last name. */
static int entry_op(uint64_t op, const char *path, const struct request *rq)
{
	struct mnode *dir;
	char name[MEMFS_NAME_MAX + 1];
	bool slash;
	int err = ns_resolve_parent(path, &dir, name, &slash);
	if (err)
		return err == -EINVAL && op == VFS_MKDIR ? -EEXIST : err;
	size_t len = strlen(name);
	if (ro(dir)) {
		struct mnode *x;
		bool exists = memfs_lookup(dir, name, len, &x) == 0, busy = false;
		if (exists) {
			busy = ns_is_mountpoint(x);
			mnode_put(x);
		}
		mnode_put(dir);
		if (busy && (op == VFS_RMDIR || op == VFS_UNLINK))
			return -EBUSY;
		if (op == VFS_MKDIR || op == VFS_MKNOD)
			return exists ? -EEXIST : -EROFS;
		return exists ? -EROFS : -ENOENT;
	}
	struct mnode *target = NULL;
	if (op == VFS_RMDIR || op == VFS_UNLINK) {
		err = memfs_lookup(dir, name, len, &target);
		if (!err && ns_is_mountpoint(target))
			err = -EBUSY;
		if (!err && op == VFS_UNLINK && slash)
			err = mnode_is_dir(target) ? -EISDIR : -ENOTDIR;
		if (target)
			mnode_put(target);
	}
	if (!err) {
		switch (op) {
		case VFS_MKDIR:
			err = memfs_mknod(dir, name, len, MEMFS_IFDIR | (rq->w[1] & 07777), 0, 0, 0, NULL);
			break;
		case VFS_MKNOD: {
			uint32_t type = rq->w[1] & MEMFS_IFMT;
			if (type != MEMFS_IFREG && type != MEMFS_IFCHR && type != MEMFS_IFIFO)
				err = -EINVAL;
			else
				err = memfs_mknod(dir, name, len, (uint32_t)rq->w[1] & (MEMFS_IFMT | 07777),
						  (uint32_t)rq->w[2], 0, 0, NULL);
			break;
		}
		case VFS_RMDIR:
			err = memfs_rmdir(dir, name, len);
			break;
		default:
			err = slash ? -ENOTDIR : memfs_unlink(dir, name, len);
			break;
		}
	}
	mnode_put(dir);
	return err;
}

static int do_rename_or_link(uint64_t op, const char *from, const char *to)
{
	struct mnode *odir = NULL, *ndir = NULL, *src = NULL;
	char oname[MEMFS_NAME_MAX + 1], nname[MEMFS_NAME_MAX + 1];
	bool s1, s2;
	int err = ns_resolve_parent(from, &odir, oname, &s1);
	if (!err)
		err = ns_resolve_parent(to, &ndir, nname, &s2);
	if (!err)
		err = memfs_lookup(odir, oname, strlen(oname), &src);
	if (!err && mnode_fs(odir) != mnode_fs(ndir))
		err = -EXDEV;
	else if (!err && (ro(odir) || ro(ndir)))
		err = -EROFS;
	else if (!err && ns_is_mountpoint(src))
		err = -EBUSY;
	if (!err && op == VFS_LINK)
		err = s1 || s2 ? -ENOTDIR : memfs_link(ndir, nname, strlen(nname), src);
	else if (!err) {
		if ((s1 || s2) && !mnode_is_dir(src))
			err = -ENOTDIR;
		else
			err = memfs_rename(odir, oname, strlen(oname), ndir, nname, strlen(nname));
	}
	if (src)
		mnode_put(src);
	if (odir)
		mnode_put(odir);
	if (ndir)
		mnode_put(ndir);
	return err;
}

static int do_symlink(const struct request *rq)
{
	const char *target = rq->data;
	size_t tl = strnlen(target, rq->len);
	if (tl + 1 >= rq->len || tl == 0)
		return -EINVAL;
	const char *path = target + tl + 1;
	if (strnlen(path, rq->len - tl - 1) != rq->len - tl - 2 || *path != '/')
		return -EINVAL;
	if (tl > MEMFS_SYMLINK_MAX)
		return -ENAMETOOLONG;
	struct mnode *dir;
	char name[MEMFS_NAME_MAX + 1];
	bool slash;
	int err = ns_resolve_parent(path, &dir, name, &slash);
	if (err)
		return err == -EINVAL ? -EEXIST : err;
	err = ro(dir) ? -EROFS : memfs_symlink(dir, name, strlen(name), target, tl, 0, 0);
	mnode_put(dir);
	return err;
}

static int node_op(const struct request *rq, const char *path, struct reply *rp)
{
	struct mnode *n;
	uint64_t op = rq->w[0];
	bool follow = !(op == VFS_READLINK || (op == VFS_CHOWN && rq->w[3] == 1));
	int err = ns_resolve(path, follow, &n);
	if (err)
		return err;
	switch (op) {
	case VFS_READLINK: {
		long r = memfs_readlink(n, reply_buf, MEMFS_SYMLINK_MAX + 1);
		if (r >= 0) {
			rp->data = reply_buf;
			rp->len = (size_t)r;
		}
		err = (int)r;
		break;
	}
	case VFS_ACCESS: {
		uint32_t mode = mnode_mode(n);
		if ((rq->w[1] & W_OK) && ro(n))
			err = -EROFS;
		else if ((rq->w[1] & X_OK) && !(mode & 0111) && (mode & MEMFS_IFMT) != MEMFS_IFDIR)
			err = -EACCES; /* root may execute only what someone may */
		break;
	}
	case VFS_CHMOD:
		err = ro(n) ? -EROFS : memfs_chmod(n, (uint32_t)rq->w[1] & 07777);
		break;
	case VFS_CHOWN:
		err = node_chown(n, rq->w[1], rq->w[2]);
		break;
	case VFS_UTIMES: {
		struct memfs_attr a;
		memfs_getattr(n, &a);
		int64_t now = vfs_now_ns();
		int64_t at = rq->w[3] ? now : (int64_t)rq->w[1] == -1 ? a.atime_ns : (int64_t)rq->w[1];
		int64_t mt = rq->w[3] ? now : (int64_t)rq->w[2] == -1 ? a.mtime_ns : (int64_t)rq->w[2];
		err = ro(n) ? -EROFS : memfs_set_times(n, at, mt);
		break;
	}
	case VFS_TRUNCATE:
		if (mnode_is_dir(n))
			err = -EISDIR;
		else if ((mnode_mode(n) & MEMFS_IFMT) != MEMFS_IFREG)
			err = -EINVAL;
		else
			err = ro(n) ? -EROFS : memfs_truncate(n, rq->w[1]);
		break;
	case VFS_STATFS: {
		struct memfs *fs = mnode_fs(n);
		struct motor_statfs *s = (struct motor_statfs *)reply_buf;
		uint64_t max = memfs_max_bytes(fs), used = memfs_bytes_used(fs);
		*s = (struct motor_statfs){.bsize = 4096, .namemax = MEMFS_NAME_MAX,
					   .flags = memfs_readonly(fs) ? 1 : 0};
		s->blocks = (max ? max : used) / 4096;
		s->bfree = s->bavail = max > used ? (max - used) / 4096 : 0;
		s->files = memfs_nodes(fs);
		s->ffree = memfs_readonly(fs) ? 0 : 1u << 20;
		rp->data = s;
		rp->len = sizeof(*s);
		break;
	}
	default:
		err = -ENOSYS;
	}
	mnode_put(n);
	return err;
}

/* VFS_PIPE: the read end's session, then the write end's. */
static int do_pipe(int flags, struct reply *rp)
{
	struct pipe *p;
	int err = pipe_create(&p);
	if (err)
		return err;
	flags &= O_NONBLOCK;
	uint64_t rb = 0, wb = 0;
	long r = 0, w = 0;
	err = pipe_open_session(p, O_RDONLY | flags, &rb, &r);
	if (!err)
		err = pipe_open_session(p, O_WRONLY | flags, &wb, &w);
	if (err) {
		if (r > 0)
			motor_handle_close(r);
		if (wb)
			desc_release(wb);
		if (rb)
			desc_release(rb); /* the last end: frees the pipe */
		else
			pipe_destroy(p);
		return err;
	}
	rp->handle = r;
	rp->handle2 = w;
	return 0;
}

void serve_path(const struct request *rq, struct reply *rp)
{
	const char *a, *b;
	uint64_t op = rq->w[0];
	if (op == VFS_PIPE) {
		rp->w[0] = (uint64_t)(int64_t)do_pipe((int)rq->w[1], rp);
		return;
	}
	int err = op == VFS_MOUNTS || op == VFS_SYMLINK ? 0 : paths(rq, &a, &b);
	if (!err && op != VFS_MOUNTS && op != VFS_SYMLINK)
		procfs_before(a);
	if (!err && op != VFS_MOUNTS && op != VFS_SYMLINK &&
	    !!b != (op == VFS_RENAME || op == VFS_LINK))
		err = -EINVAL;
	if (!err) {
		switch (op) {
		case VFS_OPEN:
			err = do_open(a, (int)rq->w[1], (uint32_t)rq->w[2], rq->w[3], rp);
			break;
		case VFS_STAT:
			err = do_stat(a, rq->w[1] != 1, rp);
			break;
		case VFS_MKDIR:
		case VFS_RMDIR:
		case VFS_UNLINK:
		case VFS_MKNOD:
			err = entry_op(op, a, rq);
			break;
		case VFS_RENAME:
		case VFS_LINK:
			err = do_rename_or_link(op, a, b);
			break;
		case VFS_SYMLINK:
			err = do_symlink(rq);
			break;
		case VFS_REALPATH:
			err = ns_realpath(a, reply_buf, MOTOR_PATH_MAX);
			if (!err) {
				rp->data = reply_buf;
				rp->len = strlen(reply_buf) + 1;
			}
			break;
		case VFS_MOUNTS:
			rp->len = ns_mounts(reply_buf, sizeof(reply_buf));
			rp->data = reply_buf;
			break;
		default:
			err = node_op(rq, a, rp);
		}
	}
	rp->w[0] = (uint64_t)(int64_t)err;
}
