/*
 * Reader for "newc" cpio archives, the initrd format.
 *
 * An entry is a 110-byte ASCII header, the NUL-terminated name and the data,
 * the name and the data each padded to a multiple of four bytes from the
 * start of the archive. Every offset is checked against the archive length
 * before it is used, always in the form `n > len - pos` with pos <= len, so
 * no sum can wrap: a corrupt or hostile archive yields -EINVAL and a reason,
 * never a read outside [archive, archive + len).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "boot/cpio.h"
#include "lib/string.h"
#include "motor/errno.h"

#define HDR_LEN 110
#define MAGIC_LEN 6
#define FIELD_LEN 8

#define TRAILER "TRAILER!!!"

enum field {
	F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE,
	F_DEVMAJOR, F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK,
	NFIELDS
};

static int bad(const char **why, const char *reason)
{
	if (why)
		*why = reason;
	return -EINVAL;
}

static bool parse_hex8(const char *s, uint32_t *out)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < FIELD_LEN; i++) {
		char c = s[i];
		uint32_t d;

		if (c >= '0' && c <= '9')
			d = (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (uint32_t)(c - 'A' + 10);
		else
			return false;
		v = v << 4 | d;
	}
	*out = v;
	return true;
}

/* Bytes needed to bring pos up to a multiple of four. */
static size_t pad4(size_t pos)
{
	return (4 - (pos & 3)) & 3;
}

static int check_header(const char *h, uint32_t f[NFIELDS], const char **why)
{
	int i;

	if (memcmp(h, "07070", 5) != 0 || (h[5] != '1' && h[5] != '2'))
		return bad(why, "bad magic (not a newc cpio archive)");
	for (i = 0; i < NFIELDS; i++) {
		if (!parse_hex8(h + MAGIC_LEN + i * FIELD_LEN, &f[i]))
			return bad(why, "non-hex digit in a header field");
	}
	return 0;
}

/* The name must fill its namesize exactly: a NUL at the end and nowhere else. */
static int check_name(const char *name, uint32_t namesize, const char **why)
{
	if (namesize == 0)
		return bad(why, "zero name size");
	if (name[namesize - 1] != '\0')
		return bad(why, "name not NUL-terminated");
	if (strnlen(name, namesize) != namesize - 1)
		return bad(why, "NUL inside the name");
	return 0;
}

/* "070702" archives carry the 32-bit sum of the data bytes. */
static int check_sum(const char *h, const unsigned char *data, size_t size, uint32_t sum,
		     const char **why)
{
	uint32_t s = 0;
	size_t i;

	if (h[5] != '2')
		return 0;
	for (i = 0; i < size; i++)
		s += data[i];
	return s == sum ? 0 : bad(why, "checksum mismatch");
}

/* Drops leading "/" and "./" so names compare the same however they were archived. */
static const char *strip_name(const char *name, size_t *len)
{
	for (;;) {
		if (*len >= 1 && name[0] == '/') {
			name++;
			(*len)--;
		} else if (*len >= 2 && name[0] == '.' && name[1] == '/') {
			name += 2;
			*len -= 2;
		} else {
			return name;
		}
	}
}

static void fill_entry(struct cpio_entry *e, const uint32_t f[NFIELDS], const char *name,
		       const void *data)
{
	e->namelen = f[F_NAMESIZE] - 1;
	e->name = strip_name(name, &e->namelen);
	e->data = data;
	e->size = f[F_FILESIZE];
	e->mode = f[F_MODE];
	e->ino = f[F_INO];
	e->uid = f[F_UID];
	e->gid = f[F_GID];
	e->nlink = f[F_NLINK];
	e->mtime = f[F_MTIME];
}

/*
 * At the trailer *off is left pointing at it, so calling again returns 0
 * again. On error neither *off nor *e is changed.
 */
int cpio_next(const void *archive, size_t len, size_t *off, struct cpio_entry *e,
	      const char **why)
{
	const char *a = archive;
	size_t pos = *off, data_at, end;
	uint32_t f[NFIELDS];
	int r;

	if (pos > len)
		return bad(why, "offset past the end of the archive");
	if (pos == len)
		return bad(why, "archive ends without a trailer");
	if (len - pos < HDR_LEN)
		return bad(why, "truncated header");
	r = check_header(a + pos, f, why);
	if (r)
		return r;
	pos += HDR_LEN;
	if (f[F_NAMESIZE] > len - pos)
		return bad(why, "name runs past the end of the archive");
	r = check_name(a + pos, f[F_NAMESIZE], why);
	if (r)
		return r;
	if (f[F_NAMESIZE] == sizeof(TRAILER) && memcmp(a + pos, TRAILER, sizeof(TRAILER)) == 0)
		return 0;
	data_at = pos + f[F_NAMESIZE];
	if (pad4(data_at) > len - data_at)
		return bad(why, "name padding runs past the end of the archive");
	data_at += pad4(data_at);
	if (f[F_FILESIZE] > len - data_at)
		return bad(why, "file data runs past the end of the archive");
	end = data_at + f[F_FILESIZE];
	if (pad4(end) > len - end)
		return bad(why, "data padding runs past the end of the archive");
	r = check_sum(a + pos - HDR_LEN, (const unsigned char *)a + data_at, f[F_FILESIZE],
		      f[F_CHECK], why);
	if (r)
		return r;
	fill_entry(e, f, a + pos, a + data_at);
	*off = end + pad4(end);
	return 1;
}

int cpio_validate(const void *archive, size_t len, const char **why)
{
	struct cpio_entry e;
	size_t off = 0;
	int count = 0, r;

	while ((r = cpio_next(archive, len, &off, &e, why)) > 0) {
		if (count == 0x7fffffff)
			return bad(why, "too many entries");
		count++;
	}
	return r < 0 ? r : count;
}

int cpio_find(const void *archive, size_t len, const char *path, struct cpio_entry *e)
{
	struct cpio_entry cur;
	size_t off = 0, plen;
	int r;

	if (!path)
		return -EINVAL;
	plen = strlen(path);
	path = strip_name(path, &plen);
	while ((r = cpio_next(archive, len, &off, &cur, NULL)) > 0) {
		if (cur.namelen == plen && memcmp(cur.name, path, plen) == 0) {
			*e = cur;
			return 0;
		}
	}
	return r < 0 ? r : -ENOENT;
}
