/*
 * memfs: the in-memory file system behind the VFS server's mounts (the
 * initrd root and every tmpfs). One tree of nodes per instance.
 *
 * Nodes are reference counted: a directory entry holds one reference, and
 * so does every open description (mnode_get/mnode_put), so an unlinked file
 * lives on while it is open. File data is either owned (grown on write) or
 * borrowed from memory the instance does not own (the initrd image, see
 * memfs_add_borrowed); a write to borrowed data copies it first.
 *
 * Every function returns 0 (or a count) on success and a negative errno
 * (motor/errno.h values) on failure; none of them trusts a name: names are
 * (pointer, length) pairs, and a name that is empty, ".", "..", contains
 * '/' or NUL, or is longer than MEMFS_NAME_MAX is refused (-EINVAL, or
 * -ENAMETOOLONG for length). Path walking ("." / ".." / symlinks / mounts)
 * is the namespace's job, not memfs's; memfs_lookup does accept "." and
 * ".." as names so the namespace can walk up (".." of the root is itself).
 */
#ifndef VFSD_MEMFS_H
#define VFSD_MEMFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MEMFS_NAME_MAX 255
#define MEMFS_SYMLINK_MAX 4095

/* File types, as in st_mode (S_IFMT bits). */
#define MEMFS_IFMT 0170000u
#define MEMFS_IFDIR 0040000u
#define MEMFS_IFREG 0100000u
#define MEMFS_IFLNK 0120000u
#define MEMFS_IFCHR 0020000u
#define MEMFS_IFIFO 0010000u

struct memfs;
struct mnode;

struct memfs_attr {
	uint64_t ino;
	uint32_t mode; /* type | permission bits */
	uint32_t nlink;
	uint32_t uid, gid;
	uint32_t rdev;      /* character devices: the device number */
	uint64_t size;      /* bytes; for directories the number of entries * 32 */
	uint64_t blocks;    /* 512-byte units of owned data */
	int64_t atime_ns, mtime_ns, ctime_ns;
	uint64_t dev;       /* the instance's id (memfs_create's dev) */
};

/*
 * A new, empty instance (its root directory has mode 0755 | dir). max_bytes
 * bounds the owned file data (-ENOSPC beyond it; 0 = no limit); readonly makes
 * every change fail with -EROFS once memfs_seal() is called (the initrd root
 * is built, then sealed). now_ns gives time stamps (a function so tests can fake time).
 */
int memfs_create(struct memfs **out, uint64_t dev, uint64_t max_bytes, int64_t (*now_ns)(void));
void memfs_seal(struct memfs *fs);           /* read-only from now on */
/* Writable again, for the server itself (/proc's tree changes, sealed between calls). */
void memfs_unseal(struct memfs *fs);
bool memfs_readonly(const struct memfs *fs);
void memfs_destroy(struct memfs *fs);        /* frees every node (tests; unmount) */
struct mnode *memfs_root(struct memfs *fs);  /* not referenced: valid while fs lives */
uint64_t memfs_bytes_used(const struct memfs *fs);
uint64_t memfs_max_bytes(const struct memfs *fs);
uint64_t memfs_nodes(const struct memfs *fs);

void mnode_get(struct mnode *n);
void mnode_put(struct mnode *n);             /* frees the node at zero refs and nlink */
struct memfs *mnode_fs(const struct mnode *n);
uint32_t mnode_mode(const struct mnode *n);
bool mnode_is_dir(const struct mnode *n);

/* *out gets a referenced node. -ENOENT, -ENOTDIR (dir is not a directory). */
int memfs_lookup(struct mnode *dir, const char *name, size_t len, struct mnode **out);

/*
 * Creates name in dir: a regular file, directory, character device (rdev) or
 * FIFO by mode's type bits. *out (if not NULL) gets a referenced node.
 * -EEXIST, -ENOTDIR, -EROFS, -ENOSPC, -EINVAL (type), -ENAMETOOLONG.
 */
int memfs_mknod(struct mnode *dir, const char *name, size_t len, uint32_t mode, uint32_t rdev,
		uint32_t uid, uint32_t gid, struct mnode **out);
int memfs_symlink(struct mnode *dir, const char *name, size_t len, const char *target,
		  size_t tlen, uint32_t uid, uint32_t gid);
/* A hard link to node (not a directory: -EPERM). */
int memfs_link(struct mnode *dir, const char *name, size_t len, struct mnode *node);
/* Removes a non-directory entry (-EISDIR for directories). */
int memfs_unlink(struct mnode *dir, const char *name, size_t len);
/* Removes an empty directory entry (-ENOTEMPTY, -ENOTDIR). */
int memfs_rmdir(struct mnode *dir, const char *name, size_t len);
/*
 * POSIX rename within one instance: replaces an existing target of a
 * compatible type (file over file, dir over empty dir; else -EISDIR /
 * -ENOTDIR / -ENOTEMPTY), refuses to move a directory into itself or its
 * own subtree (-EINVAL), and renaming a name onto itself (same node) is a
 * no-op that succeeds.
 */
int memfs_rename(struct mnode *odir, const char *oname, size_t olen, struct mnode *ndir,
		 const char *nname, size_t nlen);

/* Data. read returns bytes (0 at or past the end); write grows the file, a
 * gap reads as zeros. -EISDIR for directories, -EINVAL for other types,
 * -EFBIG past MEMFS_FILE_MAX. */
#define MEMFS_FILE_MAX (1ull << 40)
long memfs_read(struct mnode *n, uint64_t off, void *buf, size_t len);
long memfs_write(struct mnode *n, uint64_t off, const void *buf, size_t len);
int memfs_truncate(struct mnode *n, uint64_t size);
/* Makes n's data the caller's memory [data, data+len) without copying
 * (n must be a new, empty regular file). */
int memfs_add_borrowed(struct mnode *n, const void *data, size_t len);

/* Symlink target into buf (no NUL added). -> length, or -EINVAL not a symlink. */
long memfs_readlink(struct mnode *n, char *buf, size_t len);

int memfs_getattr(struct mnode *n, struct memfs_attr *a);
/* chmod: only the permission bits (07777) change. */
int memfs_chmod(struct mnode *n, uint32_t mode);
int memfs_chown(struct mnode *n, uint32_t uid, uint32_t gid);
int memfs_set_times(struct mnode *n, int64_t atime_ns, int64_t mtime_ns);

/*
 * Directory listing with a cookie (0 starts; "." and ".." come first). Calls
 * emit(ctx, name, len, ino, mode, next_cookie) for each entry from *cookie on
 * until emit returns nonzero (the entry did not fit: it is not consumed) or
 * the directory ends; *cookie then names the next entry. A cookie stays valid
 * while entries are added or removed (no entry is returned twice and entries
 * present the whole time are returned once). -> 0, -ENOTDIR.
 */
typedef int (*memfs_emit_fn)(void *ctx, const char *name, size_t len, uint64_t ino,
			     uint32_t mode, uint64_t next_cookie);
int memfs_readdir(struct mnode *dir, uint64_t *cookie, memfs_emit_fn emit, void *ctx);

/*
 * Fills fs (before memfs_seal) from a cpio "newc" archive: directories,
 * regular files (data borrowed from the archive: it must outlive fs),
 * symlinks, character devices; missing parent directories are created.
 * Entries "." and "" are the root (their mode and owner apply to it).
 * -> number of entries, or -EINVAL for a malformed archive (with *why).
 */
int memfs_load_cpio(struct memfs *fs, const void *archive, size_t len, const char **why);

#endif
