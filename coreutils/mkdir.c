/* mkdir: makes directories (-p with their parents, no error if they exist; -m MODE, octal). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/cu.h"

static const struct cu_command cmd = {
	"Usage: %s [OPTION]... DIRECTORY...\n",
	"Create the DIRECTORYs, if they do not already exist.\n\n"
	"  -m, --mode=MODE  set the permissions to MODE (octal), not 0777 less the umask\n"
	"  -p, --parents    make parents as needed; no error if one exists\n"
	"  -v, --verbose    print a line for each directory made\n"
	"      --help       display this help and exit\n",
	1};

static bool verbose;

static int make(const char *path, mode_t mode, bool explicit_mode)
{
	if (mkdir(path, mode) != 0)
		return -1;
	/* -m sets exactly MODE, whatever the umask. */
	if (explicit_mode && chmod(path, mode) != 0)
		return -1;
	if (verbose)
		printf("%s: created directory '%s'\n", cu_name, path);
	return 0;
}

static int make_parents(const char *path, mode_t mode, bool explicit_mode)
{
	char *p = strdup(path);
	if (!p)
		return cu_errno(path);
	int status = 0;
	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s)
			continue;
		char c = *s;
		*s = 0;
		struct stat st;
		/* Parents get 0777 less the umask (u+wx always), the last one MODE. */
		if (stat(p, &st) != 0) {
			if (make(p, c ? 0777 : mode, c ? false : explicit_mode) != 0 &&
			    errno != EEXIST) {
				status = cu_err("cannot create directory '%s': %s", p,
						strerror(errno));
				break;
			}
		} else if (!S_ISDIR(st.st_mode)) {
			errno = ENOTDIR;
			status = cu_err("cannot create directory '%s': %s", path, strerror(errno));
			break;
		}
		if (!c)
			break;
		*s = c;
		while (s[1] == '/')
			s++;
	}
	free(p);
	return status;
}

int mkdir_main(int argc, char **argv)
{
	static const struct option longs[] = {{"mode", required_argument, NULL, 'm'},
					      {"parents", no_argument, NULL, 'p'},
					      {"verbose", no_argument, NULL, 'v'},
					      CU_HELP_OPTION,
					      {0, 0, 0, 0}};
	cu_init(argv);
	bool parents = false, explicit_mode = false;
	mode_t mode = 0777;
	int c;
	while ((c = cu_getopt(argc, argv, "m:pv", longs, &cmd)) != -1) {
		if (c == 'p') {
			parents = true;
		} else if (c == 'v') {
			verbose = true;
		} else if (c == 'm') {
			char *end;
			unsigned long m = strtoul(optarg, &end, 8);
			if (!*optarg || *end || m > 07777)
				cu_bad_usage(&cmd, "invalid mode '%s' (octal modes only)", optarg);
			mode = (mode_t)m;
			explicit_mode = true;
		}
	}
	cu_need_operands(argc, argv, 1, &cmd);
	int status = 0;
	for (int i = optind; i < argc; i++) {
		if (parents)
			status |= make_parents(argv[i], mode, explicit_mode);
		else if (make(argv[i], mode, explicit_mode) != 0)
			status = cu_err("cannot create directory '%s': %s", argv[i], strerror(errno));
	}
	return status;
}
