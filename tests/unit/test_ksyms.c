/*
 * Unit tests for ksym_lookup_in() in kernel/lib/ksyms.c: the binary search
 * over a sorted symbol table, checked at every symbol start, between
 * symbols, below the first and past the last, and against a linear search.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib/ksyms.h"
#include "tap.h"

static const uint64_t addrs[] = { 0x1000, 0x1010, 0x1080, 0x2000, 0x2000, 0xffffffff80000000ULL };
static const char names[] = "start\0helper\0loop\0alias_a\0alias_b\0high";
static const uint32_t offs[] = { 0, 6, 13, 18, 26, 34 };
static const struct ksym_table table = { addrs, offs, names, 6 };

/* The reference: last index whose address is <= addr, or -1. */
static int linear(const struct ksym_table *t, uint64_t addr)
{
	int best = -1;

	for (size_t i = 0; i < t->count; i++) {
		if (t->addr[i] <= addr)
			best = (int)i;
	}
	return best;
}

static void test_basic(void)
{
	uint64_t off = 123;

	CHECK("below the first symbol gives NULL", ksym_lookup_in(&table, 0xfff, &off) == NULL);
	CHECK_UINT("below the first symbol leaves *off alone", off, 123);
	CHECK("address 0 gives NULL", ksym_lookup_in(&table, 0, &off) == NULL);
	CHECK_STR("exact start of the first symbol", ksym_lookup_in(&table, 0x1000, &off), "start");
	CHECK_UINT("offset 0 at a symbol start", off, 0);
	CHECK_STR("inside the first symbol", ksym_lookup_in(&table, 0x100f, &off), "start");
	CHECK_UINT("offset inside the first symbol", off, 0xf);
	CHECK_STR("start of the second symbol", ksym_lookup_in(&table, 0x1010, &off), "helper");
	CHECK_STR("just before the third symbol", ksym_lookup_in(&table, 0x107f, &off), "helper");
	CHECK_UINT("offset just before the third symbol", off, 0x6f);
	CHECK_STR("duplicate addresses give the last of them",
		  ksym_lookup_in(&table, 0x2004, &off), "alias_b");
	CHECK_STR("far past the last symbol still gives the last",
		  ksym_lookup_in(&table, UINT64_MAX, &off), "high");
	CHECK_UINT("offset from the last symbol", off, UINT64_MAX - 0xffffffff80000000ULL);
	CHECK_STR("off may be NULL", ksym_lookup_in(&table, 0x1085, NULL), "loop");
}

static void test_degenerate(void)
{
	struct ksym_table empty = { addrs, offs, names, 0 };
	struct ksym_table one = { addrs + 2, offs + 2, names, 1 };
	uint64_t off = 0;

	CHECK("NULL table gives NULL", ksym_lookup_in(NULL, 0x1000, &off) == NULL);
	CHECK("empty table gives NULL", ksym_lookup_in(&empty, 0x1000, &off) == NULL);
	CHECK("one-entry table: below", ksym_lookup_in(&one, 0x107f, &off) == NULL);
	CHECK_STR("one-entry table: at", ksym_lookup_in(&one, 0x1080, &off), "loop");
	CHECK_STR("one-entry table: above", ksym_lookup_in(&one, 0x9999, &off), "loop");
}

static void test_against_linear(void)
{
	uint64_t big_addr[257];
	uint32_t big_off[257];
	struct ksym_table big = { big_addr, big_off, "f", 257 };
	const char *bad = NULL;

	for (size_t i = 0; i < 257; i++) {
		big_addr[i] = 0x10000 + i * i * 8; /* uneven gaps */
		big_off[i] = 0;
	}
	for (uint64_t a = 0xff00; a < 0x10000 + 257 * 257 * 8 && !bad; a += 3) {
		uint64_t off = 0;
		const char *s = ksym_lookup_in(&big, a, &off);
		int want = linear(&big, a);

		if (want < 0 ? s != NULL : (s == NULL || off != a - big_addr[want]))
			bad = tap_fmt("address %#llx: expected index %d", (unsigned long long)a,
				      want);
	}
	if (bad)
		FAIL("binary search agrees with a linear scan over 257 symbols", bad);
	else
		PASS("binary search agrees with a linear scan over 257 symbols");
}

int main(void)
{
	test_basic();
	test_degenerate();
	test_against_linear();
	return tap_done();
}
