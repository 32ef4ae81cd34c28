/*
 * /proc (posix/vfsd/procfs.c, procfs_text.c): a read-only memfs instance
 * whose directories follow the process server's table and whose files are
 * generated when they are opened. An open gets its own snapshot (a fresh
 * unlinked node holding the text), read like a regular file; the files in
 * the tree are empty (size 0, as on Linux).
 */
#ifndef VFSD_PROCFS_H
#define VFSD_PROCFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memfs.h"

/* Mounts /proc. -> 0 or -errno. */
int procfs_mount(void);
/* Before a namespace call on path: brings /proc's pid directories up to date
 * when path lists /proc or names a pid it has no directory for. */
void procfs_before(const char *path);
/* Whether node is a file of /proc. */
bool procfs_owns(const struct mnode *node);
/* An open of /proc's file *node, reached by path: replaces *node (its
 * reference) with a snapshot of its text. -> 0, -ENOENT the process has
 * gone, -ENOMEM/-ENOSPC. */
int procfs_snapshot(const char *path, struct mnode **node);

/* procfs_text.c: the files' text in Linux's formats (proc(5)). Each writes at
 * most cap bytes to buf and returns the length, or -ENOENT (no such pid). */
enum procfs_file {
	PROCFS_STAT, PROCFS_STATUS, PROCFS_STATM, PROCFS_CMDLINE, /* per pid */
	PROCFS_MEMINFO, PROCFS_UPTIME, PROCFS_CPUSTAT, PROCFS_LOADAVG, PROCFS_MOUNTS,
};
long procfs_text(enum procfs_file f, int32_t pid, char *buf, size_t cap);

#endif
