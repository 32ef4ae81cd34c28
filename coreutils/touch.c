/* touch: sets files' access and modification times to now, creating them
 * unless -c; -a / -m set just one of the two; -d @SECONDS gives another time. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/cu.h"

static const struct cu_command cmd = {
	"Usage: %s [OPTION]... FILE...\n",
	"Update the access and modification times of each FILE to now. A FILE that\n"
	"does not exist is created empty, unless -c is given.\n\n"
	"  -a               change only the access time\n"
	"  -c, --no-create  do not create any files\n"
	"  -d, --date=@N    use N seconds since the epoch instead of now\n"
	"  -m               change only the modification time\n"
	"      --help       display this help and exit\n",
	1};

int touch_main(int argc, char **argv)
{
	static const struct option longs[] = {{"no-create", no_argument, NULL, 'c'},
					      {"date", required_argument, NULL, 'd'},
					      CU_HELP_OPTION,
					      {0, 0, 0, 0}};
	cu_init(argv);
	bool create = true, only_a = false, only_m = false, given = false;
	long long secs = 0;
	int c;
	while ((c = cu_getopt(argc, argv, "acd:m", longs, &cmd)) != -1) {
		if (c == 'a')
			only_a = true;
		else if (c == 'm')
			only_m = true;
		else if (c == 'c')
			create = false;
		else if (c == 'd') {
			if (optarg[0] != '@' || cu_parse_long(optarg + 1, 0, 1ll << 40, &secs))
				cu_bad_usage(&cmd, "invalid date format '%s' (only @SECONDS)", optarg);
			given = true;
		}
	}
	cu_need_operands(argc, argv, 1, &cmd);
	struct timespec t = {given ? (time_t)secs : 0, given ? 0 : UTIME_NOW};
	struct timespec omit = {0, UTIME_OMIT};
	struct timespec times[2] = {only_m && !only_a ? omit : t, only_a && !only_m ? omit : t};
	int status = 0;
	for (int i = optind; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			if (!create)
				continue;
			int fd = open(argv[i], O_WRONLY | O_CREAT, 0666);
			if (fd < 0) {
				status = cu_err("cannot touch '%s': %s", argv[i], strerror(errno));
				continue;
			}
			close(fd);
		}
		if (utimensat(AT_FDCWD, argv[i], times, 0) != 0)
			status = cu_err("setting times of '%s': %s", argv[i], strerror(errno));
	}
	return status;
}
