/*
 * The namespace: a short table of mounts and the path walk. The walk keeps
 * the canonical path it has reached as it goes (so realpath and the cwd
 * need no parent pointers in the file system): a symlink's target is put in
 * front of what is left of the path, and ".." pops the last component,
 * which is right because the canonical path never holds a symlink.
 */
#include "namespace.h"

#include <string.h>

#include "motor/errno.h"

#define MAX_MOUNTS 16
#define WORK_MAX (2 * 4096)

static struct mount mounts[MAX_MOUNTS];
static size_t nmounts;

int ns_init(struct memfs *root, const char *source, const char *type)
{
	mounts[0] = (struct mount){.fs = root, .covered = NULL, .path = "/",
				   .source = source, .type = type};
	nmounts = 1;
	return 0;
}

bool ns_is_mountpoint(const struct mnode *node)
{
	for (size_t i = 1; i < nmounts; i++)
		if (mounts[i].covered == node)
			return true;
	return false;
}

const struct mount *ns_mount_of(const struct mnode *node)
{
	for (size_t i = 0; i < nmounts; i++)
		if (mounts[i].fs == mnode_fs(node))
			return &mounts[i];
	return &mounts[0];
}

/* Steps onto the root of a file system mounted on n, if one is. */
static struct mnode *cross_down(struct mnode *n)
{
	for (size_t i = 1; i < nmounts; i++) {
		if (mounts[i].covered == n) {
			struct mnode *r = memfs_root(mounts[i].fs);
			mnode_get(r);
			mnode_put(n);
			return cross_down(r);
		}
	}
	return n;
}

/* ".." of n, leaving a mounted file system through the directory it covers. */
static int step_up(struct mnode *n, struct mnode **out)
{
	const struct mount *m = ns_mount_of(n);
	if (n == memfs_root(m->fs) && m->covered) {
		mnode_get(m->covered);
		int err = step_up(m->covered, out);
		mnode_put(m->covered);
		return err;
	}
	return memfs_lookup(n, "..", 2, out);
}

static void canon_pop(char *canon)
{
	char *slash = strrchr(canon, '/');
	if (slash)
		*slash = '\0';
}

static int canon_push(char *canon, size_t cap, const char *c, size_t len)
{
	size_t n = strlen(canon);
	if (n + 1 + len + 1 > cap)
		return -ENAMETOOLONG;
	canon[n] = '/';
	memcpy(canon + n + 1, c, len);
	canon[n + 1 + len] = '\0';
	return 0;
}

/*
 * Walks path from the root. canon (cap bytes) gets the canonical path
 * ("" for the root). Returns the node, referenced.
 */
static int walk(const char *path, bool follow_last, struct mnode **out, char *canon, size_t cap)
{
	static char work[WORK_MAX], tmp[WORK_MAX];
	size_t plen = strlen(path);
	if (plen >= WORK_MAX)
		return -ENAMETOOLONG;
	memcpy(work, path, plen + 1);
	struct mnode *node = memfs_root(mounts[0].fs);
	mnode_get(node);
	canon[0] = '\0';
	int links = 0;
	char *p = work;
	for (;;) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		char *c = p;
		while (*p && *p != '/')
			p++;
		size_t len = (size_t)(p - c);
		char *rest = p;
		while (*rest == '/')
			rest++;
		bool last = *rest == '\0';
		if (len > MEMFS_NAME_MAX) {
			mnode_put(node);
			return -ENAMETOOLONG;
		}
		if (len == 1 && c[0] == '.') {
			if (!mnode_is_dir(node)) {
				mnode_put(node);
				return -ENOTDIR;
			}
			continue;
		}
		struct mnode *next;
		int err;
		if (len == 2 && c[0] == '.' && c[1] == '.') {
			err = mnode_is_dir(node) ? step_up(node, &next) : -ENOTDIR;
			if (err) {
				mnode_put(node);
				return err;
			}
			mnode_put(node);
			node = next;
			canon_pop(canon);
			continue;
		}
		err = memfs_lookup(node, c, len, &next);
		if (err) {
			mnode_put(node);
			return err;
		}
		if ((mnode_mode(next) & MEMFS_IFMT) == MEMFS_IFLNK && (!last || follow_last || *p == '/')) {
			if (++links > NS_SYMLOOP_MAX) {
				mnode_put(next);
				mnode_put(node);
				return -ELOOP;
			}
			long tl = memfs_readlink(next, tmp, sizeof(tmp) - 1);
			mnode_put(next);
			size_t rl = strlen(p);
			if (tl < 0 || (size_t)tl + 1 + rl + 1 > WORK_MAX) {
				mnode_put(node);
				return tl < 0 ? (int)tl : -ENAMETOOLONG;
			}
			/* The target replaces the component: target + what was left. */
			tmp[tl] = '\0';
			memmove(work + tl, p, rl + 1);
			memcpy(work, tmp, (size_t)tl);
			p = work;
			if (tmp[0] == '/') {
				mnode_put(node);
				node = memfs_root(mounts[0].fs);
				mnode_get(node);
				canon[0] = '\0';
			}
			continue;
		}
		next = cross_down(next);
		err = canon_push(canon, cap, c, len);
		mnode_put(node);
		node = next;
		if (err) {
			mnode_put(node);
			return err;
		}
	}
	/* "file/" names a directory that is not there */
	size_t n = strlen(path);
	if (n > 1 && path[n - 1] == '/' && !mnode_is_dir(node)) {
		mnode_put(node);
		return -ENOTDIR;
	}
	*out = node;
	return 0;
}

int ns_resolve(const char *path, bool follow, struct mnode **out)
{
	static char canon[WORK_MAX];
	return walk(path, follow, out, canon, sizeof(canon));
}

int ns_realpath(const char *path, char *out, size_t cap)
{
	struct mnode *n;
	int err = walk(path, true, &n, out, cap);
	if (err)
		return err;
	mnode_put(n);
	if (!out[0]) {
		if (cap < 2)
			return -ENAMETOOLONG;
		strcpy(out, "/");
	}
	return 0;
}

int ns_resolve_parent(const char *path, struct mnode **dir, char name[MEMFS_NAME_MAX + 1],
		      bool *trailing_slash)
{
	static char d[WORK_MAX];
	size_t len = strlen(path);
	if (len >= WORK_MAX)
		return -ENAMETOOLONG;
	*trailing_slash = false;
	while (len > 1 && path[len - 1] == '/') {
		len--;
		*trailing_slash = true;
	}
	size_t start = len;
	while (start > 0 && path[start - 1] != '/')
		start--;
	size_t nlen = len - start;
	if (nlen == 0)
		return -EBUSY; /* the root */
	if (nlen > MEMFS_NAME_MAX)
		return -ENAMETOOLONG;
	if ((nlen == 1 && path[start] == '.') ||
	    (nlen == 2 && path[start] == '.' && path[start + 1] == '.'))
		return -EINVAL;
	memcpy(name, path + start, nlen);
	name[nlen] = '\0';
	memcpy(d, path, start);
	d[start] = '\0';
	if (!start)
		strcpy(d, "/");
	struct mnode *n;
	int err = ns_resolve(d, true, &n);
	if (err)
		return err;
	if (!mnode_is_dir(n)) {
		mnode_put(n);
		return -ENOTDIR;
	}
	*dir = n;
	return 0;
}

int ns_mount(const char *path, struct memfs *fs, const char *source, const char *type)
{
	if (nmounts == MAX_MOUNTS)
		return -ENOMEM;
	struct mnode *n;
	static char canon[WORK_MAX];
	int err = walk(path, true, &n, canon, sizeof(canon));
	if (err)
		return err;
	if (!mnode_is_dir(n)) {
		mnode_put(n);
		return -ENOTDIR;
	}
	if (strlen(canon) + 1 > sizeof(mounts[0].path) || !canon[0]) {
		mnode_put(n);
		return -EBUSY;
	}
	struct mount *m = &mounts[nmounts++];
	*m = (struct mount){.fs = fs, .covered = n, .source = source, .type = type};
	strcpy(m->path, canon);
	return 0;
}

size_t ns_mounts(char *buf, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < nmounts && n < cap; i++) {
		const struct mount *m = &mounts[i];
		const char *parts[] = {m->source, " ", m->path, " ", m->type, " ",
				       memfs_readonly(m->fs) ? "ro" : "rw", "\n"};
		for (size_t k = 0; k < sizeof(parts) / sizeof(parts[0]); k++) {
			size_t l = strlen(parts[k]);
			if (n + l > cap)
				l = cap - n;
			memcpy(buf + n, parts[k], l);
			n += l;
		}
	}
	return n;
}
