/*
 * Directory entries and newlib's DIR (<dirent.h> includes this; newlib's
 * own copy is an #error). newlib's libc/posix implements opendir, readdir,
 * readdir_r, telldir, seekdir, scandir and closedir over getdents().
 *
 * getdents(fd, buf, nbytes) -- libposix:
 *   fills buf with whole struct dirent records packed one after another,
 *   each record's d_reclen being offsetof(struct dirent, d_name) +
 *   strlen(d_name) + 1 rounded up to a multiple of 8 (so the next record is
 *   8-byte aligned); d_name is NUL-terminated and d_ino is never 0 (readdir
 *   skips such records). Returns the number of bytes filled, 0 at the end
 *   of the directory, -1 with errno set (EINVAL: nbytes too small for the
 *   next record). The file offset advances past the records returned.
 */
#ifndef _SYS_DIRENT_H_
#define _SYS_DIRENT_H_

#include <sys/cdefs.h>
#include <sys/types.h>
#include <sys/lock.h>

#define MAXNAMLEN 255

struct dirent {
	ino_t d_ino;              /* never 0 for an entry */
	off_t d_off;              /* position after this entry (for seekdir) */
	unsigned short d_reclen;  /* size of this record, a multiple of 8 */
	unsigned char d_type;     /* DT_*, or DT_UNKNOWN */
	char d_name[MAXNAMLEN + 1];
};

#define d_fileno d_ino
#define _DIRENT_HAVE_D_OFF 1
#define _DIRENT_HAVE_D_RECLEN 1
#define _DIRENT_HAVE_D_TYPE 1

/* The fields newlib's libc/posix/ *dir.c use. */
typedef struct {
	int dd_fd;                  /* the directory's descriptor */
	long dd_loc;                /* next record in dd_buf */
	long dd_size;               /* bytes in dd_buf */
	char *dd_buf;               /* getdents buffer */
	int dd_len;                 /* its size */
	long dd_seek;               /* the directory offset of dd_buf */
	_LOCK_RECURSIVE_T dd_lock;  /* taken by readdir and friends */
} DIR;

#define __dirfd(dp) ((dp)->dd_fd)

#define DT_UNKNOWN 0
#define DT_FIFO 1
#define DT_CHR 2
#define DT_DIR 4
#define DT_BLK 6
#define DT_REG 8
#define DT_LNK 10
#define DT_SOCK 12
#define DT_WHT 14

/* Between stat's st_mode and d_type. */
#define IFTODT(mode) (((mode) & 0170000) >> 12)
#define DTTOIF(type) ((type) << 12)

__BEGIN_DECLS
int getdents(int fd, void *buf, size_t nbytes);
__END_DECLS

#endif
