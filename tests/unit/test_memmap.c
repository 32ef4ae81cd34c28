/*
 * Unit tests for kernel/mm/memmap.c.
 *
 * Hand-written maps check each rule (overlap priority, merging, page
 * alignment of USABLE, ranges at the top of the address space, the table
 * limit). A randomized test then compares sanitize against a brute-force
 * model that computes the winning type of every small unit of memory, both
 * at address 0 and just below 2^64. memmap_mark and memmap_take are checked
 * for splitting, holes, -ENOSPC with the map unchanged, lowest-fit, limits
 * and alignment.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/memmap.h"
#include "motor/errno.h"
#include "tap.h"

#define U MEM_USABLE
#define R MEM_RESERVED
#define A MEM_ACPI_RECLAIM
#define N MEM_ACPI_NVS
#define B MEM_BAD
#define K MEM_KERNEL
#define X MEM_ALLOCATED

#define TOP(n) (UINT64_MAX - (uint64_t)(n) + 1) /* 2^64 - n */

static const char *map_str(const struct memmap *m)
{
	static char buf[8192];
	size_t o = 0;

	o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%zu ranges:", m->n);
	for (size_t i = 0; i < m->n && i < 24 && o < sizeof(buf) - 64; i++)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, " [%#llx +%#llx %s]",
				      (unsigned long long)m->r[i].base,
				      (unsigned long long)m->r[i].size,
				      memmap_type_name(m->r[i].type));
	if (m->n > 24)
		snprintf(buf + o, sizeof(buf) - o, " ...");
	return buf;
}

static void build(struct memmap *m, const struct mem_range *r, size_t n)
{
	m->n = 0;
	for (size_t i = 0; i < n; i++) {
		if (memmap_add(m, r[i].base, r[i].size, r[i].type) != 0)
			tap_diag("build: could not add range %zu", i);
	}
}

static bool same_map(const struct memmap *m, const struct mem_range *exp, size_t n)
{
	if (m->n != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (m->r[i].base != exp[i].base || m->r[i].size != exp[i].size ||
		    m->r[i].type != exp[i].type)
			return false;
	}
	return true;
}

static void check_map(const char *name, const struct memmap *m, const struct mem_range *exp,
		      size_t n)
{
	struct memmap e = { .n = n };

	memcpy(e.r, exp, n * sizeof(*exp));
	if (!tap_result(same_map(m, exp, n), __FILE__, __LINE__, name)) {
		tap_diag("expected %s", map_str(&e));
		tap_diag("got      %s", map_str(m));
	}
}

/* Sanitizes `in` and compares with `out`. */
#define SANITIZES_TO(name, in, out)                                                     \
	do {                                                                            \
		struct memmap m_;                                                       \
		build(&m_, in, sizeof(in) / sizeof(in[0]));                             \
		memmap_sanitize(&m_);                                                   \
		check_map(name, &m_, out, sizeof(out) / sizeof(out[0]));               \
	} while (0)

static void test_add(void)
{
	struct memmap m = { .n = 0 };
	int r;

	CHECK_INT("add a range", memmap_add(&m, 0x1000, 0x1000, U), 0);
	CHECK_UINT("table has one range", m.n, 1);
	CHECK_INT("zero size accepted", memmap_add(&m, 0x5000, 0, U), 0);
	CHECK_UINT("zero size not stored", m.n, 1);
	CHECK_INT("base+size past 2^64 rejected", memmap_add(&m, UINT64_MAX, 2, U), -EINVAL);
	CHECK_INT("size 2^64-1 at base 2 rejected", memmap_add(&m, 2, UINT64_MAX, U), -EINVAL);
	CHECK_INT("range ending exactly at 2^64 accepted", memmap_add(&m, TOP(0x1000), 0x1000, R),
		  0);
	CHECK_INT("size 2^64-1 at base 1 accepted (ends at 2^64)", memmap_add(&m, 1, UINT64_MAX, R),
		  0);
	CHECK_INT("last byte alone accepted", memmap_add(&m, UINT64_MAX, 1, R), 0);
	CHECK_UINT("three more stored", m.n, 4);
	while ((r = memmap_add(&m, 0, 0x1000, U)) == 0 && m.n < 1000)
		;
	CHECK_INT("full table gives -ENOSPC", r, -ENOSPC);
	CHECK_UINT("full table holds MEMMAP_MAX", m.n, MEMMAP_MAX);
	CHECK_INT("full table still rejects overflow first", memmap_add(&m, UINT64_MAX, 2, U),
		  -EINVAL);
	CHECK_INT("full table accepts an empty range", memmap_add(&m, 0, 0, U), 0);
}

static void test_sanitize_rules(void)
{
	static const struct mem_range unsorted[] = {
		{ 0x100000, 0x100000, U }, { 0x0, 0x9f000, U }, { 0xf0000, 0x10000, R } };
	static const struct mem_range unsorted_out[] = {
		{ 0x0, 0x9f000, U }, { 0xf0000, 0x10000, R }, { 0x100000, 0x100000, U } };
	SANITIZES_TO("unsorted input comes out sorted", unsorted, unsorted_out);

	static const struct mem_range inside[] = { { 0, 0x10000, U }, { 0x4000, 0x2000, R } };
	static const struct mem_range inside_out[] = {
		{ 0, 0x4000, U }, { 0x4000, 0x2000, R }, { 0x6000, 0xa000, U } };
	SANITIZES_TO("reserved inside usable splits it", inside, inside_out);

	static const struct mem_range order[] = { { 0x4000, 0x2000, R }, { 0, 0x10000, U } };
	SANITIZES_TO("same result whatever the order", order, inside_out);

	static const struct mem_range nested[] = {
		{ 0, 0x100000, U }, { 0x10000, 0x70000, R }, { 0x20000, 0x10000, A },
		{ 0x24000, 0x1000, B } };
	static const struct mem_range nested_out[] = {
		{ 0, 0x10000, U }, { 0x10000, 0x10000, R }, { 0x20000, 0x4000, A },
		{ 0x24000, 0x1000, B }, { 0x25000, 0xb000, A }, { 0x30000, 0x50000, R },
		{ 0x80000, 0x80000, U } };
	SANITIZES_TO("nested ranges: innermost higher type wins", nested, nested_out);

	static const struct mem_range prio[] = { { 0, 0x3000, N },
						 { 0x1000, 0x3000, A },
						 { 0x2000, 0x3000, K },
						 { 0x3000, 0x1000, B } };
	static const struct mem_range prio_out[] = {
		{ 0, 0x2000, N }, { 0x2000, 0x3000, K } };
	SANITIZES_TO("higher type number wins: NVS over ACPI data, kernel over bad", prio,
		     prio_out);

	static const struct mem_range under[] = { { 0x1000, 0x1000, R }, { 0, 0x4000, U } };
	static const struct mem_range under_out[] = {
		{ 0, 0x1000, U }, { 0x1000, 0x1000, R }, { 0x2000, 0x2000, U } };
	SANITIZES_TO("usable loses even when listed last", under, under_out);

	static const struct mem_range unknown[] = { { 0, 0x2000, 0 },
						    { 0x1000, 0x2000, 7 },
						    { 0x2000, 0x3000, U },
						    { 0x4000, 0x2000, 0 } };
	static const struct mem_range unknown_out[] = { { 0, 0x1000, 0 },
							{ 0x1000, 0x2000, 7 },
							{ 0x3000, 0x1000, U },
							{ 0x4000, 0x2000, 0 } };
	SANITIZES_TO("unknown types kept; type 0 still beats usable", unknown, unknown_out);

	static const struct mem_range adjacent[] = { { 0x2000, 0x1000, U },
						     { 0, 0x1000, U },
						     { 0x1000, 0x1000, U },
						     { 0x3000, 0x1000, R },
						     { 0x4000, 0x1000, R } };
	static const struct mem_range adjacent_out[] = { { 0, 0x3000, U }, { 0x3000, 0x2000, R } };
	SANITIZES_TO("adjacent ranges of one type merge", adjacent, adjacent_out);

	static const struct mem_range dup[] = { { 0, 0x3000, U },
						{ 0, 0x3000, U },
						{ 0x1000, 0x1000, U } };
	static const struct mem_range dup_out[] = { { 0, 0x3000, U } };
	SANITIZES_TO("duplicates and contained same-type ranges merge", dup, dup_out);

	static const struct mem_range gap[] = { { 0, 0x1000, R }, { 0x1001, 0x1000, R } };
	SANITIZES_TO("ranges with a one-byte hole stay apart", gap, gap);

	static const struct mem_range align[] = { { 0x100, 0x2000, U },
						  { 0x10000, 0xfff, U },
						  { 0x20000, 0x1000, U },
						  { 0x30100, 0x100, R } };
	static const struct mem_range align_out[] = {
		{ 0x1000, 0x1000, U }, { 0x20000, 0x1000, U }, { 0x30100, 0x100, R } };
	SANITIZES_TO(
		"usable shrinks to whole pages; smaller than a page vanishes; others untouched",
		align, align_out);

	static const struct mem_range partial[] = { { 0, 0x1800, U }, { 0x1800, 0x800, R } };
	static const struct mem_range partial_out[] = { { 0, 0x1000, U }, { 0x1800, 0x800, R } };
	SANITIZES_TO("a page shared with reserved memory is not usable", partial, partial_out);

	static const struct mem_range split[] = { { 0x800, 0x1000, U }, { 0x1800, 0x1000, U } };
	static const struct mem_range split_out[] = { { 0x1000, 0x1000, U } };
	SANITIZES_TO("usable halves merge before alignment", split, split_out);

	static const struct mem_range merged_after[] = { { 0, 0x1000, U },
							 { 0x1000, 0x1000, A },
							 { 0x2000, 0x1000, U },
							 { 0x1000, 0x1000, U } };
	static const struct mem_range merged_after_out[] = {
		{ 0, 0x1000, U }, { 0x1000, 0x1000, A }, { 0x2000, 0x1000, U } };
	SANITIZES_TO("usable under ACPI stays split", merged_after, merged_after_out);
}

static void test_sanitize_edges(void)
{
	struct memmap m;

	m.n = 4;
	m.r[0] = (struct mem_range){ 0x1000, 0, R };
	m.r[1] = (struct mem_range){ 0x0, 0x2000, U };
	m.r[2] = (struct mem_range){ 0x500, 0, B };
	m.r[3] = (struct mem_range){ 0x3000, 0, U };
	memmap_sanitize(&m);
	static const struct mem_range zero_out[] = { { 0, 0x2000, U } };
	check_map("zero-size entries written directly are dropped", &m, zero_out, 1);

	m.n = 0;
	memmap_sanitize(&m);
	CHECK_UINT("empty map stays empty", m.n, 0);

	static const struct mem_range top[] = {
		{ TOP(0x3000), 0x3000, U }, { TOP(0x2000), 0x1000, R } };
	static const struct mem_range top_out[] = { { TOP(0x3000), 0x1000, U },
						    { TOP(0x2000), 0x1000, R },
						    { TOP(0x1000), 0x1000, U } };
	SANITIZES_TO("ranges ending at 2^64 split and keep the last page", top, top_out);

	static const struct mem_range top_unaligned[] = { { TOP(0x2800), 0x2800, U } };
	static const struct mem_range top_unaligned_out[] = { { TOP(0x2000), 0x2000, U } };
	SANITIZES_TO("usable ending at 2^64 aligns its start only", top_unaligned,
		     top_unaligned_out);

	static const struct mem_range top_tiny[] = { { UINT64_MAX, 1, U }, { TOP(0x10), 0xf, R } };
	static const struct mem_range top_tiny_out[] = { { TOP(0x10), 0xf, R } };
	SANITIZES_TO("usable last byte vanishes; reserved near 2^64 stays", top_tiny, top_tiny_out);

	static const struct mem_range halves[] = {
		{ 0, 0x8000000000000000ULL, U }, { 0x8000000000000000ULL, 0x8000000000000000ULL, U }
	};
	SANITIZES_TO("two halves of 2^64 cannot merge (size would not fit)", halves, halves);

	static const struct mem_range all[] = { { 0, UINT64_MAX, R }, { UINT64_MAX, 1, R } };
	SANITIZES_TO("all of memory in two reserved ranges stays two", all, all);

	static const struct mem_range huge_over[] = { { 1, UINT64_MAX, R }, { 0x1000, 0x1000, U } };
	static const struct mem_range huge_over_out[] = { { 1, UINT64_MAX, R } };
	SANITIZES_TO("reserved up to 2^64 swallows usable", huge_over, huge_over_out);

	struct memmap h;
	build(&h, halves, 2);
	memmap_sanitize(&h);
	CHECK_UINT("total over all of 2^64 saturates", memmap_total(&h, U), UINT64_MAX);
}

/* More than MEMMAP_MAX clean ranges: the smallest usable ones go first. */
static void test_sanitize_overflow(void)
{
	struct memmap m = { .n = 0 };
	const uint64_t MiB = 0x100000;
	bool safe = true;

	memmap_add(&m, 0, 1ULL << 40, U);
	for (uint64_t k = 1; k < MEMMAP_MAX; k++)
		memmap_add(&m, k * MiB, 0x1000, R);
	memmap_sanitize(&m);
	CHECK_UINT("overflowing map is cut to MEMMAP_MAX", m.n, MEMMAP_MAX);
	for (size_t i = 0; i < m.n; i++)
		safe &= m.r[i].type == R ? m.r[i].size == 0x1000
					 : m.r[i].base == 127 * MiB + 0x1000;
	CHECK("every reserved page kept; only the largest usable range kept", safe);
	CHECK_UINT("usable total is the largest piece", memmap_total(&m, U),
		   (1ULL << 40) - 127 * MiB - 0x1000);

	/* Unequal gaps: exactly the smallest usable pieces are dropped. */
	m.n = 0;
	memmap_add(&m, 0, 1ULL << 40, U);
	for (uint64_t k = 1; k < MEMMAP_MAX; k++)
		memmap_add(&m, k * 4 * MiB + (k % 3) * 0x1000 * k, 0x1000, R);
	memmap_sanitize(&m);
	CHECK_UINT("unequal pieces: cut to MEMMAP_MAX", m.n, MEMMAP_MAX);
	uint64_t smallest_kept = UINT64_MAX;
	for (size_t i = 0; i < m.n; i++) {
		if (m.r[i].type == U && m.r[i].size < smallest_kept)
			smallest_kept = m.r[i].size;
	}
	CHECK("unequal pieces: the kept usable range is the largest", smallest_kept > 4 * MiB);

	/* No usable memory: the smallest of the others go, becoming holes. */
	m.n = 0;
	memmap_add(&m, 0, 1ULL << 40, R);
	for (uint64_t k = 1; k < MEMMAP_MAX; k++)
		memmap_add(&m, k * MiB, 0x1000, A);
	memmap_sanitize(&m);
	CHECK_UINT("non-usable overflow is cut to MEMMAP_MAX", m.n, MEMMAP_MAX);
	CHECK_UINT("non-usable overflow: no usable memory appears", memmap_total(&m, U), 0);
	CHECK_UINT("non-usable overflow: ACPI pieces (smallest) dropped", memmap_total(&m, A), 0);
	CHECK_UINT("non-usable overflow: reserved kept", memmap_total(&m, R),
		   (1ULL << 40) - 127 * 0x1000);
}

/* ---- randomized comparison with a brute-force model ---- */

/*
 * A round works on `nunits` units of `unit` bytes starting at `origin`:
 * coarse units (0x100) over many pages, or single bytes over two pages so
 * ranges of one byte and boundaries anywhere in a page occur.
 */
struct universe {
	uint64_t origin, unit, nunits;
};

#define MAX_UNITS 8192

static uint64_t rng = 0x2545f4914f6cdd1dULL;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)((rng >> 16) % n);
}

static uint64_t prio(uint32_t t)
{
	return t == U ? 0 : (uint64_t)t + 1;
}

/* Sorted, disjoint, non-empty, no mergeable neighbours, usable page-aligned. */
static const char *structure_error(const struct memmap *m)
{
	for (size_t i = 0; i < m->n; i++) {
		const struct mem_range *r = &m->r[i];

		if (!r->size)
			return "empty range";
		if (r->size - 1 > UINT64_MAX - r->base)
			return "range wraps past 2^64";
		if (r->type == U && (r->base % PAGE_SIZE || r->size % PAGE_SIZE))
			return "usable range not page-aligned";
		if (i && m->r[i - 1].base + m->r[i - 1].size - 1 >= r->base)
			return "ranges overlap or are unsorted";
		if (i && m->r[i - 1].base + m->r[i - 1].size == r->base &&
		    m->r[i - 1].type == r->type)
			return "adjacent ranges of one type not merged";
	}
	return NULL;
}

/* Paints the sanitized map back onto units (0 = hole), or returns an error. */
static const char *paint(const struct memmap *m, const struct universe *w, uint32_t *got)
{
	memset(got, 0, w->nunits * sizeof(*got));
	for (size_t i = 0; i < m->n; i++) {
		uint64_t first = (m->r[i].base - w->origin) / w->unit;
		uint64_t n = m->r[i].size / w->unit;

		if (m->r[i].base < w->origin || first + n > w->nunits ||
		    (m->r[i].base - w->origin) % w->unit || m->r[i].size % w->unit)
			return "range outside the input or not on unit boundaries";
		for (uint64_t u = first; u < first + n; u++)
			got[u] = m->r[i].type;
	}
	return NULL;
}

static const char *random_round(const struct universe *w, int iter)
{
	static const uint32_t types[] = { U, U, U, R, A, N, B, K, 9 };
	static uint32_t model[MAX_UNITS], got[MAX_UNITS];
	uint64_t per_page = PAGE_SIZE / w->unit;
	struct memmap m = { .n = 0 };
	int nr = 1 + (int)rnd(20);
	const char *err;

	memset(model, 0, w->nunits * sizeof(*model));
	for (int k = 0; k < nr; k++) {
		uint64_t first = rnd((uint32_t)w->nunits);
		uint64_t len = 1 + rnd((uint32_t)(rnd(4) ? w->nunits - first : 3));
		uint32_t t = types[rnd(sizeof(types) / sizeof(types[0]))];

		if (first + len > w->nunits)
			len = w->nunits - first;
		if (rnd(8) == 0)
			len = 0;
		memmap_add(&m, w->origin + first * w->unit, len * w->unit, t);
		for (uint64_t u = first; u < first + len; u++) {
			if (!model[u] || prio(t) > prio(model[u]))
				model[u] = t;
		}
	}
	memmap_sanitize(&m);
	err = structure_error(&m);
	if (!err)
		err = paint(&m, w, got);
	if (err)
		return tap_fmt("iteration %d: %s: %s", iter, err, map_str(&m));
	for (uint64_t u = 0; u < w->nunits; u++) {
		uint32_t want = model[u];
		uint64_t page = u / per_page * per_page;

		/* Usable survives only where its whole page is usable. */
		for (uint64_t v = page; want == U && v < page + per_page; v++) {
			if (model[v] != U)
				want = 0;
		}
		if (got[u] != want)
			return tap_fmt("iteration %d: address %#llx: expected type %u, got %u: %s",
				       iter, (unsigned long long)(w->origin + u * w->unit), want,
				       got[u], map_str(&m));
	}
	return NULL;
}

static void random_rounds(const char *name, const struct universe *w, int rounds)
{
	const char *bad = NULL;

	for (int i = 0; i < rounds && !bad; i++)
		bad = random_round(w, i);
	if (bad)
		FAIL(name, bad);
	else
		PASS(name);
}

static void test_sanitize_random(void)
{
	static const struct universe coarse_low = { 0, 0x100, 24 * 16 };
	static const struct universe coarse_top = { TOP(24 * PAGE_SIZE), 0x100, 24 * 16 };
	static const struct universe bytes_low = { 0x7000, 1, 2 * PAGE_SIZE };
	static const struct universe bytes_top = { TOP(2 * PAGE_SIZE), 1, 2 * PAGE_SIZE };
	const char *bad = NULL;

	random_rounds("3000 random maps at address 0 match the brute-force model", &coarse_low,
		      3000);
	random_rounds("3000 random maps ending at 2^64 match the brute-force model", &coarse_top,
		      3000);
	random_rounds("300 random byte-granular maps match the brute-force model", &bytes_low, 300);
	random_rounds("300 random byte-granular maps ending at 2^64 match the model", &bytes_top,
		      300);

	for (int i = 0; i < 500 && !bad; i++) {
		struct memmap m = { .n = 0 }, again;

		for (int k = 0; k < 30; k++)
			memmap_add(&m, rnd(1 << 20) * 0x10ULL, rnd(1 << 18) * 0x10ULL, 1 + rnd(5));
		memmap_sanitize(&m);
		again = m;
		memmap_sanitize(&again);
		if (!same_map(&again, m.r, m.n))
			bad = tap_fmt("iteration %d: %s", i, map_str(&m));
	}
	if (bad)
		FAIL("sanitize is idempotent", bad);
	else
		PASS("sanitize is idempotent");
}

/* ---- mark ---- */

static void test_mark(void)
{
	static const struct mem_range base[] = {
		{ 0, 0x9f000, U }, { 0x9f000, 0x1000, R }, { 0x100000, 0x7f00000, U } };
	struct memmap m;

	build(&m, base, 3);
	memmap_sanitize(&m);
	CHECK_INT("mark the kernel inside usable memory", memmap_mark(&m, 0x200000, 0x100000, K),
		  0);
	static const struct mem_range k_out[] = {
		{ 0, 0x9f000, U }, { 0x9f000, 0x1000, R }, { 0x100000, 0x100000, U },
		{ 0x200000, 0x100000, K }, { 0x300000, 0x7d00000, U } };
	check_map("kernel carved out of the middle", &m, k_out, 5);

	CHECK_INT("mark across a hole", memmap_mark(&m, 0x90000, 0x80000, X), 0);
	static const struct mem_range hole_out[] = {
		{ 0, 0x90000, U }, { 0x90000, 0x10000, X }, { 0x100000, 0x10000, X },
		{ 0x110000, 0xf0000, U }, { 0x200000, 0x100000, K }, { 0x300000, 0x7d00000, U } };
	check_map("marking skips the hole and overrides reserved", &m, hole_out, 6);

	struct memmap before = m;
	CHECK_INT("mark inside a hole only", memmap_mark(&m, 0xa0000, 0x10000, K), 0);
	check_map("hole-only mark changes nothing", &m, before.r, before.n);

	CHECK_INT("mark of size 0", memmap_mark(&m, 0x1000, 0, K), 0);
	check_map("size-0 mark changes nothing", &m, before.r, before.n);
	CHECK_INT("mark past 2^64", memmap_mark(&m, UINT64_MAX, 2, K), -EINVAL);

	CHECK_INT("mark a whole range with its neighbour's type",
		  memmap_mark(&m, 0x200000, 0x100000, U), 0);
	static const struct mem_range back_out[] = {
		{ 0, 0x90000, U }, { 0x90000, 0x10000, X }, { 0x100000, 0x10000, X },
		{ 0x110000, 0x7ef0000, U } };
	check_map("re-marked range merges with its neighbours", &m, back_out, 4);

	static const struct mem_range res[] = { { 0x1000, 0x4000, R } };
	build(&m, res, 1);
	memmap_sanitize(&m);
	CHECK_INT("mark usable inside reserved", memmap_mark(&m, 0x1800, 0x3000, U), 0);
	static const struct mem_range res_out[] = {
		{ 0x1000, 0x800, R }, { 0x2000, 0x2000, U }, { 0x4800, 0x800, R } };
	check_map("marked usable is page-aligned inward", &m, res_out, 3);

	static const struct mem_range top[] = { { TOP(0x4000), 0x4000, U } };
	build(&m, top, 1);
	CHECK_INT("mark the last page of 2^64", memmap_mark(&m, TOP(0x1000), 0x1000, K), 0);
	static const struct mem_range top_out[] = { { TOP(0x4000), 0x3000, U },
						    { TOP(0x1000), 0x1000, K } };
	check_map("last page marked", &m, top_out, 2);

	/* A full table: splitting one range in three needs two more slots. */
	m.n = 0;
	for (uint64_t i = 0; i < MEMMAP_MAX; i++)
		memmap_add(&m, i * 0x10000, 0x8000, i % 2 ? R : U);
	memmap_sanitize(&m);
	before = m;
	CHECK_INT("mark needing two more slots in a full table", memmap_mark(&m, 0x2000, 0x1000, K),
		  -ENOSPC);
	check_map("failed mark leaves the map unchanged", &m, before.r, before.n);
	CHECK_INT("mark of a whole range in a full table", memmap_mark(&m, 0, 0x8000, K), 0);
	CHECK_UINT("whole-range mark keeps the count", m.n, MEMMAP_MAX);
	CHECK_UINT("whole-range mark changed the type", m.r[0].type, K);
	CHECK_INT("mark of a range's start in a full table", memmap_mark(&m, 0x20000, 0x1000, K),
		  -ENOSPC);
}

/* ---- take ---- */

static void test_take(void)
{
	static const struct mem_range base[] = {
		{ 0x1000, 0x9e000, U }, { 0x9f000, 0x61000, R }, { 0x100000, 0x7f00000, U } };
	struct memmap m;
	uint64_t a = 0;

	build(&m, base, 3);
	memmap_sanitize(&m);
	CHECK_INT("take two pages", memmap_take(&m, 0x2000, 0x1000, UINT64_MAX, &a), 0);
	CHECK_UINT("lowest fitting address", a, 0x1000);
	CHECK_INT("take again", memmap_take(&m, 0x1000, 0x1000, UINT64_MAX, &a), 0);
	CHECK_UINT("next take follows the first", a, 0x3000);
	CHECK_UINT("taken memory recorded as allocated", memmap_total(&m, X), 0x3000);
	CHECK_UINT("allocated range merged", m.r[0].size, 0x3000);

	CHECK_INT("take 1 MiB aligned to 1 MiB",
		  memmap_take(&m, 0x100000, 0x100000, UINT64_MAX, &a), 0);
	CHECK_UINT("aligned take skips the low range", a, 0x100000);

	CHECK_INT("take bigger than the low range",
		  memmap_take(&m, 0xa0000, 0x1000, UINT64_MAX, &a), 0);
	CHECK_UINT("big take comes from the high range", a, 0x200000);

	CHECK_INT("limit excludes every range", memmap_take(&m, 0x1000, 0x1000, 0x4000, &a),
		  -ENOMEM);
	CHECK_INT("limit exactly at the end of a fit", memmap_take(&m, 0x1000, 0x1000, 0x5000, &a),
		  0);
	CHECK_UINT("take ending exactly at the limit", a, 0x4000);
	CHECK_INT("size above the limit", memmap_take(&m, 0x2000, 0x1000, 0x1000, &a), -ENOMEM);

	CHECK_INT("size 0", memmap_take(&m, 0, 0x1000, UINT64_MAX, &a), -EINVAL);
	CHECK_INT("align 0", memmap_take(&m, 0x1000, 0, UINT64_MAX, &a), -EINVAL);
	CHECK_INT("align not a power of two", memmap_take(&m, 0x1000, 0x3000, UINT64_MAX, &a),
		  -EINVAL);
	CHECK_INT("more than any range holds", memmap_take(&m, 0x10000000, 0x1000, UINT64_MAX, &a),
		  -ENOMEM);
	CHECK_INT("huge alignment", memmap_take(&m, 0x1000, 1ULL << 63, UINT64_MAX, &a), -ENOMEM);

	uint64_t before = memmap_total(&m, U);
	CHECK_INT("sub-page take", memmap_take(&m, 16, 16, UINT64_MAX, &a), 0);
	CHECK_UINT("sub-page take at the lowest free byte", a, 0x5000);
	CHECK_UINT("sub-page take costs its whole page of usable memory", memmap_total(&m, U),
		   before - 0x1000);
	CHECK_UINT("sub-page take records only its bytes", memmap_total(&m, X),
		   0x3000 + 0x100000 + 0xa0000 + 0x1000 + 16);

	static const struct mem_range whole[] = { { 0x10000, 0x4000, U } };
	build(&m, whole, 1);
	CHECK_INT("take a whole range exactly", memmap_take(&m, 0x4000, 0x4000, UINT64_MAX, &a), 0);
	CHECK_UINT("whole range taken at its base", a, 0x10000);
	CHECK_UINT("no usable memory left", memmap_total(&m, U), 0);
	CHECK_INT("nothing left to take", memmap_take(&m, 1, 1, UINT64_MAX, &a), -ENOMEM);

	static const struct mem_range top[] = { { TOP(0x2000), 0x2000, U } };
	build(&m, top, 1);
	CHECK_INT("take below 2^64", memmap_take(&m, 0x1000, 0x1000, UINT64_MAX, &a), 0);
	CHECK_UINT("take below 2^64 address", a, TOP(0x2000));
	CHECK_INT("the very last page cannot end at or below a limit of 2^64-1",
		  memmap_take(&m, 0x1000, 0x1000, UINT64_MAX, &a), -ENOMEM);

	/* take sanitizes first, so usable memory under a reserved range is never handed out. */
	m.n = 0;
	memmap_add(&m, 0, 0x4000, U);
	memmap_add(&m, 0, 0x2000, R);
	CHECK_INT("take from an unsanitized map", memmap_take(&m, 0x1000, 0x1000, UINT64_MAX, &a),
		  0);
	CHECK_UINT("take skips memory a later entry reserves", a, 0x2000);
}

static void test_total_and_names(void)
{
	static const struct mem_range base[] = { { 0, 0x9f000, U },
						 { 0x9f000, 0x1000, R },
						 { 0x100000, 0x100000, U },
						 { 0xe0000, 0x1000, A } };
	struct memmap m;

	build(&m, base, 4);
	memmap_sanitize(&m);
	CHECK_UINT("usable total", memmap_total(&m, U), 0x9f000 + 0x100000);
	CHECK_UINT("reserved total", memmap_total(&m, R), 0x1000);
	CHECK_UINT("absent type total", memmap_total(&m, B), 0);
	CHECK_STR("name usable", memmap_type_name(U), "usable");
	CHECK_STR("name reserved", memmap_type_name(R), "reserved");
	CHECK_STR("name ACPI data", memmap_type_name(A), "ACPI data");
	CHECK_STR("name ACPI NVS", memmap_type_name(N), "ACPI NVS");
	CHECK_STR("name bad", memmap_type_name(B), "bad");
	CHECK_STR("name kernel", memmap_type_name(K), "kernel");
	CHECK_STR("name allocated", memmap_type_name(X), "allocated");
	CHECK_STR("name of an unknown type", memmap_type_name(12345), "unknown");
}

int main(void)
{
	test_add();
	test_sanitize_rules();
	test_sanitize_edges();
	test_sanitize_overflow();
	test_sanitize_random();
	test_mark();
	test_take();
	test_total_and_names();
	return tap_done();
}
