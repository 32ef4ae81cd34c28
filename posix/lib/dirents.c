/*
 * getdents, under newlib's opendir/readdir: asks the directory's session
 * for protocol records and rewrites them as struct dirent. When a record
 * does not fit the caller's buffer after conversion, the directory is
 * seeked back to it, so no entry is lost.
 */
#include <dirent.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

int getdents(int fd, void *buf, size_t nbytes)
{
	struct ofile *f = fd_get(fd);
	if (!f)
		return (int)posix_ret(-EBADF);
	if (motor_user_ok(buf, nbytes, 1))
		return (int)posix_ret(-EFAULT);
	static char raw[16384];
	size_t want = nbytes < sizeof(raw) ? nbytes : sizeof(raw);
	uint64_t w[4] = {FILE_GETDENTS, want, 0, 0};
	struct motor_msg m = {0};
	m.rbuf = (uint64_t)raw;
	m.rlen = want;
	long got = motor_file_call(f->handle, w, &m);
	if (got < 0)
		return (int)posix_ret(got);
	size_t in = 0, out = 0;
	uint64_t resume = 0; /* the cookie after the last record written */
	while (in + sizeof(struct motor_dirent) <= (size_t)got) {
		const struct motor_dirent *md = (const struct motor_dirent *)(raw + in);
		if (md->reclen < sizeof(*md) || in + md->reclen > (size_t)got)
			break;
		size_t nlen = strnlen(md->name, md->reclen - sizeof(*md));
		size_t rec = (offsetof(struct dirent, d_name) + nlen + 1 + 7) & ~(size_t)7;
		if (nlen >= sizeof(((struct dirent *)0)->d_name))
			nlen = sizeof(((struct dirent *)0)->d_name) - 1;
		if (out + rec > nbytes) {
			if (out == 0)
				return (int)posix_ret(-EINVAL); /* the buffer cannot hold one entry */
			/* Rewind to this entry: the previous record's cookie names it. */
			uint64_t sw[4] = {FILE_SEEK, resume, SEEK_SET, 0};
			motor_file_call(f->handle, sw, NULL);
			break;
		}
		struct dirent *d = (struct dirent *)((char *)buf + out);
		memset(d, 0, rec);
		d->d_ino = (ino_t)md->ino;
		d->d_off = (off_t)md->next;
		d->d_reclen = (unsigned short)rec;
		d->d_type = md->type;
		memcpy(d->d_name, md->name, nlen);
		d->d_name[nlen] = '\0';
		out += rec;
		in += md->reclen;
		resume = md->next;
	}
	return (int)out;
}
