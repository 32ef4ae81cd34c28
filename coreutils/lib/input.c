/* Reading the commands' input (cu.h): read(2) again after EINTR, a file
 * in chunks, and each FILE operand in turn as cat, wc, head and tail take
 * them. */
#include "cu.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

ssize_t cu_read(int fd, void *buf, size_t cap)
{
	ssize_t n;
	do
		n = read(fd, buf, cap);
	while (n < 0 && errno == EINTR);
	return n;
}

int cu_each_chunk(int fd, const char *name, int (*fn)(const char *buf, size_t n, void *ctx),
		  void *ctx)
{
	static char buf[16384];
	for (;;) {
		ssize_t n = cu_read(fd, buf, sizeof(buf));
		if (n < 0)
			return cu_errno(name);
		if (n == 0)
			return 0;
		int r = fn(buf, (size_t)n, ctx);
		if (r)
			return r;
	}
}

const char *cu_input_name(const char *file)
{
	return !file || !strcmp(file, "-") ? "standard input" : file;
}

int cu_each_input(int argc, char **argv, int flags, int (*fn)(int fd, const char *file))
{
	static char *none[] = {NULL};
	char **files = optind < argc ? argv + optind : none;
	int n = optind < argc ? argc - optind : 1, status = 0;
	for (int i = 0; i < n; i++) {
		const char *file = files[i];
		bool in = !file || !strcmp(file, "-");
		int fd = in ? 0 : open(file, O_RDONLY);
		if (fd < 0) {
			if (flags & CU_IN_FOR_READING)
				status = cu_err("cannot open '%s' for reading: %s", file, strerror(errno));
			else
				status = cu_errno(file);
			continue;
		}
		if (flags & CU_IN_HEADERS)
			printf("%s==> %s <==\n", i ? "\n" : "", cu_input_name(file));
		fflush(stdout); /* fn may write to descriptor 1 itself */
		status |= fn(fd, file);
		if (!in)
			close(fd);
	}
	return status;
}
