/* sleep: waits for the sum of its durations (NUMBER[smhd], fractions allowed). */
#include <errno.h>
#include <math.h>
#include <time.h>

#include "lib/cu.h"

static const struct cu_command cmd = {
	"Usage: %s NUMBER[SUFFIX]...\n",
	"Pause for the sum of the NUMBERs of seconds. SUFFIX: s seconds (default),\n"
	"m minutes, h hours, d days. NUMBER may have a fraction (0.5).\n\n"
	"      --help  display this help and exit\n",
	1};

int sleep_main(int argc, char **argv)
{
	cu_init(argv);
	while (cu_getopt(argc, argv, "", NULL, &cmd) != -1)
		;
	cu_need_operands(argc, argv, 1, &cmd);
	double total = 0;
	for (int i = optind; i < argc; i++) {
		double d = cu_parse_duration(argv[i]);
		if (d < 0)
			cu_bad_usage(&cmd, "invalid time interval '%s'", argv[i]);
		total += d;
	}
	if (total > 1e9)
		total = 1e9;
	struct timespec ts = {(time_t)total, (long)((total - floor(total)) * 1e9)};
	while (nanosleep(&ts, &ts) != 0)
		if (errno != EINTR)
			return cu_errno("cannot sleep");
	return 0;
}
