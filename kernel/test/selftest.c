/*
 * Runs the registered self-tests in link order, printing TAP, then powers off
 * with EXIT_OK or EXIT_TEST_FAILED.
 */
#include "test/selftest.h"

#include "core/kernel.h"
#include "core/power.h"
#include "lib/string.h"

extern const struct selftest __selftests_start[], __selftests_end[];

void selftest_run(const char *prefix)
{
	size_t plen = strlen(prefix);
	int n = 0, failed = 0;
	kprintf("TAP version 13\n");
	for (const struct selftest *t = __selftests_start; t < __selftests_end; t++) {
		if (plen && strncmp(t->name, prefix, plen) != 0)
			continue;
		n++;
		int f = t->fn();
		kprintf("%s %d - %s\n", f ? "not ok" : "ok", n, t->name);
		if (f)
			failed++;
	}
	kprintf("1..%d\n", n);
	if (n == 0)
		kprintf("# no self-test matches \"%s\"\n", prefix);
	kprintf("motor: selftest: %d passed, %d failed\n", n - failed, failed);
	power_off(failed || n == 0 ? EXIT_TEST_FAILED : EXIT_OK);
}
