/*
 * Reader for "newc" cpio archives (kernel/boot/cpio.c), the initrd format.
 *
 * Each entry is a 110-byte ASCII header ("070701" or "070702" magic, 13 eight-digit
 * hex fields), the NUL-terminated name padded to 4 bytes, then the data padded
 * to 4 bytes. The archive ends with an entry named "TRAILER!!!". Every length is
 * checked against the archive's size: a truncated or corrupt archive is an
 * error, never an out-of-bounds read. Names are returned without a leading "./"
 * or "/".
 */
#ifndef BOOT_CPIO_H
#define BOOT_CPIO_H

#include <stddef.h>
#include <stdint.h>

struct cpio_entry {
	const char *name; /* points into the archive, NUL-terminated */
	size_t namelen;   /* without the NUL */
	const void *data;
	size_t size;
	uint32_t mode; /* file type and permission bits, as in st_mode */
	uint32_t ino, uid, gid, nlink, mtime;
};

/*
 * Reads the entry at *off and advances *off past it. Returns 1 with *e filled,
 * 0 at the trailer, -EINVAL for a malformed entry (bad magic, non-hex field,
 * lengths past the end, name not NUL-terminated); then, when why is not NULL,
 * *why points to a short static description of what was wrong.
 *
 * At the trailer *off is left pointing at it, so further calls return 0
 * again. On error *off and *e are unchanged. Reaching the end of the archive
 * without a trailer (including an empty archive) is an error, as is a NUL
 * inside a name. "070702" entries must match their checksum. Leading "/"
 * and "./" are stripped repeatedly ("./" alone becomes ""; "." stays ".").
 */
int cpio_next(const void *archive, size_t len, size_t *off, struct cpio_entry *e,
	      const char **why);

/* Walks the whole archive. Returns the number of entries, or -EINVAL (with *why). */
int cpio_validate(const void *archive, size_t len, const char **why);

/*
 * Finds `path` (leading '/' ignored). 0 and *e filled, -ENOENT, or -EINVAL if
 * corrupt (or path is NULL). The walk stops at the first match, so corruption
 * after it goes unnoticed; run cpio_validate() once to check the whole archive.
 */
int cpio_find(const void *archive, size_t len, const char *path, struct cpio_entry *e);

#endif
