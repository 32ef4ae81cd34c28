/*
 * Whole trees for cp, mv and rm (cu.h): copying a file, a link or a
 * directory with what is under it, and removing one. Errors are reported in
 * the usual "cmd: 'path': reason" shape as they happen, and the walk goes on.
 */
#include "cu.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cu_join_base(char *out, size_t cap, const char *dir, const char *path)
{
	size_t len = strlen(path);
	while (len > 1 && path[len - 1] == '/')
		len--;
	size_t start = len;
	while (start > 0 && path[start - 1] != '/')
		start--;
	size_t dl = strlen(dir);
	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	int n = snprintf(out, cap, "%.*s%s%.*s", (int)dl, dir, dir[dl - 1] == '/' ? "" : "/",
			 (int)(len - start), path + start);
	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

int cu_each_to_target(int argc, char **argv, int (*fn)(const char *src, const char *dst))
{
	const char *dest = argv[argc - 1];
	struct stat st;
	int dir = stat(dest, &st) == 0 && S_ISDIR(st.st_mode);
	if (argc - optind == 2 && !dir)
		return fn(argv[optind], dest);
	if (!dir)
		return cu_err("target '%s' is not a directory", dest);
	int status = 0;
	for (int i = optind; i < argc - 1; i++) {
		char to[PATH_MAX];
		if (cu_join_base(to, sizeof(to), dest, argv[i]) != 0)
			status = cu_err("%s: %s", argv[i], strerror(ENAMETOOLONG));
		else
			status |= fn(argv[i], to);
	}
	return status;
}

static int report(const char *what, const char *path)
{
	return cu_err("%s '%s': %s", what, path, strerror(errno));
}

/* Mode, owner and times of st onto dst (cp -p). */
static int preserve(const char *dst, const struct stat *st)
{
	struct timespec t[2] = {st->st_atim, st->st_mtim};
	if (chown(dst, st->st_uid, st->st_gid) != 0 && errno != EPERM)
		return report("failed to preserve ownership for", dst);
	if (chmod(dst, st->st_mode & 07777) != 0)
		return report("failed to preserve permissions for", dst);
	if (utimensat(AT_FDCWD, dst, t, 0) != 0)
		return report("failed to preserve times for", dst);
	return 0;
}

static int copy_file(const char *src, const char *dst, const struct stat *st,
		     const struct cu_copy_opts *o)
{
	int in = open(src, O_RDONLY);
	if (in < 0)
		return report("cannot open", src);
	int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, st->st_mode & 0777);
	if (out < 0 && o->force && unlink(dst) == 0)
		out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, st->st_mode & 0777);
	if (out < 0) {
		close(in);
		return report("cannot create regular file", dst);
	}
	static char buf[32768];
	int status = 0;
	for (;;) {
		ssize_t n = read(in, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			status = report("error reading", src);
			break;
		}
		if (n == 0)
			break;
		if (cu_write_all(out, buf, (size_t)n)) {
			status = report("error writing", dst);
			break;
		}
	}
	close(in);
	if (close(out) != 0 && !status)
		status = report("error writing", dst);
	return status;
}

static int copy_link(const char *src, const char *dst, const struct cu_copy_opts *o)
{
	char target[PATH_MAX];
	ssize_t n = readlink(src, target, sizeof(target) - 1);
	if (n < 0)
		return report("cannot read symbolic link", src);
	target[n] = 0;
	if (o->force)
		unlink(dst);
	if (symlink(target, dst) != 0)
		return report("cannot create symbolic link", dst);
	return 0;
}

static int copy_dir(const char *src, const char *dst, const struct stat *st,
		    const struct cu_copy_opts *o)
{
	struct stat dst_st;
	if (stat(dst, &dst_st) != 0) {
		if (mkdir(dst, (st->st_mode & 0777) | 0700) != 0)
			return report("cannot create directory", dst);
	} else if (!S_ISDIR(dst_st.st_mode)) {
		return cu_err("cannot overwrite non-directory '%s' with directory '%s'", dst, src);
	}
	DIR *d = opendir(src);
	if (!d)
		return report("cannot access", src);
	int status = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char s[PATH_MAX], t[PATH_MAX];
		if (cu_join_base(s, sizeof(s), src, e->d_name) ||
		    cu_join_base(t, sizeof(t), dst, e->d_name)) {
			status = cu_err("'%s/%s': %s", src, e->d_name, strerror(ENAMETOOLONG));
			continue;
		}
		status |= cu_copy(s, t, o);
	}
	closedir(d);
	if (!o->preserve && chmod(dst, st->st_mode & 07777) != 0)
		status = report("cannot set permissions of", dst);
	return status;
}

int cu_copy(const char *src, const char *dst, const struct cu_copy_opts *o)
{
	struct stat st;
	if ((o->recursive ? lstat(src, &st) : stat(src, &st)) != 0)
		return report("cannot stat", src);
	struct stat dst_st;
	if (stat(dst, &dst_st) == 0 && dst_st.st_dev == st.st_dev && dst_st.st_ino == st.st_ino)
		return cu_err("'%s' and '%s' are the same file", src, dst);
	int status;
	if (S_ISDIR(st.st_mode)) {
		if (!o->recursive)
			return cu_err("-r not specified; omitting directory '%s'", src);
		/* Copying a directory into itself would never end. */
		size_t l = strlen(src);
		if (!strncmp(src, dst, l) && dst[l] == '/')
			return cu_err("cannot copy a directory, '%s', into itself, '%s'", src, dst);
		status = copy_dir(src, dst, &st, o);
	} else if (S_ISLNK(st.st_mode)) {
		return copy_link(src, dst, o);
	} else if (S_ISREG(st.st_mode)) {
		status = copy_file(src, dst, &st, o);
	} else {
		return cu_err("cannot copy special file '%s'", src);
	}
	if (!status && o->preserve)
		status = preserve(dst, &st);
	if (!status && o->verbose)
		printf("'%s' -> '%s'\n", src, dst);
	return status;
}

int cu_remove(const char *path, int recursive, int force, int verbose)
{
	struct stat st;
	if (lstat(path, &st) != 0) {
		if (force && errno == ENOENT)
			return 0;
		return report("cannot remove", path);
	}
	if (S_ISDIR(st.st_mode)) {
		if (!recursive)
			return cu_err("cannot remove '%s': Is a directory", path);
		DIR *d = opendir(path);
		if (!d)
			return report("cannot remove", path);
		int status = 0;
		struct dirent *e;
		/* Entries are collected first: removing while reading would skip some. */
		char **names = NULL;
		size_t n = 0, cap = 0;
		while ((e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				char **more = realloc(names, cap * sizeof(*names));
				if (!more)
					break;
				names = more;
			}
			names[n] = malloc(strlen(path) + strlen(e->d_name) + 2);
			if (!names[n])
				break;
			sprintf(names[n++], "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/",
				e->d_name);
		}
		closedir(d);
		for (size_t i = 0; i < n; i++) {
			status |= cu_remove(names[i], recursive, force, verbose);
			free(names[i]);
		}
		free(names);
		if (status)
			return status;
		if (rmdir(path) != 0)
			return report("cannot remove", path);
		if (verbose)
			printf("removed directory '%s'\n", path);
		return 0;
	}
	if (unlink(path) != 0)
		return report("cannot remove", path);
	if (verbose)
		printf("removed '%s'\n", path);
	return 0;
}
