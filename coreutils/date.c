/* date: prints the time (UTC: Motor keeps no time zone) by default or as
 * +FORMAT says (strftime); -d @N shows N seconds since the epoch instead of now. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "lib/cu.h"

static const struct cu_command cmd = {
	"Usage: %s [OPTION]... [+FORMAT]\n",
	"Display the date and time in FORMAT (strftime's %-sequences, e.g. +%Y-%m-%d),\n"
	"by default '+%a %b %e %H:%M:%S %Z %Y'. Times are UTC (no time zones yet).\n\n"
	"  -d, --date=@N     display N seconds since 1970-01-01 00:00 UTC, not now\n"
	"  -R, --rfc-email   output RFC 5322 date and time: Mon, 14 Aug 2006 02:34:56 +0000\n"
	"  -u, --utc         print Coordinated Universal Time (always the case)\n"
	"      --help        display this help and exit\n"
	"Setting the clock is not supported yet.\n",
	1};

int date_main(int argc, char **argv)
{
	static const struct option longs[] = {{"date", required_argument, NULL, 'd'},
					      {"rfc-email", no_argument, NULL, 'R'},
					      {"utc", no_argument, NULL, 'u'},
					      {"universal", no_argument, NULL, 'u'},
					      CU_HELP_OPTION,
					      {0, 0, 0, 0}};
	cu_init(argv);
	const char *format = "%a %b %e %H:%M:%S %Z %Y";
	time_t t = time(NULL);
	int c;
	while ((c = cu_getopt(argc, argv, "d:Ru", longs, &cmd)) != -1) {
		long long v;
		if (c == 'd') {
			if (optarg[0] != '@' || cu_parse_long(optarg + 1, -(1ll << 40), 1ll << 40, &v))
				return cu_err("invalid date '%s' (only @SECONDS)", optarg);
			t = (time_t)v;
		} else if (c == 'R') {
			format = "%a, %d %b %Y %H:%M:%S %z";
		}
	}
	if (optind < argc && argv[optind][0] == '+')
		format = argv[optind++] + 1;
	if (optind < argc) {
		if (optind == argc - 1 && argv[optind][0] >= '0' && argv[optind][0] <= '9')
			return cu_err("cannot set date: %s", "Operation not supported");
		cu_bad_usage(&cmd, "extra operand '%s'", argv[optind]);
	}
	char buf[1024];
	size_t n = cu_strftime_utc(buf, sizeof(buf), format, t);
	if (n == 0 && *format)
		return cu_err("the format gives nothing or too much: '%s'", format);
	printf("%s\n", buf);
	return fflush(stdout) ? cu_errno("write error") : 0;
}
