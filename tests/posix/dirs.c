/*
 * dirs.c — directories: mkdir/rmdir and their errors, readdir listing every
 * name exactly once (with "." and ".."), rewinddir, d_type, removal while
 * listing, deep nesting, and the shape of the root (/tmp, /dev).
 *
 * Scratch files live in /tmp/dirs.<pid>/ and are removed at the end.
 * TAP on stdout; exit status 0 only if every check passed.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "scratch.h"
#include "tap.h"

static int touch(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	return fd < 0 ? -1 : close(fd);
}

/* Counts entries; fills dots with how many "." and ".." were seen. */
static int count_entries(DIR *d, int *dots)
{
	struct dirent *e;
	int n = 0;

	*dots = 0;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			(*dots)++;
		n++;
	}
	return n;
}

/* Whether a directory listing contains name. */
static int lists(const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int found = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (!strcmp(e->d_name, name))
			found++;
	closedir(d);
	return found;
}

static void test_mkdir_rmdir(void)
{
	struct stat st;

	is_int(mkdir(P("a"), 0755), 0, "mkdir");
	ok(stat(P("a"), &st) == 0 && S_ISDIR(st.st_mode), "it is a directory");
	is_int(st.st_mode & 07777, 0755, "with mode 0755");
	errno_is(mkdir(P("a"), 0755), EEXIST, "mkdir of an existing directory is EEXIST");
	touch(P("file"));
	errno_is(mkdir(P("file"), 0755), EEXIST, "mkdir over an existing file is EEXIST");
	symlink("nowhere", P("dangling"));
	errno_is(mkdir(P("dangling"), 0755), EEXIST, "mkdir over a dangling symlink is EEXIST");
	errno_is(mkdir(P("missing/sub"), 0755), ENOENT, "mkdir under a missing parent is ENOENT");
	errno_is(mkdir(P("file/sub"), 0755), ENOTDIR, "mkdir under a file is ENOTDIR");
	errno_is(mkdir("", 0755), ENOENT, "mkdir of the empty path is ENOENT");

	touch(P("a/inside"));
	errno_is(rmdir(P("a")), ENOTEMPTY, "rmdir of a non-empty directory is ENOTEMPTY");
	ok(stat(P("a/inside"), &st) == 0, "the content survived");
	mkdir(P("a/subdir"), 0755);
	unlink(P("a/inside"));
	errno_is(rmdir(P("a")), ENOTEMPTY, "rmdir of a directory holding only a subdirectory");
	is_int(rmdir(P("a/subdir")), 0, "rmdir the subdirectory");
	is_int(rmdir(P("a")), 0, "rmdir once empty");
	errno_is(stat(P("a"), &st), ENOENT, "the directory is gone");
	errno_is(rmdir(P("a")), ENOENT, "rmdir of a missing directory is ENOENT");
	errno_is(rmdir(P("file")), ENOTDIR, "rmdir of a file is ENOTDIR");
	symlink("file", P("flink"));
	errno_is(rmdir(P("flink")), ENOTDIR, "rmdir of a symlink is ENOTDIR");
	mkdir(P("real"), 0755);
	symlink("real", P("dlink"));
	errno_is(rmdir(P("dlink")), ENOTDIR, "rmdir of a symlink to a directory is ENOTDIR");
	ok(stat(P("real"), &st) == 0, "and leaves the directory alone");
	is_int(mkdir(P("slash/"), 0700), 0, "mkdir with a trailing slash");
	is_int(rmdir(P("slash/")), 0, "rmdir with a trailing slash");

	/* A directory can be re-created after removal and is empty again. */
	mkdir(P("again"), 0755);
	touch(P("again/x"));
	unlink(P("again/x"));
	rmdir(P("again"));
	is_int(mkdir(P("again"), 0755), 0, "re-create a removed directory");
	is_int(lists(P("again"), "x"), 0, "the re-created directory is empty");
	rmdir(P("again"));
}

static void test_listing(void)
{
	enum { N = 200 };
	static unsigned char seen[N];
	struct dirent *e;
	DIR *d;
	int others = 0, dots = 0, dup = 0, total, n;

	mkdir(P("many"), 0755);
	/* Names of varied lengths (1 to ~200 chars) so entries do not fit a fixed stride. */
	for (int i = 0; i < N; i++) {
		char name[256];
		int len = (i * 37) % 200;

		snprintf(name, sizeof(name), "f%03d_", i);
		memset(name + 5, 'a' + i % 26, (size_t)len);
		name[5 + len] = '\0';
		if (touch(P("many/%s", name)) != 0)
			break;
	}
	d = opendir(P("many"));
	ok(d != NULL, "opendir of a directory with %d files", N);
	if (!d)
		return;
	errno = 0;
	while ((e = readdir(d))) {
		int idx;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) {
			dots++;
			continue;
		}
		if (sscanf(e->d_name, "f%3d_", &idx) == 1 && idx >= 0 && idx < N &&
		    strlen(e->d_name) == 5 + (size_t)(idx * 37 % 200)) {
			if (seen[idx]++)
				dup++;
		} else {
			others++;
			diag("unexpected entry %s", e->d_name);
		}
	}
	is_int(errno, 0, "readdir returns NULL at the end without setting errno");
	{
		int missing = 0;

		for (int i = 0; i < N; i++)
			if (!seen[i])
				missing++;
		is_int(missing, 0, "every one of the %d files is listed", N);
	}
	is_int(dup, 0, "no file is listed twice");
	is_int(others, 0, "nothing else is listed");
	is_int(dots, 2, "\".\" and \"..\" are listed once each");
	ok(readdir(d) == NULL, "readdir past the end stays NULL");

	rewinddir(d);
	total = count_entries(d, &dots);
	is_int(total, N + 2, "after rewinddir the listing has all %d entries again", N + 2);
	touch(P("many/late"));
	rewinddir(d);
	is_int(count_entries(d, &dots), N + 3, "rewinddir sees a file created after opendir");
	is_int(closedir(d), 0, "closedir");

	/* Remove every entry while listing (what rm -r does). */
	d = opendir(P("many"));
	n = 0;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (unlink(P("many/%s", e->d_name)) == 0)
			n++;
	}
	closedir(d);
	is_int(n, N + 1, "unlinking each entry while listing reaches all of them");
	d = opendir(P("many"));
	is_int(count_entries(d, &dots), 2, "the directory is then empty");
	closedir(d);
	is_int(rmdir(P("many")), 0, "and can be removed");
}

static void test_empty_and_errors(void)
{
	DIR *d;
	int dots;
	struct dirent *e;

	mkdir(P("empty"), 0755);
	d = opendir(P("empty"));
	ok(d != NULL, "opendir of an empty directory");
	is_int(count_entries(d, &dots), 2, "an empty directory lists two entries");
	is_int(dots, 2, "which are . and ..");
	closedir(d);

	null_errno_is(opendir(P("nope")), ENOENT, "opendir of a missing directory is ENOENT");
	touch(P("plain"));
	null_errno_is(opendir(P("plain")), ENOTDIR, "opendir of a file is ENOTDIR");
	null_errno_is(opendir(""), ENOENT, "opendir of the empty path is ENOENT");

	/* The directory being listed is removed under the stream. */
	mkdir(P("doomed"), 0755);
	d = opendir(P("doomed"));
	is_int(rmdir(P("doomed")), 0, "rmdir a directory that is open for listing");
	errno = 0;
	e = readdir(d);
	ok(e == NULL || !strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."),
	   "readdir of a removed directory returns nothing but . or ..");
	is_int(closedir(d), 0, "closedir after the directory is gone");
}

static void test_d_type(void)
{
#if defined(DT_REG) && defined(DT_DIR) && defined(DT_UNKNOWN)
	struct dirent *e;
	DIR *d;
	int bad = 0, checked = 0;

	mkdir(P("types"), 0755);
	touch(P("types/reg"));
	mkdir(P("types/sub"), 0755);
	symlink("reg", P("types/lnk"));
	d = opendir(P("types"));
	while (d && (e = readdir(d))) {
		int want = !strcmp(e->d_name, "reg") ? DT_REG
			 : !strcmp(e->d_name, "lnk") ? DT_LNK
						      : DT_DIR;

		checked++;
		if (e->d_type != DT_UNKNOWN && e->d_type != want) {
			bad++;
			diag("%s: d_type %d, expected %d", e->d_name, e->d_type, want);
		}
	}
	if (d)
		closedir(d);
	is_int(checked, 5, "listed 5 entries");
	is_int(bad, 0, "d_type, where set, matches the file type");
	d = opendir("/dev");
	ok(d != NULL, "opendir /dev");
	bad = 0;
	while (d && (e = readdir(d)))
		if (!strcmp(e->d_name, "null") && e->d_type != DT_UNKNOWN && e->d_type != DT_CHR)
			bad++;
	if (d)
		closedir(d);
	is_int(bad, 0, "d_type of /dev/null, where set, is DT_CHR");
#else
	skip("no d_type in struct dirent", "d_type");
#endif
}

static void test_root(const char *argv0)
{
	struct stat st;

	is_int(lists("/", "tmp"), 1, "listing / shows tmp");
	is_int(lists("/", "dev"), 1, "listing / shows dev");
	is_int(lists("/", "."), 1, "listing / shows .");
	is_int(lists("/", ".."), 1, "listing / shows ..");
	is_int(lists("/dev", "null"), 1, "listing /dev shows null");
	is_int(lists("/dev", "zero"), 1, "listing /dev shows zero");
	is_int(lists("/dev", "urandom"), 1, "listing /dev shows urandom");
#ifdef __motor__
	is_int(lists("/dev", "console"), 1, "listing /dev shows console");
	is_int(lists("/dev", "tty"), 1, "listing /dev shows tty");
	if (!strncmp(argv0, "/test/posix/", 12))
		is_int(lists("/test/posix", argv0 + 12), 1, "listing /test/posix shows this program");
	else
		skip("argv[0] is not under /test/posix", "listing /test/posix (%s)", argv0);
	/* /tmp holds our scratch directory, so this cannot remove it anywhere. */
	errno_is2(rmdir("/tmp"), EBUSY, ENOTEMPTY, "rmdir of the /tmp mount point fails");
	if (!errno_is(mkdir("/dirs.test.newdir", 0755), EROFS, "mkdir in the read-only root is EROFS"))
		rmdir("/dirs.test.newdir");
#else
	(void)argv0;
	skip("not Motor", "/dev/console, /dev/tty, /test/posix, EBUSY and EROFS on /");
#endif
	ok(stat("/tmp", &st) == 0 && S_ISDIR(st.st_mode), "/tmp is a directory");
	ok(stat("/dev", &st) == 0 && S_ISDIR(st.st_mode), "/dev is a directory");
	is_int(lists("/tmp", strrchr(D, '/') + 1), 1, "listing /tmp shows our scratch directory");
}

static void test_nested(void)
{
	char path[PATH_MAX];
	struct stat st;
	int made = 0, depth = 24, removed = 0;

	/* mkdir -p: create each prefix, tolerating EEXIST. */
	snprintf(path, sizeof(path), "%s/deep", D);
	for (int i = 0; i < depth; i++)
		snprintf(path + strlen(path), sizeof(path) - strlen(path), "/level%02d", i);
	for (char *p = path + strlen(D) + 1;; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;

			*p = '\0';
			if (mkdir(path, 0755) == 0)
				made++;
			else if (errno != EEXIST)
				break;
			*p = c;
			if (!c)
				break;
		}
	}
	is_int(made, depth + 1, "mkdir -p made %d nested directories", depth + 1);
	ok(stat(path, &st) == 0 && S_ISDIR(st.st_mode), "the deepest one exists");
	{
		char f[PATH_MAX + 8];

		snprintf(f, sizeof(f), "%s/leaf", path);
		is_int(touch(f), 0, "create a file at the bottom");
		ok(stat(f, &st) == 0 && S_ISREG(st.st_mode), "stat it by its long path");
		unlink(f);
	}
	/* A second mkdir -p over the same path makes nothing and fails nowhere. */
	errno_is(mkdir(path, 0755), EEXIST, "mkdir of the existing deepest directory is EEXIST");
	/* Remove bottom-up. */
	while (strlen(path) > strlen(D)) {
		if (rmdir(path) == 0)
			removed++;
		else
			break;
		*strrchr(path, '/') = '\0';
	}
	is_int(removed, depth + 1, "rmdir bottom-up removed all %d levels", depth + 1);
	errno_is(stat(P("deep"), &st), ENOENT, "the tree is gone");
}

static void test_rename_listed(void)
{
	mkdir(P("ren"), 0755);
	mkdir(P("ren/sub"), 0755);
	touch(P("ren/sub/a"));
	touch(P("ren/sub/b"));
	is_int(rename(P("ren/sub"), P("ren/moved")), 0, "rename a directory with files");
	is_int(lists(P("ren"), "moved"), 1, "the new name is listed");
	is_int(lists(P("ren"), "sub"), 0, "the old name is not listed");
	ok(lists(P("ren/moved"), "a") == 1 && lists(P("ren/moved"), "b") == 1,
	   "the files are listed under the new name");
	{
		struct stat st1, st2;

		ok(stat(P("ren/moved/.."), &st1) == 0 && stat(P("ren"), &st2) == 0 &&
			   st1.st_ino == st2.st_ino,
		   ".. of the moved directory is its new parent");
		mkdir(P("other"), 0755);
		rename(P("ren/moved"), P("other/moved"));
		ok(stat(P("other/moved/.."), &st1) == 0 && stat(P("other"), &st2) == 0 &&
			   st1.st_ino == st2.st_ino,
		   ".. follows a move to another directory");
	}
}

int main(int argc, char **argv)
{
	struct stat st;

	umask(022);
	scratch_setup("dirs");

	test_mkdir_rmdir();
	test_listing();
	test_empty_and_errors();
	test_d_type();
	(void)argc;
	test_root(argv[0]);
	test_nested();
	test_rename_listed();

	rm_rf(D);
	errno_is(stat(D, &st), ENOENT, "scratch directory removed");
	return done_testing();
}
