/*
 * The namespace (posix/vfsd/namespace.c): mounts of memfs instances and the
 * path walk over them. Paths are absolute; ".", "..", symbolic links (at
 * most NS_SYMLOOP_MAX per walk) and mount points are handled here.
 */
#ifndef VFSD_NAMESPACE_H
#define VFSD_NAMESPACE_H

#include <stdbool.h>
#include <stddef.h>

#include "memfs.h"

#define NS_SYMLOOP_MAX 40

struct mount {
	struct memfs *fs;
	struct mnode *covered; /* the directory it hides (referenced); NULL for the root */
	char path[256];
	const char *source, *type;
};

/* The root mount. */
int ns_init(struct memfs *root, const char *source, const char *type);
/* Mounts fs on the directory at path. -ENOTDIR, -EBUSY, -ENOMEM. */
int ns_mount(const char *path, struct memfs *fs, const char *source, const char *type);
/* Lists the mounts as "source path type ro|rw\n" lines; -> length (truncated to cap). */
size_t ns_mounts(char *buf, size_t cap);

/* The node path names (referenced). follow: follow a final symlink. */
int ns_resolve(const char *path, bool follow, struct mnode **out);

/*
 * The directory that would hold path's last component (referenced) and that
 * component (into name, NUL-terminated). *trailing_slash is set when the path
 * ended in '/'. "/" itself has no parent: -EBUSY (it cannot be created,
 * removed or renamed). A last component "." or ".." gives -EINVAL.
 */
int ns_resolve_parent(const char *path, struct mnode **dir, char name[MEMFS_NAME_MAX + 1],
		      bool *trailing_slash);

/* Whether node is covered by a mount (it cannot be removed or renamed: -EBUSY). */
bool ns_is_mountpoint(const struct mnode *node);
/* The mount a node belongs to. */
const struct mount *ns_mount_of(const struct mnode *node);

/* The canonical absolute path of a node reached by resolving path. */
int ns_realpath(const char *path, char *out, size_t cap);

#endif
