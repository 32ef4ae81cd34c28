/*
 * /proc: the tree and its snapshots. The tree is a memfs instance, sealed
 * (so clients' changes get -EROFS) and unsealed only while this file
 * changes it: a directory per pid with empty files stat, status, statm
 * and cmdline, and the system's files at the top. Its pid directories are
 * brought in line with the process server (procd, through libposix's
 * motor_proc_snapshot) when a client lists /proc or names a pid the tree
 * does not have yet; an open of a pid's file whose process has gone gives
 * ENOENT and drops that directory. An open gets the file's text as it is
 * then: a new node made, filled and unlinked at once, so the description
 * holds the only reference and later opens do not change what it reads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <motor/procinfo.h>

#include "motor/errno.h"
#include "namespace.h"
#include "procfs.h"
#include "vfsd.h"

#define TEXT_MAX (64 * 1024)

static struct memfs *procfs;
static int32_t *dirs; /* pids that have a directory, ascending */
static size_t ndirs;

static const struct {
	const char *name;
	enum procfs_file file;
} top_files[] = {
	{"meminfo", PROCFS_MEMINFO}, {"uptime", PROCFS_UPTIME}, {"stat", PROCFS_CPUSTAT},
	{"loadavg", PROCFS_LOADAVG}, {"mounts", PROCFS_MOUNTS},
},
  pid_files[] = {
	{"stat", PROCFS_STAT},
	{"status", PROCFS_STATUS},
	{"statm", PROCFS_STATM},
	{"cmdline", PROCFS_CMDLINE},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int add_file(struct mnode *dir, const char *name)
{
	return memfs_mknod(dir, name, strlen(name), MEMFS_IFREG | 0444, 0, 0, 0, NULL);
}

int procfs_mount(void)
{
	int err = memfs_create(&procfs, 4, 4 << 20, vfs_now_ns);
	for (size_t i = 0; !err && i < COUNT(top_files); i++)
		err = add_file(memfs_root(procfs), top_files[i].name);
	if (err)
		return err;
	memfs_seal(procfs);
	return ns_mount("/proc", procfs, "proc", "proc");
}

bool procfs_owns(const struct mnode *node)
{
	return procfs && mnode_fs(node) == procfs;
}

static int add_pid(int32_t pid)
{
	char name[16];
	int n = snprintf(name, sizeof(name), "%d", (int)pid);
	struct mnode *dir;
	int err = memfs_mknod(memfs_root(procfs), name, (size_t)n, MEMFS_IFDIR | 0555, 0, 0, 0, &dir);
	if (err)
		return err;
	for (size_t i = 0; !err && i < COUNT(pid_files); i++)
		err = add_file(dir, pid_files[i].name);
	mnode_put(dir);
	return err;
}

static void remove_pid(int32_t pid)
{
	char name[16];
	int n = snprintf(name, sizeof(name), "%d", (int)pid);
	struct mnode *dir;
	if (memfs_lookup(memfs_root(procfs), name, (size_t)n, &dir))
		return;
	for (size_t i = 0; i < COUNT(pid_files); i++)
		memfs_unlink(dir, pid_files[i].name, strlen(pid_files[i].name));
	mnode_put(dir);
	memfs_rmdir(memfs_root(procfs), name, (size_t)n);
}

/* Makes the pid directories those of the table: adds the new, removes the gone. */
static void sync_dirs(void)
{
	struct motor_proc_stat *all;
	int n = motor_proc_snapshot(&all);
	if (n < 0)
		return; /* no process server: the tree stays as it is */
	int32_t *now = malloc(((size_t)n + 1) * sizeof(*now));
	if (!now) {
		free(all);
		return;
	}
	memfs_unseal(procfs);
	size_t k = 0, j = 0;
	for (int i = 0; i < n; i++) {
		int32_t pid = all[i].pid;
		while (j < ndirs && dirs[j] < pid)
			remove_pid(dirs[j++]);
		if (j < ndirs && dirs[j] == pid) {
			j++;
		} else {
			int err = add_pid(pid);
			if (err && err != -EEXIST)
				continue; /* no room: not listed this time */
		}
		now[k++] = pid;
	}
	while (j < ndirs)
		remove_pid(dirs[j++]);
	memfs_seal(procfs);
	free(all);
	free(dirs);
	dirs = now;
	ndirs = k;
}

static bool has_dir(int32_t pid)
{
	for (size_t i = 0; i < ndirs; i++)
		if (dirs[i] == pid)
			return true;
	return false;
}

/* The pid a path's first component under /proc names, or 0 (none, not a number). */
static int32_t pid_of(const char *rest)
{
	long v = 0;
	const char *p = rest;
	for (; *p >= '0' && *p <= '9' && v < 1l << 30; p++)
		v = v * 10 + (*p - '0');
	return p != rest && (*p == '/' || *p == '\0') ? (int32_t)v : 0;
}

void procfs_before(const char *path)
{
	if (!procfs || strncmp(path, "/proc", 5) != 0 || (path[5] != '/' && path[5] != '\0'))
		return;
	const char *rest = path + 5;
	while (*rest == '/')
		rest++;
	int32_t pid = pid_of(rest);
	if (*rest == '\0' || (pid > 0 && !has_dir(pid)))
		sync_dirs();
}

/* Which file a canonical path under /proc names; -ENOENT none. */
static int which(const char *real, enum procfs_file *f, int32_t *pid)
{
	if (strncmp(real, "/proc/", 6) != 0)
		return -ENOENT;
	const char *rest = real + 6, *slash = strchr(rest, '/');
	*pid = slash ? pid_of(rest) : 0;
	const char *name = slash ? slash + 1 : rest;
	for (size_t i = 0; slash && *pid > 0 && i < COUNT(pid_files); i++)
		if (!strcmp(name, pid_files[i].name)) {
			*f = pid_files[i].file;
			return 0;
		}
	for (size_t i = 0; !slash && i < COUNT(top_files); i++)
		if (!strcmp(name, top_files[i].name)) {
			*f = top_files[i].file;
			return 0;
		}
	return -ENOENT;
}

/* A new unlinked node holding len bytes of text; -> 0 with *out referenced. */
static int text_node(const char *text, size_t len, struct mnode **out)
{
	static const char tmp[] = ".snapshot";
	struct mnode *root = memfs_root(procfs), *n;
	memfs_unseal(procfs);
	int err = memfs_mknod(root, tmp, sizeof(tmp) - 1, MEMFS_IFREG | 0444, 0, 0, 0, &n);
	if (!err) {
		long w = len ? memfs_write(n, 0, text, len) : 0;
		memfs_unlink(root, tmp, sizeof(tmp) - 1);
		if (w < 0) {
			mnode_put(n);
			err = (int)w;
		}
	}
	memfs_seal(procfs);
	if (!err)
		*out = n;
	return err;
}

int procfs_snapshot(const char *path, struct mnode **node)
{
	static char real[MOTOR_PATH_MAX], text[TEXT_MAX];
	enum procfs_file f = PROCFS_STAT;
	int32_t pid = 0;
	int err = ns_realpath(path, real, sizeof(real));
	if (!err)
		err = which(real, &f, &pid);
	long len = err ? err : procfs_text(f, pid, text, sizeof(text));
	if (len == -ENOENT && pid > 0) { /* it has ended since the tree last looked */
		memfs_unseal(procfs);
		remove_pid(pid);
		memfs_seal(procfs);
		for (size_t i = 0; i < ndirs; i++)
			if (dirs[i] == pid)
				memmove(dirs + i, dirs + i + 1, (--ndirs - i) * sizeof(*dirs));
	}
	struct mnode *n = NULL;
	err = len < 0 ? (int)len : text_node(text, (size_t)len, &n);
	if (err)
		return err;
	mnode_put(*node);
	*node = n;
	return 0;
}
