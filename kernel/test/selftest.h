/*
 * In-kernel self-tests, run with run=selftest (kernel/test/selftest.c).
 * A test is a function returning the number of failed checks; SELFTEST()
 * registers it in the .selftests section. CHECK() prints what was expected
 * and what came when a check fails.
 */
#ifndef TEST_SELFTEST_H
#define TEST_SELFTEST_H

#include "core/log.h"

struct selftest {
	const char *name;
	int (*fn)(void);
};

#define SELFTEST(id, tname)                                                      \
	static int selftest_fn_##id(void);                                      \
	static const struct selftest selftest_##id                              \
		__attribute__((used, section(".selftests"), aligned(8))) = {    \
			tname, selftest_fn_##id};                               \
	static int selftest_fn_##id(void)

/* Counts into a local `int failed` that the test returns. */
#define CHECK(cond, ...)                                                         \
	do {                                                                     \
		if (!(cond)) {                                                   \
			kprintf("# %s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
			kprintf(__VA_ARGS__);                                    \
			kprintf("\n");                                           \
			failed++;                                                \
		}                                                                \
	} while (0)

#endif
