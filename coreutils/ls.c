/*
 * ls: lists directory contents, sorted by name: in columns when writing to
 * a terminal, one per line otherwise; -l long format (mode, links, owner,
 * group, size, time, name, link target), -a/-A hidden names, -h human sizes,
 * -d directories themselves, -R recursively. Exit 2 when an operand is
 * missing, 1 when a directory under one cannot be read.
 */
#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/cu.h"

static const struct cu_command cmd = {
	"Usage: %s [OPTION]... [FILE]...\n",
	"List information about the FILEs (the current directory by default), sorted\n"
	"by name.\n\n"
	"  -a, --all             do not ignore entries starting with .\n"
	"  -A, --almost-all      like -a, without . and ..\n"
	"  -d, --directory       list directories themselves, not their contents\n"
	"  -F, --classify        append / to directories, * to executables, @ to links, | to FIFOs\n"
	"  -h, --human-readable  with -l, print sizes like 1.0K 234M 2.0G\n"
	"  -l                    use a long listing format\n"
	"  -R, --recursive       list subdirectories recursively\n"
	"  -1                    list one file per line\n"
	"      --help            display this help and exit\n\n"
	"Exit status: 0 if OK, 1 if a subdirectory could not be read, 2 if a FILE\n"
	"could not be accessed or the options were bad.\n",
	2};

struct entry {
	char *name; /* as shown */
	char *path; /* to stat and open */
	struct stat st;
	char *link; /* -l: a symbolic link's target */
};

static bool all, almost, dir_itself, human, long_fmt, recursive, one_per_line, classify;
static bool columns;
static int status;
static time_t now;

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *join(const char *dir, const char *name)
{
	size_t dl = strlen(dir);
	char *p = malloc(dl + strlen(name) + 2);
	if (p)
		sprintf(p, "%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", name);
	return p;
}

static const char *owner(uid_t uid, char *buf, size_t cap)
{
	struct passwd *pw = getpwuid(uid);
	if (pw)
		return pw->pw_name;
	snprintf(buf, cap, "%u", (unsigned)uid);
	return buf;
}

static const char *group(gid_t gid, char *buf, size_t cap)
{
	struct group *gr = getgrgid(gid);
	if (gr)
		return gr->gr_name;
	snprintf(buf, cap, "%u", (unsigned)gid);
	return buf;
}

static void size_text(const struct stat *st, char *buf, size_t cap)
{
	if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
		snprintf(buf, cap, "%u, %u", (unsigned)(st->st_rdev >> 8) & 0xfff,
			 (unsigned)st->st_rdev & 0xff);
	else if (human)
		cu_human((uint64_t)st->st_size, buf, cap);
	else
		snprintf(buf, cap, "%lld", (long long)st->st_size);
}

static char class_char(mode_t m)
{
	if (S_ISDIR(m))
		return '/';
	if (S_ISLNK(m))
		return '@';
	if (S_ISFIFO(m))
		return '|';
	if (S_ISSOCK(m))
		return '=';
	return m & 0111 ? '*' : 0;
}

static int shown_width(const struct entry *e)
{
	return (int)strlen(e->name) + (classify && class_char(e->st.st_mode));
}

static void print_name(const struct entry *e)
{
	fputs(e->name, stdout);
	char c = classify ? class_char(e->st.st_mode) : 0;
	if (c)
		putchar(c);
}

static void print_long(struct entry *v, size_t n)
{
	int wl = 1, wo = 1, wg = 1, ws = 1;
	char a[32], b[32];
	for (size_t i = 0; i < n; i++) {
		int l = snprintf(a, sizeof(a), "%lu", (unsigned long)v[i].st.st_nlink);
		wl = l > wl ? l : wl;
		l = (int)strlen(owner(v[i].st.st_uid, a, sizeof(a)));
		wo = l > wo ? l : wo;
		l = (int)strlen(group(v[i].st.st_gid, a, sizeof(a)));
		wg = l > wg ? l : wg;
		size_text(&v[i].st, a, sizeof(a));
		l = (int)strlen(a);
		ws = l > ws ? l : ws;
	}
	for (size_t i = 0; i < n; i++) {
		const struct stat *st = &v[i].st;
		char mode[11], when[32], size[32];
		cu_mode_string(st->st_mode, mode);
		size_text(st, size, sizeof(size));
		/* Six months either way: the time of day, else the year. */
		time_t t = st->st_mtim.tv_sec;
		bool recent = t > now - 15778476 && t < now + 15778476;
		cu_strftime_utc(when, sizeof(when), recent ? "%b %e %H:%M" : "%b %e  %Y", t);
		printf("%s %*lu %-*s %-*s %*s %s ", mode, wl, (unsigned long)st->st_nlink, wo,
		       owner(st->st_uid, a, sizeof(a)), wg, group(st->st_gid, b, sizeof(b)), ws, size,
		       when);
		print_name(&v[i]);
		if (v[i].link)
			printf(" -> %s", v[i].link);
		putchar('\n');
	}
}

static int terminal_width(void)
{
	struct winsize ws;
	if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	const char *c = getenv("COLUMNS");
	long long v;
	if (c && cu_parse_long(c, 1, 1000, &v) == 0)
		return (int)v;
	return 80;
}

/* Columns filled top to bottom, as many as fit the terminal. */
static void print_columns(const struct entry *v, size_t n)
{
	if (!n)
		return;
	int width = terminal_width();
	size_t cols = n, rows = 1;
	int *colw = calloc(n, sizeof(int));
	if (!colw)
		cols = 1;
	for (; cols > 1; cols--) {
		rows = (n + cols - 1) / cols;
		size_t used_cols = (n + rows - 1) / rows;
		int total = 0;
		for (size_t c = 0; c < used_cols; c++) {
			colw[c] = 0;
			for (size_t r = 0; r < rows && c * rows + r < n; r++) {
				int w = shown_width(&v[c * rows + r]);
				colw[c] = w > colw[c] ? w : colw[c];
			}
			total += colw[c] + (c + 1 < used_cols ? 2 : 0);
		}
		if (total <= width) {
			cols = used_cols;
			break;
		}
	}
	if (cols <= 1)
		rows = n;
	for (size_t r = 0; r < rows; r++) {
		for (size_t c = 0; c < cols; c++) {
			size_t i = c * rows + r;
			if (i >= n)
				break;
			print_name(&v[i]);
			bool last = c + 1 == cols || (c + 1) * rows + r >= n;
			if (!last)
				printf("%*s", colw[c] - shown_width(&v[i]) + 2, "");
		}
		putchar('\n');
	}
	free(colw);
}

static void print_entries(struct entry *v, size_t n)
{
	if (long_fmt)
		print_long(v, n);
	else if (columns)
		print_columns(v, n);
	else
		for (size_t i = 0; i < n; i++) {
			print_name(&v[i]);
			putchar('\n');
		}
}

static void free_entries(struct entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].path);
		free(v[i].link);
	}
	free(v);
}

/* Fills e from path (lstat; the link target for -l). -> 0 or -1 with errno. */
static int fill(struct entry *e, bool follow)
{
	if ((follow ? stat(e->path, &e->st) : lstat(e->path, &e->st)) != 0)
		return -1;
	e->link = NULL;
	if (long_fmt && S_ISLNK(e->st.st_mode)) {
		char t[PATH_MAX];
		ssize_t l = readlink(e->path, t, sizeof(t) - 1);
		if (l >= 0) {
			t[l] = 0;
			e->link = strdup(t);
		}
	}
	return 0;
}

static void list_dir(const char *path, bool header, bool first);

static void list_dir_entries(const char *path)
{
	DIR *d = opendir(path);
	if (!d) {
		cu_err("cannot open directory '%s': %s", path, strerror(errno));
		status = status > 1 ? status : 1;
		return;
	}
	struct entry *v = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		const char *name = de->d_name;
		if (name[0] == '.' && !all &&
		    (!almost || !name[1] || (name[1] == '.' && !name[2])))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			struct entry *more = realloc(v, cap * sizeof(*v));
			if (!more)
				break;
			v = more;
		}
		struct entry *e = &v[n];
		e->name = strdup(name);
		e->path = join(path, name);
		if (!e->name || !e->path || fill(e, false) != 0) {
			cu_err("cannot access '%s': %s", e->path ? e->path : name, strerror(errno));
			status = status > 1 ? status : 1;
			free(e->name);
			free(e->path);
			continue;
		}
		n++;
	}
	closedir(d);
	qsort(v, n, sizeof(*v), by_name);
	if (long_fmt) {
		unsigned long long blocks = 0;
		for (size_t i = 0; i < n; i++)
			blocks += (unsigned long long)v[i].st.st_blocks;
		char h[32];
		if (human)
			cu_human(blocks * 512, h, sizeof(h));
		else
			snprintf(h, sizeof(h), "%llu", (blocks + 1) / 2);
		printf("total %s\n", h);
	}
	print_entries(v, n);
	if (recursive)
		for (size_t i = 0; i < n; i++) {
			const char *nm = v[i].name;
			if (S_ISDIR(v[i].st.st_mode) && strcmp(nm, ".") && strcmp(nm, ".."))
				list_dir(v[i].path, true, false);
		}
	free_entries(v, n);
}

static void list_dir(const char *path, bool header, bool first)
{
	if (header)
		printf("%s%s:\n", first ? "" : "\n", path);
	list_dir_entries(path);
}

int ls_main(int argc, char **argv)
{
	static const struct option longs[] = {{"all", no_argument, NULL, 'a'},
					      {"almost-all", no_argument, NULL, 'A'},
					      {"directory", no_argument, NULL, 'd'},
					      {"classify", no_argument, NULL, 'F'},
					      {"human-readable", no_argument, NULL, 'h'},
					      {"recursive", no_argument, NULL, 'R'},
					      CU_HELP_OPTION,
					      {0, 0, 0, 0}};
	cu_init(argv);
	int c;
	bool force_one = false;
	while ((c = cu_getopt(argc, argv, "aAdFhlR1C", longs, &cmd)) != -1) {
		switch (c) {
		case 'a':
			all = true;
			break;
		case 'A':
			almost = true;
			break;
		case 'd':
			dir_itself = true;
			break;
		case 'F':
			classify = true;
			break;
		case 'h':
			human = true;
			break;
		case 'l':
			long_fmt = true;
			break;
		case 'R':
			recursive = true;
			break;
		case '1':
			force_one = true;
			break;
		case 'C':
			columns = true;
			break;
		}
	}
	one_per_line = force_one;
	columns = !one_per_line && (columns || isatty(1));
	now = time(NULL);
	static char *dot[] = {"."};
	char **ops = optind < argc ? argv + optind : dot;
	size_t nops = optind < argc ? (size_t)(argc - optind) : 1;
	struct entry *files = calloc(nops, sizeof(*files));
	char **dirs = calloc(nops, sizeof(*dirs));
	size_t nfiles = 0, ndirs = 0;
	if (!files || !dirs)
		return cu_err("out of memory") + 1;
	for (size_t i = 0; i < nops; i++) {
		struct entry *e = &files[nfiles];
		e->name = strdup(ops[i]);
		e->path = strdup(ops[i]);
		/* Operands are followed to directories, unless -l or -d shows links themselves. */
		bool follow = !long_fmt && !dir_itself;
		if (!e->name || !e->path || fill(e, follow) != 0) {
			if (follow || errno != ENOENT || lstat(ops[i], &e->st) != 0) {
				cu_err("cannot access '%s': %s", ops[i], strerror(errno));
				status = 2;
				free(e->name);
				free(e->path);
				continue;
			}
		}
		struct stat target;
		bool is_dir = S_ISDIR(e->st.st_mode) ||
			      (S_ISLNK(e->st.st_mode) && !long_fmt && !dir_itself &&
			       stat(ops[i], &target) == 0 && S_ISDIR(target.st_mode));
		if (is_dir && !dir_itself) {
			dirs[ndirs++] = ops[i];
			free(e->name);
			free(e->path);
			free(e->link);
		} else {
			nfiles++;
		}
	}
	qsort(files, nfiles, sizeof(*files), by_name);
	print_entries(files, nfiles);
	qsort(dirs, ndirs, sizeof(*dirs), by_string);
	bool headers = nops > 1 || recursive;
	for (size_t i = 0; i < ndirs; i++)
		list_dir(dirs[i], headers, nfiles == 0 && i == 0);
	free_entries(files, nfiles);
	free(dirs);
	if (fflush(stdout) != 0)
		return cu_errno("write error") + 1;
	return status;
}
