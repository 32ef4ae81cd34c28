/* Converts the protocol's fixed-width stat into newlib's struct stat. */
#include <sys/stat.h>

#include "internal.h"

void stat_from_motor(struct stat *st, const struct motor_stat *ms)
{
	*st = (struct stat){0};
	st->st_dev = (dev_t)ms->dev;
	st->st_ino = (ino_t)ms->ino;
	st->st_mode = (mode_t)ms->mode;
	st->st_nlink = (nlink_t)ms->nlink;
	st->st_uid = (uid_t)ms->uid;
	st->st_gid = (gid_t)ms->gid;
	st->st_rdev = (dev_t)ms->rdev;
	st->st_size = (off_t)ms->size;
	st->st_blksize = (blksize_t)ms->blksize;
	st->st_blocks = (blkcnt_t)ms->blocks;
	st->st_atim.tv_sec = ms->atime_ns / 1000000000;
	st->st_atim.tv_nsec = ms->atime_ns % 1000000000;
	st->st_mtim.tv_sec = ms->mtime_ns / 1000000000;
	st->st_mtim.tv_nsec = ms->mtime_ns % 1000000000;
	st->st_ctim.tv_sec = ms->ctime_ns / 1000000000;
	st->st_ctim.tv_nsec = ms->ctime_ns % 1000000000;
}
