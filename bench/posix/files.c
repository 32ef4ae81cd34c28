/*
 * files.c — per-call cost of the POSIX file calls, to set Motor beside a
 * Linux guest under the same QEMU (bench/posix/linux-guest.sh runs this same
 * source, built static against glibc, in the Linux guest).
 *
 * Prints one line per measurement:
 *   bench NAME ns_per_call=N iters=N [mb_per_s=N]
 * and "bench done" at the end (exit status 0), or "bench NAME error=..."
 * (exit status 1) when a call fails.
 *
 *   getpid                    the cheapest call, for scale
 *   lseek_cur                 lseek(fd, 0, SEEK_CUR): the cheapest call on a descriptor
 *   stat                      stat of an existing file in /tmp
 *   pread_100                 pread of 100 bytes from an open file
 *   open_read_close_small     open + read of a 100-byte file + close
 *   write_1m_4k, write_1m_64k 1 MiB written to a file in /tmp (tmpfs) in 4 KiB or
 *                             64 KiB writes; ns_per_call is per write call, and
 *                             each 1 MiB round starts from an empty file
 *
 * Each measurement is timed as measure.h says (TARGET: argument 1, default 1.0).
 * Scratch files: /tmp/bench-files.<pid>.*, removed at the end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

static char small_path[64], big_path[64];
static int small_fd = -1, big_fd = -1;
static char buf[64 * 1024];

static void bench_cleanup(void)
{
	unlink(small_path);
	unlink(big_path);
}

#include "measure.h"

/* One iteration of each measurement; returns 0, or -1 with errno set. */
static int it_getpid(void)
{
	return getpid() > 0 ? 0 : -1;
}

static int it_lseek(void)
{
	return lseek(small_fd, 0, SEEK_CUR) < 0 ? -1 : 0;
}

static int it_stat(void)
{
	struct stat st;

	return stat(small_path, &st);
}

static int it_pread(void)
{
	return pread(small_fd, buf, 100, 0) == 100 ? 0 : -1;
}

static int it_open_read_close(void)
{
	int fd = open(small_path, O_RDONLY);

	if (fd < 0)
		return -1;
	if (read(fd, buf, sizeof(buf)) != 100) {
		close(fd);
		return -1;
	}
	return close(fd);
}

static int write_1m(size_t chunk)
{
	if (ftruncate(big_fd, 0) != 0 || lseek(big_fd, 0, SEEK_SET) != 0)
		return -1;
	for (size_t off = 0; off < (1u << 20); off += chunk)
		if (write(big_fd, buf, chunk) != (ssize_t)chunk)
			return -1;
	return 0;
}

static int it_write_4k(void)
{
	return write_1m(4096);
}

static int it_write_64k(void)
{
	return write_1m(65536);
}

int main(int argc, char **argv)
{
	bench_args(argc, argv);
	snprintf(small_path, sizeof(small_path), "/tmp/bench-files.%ld.small", (long)getpid());
	snprintf(big_path, sizeof(big_path), "/tmp/bench-files.%ld.big", (long)getpid());
	memset(buf, 'b', sizeof(buf));

	small_fd = open(small_path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (small_fd < 0 || write(small_fd, buf, 100) != 100)
		fail("setup", small_path);
	big_fd = open(big_path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (big_fd < 0)
		fail("setup", big_path);
	printf("# bench/posix/files: target %.2f s per measurement\n", target);

	run("getpid", it_getpid, 1, 0);
	run("lseek_cur", it_lseek, 1, 0);
	run("stat", it_stat, 1, 0);
	run("pread_100", it_pread, 1, 0);
	run("open_read_close_small", it_open_read_close, 1, 0);
	run("write_1m_4k", it_write_4k, 256, 1 << 20);
	run("write_1m_64k", it_write_64k, 16, 1 << 20);

	close(small_fd);
	close(big_fd);
	unlink(small_path);
	unlink(big_path);
	printf("bench done\n");
	return 0;
}
