/* grep: prints lines matching a regular expression (basic, or -E extended,
 * through the C library's regcomp). Exit 0 a line was selected, 1 none, 2 trouble. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/cu.h"

static const struct cu_command cmd = {
	"Usage: %s [OPTION]... PATTERN [FILE]...\n",
	"Search for PATTERN in each FILE (standard input for none or '-'; '.' with -r).\n\n"
	"  -E, --extended-regexp     PATTERN is an extended regular expression\n"
	"  -e, --regexp=PATTERN      use PATTERN (one; for patterns starting with '-')\n"
	"  -i, --ignore-case         ignore case distinctions\n"
	"  -v, --invert-match        select non-matching lines\n"
	"  -n, --line-number         print line numbers\n"
	"  -c, --count               print only a count of selected lines per FILE\n"
	"  -l, --files-with-matches  print only names of FILEs with selected lines\n"
	"  -q, --quiet, --silent     print nothing; exit 0 at the first match\n"
	"  -s, --no-messages         suppress messages about unreadable files\n"
	"  -H, --with-filename       print the file name for each match\n"
	"  -h, --no-filename         never print file names\n"
	"  -r, --recursive           search directories recursively\n"
	"      --help                display this help and exit\n",
	2};

static regex_t re;
static bool invert, numbers, counting, list, quiet, no_messages, recursive;
static int names = -1; /* -1: when there are several files */
static bool matched, trouble;

static void complain(const char *name)
{
	trouble = true;
	if (!no_messages)
		cu_errno(name);
}

static void search(int fd, const char *name)
{
	char *buf;
	long long len = cu_slurp(fd, &buf);
	if (len < 0) {
		complain(name);
		return;
	}
	long long selected = 0, line = 0;
	for (long long at = 0; at < len;) {
		char *nl = memchr(buf + at, '\n', (size_t)(len - at));
		long long end = nl ? nl - buf : len;
		buf[end] = 0; /* the newline, or cu_slurp's NUL */
		line++;
		bool hit = (regexec(&re, buf + at, 0, NULL, 0) == 0) != invert;
		if (hit) {
			selected++;
			matched = true;
			if (quiet)
				exit(0);
			if (list)
				break;
			if (!counting) {
				if (names)
					printf("%s:", name);
				if (numbers)
					printf("%lld:", line);
				printf("%s\n", buf + at);
			}
		}
		at = end + 1;
	}
	free(buf);
	if (counting) {
		if (names)
			printf("%s:", name);
		printf("%lld\n", selected);
	}
	if (list && selected)
		printf("%s\n", name);
}

static void search_path(const char *path)
{
	if (!strcmp(path, "-")) {
		search(0, "(standard input)");
		return;
	}
	struct stat st;
	if (stat(path, &st) != 0) {
		complain(path);
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		if (!recursive) {
			if (!no_messages)
				cu_err("%s: Is a directory", path);
			trouble = true;
			return;
		}
		DIR *d = opendir(path);
		if (!d) {
			complain(path);
			return;
		}
		struct dirent *e;
		while ((e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			char sub[PATH_MAX];
			if (cu_join_base(sub, sizeof(sub), path, e->d_name) == 0)
				search_path(sub);
		}
		closedir(d);
		return;
	}
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		complain(path);
		return;
	}
	search(fd, path);
	close(fd);
}

int grep_main(int argc, char **argv)
{
	static const struct option longs[] = {
		{"extended-regexp", no_argument, NULL, 'E'}, {"regexp", required_argument, NULL, 'e'},
		{"ignore-case", no_argument, NULL, 'i'},     {"invert-match", no_argument, NULL, 'v'},
		{"line-number", no_argument, NULL, 'n'},     {"count", no_argument, NULL, 'c'},
		{"files-with-matches", no_argument, NULL, 'l'}, {"quiet", no_argument, NULL, 'q'},
		{"silent", no_argument, NULL, 'q'},          {"no-messages", no_argument, NULL, 's'},
		{"with-filename", no_argument, NULL, 'H'},   {"no-filename", no_argument, NULL, 'h'},
		{"recursive", no_argument, NULL, 'r'},       CU_HELP_OPTION,
		{0, 0, 0, 0}};
	cu_init(argv);
	int flags = REG_NOSUB, c;
	const char *pattern = NULL;
	while ((c = cu_getopt(argc, argv, "Ee:ivnclqsHhrR", longs, &cmd)) != -1) {
		switch (c) {
		case 'E':
			flags |= REG_EXTENDED;
			break;
		case 'e':
			pattern = optarg;
			break;
		case 'i':
			flags |= REG_ICASE;
			break;
		case 'v':
			invert = true;
			break;
		case 'n':
			numbers = true;
			break;
		case 'c':
			counting = true;
			break;
		case 'l':
			list = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 's':
			no_messages = true;
			break;
		case 'H':
			names = 1;
			break;
		case 'h':
			names = 0;
			break;
		case 'r':
		case 'R':
			recursive = true;
			break;
		}
	}
	if (!pattern) {
		if (optind == argc)
			cu_bad_usage(&cmd, NULL);
		pattern = argv[optind++];
	}
	int err = regcomp(&re, pattern, flags);
	if (err) {
		char msg[128];
		regerror(err, &re, msg, sizeof(msg));
		cu_err("%s", msg);
		return 2;
	}
	int nfiles = argc - optind;
	if (names < 0)
		names = nfiles > 1 || recursive;
	if (nfiles == 0)
		search_path(recursive ? "." : "-");
	for (int i = optind; i < argc; i++)
		search_path(argv[i]);
	regfree(&re);
	if (fflush(stdout) != 0)
		return 2;
	return trouble && !(quiet && matched) ? 2 : matched ? 0 : 1;
}
