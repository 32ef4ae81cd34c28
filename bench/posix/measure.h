/*
 * measure.h — the timing loop the POSIX benchmarks share (bench/posix/, each
 * built for Motor and, unchanged, for the Linux guest). A program defines
 * bench_cleanup() (run before exiting on a failure), includes this once,
 * calls bench_args(argc, argv), then run() per measurement.
 *
 * run() calibrates an iteration count, then runs it ROUNDS times for about
 * TARGET/ROUNDS seconds each (TARGET: argument 1, default 1.0) and prints
 * the fastest (iters is per run), timed with CLOCK_MONOTONIC:
 *   bench NAME ns_per_call=N iters=N [mb_per_s=N]
 * A failed iteration prints "bench NAME error=WHAT:ERRNO" and exits 1.
 */
#ifndef BENCH_POSIX_MEASURE_H
#define BENCH_POSIX_MEASURE_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { ROUNDS = 3 };

static double target = 1.0;

static void bench_cleanup(void);

static void bench_args(int argc, char **argv)
{
	if (argc > 1)
		target = atof(argv[1]);
	if (!(target > 0))
		target = 1.0;
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void fail(const char *name, const char *what)
{
	printf("bench %s error=%s:%s\n", name, what, strerror(errno));
	fflush(stdout);
	bench_cleanup();
	exit(1);
}

/* Runs fn iters times; returns the elapsed ns, or -1 on a failed call. */
static int64_t timed(int (*fn)(void), long iters)
{
	int64_t t0 = now_ns();

	for (long i = 0; i < iters; i++)
		if (fn() != 0)
			return -1;
	return now_ns() - t0;
}

/*
 * calls: system calls of interest per iteration (for ns_per_call);
 * bytes: bytes moved per iteration (0: no mb_per_s).
 */
static void run(const char *name, int (*fn)(void), long calls, long bytes)
{
	long iters = 1;
	int64_t t, best;

	if (fn() != 0) /* warm-up, and a first check that the call works */
		fail(name, "warm-up");
	/* Calibrate: double until a run takes at least a tenth of the target. */
	for (;;) {
		t = timed(fn, iters);
		if (t < 0)
			fail(name, "calibration");
		if (t >= target * 1e8 || iters > (1L << 40))
			break;
		iters *= t < target * 1e6 ? 16 : 2;
	}
	/* ROUNDS runs of target/ROUNDS seconds; the fastest is the least disturbed. */
	iters = (long)((double)iters * target * 1e9 / ROUNDS / (double)(t > 0 ? t : 1));
	if (iters < 1)
		iters = 1;
	best = INT64_MAX;
	for (int r = 0; r < ROUNDS; r++) {
		t = timed(fn, iters);
		if (t < 0)
			fail(name, "run");
		if (t < best)
			best = t;
	}
	t = best;
	printf("bench %s ns_per_call=%.0f iters=%ld", name, (double)t / ((double)iters * calls), iters);
	if (bytes)
		printf(" mb_per_s=%.1f", (double)bytes * iters / 1048576.0 / ((double)t / 1e9));
	printf("\n");
	fflush(stdout);
}

#endif
