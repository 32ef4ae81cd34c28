/*
 * badargs.c — hostile arguments get errno values, never a crash: bad
 * descriptors (EBADF), bad pointers (EFAULT) for buffers, paths and result
 * structures, a path running into an unmapped page without a NUL, kernel and
 * non-canonical addresses, read-only and PROT_NONE buffers, huge lengths,
 * descriptor exhaustion; then the ordinary calls still work, which shows
 * that no server died on the way.
 *
 * Only cases whose result comes from the system call itself are here (no
 * calls a libc may legitimately crash in, such as readdir(NULL)), so the same
 * program passes on Linux.
 *
 * Scratch files live in /tmp/badargs.<pid>/ and are removed at the end.
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
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "scratch.h"
#include "tap.h"

/* Passes an address through a volatile so the compiler cannot see it is bad. */
static void *hide(uintptr_t a)
{
	volatile uintptr_t v = a;

	return (void *)v;
}

/* Addresses no program may read or write through. */
#define BAD1 hide(1)
#define BAD8 hide(8)
#define BAD16 hide(16)
#define KERNEL hide(0xffffffff80000000ULL)   /* kernel text, both on Motor and on Linux */
#define NONCANON hide(0x0000800000000000ULL) /* the first non-canonical address */

/* Hidden from the compiler so it does not warn about the impossible sizes. */
static volatile size_t size_max = SIZE_MAX;

static void test_bad_fds(void)
{
	char buf[16];
	struct stat st;
	int closed = open("/dev/null", O_RDONLY);
	const int fds[] = { -1, 1000000, INT_MAX, closed };
	const char *names[] = { "-1", "1000000", "INT_MAX", "a closed fd" };

	close(closed);
	for (int i = 0; i < 4; i++) {
		int fd = fds[i];

		errno_is(read(fd, buf, sizeof(buf)), EBADF, "read on %s is EBADF", names[i]);
		errno_is(write(fd, "x", 1), EBADF, "write on %s is EBADF", names[i]);
		errno_is(close(fd), EBADF, "close on %s is EBADF", names[i]);
		errno_is(fstat(fd, &st), EBADF, "fstat on %s is EBADF", names[i]);
		errno_is(lseek(fd, 0, SEEK_SET), EBADF, "lseek on %s is EBADF", names[i]);
		errno_is(pread(fd, buf, 1, 0), EBADF, "pread on %s is EBADF", names[i]);
		errno_is(pwrite(fd, "x", 1, 0), EBADF, "pwrite on %s is EBADF", names[i]);
		errno_is(fcntl(fd, F_GETFL), EBADF, "fcntl on %s is EBADF", names[i]);
		errno_is(dup(fd), EBADF, "dup on %s is EBADF", names[i]);
		errno_is(dup2(fd, 20), EBADF, "dup2 from %s is EBADF", names[i]);
		errno_is(ftruncate(fd, 0), EBADF, "ftruncate on %s is EBADF", names[i]);
		errno_is(fsync(fd), EBADF, "fsync on %s is EBADF", names[i]);
		errno_is(isatty(fd) ? 0 : -1, EBADF, "isatty on %s is 0 with EBADF", names[i]);
	}
	{
		int fd = open("/dev/null", O_RDONLY);

		errno_is(fcntl(fd, 9999), EINVAL, "fcntl with a bad command is EINVAL");
		errno_is(dup2(fd, -5), EBADF, "dup2 to a negative descriptor is EBADF");
		errno_is(dup2(fd, INT_MAX), EBADF, "dup2 to INT_MAX is EBADF");
		errno_is(fcntl(fd, F_DUPFD, -1), EINVAL, "F_DUPFD with a negative minimum is EINVAL");
		close(fd);
	}
}

static void test_bad_buffers(void)
{
	struct stat st;
	int fd;
	char *ro, *none;

	fd = open(P("data"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(fd, "some data to read back", 22);
	lseek(fd, 0, SEEK_SET);
	errno_is(read(fd, BAD1, 10), EFAULT, "read into (void *)1 is EFAULT");
	errno_is(read(fd, KERNEL, 10), EFAULT, "read into a kernel address is EFAULT");
	errno_is(read(fd, NONCANON, 10), EFAULT, "read into a non-canonical address is EFAULT");
	is_int(lseek(fd, 0, SEEK_CUR), 0, "failed reads did not move the offset");
	errno_is(pread(fd, BAD8, 10, 0), EFAULT, "pread into (void *)8 is EFAULT");
	errno_is(write(fd, BAD16, 10), EFAULT, "write from (void *)16 is EFAULT");
	errno_is(write(fd, KERNEL, 10), EFAULT, "write from a kernel address is EFAULT");
	errno_is(pwrite(fd, NONCANON, 10, 0), EFAULT, "pwrite from a non-canonical address is EFAULT");
	ok(fstat(fd, &st) == 0 && st.st_size == 22, "failed writes did not change the file");
	errno_is(fstat(fd, BAD8), EFAULT, "fstat into (void *)8 is EFAULT");
	errno_is(fstat(fd, KERNEL), EFAULT, "fstat into a kernel address is EFAULT");

	/* A read-only page and a PROT_NONE page. */
	ro = mmap(NULL, 4096, PROT_READ, MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
	none = mmap(NULL, 4096, PROT_NONE, MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
	ok(ro != MAP_FAILED && none != MAP_FAILED, "mmap a read-only and a PROT_NONE page");
	lseek(fd, 0, SEEK_SET);
	errno_is(read(fd, ro, 10), EFAULT, "read into a read-only page is EFAULT");
	errno_is(read(fd, none, 10), EFAULT, "read into a PROT_NONE page is EFAULT");
	errno_is(write(fd, none, 10), EFAULT, "write from a PROT_NONE page is EFAULT");
	errno_is(fstat(fd, (struct stat *)ro), EFAULT, "fstat into a read-only page is EFAULT");
	ok(ro[0] == 0 && ro[100] == 0, "the read-only page is still zero");
	{
		int z = open("/dev/zero", O_RDONLY);

		errno_is(read(z, ro, 64), EFAULT, "read from /dev/zero into a read-only page is EFAULT");
		errno_is(read(z, BAD1, 64), EFAULT, "read from /dev/zero into (void *)1 is EFAULT");
		close(z);
	}
	{
		int n = open("/dev/null", O_WRONLY);

		ssize_t r;

		errno = 0;
		r = write(n, BAD16, 10);
		/* /dev/null need not look at the data: success is fine too (Linux succeeds). */
		ok(r == 10 || (r == -1 && errno == EFAULT),
		   "write to /dev/null from (void *)16 gives 10 or EFAULT (%zd, %s)", r, strerror(errno));
		close(n);
	}
	/* Huge lengths. */
	{
		char buf[64] = "";

		lseek(fd, 0, SEEK_SET);
		errno_is2(read(fd, buf, size_max), EFAULT, EINVAL, "read with length SIZE_MAX fails");
		errno_is2(write(fd, buf, size_max), EFAULT, EINVAL, "write with length SIZE_MAX fails");
		errno_is2(read(fd, buf, size_max / 2 + 1), EFAULT, EINVAL,
			  "read with length SSIZE_MAX + 1 fails");
		errno_is2(pread(fd, buf, size_max, 0), EFAULT, EINVAL, "pread with length SIZE_MAX fails");
		ok(fstat(fd, &st) == 0 && st.st_size == 22, "the file is unchanged");
	}
	munmap(ro, 4096);
	munmap(none, 4096);
	close(fd);
}

static void test_bad_paths(void)
{
	struct stat st;
	char buf[64];
	char *pages, *name;

	errno_is(open((char *)BAD8, O_RDONLY), EFAULT, "open((char *)8) is EFAULT");
	errno_is(open((char *)KERNEL, O_RDONLY), EFAULT, "open(kernel address) is EFAULT");
	errno_is(open((char *)NONCANON, O_RDONLY), EFAULT, "open(non-canonical address) is EFAULT");
	errno_is(open((char *)BAD8, O_WRONLY | O_CREAT, 0644), EFAULT, "open((char *)8, O_CREAT)");
	errno_is(stat((char *)BAD8, &st), EFAULT, "stat((char *)8) is EFAULT");
	errno_is(lstat((char *)BAD8, &st), EFAULT, "lstat((char *)8) is EFAULT");
	errno_is(stat(D, (struct stat *)BAD8), EFAULT, "stat(path, (void *)8) is EFAULT");
	errno_is(stat(D, (struct stat *)KERNEL), EFAULT, "stat(path, kernel address) is EFAULT");
	errno_is(lstat(D, (struct stat *)BAD8), EFAULT, "lstat(path, (void *)8) is EFAULT");
	errno_is(mkdir((char *)BAD8, 0755), EFAULT, "mkdir((char *)8) is EFAULT");
	errno_is(rmdir((char *)BAD8), EFAULT, "rmdir((char *)8) is EFAULT");
	errno_is(unlink((char *)BAD8), EFAULT, "unlink((char *)8) is EFAULT");
	errno_is(chdir((char *)BAD8), EFAULT, "chdir((char *)8) is EFAULT");
	errno_is(access((char *)BAD8, F_OK), EFAULT, "access((char *)8) is EFAULT");
	errno_is(chmod((char *)BAD8, 0644), EFAULT, "chmod((char *)8) is EFAULT");
	errno_is(truncate((char *)BAD8, 0), EFAULT, "truncate((char *)8) is EFAULT");
	errno_is(rename((char *)BAD8, P("x")), EFAULT, "rename from (char *)8 is EFAULT");
	errno_is(rename(P("data"), (char *)BAD8), EFAULT, "rename to (char *)8 is EFAULT");
	errno_is(link((char *)BAD8, P("x")), EFAULT, "link from (char *)8 is EFAULT");
	errno_is(symlink((char *)BAD8, P("x")), EFAULT, "symlink to (char *)8 is EFAULT");
	errno_is(symlink("target", (char *)BAD8), EFAULT, "symlink at (char *)8 is EFAULT");
	symlink("target", P("lnk"));
	errno_is(readlink(P("lnk"), (char *)BAD8, 10), EFAULT, "readlink into (char *)8 is EFAULT");
	errno_is(readlink((char *)BAD8, buf, sizeof(buf)), EFAULT, "readlink((char *)8) is EFAULT");
	null_errno_is(getcwd((char *)BAD8, 100), EFAULT, "getcwd((char *)8, 100) is EFAULT");
	null_errno_is(getcwd((char *)KERNEL, 100), EFAULT, "getcwd(kernel address, 100) is EFAULT");
	errno_is(uname((struct utsname *)BAD8), EFAULT, "uname((void *)8) is EFAULT");
	errno_is(nanosleep((struct timespec *)BAD8, NULL), EFAULT, "nanosleep((void *)8) is EFAULT");

	/* A name with no NUL before an unmapped page. */
	pages = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
	ok(pages != MAP_FAILED, "mmap two pages");
	is_int(munmap(pages + 4096, 4096), 0, "unmap the second");
	name = pages + 4096 - 64;
	memcpy(name, "/tmp/badargs_unterminated_", 26);
	memset(name + 26, 'z', 64 - 26); /* up to the last byte of the page: no NUL */
	errno_is2(open(name, O_RDONLY), EFAULT, ENAMETOOLONG,
		  "open of a name running into an unmapped page fails");
	errno_is2(open(name, O_WRONLY | O_CREAT, 0644), EFAULT, ENAMETOOLONG,
		  "creating such a name fails");
	errno_is2(stat(name, &st), EFAULT, ENAMETOOLONG, "stat of such a name fails");
	errno_is2(mkdir(name, 0755), EFAULT, ENAMETOOLONG, "mkdir of such a name fails");
	errno_is2(unlink(name), EFAULT, ENAMETOOLONG, "unlink of such a name fails");
	memset(pages, 'a', 4096);
	errno_is2(open(pages, O_RDONLY), EFAULT, ENAMETOOLONG,
		  "open of a 4096-byte page of 'a' with no NUL fails");
	munmap(pages, 4096);

	/* A path far longer than PATH_MAX, in valid memory. */
	{
		size_t n = 1 << 20;
		char *huge = malloc(n + 1);

		memset(huge, 'b', n);
		huge[0] = '/';
		huge[n] = '\0';
		errno_is(open(huge, O_RDONLY), ENAMETOOLONG, "open of a 1 MiB path is ENAMETOOLONG");
		errno_is(stat(huge, &st), ENAMETOOLONG, "stat of a 1 MiB path is ENAMETOOLONG");
		free(huge);
	}
}

static void test_many_fds(void)
{
	enum { MAX = 3000 };
	static int fds[MAX];
	int n = 0, err = 0, closed = 0;

	for (; n < MAX; n++) {
		fds[n] = open("/dev/null", O_RDONLY);
		if (fds[n] < 0) {
			err = errno;
			break;
		}
	}
	diag("opened %d descriptors%s%s", n, err ? ", then: " : "", err ? strerror(err) : "");
	ok(n == MAX || err == EMFILE, "opening descriptors until the table is full ends in EMFILE");
	for (int i = 0; i < n; i++)
		if (close(fds[i]) == 0)
			closed++;
	is_int(closed, n, "all %d could be closed", n);
	{
		int fd = open("/dev/null", O_RDONLY);

		ok(fd >= 0 && fd < 10, "opening works again, with a low descriptor (%d)", fd);
		close(fd);
	}
}

static void test_still_alive(void)
{
	char buf[64], cwd[PATH_MAX];
	struct stat st;
	DIR *d;
	int fd, entries = 0;

	fd = open(P("after"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	syscall_ok(fd, "open after all that");
	is_int(write(fd, "still alive", 11), 11, "write");
	is_int(pread(fd, buf, sizeof(buf), 0), 11, "read back");
	is_mem(buf, "still alive", 11, "content");
	ok(fstat(fd, &st) == 0 && st.st_size == 11, "fstat");
	is_int(close(fd), 0, "close");
	is_int(mkdir(P("newdir"), 0755), 0, "mkdir");
	d = opendir(D);
	ok(d != NULL, "opendir");
	while (d && readdir(d))
		entries++;
	if (d)
		closedir(d);
	ok(entries >= 5, "readdir lists the scratch directory (%d entries)", entries);
	ok(getcwd(cwd, sizeof(cwd)) != NULL, "getcwd");
	fd = open("/dev/null", O_WRONLY);
	is_int(write(fd, "x", 1), 1, "/dev/null still swallows writes");
	close(fd);
	{
		struct timespec ts = { 0, 1000000 };

		is_int(nanosleep(&ts, NULL), 0, "nanosleep still works");
	}
}

int main(void)
{
	struct stat st;

	scratch_setup("badargs");

	test_bad_fds();
	test_bad_buffers();
	test_bad_paths();
	test_many_fds();
	test_still_alive();

	rm_rf(D);
	errno_is(stat(D, &st), ENOENT, "scratch directory removed");
	return done_testing();
}
