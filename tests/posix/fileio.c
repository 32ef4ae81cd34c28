/*
 * fileio.c — POSIX file I/O edge cases: EOF and short reads, O_APPEND,
 * O_EXCL, O_TRUNC, holes, lseek, pread/pwrite, the path errors (ENOENT,
 * ENOTDIR, EISDIR, ENAMETOOLONG, EROFS), unlinking an open file, descriptor
 * flags, dup, truncate, rename, link, symlink, access, chmod, umask, chdir,
 * "." and "..", and the /dev nodes.
 *
 * Scratch files live in /tmp/fileio.<pid>/ and are removed at the end.
 * TAP on stdout; exit status 0 only if every check passed.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "scratch.h"
#include "tap.h"

/* D "/" name, in one of 8 rotating buffers. */
/* Creates (or replaces) a file with the given contents; -1 on error. */
static int put_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		return -1;
	if (write(fd, data, len) != (ssize_t)len) {
		close(fd);
		return -1;
	}
	return close(fd);
}

/* Reads a whole file into buf (NUL-terminated); returns its length or -1. */
static ssize_t get_file(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY);
	size_t n = 0;
	ssize_t r;

	if (fd < 0)
		return -1;
	while (n < cap - 1 && (r = read(fd, buf + n, cap - 1 - n)) > 0)
		n += (size_t)r;
	buf[n] = '\0';
	close(fd);
	return (ssize_t)n;
}

static long long file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

static void test_eof_and_short_reads(void)
{
	char buf[64];
	int fd;

	put_file(P("ten"), "0123456789", 10);
	fd = open(P("ten"), O_RDONLY);
	syscall_ok(fd, "open an existing file read-only");
	is_int(read(fd, buf, 4), 4, "read 4 of 10 bytes");
	is_mem(buf, "0123", 4, "first 4 bytes");
	is_int(read(fd, buf, sizeof(buf)), 6, "short read returns the 6 bytes left");
	is_mem(buf, "456789", 6, "the last 6 bytes");
	is_int(read(fd, buf, sizeof(buf)), 0, "read at EOF returns 0");
	is_int(read(fd, buf, sizeof(buf)), 0, "read at EOF again returns 0");
	is_int(lseek(fd, 100, SEEK_SET), 100, "lseek past the end succeeds");
	is_int(read(fd, buf, sizeof(buf)), 0, "read past the end returns 0");
	is_int(lseek(fd, 7, SEEK_SET), 7, "lseek to 7");
	is_int(read(fd, buf, 0), 0, "read of 0 bytes returns 0");
	is_int(read(fd, buf, 3), 3, "read exactly up to EOF");
	is_int(read(fd, buf, 1), 0, "then EOF");
	close(fd);

	fd = open(P("empty"), O_RDWR | O_CREAT | O_EXCL, 0644);
	syscall_ok(fd, "create an empty file");
	is_int(read(fd, buf, sizeof(buf)), 0, "read of an empty file returns 0");
	is_int(write(fd, buf, 0), 0, "write of 0 bytes returns 0");
	is_int(file_size(P("empty")), 0, "a 0-byte write does not grow the file");
	close(fd);
}

static void test_rdwr_offsets(void)
{
	char buf[64];
	int fd = open(P("rw"), O_RDWR | O_CREAT | O_TRUNC, 0644);

	syscall_ok(fd, "open O_RDWR|O_CREAT|O_TRUNC");
	is_int(write(fd, "hello world", 11), 11, "write 11 bytes");
	is_int(lseek(fd, 0, SEEK_CUR), 11, "offset after write is 11");
	is_int(lseek(fd, -5, SEEK_CUR), 6, "SEEK_CUR -5 gives 6");
	is_int(read(fd, buf, 5), 5, "read from offset 6");
	is_mem(buf, "world", 5, "read the right bytes");
	is_int(lseek(fd, 0, SEEK_END), 11, "SEEK_END 0 gives the size");
	is_int(lseek(fd, -11, SEEK_END), 0, "SEEK_END -11 gives 0");
	is_int(lseek(fd, 3, SEEK_END), 14, "SEEK_END +3 gives 14");
	errno_is(lseek(fd, -1, SEEK_SET), EINVAL, "lseek to -1 with SEEK_SET is EINVAL");
	errno_is(lseek(fd, -12, SEEK_END), EINVAL, "lseek before the start with SEEK_END is EINVAL");
	is_int(lseek(fd, 0, SEEK_CUR), 14, "a failed lseek leaves the offset alone");
	errno_is(lseek(fd, 0, 12345), EINVAL, "lseek with a bad whence is EINVAL");
	is_int(lseek(fd, 2, SEEK_SET), 2, "seek to 2");
	is_int(write(fd, "LL", 2), 2, "overwrite in the middle");
	is_int(file_size(P("rw")), 11, "overwriting does not change the size");
	is_int(lseek(fd, 0, SEEK_SET), 0, "rewind");
	is_int(read(fd, buf, sizeof(buf)), 11, "read everything back");
	is_mem(buf, "heLLo world", 11, "content after the overwrite");
	close(fd);
}

static void test_append(void)
{
	char buf[64];
	int fd;

	put_file(P("app"), "abc", 3);
	fd = open(P("app"), O_WRONLY | O_APPEND);
	syscall_ok(fd, "open O_WRONLY|O_APPEND");
	is_int(lseek(fd, 0, SEEK_SET), 0, "lseek to 0 on an O_APPEND fd");
	is_int(write(fd, "de", 2), 2, "write after lseek 0");
	is_int(lseek(fd, 0, SEEK_CUR), 5, "offset is at the new end after the append");
	is_int(lseek(fd, 1, SEEK_SET), 1, "lseek to 1");
	is_int(write(fd, "f", 1), 1, "write again");
	close(fd);
	is_int(get_file(P("app"), buf, sizeof(buf)), 6, "file has 6 bytes");
	is_str(buf, "abcdef", "both writes went to the end");

	/* Another fd extending the file in between: O_APPEND still hits the end. */
	fd = open(P("app"), O_WRONLY | O_APPEND);
	{
		int fd2 = open(P("app"), O_WRONLY);

		lseek(fd2, 0, SEEK_END);
		is_int(write(fd2, "XYZ", 3), 3, "a second fd extends the file");
		close(fd2);
	}
	is_int(write(fd, "!", 1), 1, "append after another writer");
	close(fd);
	get_file(P("app"), buf, sizeof(buf));
	is_str(buf, "abcdefXYZ!", "O_APPEND writes at the current end, not a cached one");
}

static void test_excl_trunc_creat(void)
{
	char buf[16];
	struct stat st;
	int fd;

	put_file(P("ex"), "data", 4);
	errno_is(open(P("ex"), O_WRONLY | O_CREAT | O_EXCL, 0644), EEXIST,
		 "O_CREAT|O_EXCL on an existing file is EEXIST");
	errno_is(open(D, O_RDONLY | O_CREAT | O_EXCL, 0644), EEXIST,
		 "O_CREAT|O_EXCL on an existing directory is EEXIST");
	is_int(file_size(P("ex")), 4, "the failed O_EXCL open left the file alone");
	fd = open(P("ex2"), O_WRONLY | O_CREAT | O_EXCL, 0640);
	syscall_ok(fd, "O_CREAT|O_EXCL on a new name creates it");
	close(fd);
	ok(stat(P("ex2"), &st) == 0 && S_ISREG(st.st_mode), "the new file is a regular file");
	is_int(st.st_mode & 07777, 0640, "new file has the requested mode (umask 022)");
	ok(llabs((long long)st.st_mtime - (long long)time(NULL)) <= 5,
	   "new file's mtime is now (%lld vs %lld)", (long long)st.st_mtime, (long long)time(NULL));

	fd = open(P("ex"), O_WRONLY | O_TRUNC);
	syscall_ok(fd, "open O_WRONLY|O_TRUNC");
	is_int(file_size(P("ex")), 0, "O_TRUNC empties the file");
	is_int(lseek(fd, 0, SEEK_CUR), 0, "offset after O_TRUNC is 0");
	close(fd);
	put_file(P("ex"), "data", 4);
	fd = open(P("ex"), O_RDONLY);
	is_int(read(fd, buf, sizeof(buf)), 4, "opening without O_TRUNC keeps the data");
	close(fd);
	fd = open(P("ex"), O_RDWR | O_CREAT, 0600);
	syscall_ok(fd, "O_CREAT without O_EXCL on an existing file opens it");
	is_int(file_size(P("ex")), 4, "and keeps its content");
	close(fd);
	ok(stat(P("ex"), &st) == 0 && (st.st_mode & 07777) == 0644,
	   "O_CREAT on an existing file does not change its mode");
	errno_is(open(P("nonexistent"), O_RDONLY), ENOENT, "open without O_CREAT of a missing file");
}

static void test_holes(void)
{
	unsigned char buf[200];
	int fd = open(P("hole"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	int zeros = 1;

	write(fd, "start", 5);
	is_int(lseek(fd, 100, SEEK_SET), 100, "lseek 95 bytes past the end");
	is_int(file_size(P("hole")), 5, "lseek alone does not grow the file");
	is_int(write(fd, "Z", 1), 1, "write after the gap");
	is_int(file_size(P("hole")), 101, "the file grew to 101 bytes");
	lseek(fd, 0, SEEK_SET);
	is_int(read(fd, buf, sizeof(buf)), 101, "read the whole file");
	for (int i = 5; i < 100; i++)
		if (buf[i])
			zeros = 0;
	ok(zeros, "the hole reads back as zeros");
	ok(buf[100] == 'Z' && memcmp(buf, "start", 5) == 0, "data around the hole is intact");

	/* A hole far away, across several pages. */
	is_int(lseek(fd, 3 * 4096 + 17, SEEK_SET), 3 * 4096 + 17, "lseek 3 pages out");
	is_int(write(fd, "end", 3), 3, "write there");
	is_int(file_size(P("hole")), 3 * 4096 + 20, "size covers the far write");
	is_int(pread(fd, buf, 50, 2 * 4096), 50, "pread inside the big hole");
	zeros = 1;
	for (int i = 0; i < 50; i++)
		if (buf[i])
			zeros = 0;
	ok(zeros, "the big hole reads back as zeros");
	close(fd);
}

static void test_pread_pwrite(void)
{
	char buf[32];
	int fd = open(P("pp"), O_RDWR | O_CREAT | O_TRUNC, 0644);

	write(fd, "0123456789", 10);
	lseek(fd, 4, SEEK_SET);
	is_int(pread(fd, buf, 3, 1), 3, "pread 3 bytes at 1");
	is_mem(buf, "123", 3, "pread data");
	is_int(lseek(fd, 0, SEEK_CUR), 4, "pread does not move the offset");
	is_int(pwrite(fd, "AB", 2, 8), 2, "pwrite 2 bytes at 8");
	is_int(lseek(fd, 0, SEEK_CUR), 4, "pwrite does not move the offset");
	is_int(pwrite(fd, "++", 2, 20), 2, "pwrite past the end");
	is_int(file_size(P("pp")), 22, "pwrite past the end grows the file");
	is_int(pread(fd, buf, sizeof(buf), 22), 0, "pread at EOF returns 0");
	is_int(pread(fd, buf, sizeof(buf), 18), 4, "pread across EOF is short");
	ok(buf[0] == 0 && buf[1] == 0 && buf[2] == '+', "with the hole zeros and the data");
	is_int(read(fd, buf, 4), 4, "read continues at the untouched offset");
	is_mem(buf, "4567", 4, "read data");
	errno_is(pread(fd, buf, 1, -1), EINVAL, "pread at a negative offset is EINVAL");
	errno_is(pwrite(fd, buf, 1, -1), EINVAL, "pwrite at a negative offset is EINVAL");
	close(fd);
}

static void test_big_file(void)
{
	enum { SIZE = 256 * 1024 };
	unsigned char *w = malloc(SIZE), *r = malloc(SIZE);
	uint32_t x = 12345;
	size_t off = 0, chunk;
	int fd, good = 1;

	for (size_t i = 0; i < SIZE; i++) {
		x = x * 1103515245u + 12345u;
		w[i] = (unsigned char)(x >> 16);
	}
	fd = open(P("big"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	/* Odd chunk sizes that straddle page boundaries. */
	for (chunk = 1; off < SIZE; chunk = chunk * 3 % 9973 + 1) {
		size_t n = chunk < SIZE - off ? chunk : SIZE - off;

		if (write(fd, w + off, n) != (ssize_t)n) {
			good = 0;
			break;
		}
		off += n;
	}
	ok(good, "256 KiB written in odd-sized chunks");
	is_int(file_size(P("big")), SIZE, "size is 256 KiB");
	lseek(fd, 0, SEEK_SET);
	off = 0;
	for (chunk = 7; off < SIZE; chunk = chunk * 5 % 12007 + 1) {
		ssize_t n = read(fd, r + off, chunk < SIZE - off ? chunk : SIZE - off);

		if (n <= 0) {
			good = 0;
			break;
		}
		off += (size_t)n;
	}
	ok(good && off == SIZE, "read back in other odd-sized chunks");
	ok(memcmp(w, r, SIZE) == 0, "256 KiB content matches");
	close(fd);
	unlink(P("big"));
	free(w);
	free(r);
}

static void test_path_errors(void)
{
	char longname[301], *longpath;
	struct stat st;
	int fd;

	put_file(P("file"), "x", 1);
	mkdir(P("dir"), 0755);

	errno_is(open(P("missing"), O_RDONLY), ENOENT, "ENOENT: open a missing file");
	errno_is(open(P("nodir/f"), O_RDONLY | O_CREAT, 0644), ENOENT,
		 "ENOENT: create under a missing directory");
	errno_is(stat(P("nodir/f"), &st), ENOENT, "ENOENT: stat under a missing directory");
	errno_is(stat("", &st), ENOENT, "ENOENT: stat of the empty path");
	errno_is(open("", O_RDONLY), ENOENT, "ENOENT: open of the empty path");
	errno_is(unlink(P("missing")), ENOENT, "ENOENT: unlink a missing file");

	errno_is(open(P("file/x"), O_RDONLY), ENOTDIR, "ENOTDIR: a file used as a directory");
	errno_is(open(P("file/x"), O_WRONLY | O_CREAT, 0644), ENOTDIR,
		 "ENOTDIR: create under a file");
	errno_is(stat(P("file/"), &st), ENOTDIR, "ENOTDIR: a file with a trailing slash");
	errno_is(mkdir(P("file/sub"), 0755), ENOTDIR, "ENOTDIR: mkdir under a file");
	errno_is(open(P("file"), O_RDONLY | O_DIRECTORY), ENOTDIR, "ENOTDIR: O_DIRECTORY on a file");
	errno_is(chdir(P("file")), ENOTDIR, "ENOTDIR: chdir to a file");

	errno_is(open(P("dir"), O_WRONLY), EISDIR, "EISDIR: open a directory O_WRONLY");
	errno_is(open(P("dir"), O_RDWR), EISDIR, "EISDIR: open a directory O_RDWR");
	errno_is(open(P("dir"), O_WRONLY | O_CREAT, 0644), EISDIR,
		 "EISDIR: O_CREAT on an existing directory");
	fd = open(P("dir"), O_RDONLY);
	syscall_ok(fd, "open a directory O_RDONLY works");
	{
		char buf[16];

		errno_is(read(fd, buf, sizeof(buf)), EISDIR, "EISDIR: read() on a directory fd");
	}
	ok(fstat(fd, &st) == 0 && S_ISDIR(st.st_mode), "fstat on a directory fd says S_ISDIR");
	close(fd);
	fd = open(P("dir"), O_RDONLY | O_DIRECTORY);
	syscall_ok(fd, "O_DIRECTORY on a directory works");
	close(fd);
	errno_is2(unlink(P("dir")), EISDIR, EPERM, "unlink of a directory fails");

	memset(longname, 'n', 300);
	longname[300] = '\0';
	errno_is(open(P("%s", longname), O_RDONLY), ENAMETOOLONG,
		 "ENAMETOOLONG: open with a 300-char component");
	errno_is(open(P("%s", longname), O_WRONLY | O_CREAT, 0644), ENAMETOOLONG,
		 "ENAMETOOLONG: create with a 300-char component");
	errno_is(mkdir(P("%s", longname), 0755), ENAMETOOLONG, "ENAMETOOLONG: mkdir with a 300-char name");
	errno_is(stat(P("%s", longname), &st), ENAMETOOLONG, "ENAMETOOLONG: stat with a 300-char name");
	longname[256] = '\0';
	errno_is(open(P("%s", longname), O_WRONLY | O_CREAT, 0644), ENAMETOOLONG,
		 "ENAMETOOLONG: a 256-char component");
	longname[255] = '\0';
	fd = open(P("%s", longname), O_WRONLY | O_CREAT, 0644);
	syscall_ok(fd, "a 255-char component (NAME_MAX) is fine");
	if (fd >= 0)
		close(fd);
	ok(stat(P("%s", longname), &st) == 0, "and it can be stat'ed");
	unlink(P("%s", longname));

	/* A path longer than PATH_MAX (4096) built from short components. */
	longpath = malloc(5100);
	strcpy(longpath, D);
	while (strlen(longpath) < 5000)
		strcat(longpath, "/abcd");
	errno_is(open(longpath, O_RDONLY), ENAMETOOLONG, "ENAMETOOLONG: a %zu-byte path",
		 strlen(longpath));
	errno_is(stat(longpath, &st), ENAMETOOLONG, "ENAMETOOLONG: stat of a %zu-byte path",
		 strlen(longpath));
	errno_is(mkdir(longpath, 0755), ENAMETOOLONG, "ENAMETOOLONG: mkdir of a %zu-byte path",
		 strlen(longpath));
	free(longpath);
}

static void test_unlink_open(void)
{
	char buf[32];
	struct stat st;
	int fd = open(P("ghost"), O_RDWR | O_CREAT | O_TRUNC, 0644);

	write(fd, "before", 6);
	is_int(unlink(P("ghost")), 0, "unlink a file that is open");
	errno_is(stat(P("ghost"), &st), ENOENT, "its name is gone (stat is ENOENT)");
	errno_is(open(P("ghost"), O_RDONLY), ENOENT, "its name is gone (open is ENOENT)");
	is_int(write(fd, "+after", 6), 6, "the fd still writes");
	is_int(lseek(fd, 0, SEEK_SET), 0, "and seeks");
	is_int(read(fd, buf, sizeof(buf)), 12, "and reads everything back");
	is_mem(buf, "before+after", 12, "content written before and after the unlink");
	ok(fstat(fd, &st) == 0, "fstat on the unlinked file works");
	is_int(st.st_size, 12, "fstat size of the unlinked file");
	is_int(st.st_nlink, 0, "st_nlink of the unlinked file is 0");
	fd = (close(fd), open(P("ghost"), O_RDWR | O_CREAT | O_EXCL, 0644));
	syscall_ok(fd, "the name can be reused by a new file");
	is_int(read(fd, buf, sizeof(buf)), 0, "and the new file is empty");
	close(fd);
}

static void test_bad_modes(void)
{
	char buf[8];
	int fd;

	put_file(P("ro"), "abc", 3);
	fd = open(P("ro"), O_RDONLY);
	errno_is(write(fd, "x", 1), EBADF, "write on an O_RDONLY fd is EBADF");
	errno_is(pwrite(fd, "x", 1, 0), EBADF, "pwrite on an O_RDONLY fd is EBADF");
	errno_is2(ftruncate(fd, 0), EINVAL, EBADF, "ftruncate on an O_RDONLY fd fails");
	is_int(file_size(P("ro")), 3, "and the file is intact");
	close(fd);
	fd = open(P("ro"), O_WRONLY);
	errno_is(read(fd, buf, sizeof(buf)), EBADF, "read on an O_WRONLY fd is EBADF");
	close(fd);
	errno_is(close(fd), EBADF, "closing a closed fd is EBADF");
}

static void test_truncate(void)
{
	char buf[64];
	struct stat st;
	int fd, zeros = 1;

	put_file(P("tr"), "0123456789", 10);
	is_int(truncate(P("tr"), 4), 0, "truncate to 4");
	is_int(file_size(P("tr")), 4, "size 4");
	get_file(P("tr"), buf, sizeof(buf));
	is_str(buf, "0123", "the first 4 bytes remain");
	is_int(truncate(P("tr"), 40), 0, "truncate to 40 (grow)");
	is_int(file_size(P("tr")), 40, "size 40");
	is_int(get_file(P("tr"), buf, sizeof(buf)), 40, "read 40 bytes");
	for (int i = 4; i < 40; i++)
		if (buf[i])
			zeros = 0;
	ok(zeros, "growing with truncate fills with zeros");

	fd = open(P("tr"), O_RDWR);
	lseek(fd, 30, SEEK_SET);
	is_int(ftruncate(fd, 2), 0, "ftruncate to 2");
	ok(fstat(fd, &st) == 0 && st.st_size == 2, "fstat size 2");
	is_int(lseek(fd, 0, SEEK_CUR), 30, "ftruncate does not move the offset");
	is_int(read(fd, buf, sizeof(buf)), 0, "reading past the new end gives EOF");
	is_int(ftruncate(fd, 8192), 0, "ftruncate to 8192 (grow)");
	ok(fstat(fd, &st) == 0 && st.st_size == 8192, "fstat size 8192");
	is_int(pread(fd, buf, 10, 8000), 10, "pread in the grown part");
	ok(!memcmp(buf, "\0\0\0\0\0\0\0\0\0\0", 10), "the grown part is zeros");
	/* Shrink then grow again: the old bytes must not come back. */
	ftruncate(fd, 1);
	ftruncate(fd, 10);
	is_int(pread(fd, buf, 10, 0), 10, "pread after shrink+grow");
	ok(buf[0] == '0' && !memcmp(buf + 1, "\0\0\0\0\0\0\0\0\0", 9),
	   "shrink then grow does not resurrect old data");
	errno_is(ftruncate(fd, -1), EINVAL, "ftruncate to -1 is EINVAL");
	close(fd);
	errno_is(truncate(P("missing"), 0), ENOENT, "truncate of a missing file is ENOENT");
	mkdir(P("trdir"), 0755);
	errno_is(truncate(P("trdir"), 0), EISDIR, "truncate of a directory is EISDIR");
	errno_is(truncate(P("tr"), -5), EINVAL, "truncate to -5 is EINVAL");
}

static void test_fstat(void)
{
	struct stat st, st2;
	int fd = open(P("st"), O_RDWR | O_CREAT | O_TRUNC, 0644);

	ok(fstat(fd, &st) == 0 && st.st_size == 0, "fstat of a new file: size 0");
	ok(S_ISREG(st.st_mode), "fstat: S_ISREG");
	is_int(st.st_nlink, 1, "fstat: st_nlink 1");
	ok(st.st_blksize > 0, "fstat: st_blksize > 0 (%ld)", (long)st.st_blksize);
	write(fd, "12345", 5);
	ok(fstat(fd, &st) == 0 && st.st_size == 5, "fstat after a 5-byte write: size 5");
	lseek(fd, 1000, SEEK_SET);
	write(fd, "x", 1);
	ok(fstat(fd, &st) == 0 && st.st_size == 1001, "fstat after a write at 1000: 1001");
	ok(stat(P("st"), &st2) == 0 && st2.st_ino == st.st_ino && st2.st_dev == st.st_dev,
	   "stat and fstat agree on st_dev/st_ino");
	is_int(st2.st_size, 1001, "stat size agrees");
	close(fd);
}

static void test_erofs(const char *argv0)
{
#ifdef __motor__
	struct stat st;

	/* Each undoes itself if the call unexpectedly succeeds. */
	if (!errno_is(open("/test/posix/fileio.new", O_WRONLY | O_CREAT, 0644), EROFS,
		      "EROFS: create a file in the read-only root") && tap_res_ >= 0) {
		close((int)tap_res_);
		unlink("/test/posix/fileio.new");
	}
	if (!errno_is(mkdir("/test/posix/newdir", 0755), EROFS, "EROFS: mkdir in the read-only root"))
		rmdir("/test/posix/newdir");
	if (!errno_is(symlink("x", "/test/posix/newlink"), EROFS,
		      "EROFS: symlink in the read-only root"))
		unlink("/test/posix/newlink");
	ok(stat("/test/posix", &st) == 0 && S_ISDIR(st.st_mode), "/test/posix exists");
	if (strncmp(argv0, "/test/posix/", 12) == 0) {
		if (!errno_is(open(argv0, O_WRONLY), EROFS, "EROFS: open our own binary for writing"))
			close((int)tap_res_);
		errno_is(unlink(argv0), EROFS, "EROFS: unlink our own binary");
		errno_is(truncate(argv0, 0), EROFS, "EROFS: truncate our own binary");
		errno_is(rename(argv0, "/test/posix/renamed"), EROFS,
			 "EROFS: rename inside the read-only root");
		ok(stat(argv0, &st) == 0 && st.st_size > 0, "our binary is still there");
	} else {
		skip("argv[0] is not under /test/posix", "EROFS on existing files (%s)", argv0);
	}
#else
	(void)argv0;
	skip("Linux: / is writable here", "EROFS in the read-only root");
#endif
}

static void test_dup(void)
{
	char buf[16];
	int fd, fd2, fd3, a, b, c;

	fd = open(P("dup"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(fd, "abcdefgh", 8);
	lseek(fd, 2, SEEK_SET);
	fd2 = dup(fd);
	syscall_ok(fd2, "dup");
	ok(fd2 != fd, "dup gives a new descriptor");
	is_int(lseek(fd2, 0, SEEK_CUR), 2, "the dup shares the offset");
	read(fd2, buf, 3);
	is_int(lseek(fd, 0, SEEK_CUR), 5, "reading through the dup moves the original's offset");
	fd3 = dup2(fd, 77);
	is_int(fd3, 77, "dup2 to 77 returns 77");
	is_int(lseek(fd3, 0, SEEK_CUR), 5, "dup2 shares the offset");
	lseek(fd3, 0, SEEK_END);
	is_int(lseek(fd, 0, SEEK_CUR), 8, "seeking the dup2 copy moves the original");
	is_int(dup2(fd, fd), fd, "dup2(fd, fd) returns fd");
	is_int(fcntl(fd, F_GETFD), 0, "and leaves the fd open");
	/* dup2 onto an open descriptor closes it first. */
	a = open(P("dup"), O_RDONLY);
	is_int(dup2(fd, a), a, "dup2 onto an open descriptor");
	is_int(lseek(a, 0, SEEK_CUR), 8, "which now refers to the dup'ed file description");
	close(a);
	is_int(close(fd), 0, "close the original");
	is_int(pread(fd2, buf, 3, 0), 3, "the dup still works after the original is closed");
	is_mem(buf, "abc", 3, "dup reads the same file");
	close(fd2);
	close(fd3);
	errno_is(dup(fd), EBADF, "dup of a closed fd is EBADF");
	errno_is(dup2(fd, 50), EBADF, "dup2 of a closed fd is EBADF");
	fd = open(P("dup"), O_RDONLY);
	errno_is(dup2(fd, -1), EBADF, "dup2 to -1 is EBADF");

	/* POSIX: open returns the lowest free descriptor. */
	a = open(P("dup"), O_RDONLY);
	b = open(P("dup"), O_RDONLY);
	close(a);
	c = open(P("dup"), O_RDONLY);
	is_int(c, a, "open reuses the lowest free descriptor");
	close(b);
	close(c);
	close(fd);
}

static void test_fcntl(void)
{
	char buf[16];
	int fd, fd2, fl;

	put_file(P("fc"), "1234", 4);
	fd = open(P("fc"), O_RDWR | O_APPEND);
	fl = fcntl(fd, F_GETFL);
	syscall_ok(fl, "F_GETFL");
	ok(fl & O_APPEND, "F_GETFL reports O_APPEND");
	is_int(fl & O_ACCMODE, O_RDWR, "F_GETFL reports O_RDWR");
	is_int(fcntl(fd, F_GETFD), 0, "F_GETFD is 0 after open");
	is_int(fcntl(fd, F_SETFD, FD_CLOEXEC), 0, "F_SETFD FD_CLOEXEC");
	is_int(fcntl(fd, F_GETFD), FD_CLOEXEC, "F_GETFD reads FD_CLOEXEC back");
	fd2 = dup(fd);
	is_int(fcntl(fd2, F_GETFD), 0, "a dup does not inherit FD_CLOEXEC");
	ok(fcntl(fd2, F_GETFL) & O_APPEND, "a dup shares O_APPEND");
	close(fd2);
	is_int(fcntl(fd, F_SETFD, 0), 0, "F_SETFD 0");
	is_int(fcntl(fd, F_GETFD), 0, "FD_CLOEXEC is cleared");
	is_int(fcntl(fd, F_SETFL, fl & ~O_APPEND), 0, "F_SETFL clears O_APPEND");
	ok(!(fcntl(fd, F_GETFL) & O_APPEND), "F_GETFL no longer reports O_APPEND");
	lseek(fd, 0, SEEK_SET);
	write(fd, "X", 1);
	is_int(fcntl(fd, F_SETFL, O_APPEND), 0, "F_SETFL sets O_APPEND");
	lseek(fd, 0, SEEK_SET);
	write(fd, "Y", 1);
	close(fd);
	get_file(P("fc"), buf, sizeof(buf));
	is_str(buf, "X234Y", "writes follow the O_APPEND flag as changed by F_SETFL");

	fd = open(P("fc"), O_RDONLY | O_CLOEXEC);
	is_int(fcntl(fd, F_GETFD), FD_CLOEXEC, "O_CLOEXEC sets FD_CLOEXEC");
	fd2 = fcntl(fd, F_DUPFD, 40);
	ok(fd2 >= 40, "F_DUPFD 40 gives a descriptor >= 40 (%d)", fd2);
	is_int(fcntl(fd2, F_GETFD), 0, "F_DUPFD clears FD_CLOEXEC");
	is_int(read(fd2, buf, 2), 2, "the F_DUPFD copy reads");
	is_int(lseek(fd, 0, SEEK_CUR), 2, "and shares the offset");
	close(fd2);
#ifdef F_DUPFD_CLOEXEC
	fd2 = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	is_int(fcntl(fd2, F_GETFD), FD_CLOEXEC, "F_DUPFD_CLOEXEC sets FD_CLOEXEC");
	close(fd2);
#endif
	is_int(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDONLY, "F_GETFL reports O_RDONLY");
	close(fd);
	errno_is(fcntl(fd, F_GETFD), EBADF, "fcntl on a closed fd is EBADF");
	errno_is(fcntl(-1, F_GETFL), EBADF, "fcntl on -1 is EBADF");
	fd = open(P("fc"), O_WRONLY);
	is_int(fcntl(fd, F_GETFL) & O_ACCMODE, O_WRONLY, "F_GETFL reports O_WRONLY");
	is_int(fsync(fd), 0, "fsync returns 0");
	close(fd);
}

static void test_rename(void)
{
	char buf[32];
	struct stat st;

	put_file(P("r_old"), "new content", 11);
	put_file(P("r_target"), "old", 3);
	is_int(rename(P("r_old"), P("r_target")), 0, "rename over an existing file");
	errno_is(stat(P("r_old"), &st), ENOENT, "the old name is gone");
	get_file(P("r_target"), buf, sizeof(buf));
	is_str(buf, "new content", "the target has the renamed file's content");
	is_int(rename(P("r_target"), P("r_target")), 0, "rename a file onto itself");
	ok(stat(P("r_target"), &st) == 0, "it is still there");

	mkdir(P("r_dir"), 0755);
	put_file(P("r_dir/inside"), "in", 2);
	is_int(rename(P("r_dir"), P("r_dir2")), 0, "rename a directory");
	ok(stat(P("r_dir2/inside"), &st) == 0 && st.st_size == 2, "its content moved with it");
	errno_is(stat(P("r_dir"), &st), ENOENT, "the old directory name is gone");
	mkdir(P("r_empty"), 0755);
	is_int(rename(P("r_dir2"), P("r_empty")), 0, "rename a directory over an empty directory");
	ok(stat(P("r_empty/inside"), &st) == 0, "the replaced directory has the content");
	mkdir(P("r_full"), 0755);
	put_file(P("r_full/f"), "", 0);
	mkdir(P("r_src"), 0755);
	errno_is2(rename(P("r_src"), P("r_full")), ENOTEMPTY, EEXIST,
		  "rename a directory over a non-empty directory fails");
	errno_is(rename(P("r_target"), P("r_full")), EISDIR, "rename a file over a directory");
	errno_is(rename(P("r_src"), P("r_target")), ENOTDIR, "rename a directory over a file");
	errno_is(rename(P("r_full"), P("r_full/sub")), EINVAL,
		 "rename a directory into itself is EINVAL");
	errno_is(rename(P("r_missing"), P("r_x")), ENOENT, "rename a missing file is ENOENT");
	errno_is(rename(P("r_target"), P("r_nodir/x")), ENOENT,
		 "rename into a missing directory is ENOENT");
	is_int(rename(P("r_target"), P("r_full/moved")), 0, "rename into a subdirectory");
	get_file(P("r_full/moved"), buf, sizeof(buf));
	is_str(buf, "new content", "the moved file keeps its content");
}

static void test_link(void)
{
	char buf[32];
	struct stat st, st2;

	put_file(P("l_a"), "shared", 6);
	ok(stat(P("l_a"), &st) == 0 && st.st_nlink == 1, "st_nlink 1 before link");
	is_int(link(P("l_a"), P("l_b")), 0, "link");
	ok(stat(P("l_a"), &st) == 0 && st.st_nlink == 2, "st_nlink 2 after link (%ld)",
	   (long)st.st_nlink);
	ok(stat(P("l_b"), &st2) == 0 && st2.st_ino == st.st_ino && st2.st_nlink == 2,
	   "both names are the same inode");
	{
		int fd = open(P("l_b"), O_WRONLY | O_APPEND);

		write(fd, "!", 1);
		close(fd);
	}
	get_file(P("l_a"), buf, sizeof(buf));
	is_str(buf, "shared!", "a write through one name is seen through the other");
	is_int(unlink(P("l_a")), 0, "unlink the first name");
	ok(stat(P("l_b"), &st) == 0 && st.st_nlink == 1, "st_nlink back to 1");
	get_file(P("l_b"), buf, sizeof(buf));
	is_str(buf, "shared!", "the data survives through the second name");
	put_file(P("l_c"), "", 0);
	errno_is(link(P("l_b"), P("l_c")), EEXIST, "link to an existing name is EEXIST");
	errno_is(link(P("l_missing"), P("l_d")), ENOENT, "link of a missing file is ENOENT");
	mkdir(P("l_dir"), 0755);
	errno_is(link(P("l_dir"), P("l_dirlink")), EPERM, "link of a directory is EPERM");
}

static void test_symlink(void)
{
	char buf[64];
	struct stat st, st2;
	ssize_t n;
	int fd;

	put_file(P("s_target"), "via link", 8);
	is_int(symlink("s_target", P("s_link")), 0, "symlink (relative target)");
	memset(buf, 'X', sizeof(buf));
	n = readlink(P("s_link"), buf, sizeof(buf));
	is_int(n, 8, "readlink returns the target's length");
	is_mem(buf, "s_targetX", 9, "readlink gives the target and does not NUL-terminate");
	memset(buf, 'X', sizeof(buf));
	is_int(readlink(P("s_link"), buf, 3), 3, "readlink into a small buffer truncates");
	is_mem(buf, "s_tX", 4, "truncated readlink content");
	ok(lstat(P("s_link"), &st) == 0 && S_ISLNK(st.st_mode), "lstat says S_ISLNK");
	is_int(st.st_size, 8, "lstat st_size is the target's length");
	ok(stat(P("s_link"), &st) == 0 && S_ISREG(st.st_mode), "stat follows the link");
	ok(stat(P("s_target"), &st2) == 0 && st.st_ino == st2.st_ino,
	   "stat through the link gives the target's inode");
	fd = open(P("s_link"), O_RDONLY);
	syscall_ok(fd, "open through a symlink");
	is_int(read(fd, buf, sizeof(buf)), 8, "read through a symlink");
	is_mem(buf, "via link", 8, "content through the symlink");
	close(fd);
	errno_is(open(P("s_link"), O_RDONLY | O_NOFOLLOW), ELOOP, "O_NOFOLLOW on a symlink is ELOOP");

	is_int(symlink("/nonexistent/target", P("s_dangle")), 0, "a dangling symlink can be made");
	errno_is(stat(P("s_dangle"), &st), ENOENT, "stat of a dangling symlink is ENOENT");
	ok(lstat(P("s_dangle"), &st) == 0 && S_ISLNK(st.st_mode), "lstat of a dangling symlink");
	errno_is(open(P("s_dangle"), O_WRONLY | O_CREAT | O_EXCL, 0644), EEXIST,
		 "O_CREAT|O_EXCL on a dangling symlink is EEXIST");
	errno_is(symlink("x", P("s_link")), EEXIST, "symlink over an existing name is EEXIST");
	errno_is(readlink(P("s_target"), buf, sizeof(buf)), EINVAL,
		 "readlink of a regular file is EINVAL");
	errno_is(readlink(P("s_missing"), buf, sizeof(buf)), ENOENT,
		 "readlink of a missing name is ENOENT");

	symlink("s_loop2", P("s_loop1"));
	symlink("s_loop1", P("s_loop2"));
	errno_is(open(P("s_loop1"), O_RDONLY), ELOOP, "a symlink loop is ELOOP");
	errno_is(stat(P("s_loop1/x"), &st), ELOOP, "a symlink loop in the middle of a path is ELOOP");

	mkdir(P("s_dir"), 0755);
	put_file(P("s_dir/f"), "in dir", 6);
	symlink("s_dir", P("s_dirlink"));
	ok(get_file(P("s_dirlink/f"), buf, sizeof(buf)) == 6 && !strcmp(buf, "in dir"),
	   "open a file through a symlink to a directory");
	symlink("../s_target", P("s_dir/up"));
	ok(get_file(P("s_dir/up"), buf, sizeof(buf)) == 8,
	   "a relative symlink resolves from the link's directory");
	symlink(P("s_target"), P("s_abs"));
	ok(get_file(P("s_abs"), buf, sizeof(buf)) == 8, "an absolute symlink resolves");
	is_int(unlink(P("s_link")), 0, "unlink a symlink");
	ok(stat(P("s_target"), &st) == 0, "unlinking the symlink leaves the target");
	errno_is(lstat(P("s_link"), &st), ENOENT, "the symlink is gone");
}

static void test_access_chmod_umask(void)
{
	struct stat st;
	mode_t old;
	int fd;

	put_file(P("acc"), "a", 1);
	is_int(access(P("acc"), F_OK), 0, "access F_OK");
	is_int(access(P("acc"), R_OK), 0, "access R_OK");
	is_int(access(P("acc"), W_OK), 0, "access W_OK");
	is_int(access(P("acc"), R_OK | W_OK), 0, "access R_OK|W_OK");
	errno_is(access(P("acc_missing"), F_OK), ENOENT, "access of a missing file is ENOENT");
	errno_is(access(P("acc/x"), F_OK), ENOTDIR, "access through a file is ENOTDIR");
	errno_is(access(P("acc"), 0x40), EINVAL, "access with a bad mode is EINVAL");
	is_int(access(D, X_OK), 0, "access X_OK on a directory");

	is_int(chmod(P("acc"), 0600), 0, "chmod 0600");
	ok(stat(P("acc"), &st) == 0 && (st.st_mode & 07777) == 0600, "mode is 0600 (%o)",
	   (unsigned)st.st_mode & 07777);
	ok(S_ISREG(st.st_mode), "chmod keeps the file type");
	is_int(chmod(P("acc"), 0751), 0, "chmod 0751");
	ok(stat(P("acc"), &st) == 0 && (st.st_mode & 07777) == 0751, "mode is 0751 (%o)",
	   (unsigned)st.st_mode & 07777);
	symlink("acc", P("acc_link"));
	is_int(chmod(P("acc_link"), 0640), 0, "chmod through a symlink");
	ok(stat(P("acc"), &st) == 0 && (st.st_mode & 07777) == 0640, "changes the target's mode");
	errno_is(chmod(P("acc_missing"), 0644), ENOENT, "chmod of a missing file is ENOENT");
	mkdir(P("acc_dir"), 0755);
	is_int(chmod(P("acc_dir"), 0700), 0, "chmod a directory");
	ok(stat(P("acc_dir"), &st) == 0 && (st.st_mode & 07777) == 0700 && S_ISDIR(st.st_mode),
	   "directory mode is 0700");

	old = umask(077);
	is_int(old, 022, "umask returns the previous mask");
	fd = open(P("um_file"), O_WRONLY | O_CREAT, 0666);
	close(fd);
	ok(stat(P("um_file"), &st) == 0 && (st.st_mode & 0777) == 0600,
	   "umask 077: a 0666 file gets 0600 (%o)", (unsigned)st.st_mode & 0777);
	mkdir(P("um_dir"), 0777);
	ok(stat(P("um_dir"), &st) == 0 && (st.st_mode & 0777) == 0700,
	   "umask 077: a 0777 directory gets 0700 (%o)", (unsigned)st.st_mode & 0777);
	is_int(umask(0), 077, "umask returns 077");
	fd = open(P("um_file0"), O_WRONLY | O_CREAT, 0666);
	close(fd);
	ok(stat(P("um_file0"), &st) == 0 && (st.st_mode & 0777) == 0666,
	   "umask 0: a 0666 file gets 0666 (%o)", (unsigned)st.st_mode & 0777);
	umask(022);
	fd = open(P("um_file2"), O_WRONLY | O_CREAT, 0666);
	close(fd);
	ok(stat(P("um_file2"), &st) == 0 && (st.st_mode & 0777) == 0644,
	   "umask 022: a 0666 file gets 0644 (%o)", (unsigned)st.st_mode & 0777);
	is_int(chmod(P("um_file2"), 0666), 0, "chmod is not filtered by the umask");
	ok(stat(P("um_file2"), &st) == 0 && (st.st_mode & 0777) == 0666, "mode 0666 after chmod");
}

static void test_cwd(void)
{
	char buf[PATH_MAX], small[4];
	struct stat st, st2;

	is_int(chdir(D), 0, "chdir to the scratch directory");
	ok(getcwd(buf, sizeof(buf)) != NULL, "getcwd");
	is_str(buf, D, "getcwd after chdir");
	null_errno_is(getcwd(small, sizeof(small)), ERANGE, "getcwd with a too-small buffer is ERANGE");
	null_errno_is(getcwd(buf, strlen(D)), ERANGE, "getcwd with no room for the NUL is ERANGE");

	is_int(put_file("rel", "relative", 8), 0, "create a file by a relative name");
	ok(stat(P("rel"), &st) == 0 && st.st_size == 8, "it is there by its absolute name");
	ok(get_file("./rel", buf, sizeof(buf)) == 8, "read it as ./rel");
	mkdir("cwdsub", 0755);
	ok(get_file("cwdsub/../rel", buf, sizeof(buf)) == 8, "read it as cwdsub/../rel");
	ok(get_file("cwdsub/./.././rel", buf, sizeof(buf)) == 8, "read it as cwdsub/./.././rel");
	is_int(chdir("cwdsub"), 0, "chdir to a relative subdirectory");
	getcwd(buf, sizeof(buf));
	is_str(buf, P("cwdsub"), "getcwd in the subdirectory");
	ok(get_file("../rel", buf, sizeof(buf)) == 8, "read ../rel from the subdirectory");
	is_int(chdir(".."), 0, "chdir ..");
	getcwd(buf, sizeof(buf));
	is_str(buf, D, "getcwd after chdir ..");
	is_int(chdir("."), 0, "chdir .");
	getcwd(buf, sizeof(buf));
	is_str(buf, D, "getcwd after chdir .");
	errno_is(chdir("nonexistent"), ENOENT, "chdir to a missing directory is ENOENT");
	getcwd(buf, sizeof(buf));
	is_str(buf, D, "a failed chdir leaves the cwd alone");
	is_int(chdir("/"), 0, "chdir /");
	getcwd(buf, sizeof(buf));
	is_str(buf, "/", "getcwd at the root is /");
	is_int(chdir(".."), 0, "chdir .. at the root");
	getcwd(buf, sizeof(buf));
	is_str(buf, "/", "/.. is /");
	is_int(chdir("tmp"), 0, "chdir tmp from /");
	getcwd(buf, sizeof(buf));
	is_str(buf, "/tmp", "getcwd is /tmp");

	ok(stat(P("."), &st) == 0 && stat(D, &st2) == 0 && st.st_ino == st2.st_ino,
	   "dir/. is dir");
	ok(stat(P("cwdsub/.."), &st) == 0 && st.st_ino == st2.st_ino, "dir/sub/.. is dir");
	ok(stat("/..", &st) == 0 && stat("/", &st2) == 0 && st.st_ino == st2.st_ino, "/.. is /");
	ok(stat("//tmp//", &st) == 0 && stat("/tmp", &st2) == 0 && st.st_ino == st2.st_ino,
	   "repeated slashes are one");
	errno_is(mkdir(P("."), 0755), EEXIST, "mkdir dir/. is EEXIST");
	errno_is(rmdir(P("cwdsub/.")), EINVAL, "rmdir dir/. is EINVAL");
	is_int(mkdir(P("trailing/"), 0755), 0, "mkdir with a trailing slash");
	ok(stat(P("trailing/."), &st) == 0 && S_ISDIR(st.st_mode), "made the directory");
	errno_is(open(P("rel/."), O_RDONLY), ENOTDIR, "file/. is ENOTDIR");
	errno_is(open(P("rel/.."), O_RDONLY), ENOTDIR, "file/.. is ENOTDIR");
}

static void test_dev(void)
{
	unsigned char buf[64];
	struct stat st;
	int fd, all_zero = 1, all_same = 1;

	fd = open("/dev/null", O_RDWR);
	syscall_ok(fd, "open /dev/null");
	is_int(read(fd, buf, sizeof(buf)), 0, "/dev/null reads EOF");
	is_int(write(fd, "discard me", 10), 10, "/dev/null swallows writes");
	ok(fstat(fd, &st) == 0 && S_ISCHR(st.st_mode), "/dev/null is a character device");
	errno_is(isatty(fd) ? 0 : -1, ENOTTY, "isatty(/dev/null) is 0 with ENOTTY");
	close(fd);

	fd = open("/dev/zero", O_RDONLY);
	syscall_ok(fd, "open /dev/zero");
	memset(buf, 0xa5, sizeof(buf));
	is_int(read(fd, buf, sizeof(buf)), (long long)sizeof(buf), "/dev/zero fills the buffer");
	for (size_t i = 0; i < sizeof(buf); i++)
		if (buf[i])
			all_zero = 0;
	ok(all_zero, "with zeros");
	close(fd);

	fd = open("/dev/urandom", O_RDONLY);
	syscall_ok(fd, "open /dev/urandom");
	is_int(read(fd, buf, sizeof(buf)), (long long)sizeof(buf), "/dev/urandom gives 64 bytes");
	for (size_t i = 1; i < sizeof(buf); i++)
		if (buf[i] != buf[0])
			all_same = 0;
	ok(!all_same, "and they are not all equal");
	close(fd);

	fd = open(P("notatty"), O_RDWR | O_CREAT, 0644);
	errno_is(isatty(fd) ? 0 : -1, ENOTTY, "isatty(a regular file) is 0 with ENOTTY");
	close(fd);
	errno_is(isatty(fd) ? 0 : -1, EBADF, "isatty(a closed fd) is 0 with EBADF");
}

int main(int argc, char **argv)
{
	(void)argc;
	umask(022);
	scratch_setup("fileio");

	test_eof_and_short_reads();
	test_rdwr_offsets();
	test_append();
	test_excl_trunc_creat();
	test_holes();
	test_pread_pwrite();
	test_big_file();
	test_path_errors();
	test_unlink_open();
	test_bad_modes();
	test_truncate();
	test_fstat();
	test_erofs(argv[0]);
	test_dup();
	test_fcntl();
	test_rename();
	test_link();
	test_symlink();
	test_access_chmod_umask();
	test_cwd();
	test_dev();

	chdir("/");
	rm_rf(D);
	{
		struct stat st;

		errno_is(stat(D, &st), ENOENT, "scratch directory removed");
	}
	return done_testing();
}
