/*
 * POSIX names newlib 3.3 implements under another name (getline and
 * getdelim are __getline and __getdelim there), and the other way round.
 */
#include <errno.h>
#include <fcntl.h>
#include <reent.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

ssize_t __getdelim(char **, size_t *, int, FILE *);
ssize_t __getline(char **, size_t *, FILE *);

ssize_t getdelim(char **line, size_t *n, int delim, FILE *f)
{
	return __getdelim(line, n, delim, f);
}

ssize_t getline(char **line, size_t *n, FILE *f)
{
	return __getline(line, n, f);
}

/* POSIX's aligned allocation over newlib's memalign. */
void *memalign(size_t align, size_t size);

int posix_memalign(void **out, size_t align, size_t size)
{
	if (align < sizeof(void *) || (align & (align - 1)))
		return 22; /* EINVAL */
	void *p = memalign(align, size);
	if (!p)
		return 12; /* ENOMEM */
	*out = p;
	return 0;
}

/* newlib 3.3's calloc does not check n * size for overflow. */
void *calloc(size_t n, size_t size)
{
	size_t total;
	if (__builtin_mul_overflow(n, size, &total)) {
		errno = ENOMEM;
		return NULL;
	}
	return _calloc_r(_REENT, n, size);
}

/* The underscored names newlib's own code calls (posix_spawn's child). */
int _open(const char *path, int flags, int mode)
{
	return open(path, flags, mode);
}

int _close(int fd)
{
	return close(fd);
}

int _fcntl(int fd, int cmd, int arg)
{
	return fcntl(fd, cmd, arg);
}
