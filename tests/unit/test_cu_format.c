/* Host unit tests of the coreutils' pure helpers (coreutils/lib/format.c):
 * human sizes as GNU's -h prints them, mode strings, UTC dates, durations. */
#include <sys/stat.h>

#include "tap.h"

#include "../../coreutils/lib/cu.h"

static void test_human(void)
{
	static const struct {
		uint64_t n;
		const char *want;
	} cases[] = {
		{0, "0"},           {1023, "1023"},      {1024, "1.0K"},     {1025, "1.1K"},
		{1536, "1.5K"},     {10239, "10K"},      {10240, "10K"},     {10241, "11K"},
		{1048575, "1.0M"},  {1048576, "1.0M"},   {1572864, "1.5M"},  {123456789, "118M"},
		{1073741824, "1.0G"}, {UINT64_MAX, "16E"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[16];
		CHECK_STR(tap_fmt("human %llu", (unsigned long long)cases[i].n),
			  cu_human(cases[i].n, buf, sizeof(buf)), cases[i].want);
	}
}

static void test_mode(void)
{
	static const struct {
		mode_t m;
		const char *want;
	} cases[] = {
		{S_IFREG | 0644, "-rw-r--r--"}, {S_IFDIR | 0755, "drwxr-xr-x"},
		{S_IFLNK | 0777, "lrwxrwxrwx"}, {S_IFCHR | 0620, "crw--w----"},
		{S_IFIFO | 0600, "prw-------"}, {S_IFREG | 04755, "-rwsr-xr-x"},
		{S_IFREG | 02644, "-rw-r-Sr--"}, {S_IFDIR | 01777, "drwxrwxrwt"},
		{S_IFDIR | 01770, "drwxrwx--T"}, {S_IFBLK | 0, "b---------"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char out[11];
		cu_mode_string(cases[i].m, out);
		CHECK_STR(tap_fmt("mode 0%o", (unsigned)cases[i].m), out, cases[i].want);
	}
}

static void test_dates(void)
{
	char buf[64];
	CHECK_INT("epoch length", (long long)cu_strftime_utc(buf, sizeof(buf), "%a %b %e %H:%M:%S %Z %Y", 0), 28);
	CHECK_STR("the epoch, date's default format", buf, "Thu Jan  1 00:00:00 UTC 1970");
	cu_strftime_utc(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S%z", 1000000000);
	CHECK_STR("%z is +0000", buf, "2001-09-09T01:46:40+0000");
	cu_strftime_utc(buf, sizeof(buf), "100%% %%Z", 0);
	CHECK_STR("%% stays a percent sign", buf, "100% %Z");
	CHECK_INT("too long for the buffer gives 0", (long long)cu_strftime_utc(buf, 4, "%Y-%m", 0), 0);
	cu_strftime_utc(buf, sizeof(buf), "%b %e  %Y", 86400 * 59);
	CHECK_STR("ls -l's old-file time", buf, "Mar  1  1970");
}

static void test_durations(void)
{
	CHECK("1 is a second", cu_parse_duration("1") == 1);
	CHECK("0.5 is half a second", cu_parse_duration("0.5") == 0.5);
	CHECK("2m is 120 s", cu_parse_duration("2m") == 120);
	CHECK("1.5h", cu_parse_duration("1.5h") == 5400);
	CHECK("1d", cu_parse_duration("1d") == 86400);
	CHECK("3s", cu_parse_duration("3s") == 3);
	CHECK("empty is bad", cu_parse_duration("") < 0);
	CHECK("-1 is bad", cu_parse_duration("-1") < 0);
	CHECK("1x is bad", cu_parse_duration("1x") < 0);
	CHECK("1ss is bad", cu_parse_duration("1ss") < 0);
	CHECK("x is bad", cu_parse_duration("x") < 0);
	CHECK("nan is bad", cu_parse_duration("nan") < 0);
}

int main(void)
{
	test_human();
	test_mode();
	test_dates();
	test_durations();
	return tap_done();
}
