/*
 * timeclock.c — clocks and sleeping: CLOCK_MONOTONIC never goes backward,
 * nanosleep sleeps at least as long as asked, gettimeofday/time/CLOCK_REALTIME
 * agree, the wall clock is set (the kernel reads the RTC), clock_getres, the
 * EINVAL cases, and the calendar functions in UTC.
 *
 * TAP on stdout; exit status 0 only if every check passed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

static int64_t ns_of(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;
}

static int64_t now_ns(clockid_t id)
{
	struct timespec ts;

	if (clock_gettime(id, &ts) != 0)
		return -1;
	return ns_of(&ts);
}

static void test_monotonic(void)
{
	struct timespec ts, prev;
	int backward = 0, bad_nsec = 0, fails = 0;
	int64_t first, last;

	ok(clock_gettime(CLOCK_MONOTONIC, &prev) == 0, "clock_gettime(CLOCK_MONOTONIC)");
	first = ns_of(&prev);
	for (int i = 0; i < 100000; i++) {
		if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
			fails++;
			continue;
		}
		if (ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
			bad_nsec++;
		if (ns_of(&ts) < ns_of(&prev)) {
			if (!backward)
				diag("went back from %lld.%09ld to %lld.%09ld", (long long)prev.tv_sec,
				     prev.tv_nsec, (long long)ts.tv_sec, ts.tv_nsec);
			backward++;
		}
		prev = ts;
	}
	last = ns_of(&prev);
	is_int(fails, 0, "100000 CLOCK_MONOTONIC reads all succeed");
	is_int(backward, 0, "CLOCK_MONOTONIC never goes backward over 100000 reads");
	is_int(bad_nsec, 0, "tv_nsec always in [0, 1e9)");
	ok(last > first, "CLOCK_MONOTONIC advanced (%lld ns over the loop)", (long long)(last - first));
	diag("100000 clock_gettime calls took %lld ns (%lld ns each)", (long long)(last - first),
	     (long long)((last - first) / 100000));
}

static void test_nanosleep(void)
{
	struct timespec req = { 0, 20 * 1000 * 1000 }, rem = { 99, 99 };
	int64_t t0, t1;
	int64_t r0, r1;

	t0 = now_ns(CLOCK_MONOTONIC);
	is_int(nanosleep(&req, &rem), 0, "nanosleep 20 ms");
	t1 = now_ns(CLOCK_MONOTONIC);
	ok(t1 - t0 >= 20 * 1000 * 1000, "slept at least 20 ms (%lld us)", (long long)(t1 - t0) / 1000);
	ok(t1 - t0 < 2000LL * 1000 * 1000, "and less than 2 s (%lld us)", (long long)(t1 - t0) / 1000);

	req.tv_sec = 0;
	req.tv_nsec = 0;
	t0 = now_ns(CLOCK_MONOTONIC);
	is_int(nanosleep(&req, NULL), 0, "nanosleep 0 returns 0");
	t1 = now_ns(CLOCK_MONOTONIC);
	ok(t1 - t0 < 1000LL * 1000 * 1000, "and does not block (%lld us)", (long long)(t1 - t0) / 1000);

	req.tv_nsec = 1000000000;
	errno_is(nanosleep(&req, NULL), EINVAL, "nanosleep with tv_nsec = 1e9 is EINVAL");
	req.tv_nsec = -1;
	errno_is(nanosleep(&req, NULL), EINVAL, "nanosleep with tv_nsec = -1 is EINVAL");
	req.tv_sec = -1;
	req.tv_nsec = 0;
	errno_is(nanosleep(&req, NULL), EINVAL, "nanosleep with tv_sec = -1 is EINVAL");

	/* The two clocks advance together across a sleep. */
	req.tv_sec = 0;
	req.tv_nsec = 100 * 1000 * 1000;
	t0 = now_ns(CLOCK_MONOTONIC);
	r0 = now_ns(CLOCK_REALTIME);
	nanosleep(&req, NULL);
	t1 = now_ns(CLOCK_MONOTONIC);
	r1 = now_ns(CLOCK_REALTIME);
	ok(llabs((long long)((t1 - t0) - (r1 - r0))) < 50LL * 1000 * 1000,
	   "CLOCK_REALTIME and CLOCK_MONOTONIC advance alike over 100 ms (%lld vs %lld us)",
	   (long long)(r1 - r0) / 1000, (long long)(t1 - t0) / 1000);
}

static void test_realtime(void)
{
	struct timespec ts;
	struct timeval tv;
	time_t t, t2;

	ok(clock_gettime(CLOCK_REALTIME, &ts) == 0, "clock_gettime(CLOCK_REALTIME)");
	ok(ts.tv_sec > 1577836800, "CLOCK_REALTIME is after 2020-01-01 (%lld)", (long long)ts.tv_sec);
	ok(ts.tv_sec < 4102444800LL, "and before 2100-01-01");
	ok(ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000, "tv_nsec in range");
	is_int(gettimeofday(&tv, NULL), 0, "gettimeofday");
	ok(tv.tv_usec >= 0 && tv.tv_usec < 1000000, "tv_usec in range (%ld)", (long)tv.tv_usec);
	ok(llabs((long long)tv.tv_sec - (long long)ts.tv_sec) <= 1,
	   "gettimeofday agrees with CLOCK_REALTIME within a second (%lld vs %lld)",
	   (long long)tv.tv_sec, (long long)ts.tv_sec);
	t = time(&t2);
	ok(t == t2, "time() returns what it stores");
	ok(llabs((long long)t - (long long)ts.tv_sec) <= 1,
	   "time() agrees with CLOCK_REALTIME within a second (%lld vs %lld)", (long long)t,
	   (long long)ts.tv_sec);
	{
		int64_t a = now_ns(CLOCK_REALTIME), b;

		gettimeofday(&tv, NULL);
		b = now_ns(CLOCK_REALTIME);
		ok((int64_t)tv.tv_sec * 1000000000 + tv.tv_usec * 1000 >= a - 1000 &&
			   (int64_t)tv.tv_sec * 1000000000 + tv.tv_usec * 1000 <= b + 1000,
		   "gettimeofday lies between two CLOCK_REALTIME reads");
	}
}

static void test_getres_and_errors(void)
{
	struct timespec ts = { 99, 99 };

	is_int(clock_getres(CLOCK_MONOTONIC, &ts), 0, "clock_getres(CLOCK_MONOTONIC)");
	ok(ts.tv_sec == 0 && ts.tv_nsec > 0 && ts.tv_nsec <= 10000000,
	   "CLOCK_MONOTONIC resolution is in (0, 10 ms] (%ld ns)", ts.tv_nsec);
	ts.tv_sec = 99;
	is_int(clock_getres(CLOCK_REALTIME, &ts), 0, "clock_getres(CLOCK_REALTIME)");
	ok(ts.tv_sec == 0 && ts.tv_nsec > 0 && ts.tv_nsec <= 10000000,
	   "CLOCK_REALTIME resolution is in (0, 10 ms] (%ld ns)", ts.tv_nsec);
	is_int(clock_getres(CLOCK_MONOTONIC, NULL), 0, "clock_getres with a NULL result");
	errno_is(clock_gettime((clockid_t)12345, &ts), EINVAL, "clock_gettime with a bad clock id");
	errno_is(clock_getres((clockid_t)12345, &ts), EINVAL, "clock_getres with a bad clock id");
}

static void test_calendar(void)
{
	struct tm tm, *p;
	time_t t;
	char buf[64];

	setenv("TZ", "UTC0", 1); /* POSIX form: name and offset */
	tzset();
	t = 0;
	p = gmtime(&t);
	ok(p && p->tm_year == 70 && p->tm_mon == 0 && p->tm_mday == 1 && p->tm_hour == 0 &&
		   p->tm_wday == 4,
	   "gmtime(0) is Thursday 1970-01-01 00:00");
	t = 1709210096; /* 2024-02-29 12:34:56 UTC, a leap day */
	ok(gmtime_r(&t, &tm) != NULL, "gmtime_r");
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S %a %j", &tm);
	is_str(buf, "2024-02-29 12:34:56 Thu 060", "strftime of a leap day");
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = 124;
	tm.tm_mon = 1;
	tm.tm_mday = 29;
	tm.tm_hour = 12;
	tm.tm_min = 34;
	tm.tm_sec = 56;
	tm.tm_isdst = 0;
	is_int(mktime(&tm), 1709210096, "mktime in UTC inverts gmtime");
	tm.tm_mday = 31; /* Feb 31 normalizes to Mar 2 */
	mktime(&tm);
	ok(tm.tm_mon == 2 && tm.tm_mday == 2, "mktime normalizes Feb 31 to Mar 2");
	t = 2147483648LL; /* past 2038 */
	ok(gmtime_r(&t, &tm) && tm.tm_year == 138, "time_t is wider than 32 bits (2038)");
	ok(sizeof(time_t) >= 8, "sizeof(time_t) >= 8");
	t = time(NULL);
	ok(localtime_r(&t, &tm) && tm.tm_year >= 120, "localtime_r of now is after 2020");
	unsetenv("TZ");
}

int main(void)
{
	test_monotonic();
	test_nanosleep();
	test_realtime();
	test_getres_and_errors();
	test_calendar();
	return done_testing();
}
