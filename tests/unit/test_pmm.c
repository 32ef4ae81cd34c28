/*
 * Unit tests for kernel/mm/pmm.c (with kernel/mm/memmap.c).
 *
 * "Physical" memory is a host mmap: p2v(phys) is area + (phys - origin).
 * Every page of the area that the allocator has no business touching (holes,
 * reserved ranges) is mprotect'ed PROT_NONE, so a stray write crashes the
 * test. Two maps are used:
 *  - a PC-like sparse map (usable 0-640K, 1M-2G, 4G-5G) over a 5 GiB
 *    MAP_NORESERVE area, for the state-array placement and whole-block
 *    behaviour at the maximum order;
 *  - a small map at 16 MiB with holes and an odd-aligned range, for
 *    exhaustive page-by-page allocation, random alloc/free against a shadow
 *    model, and every kind of bad free.
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, MAP_NORESERVE */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "mm/memmap.h"
#include "mm/pmm.h"
#include "motor/errno.h"
#include "tap.h"

#define KiB 0x400ULL
#define MiB 0x100000ULL
#define GiB 0x40000000ULL
#define PG PAGE_SIZE
#define MAXBLK (PG << PMM_MAX_ORDER)

static unsigned char *area;
static uint64_t origin, area_size;

static void *p2v(uint64_t phys)
{
	if (phys < origin || phys - origin >= area_size) {
		fprintf(stderr, "p2v: %#llx outside the test area\n", (unsigned long long)phys);
		abort();
	}
	return area + (phys - origin);
}

static uint64_t v2p(const void *v)
{
	return (uint64_t)((const unsigned char *)v - area) + origin;
}

static void setup_area(uint64_t org, uint64_t size)
{
	if (area)
		munmap(area, area_size);
	origin = org;
	area_size = size;
	area = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
		    -1, 0);
	if (area == MAP_FAILED) {
		perror("mmap");
		exit(2);
	}
}

/*
 * Makes every page that is neither USABLE nor the state array (ALLOCATED)
 * inaccessible: the gaps between those ranges, reserved ranges included.
 */
static void protect_holes(const struct memmap *m)
{
	uint64_t at = origin, end = origin + area_size;

	for (size_t i = 0; i <= m->n; i++) {
		const struct mem_range *r = &m->r[i];
		uint64_t lo = end;

		if (i < m->n && r->type != MEM_USABLE && r->type != MEM_ALLOCATED)
			continue;
		if (i < m->n && r->base < end)
			lo = r->base & ~(PG - 1);
		if (lo > at)
			mprotect(p2v(at), lo - at, PROT_NONE);
		if (i < m->n && ((r->base + r->size + PG - 1) & ~(PG - 1)) > at)
			at = (r->base + r->size + PG - 1) & ~(PG - 1);
	}
}

static bool is_usable(const struct memmap *m, uint64_t phys, uint64_t len)
{
	for (size_t i = 0; i < m->n; i++) {
		const struct mem_range *r = &m->r[i];

		if (r->type == MEM_USABLE && phys >= r->base && len <= r->size &&
		    phys - r->base <= r->size - len)
			return true;
	}
	return false;
}

/* Free blocks per order, read from the lists (which also checks their links). */
static bool list_counts(const struct pmm *p, uint64_t counts[PMM_MAX_ORDER + 1], uint64_t *pages)
{
	*pages = 0;
	for (unsigned o = 0; o <= PMM_MAX_ORDER; o++) {
		const struct pmm_free_node *prev = NULL;

		counts[o] = 0;
		for (const struct pmm_free_node *n = p->free_list[o]; n; n = n->next) {
			if (n->prev != prev || v2p(n) % (PG << o) != 0 || counts[o] > (1ULL << 40))
				return false;
			prev = n;
			counts[o]++;
			*pages += 1ULL << o;
		}
	}
	return true;
}

/*
 * Moves all pending memory onto the free lists: allocating max-order blocks
 * until -ENOMEM releases everything, then the blocks are freed again.
 */
static void drain_pending(struct pmm *p)
{
	static uint64_t held[8192];
	size_t n = 0;

	while (n < 8192 && pmm_alloc(p, PMM_MAX_ORDER, &held[n]) == 0)
		n++;
	while (n)
		pmm_free(p, held[--n], PMM_MAX_ORDER);
}

/* ---- the PC-like sparse map ---- */

static void test_sparse(void)
{
	struct memmap m = { .n = 0 };
	struct pmm p;
	uint64_t initial[PMM_MAX_ORDER + 1], counts[PMM_MAX_ORDER + 1], pages, phys;
	uint64_t state_bytes = 5 * GiB / PG, expect_total;
	uint64_t *blocks;
	size_t nblocks = 0;
	const char *bad = NULL;
	int r;

	setup_area(0, 5 * GiB);
	memmap_add(&m, 0, 640 * KiB, MEM_USABLE);
	memmap_add(&m, 640 * KiB, 384 * KiB, MEM_RESERVED);
	memmap_add(&m, 4 * GiB, 1 * GiB, MEM_USABLE);
	memmap_add(&m, 1 * MiB, 2 * GiB - 1 * MiB, MEM_USABLE);
	memmap_add(&m, 0xfec00000, 0x1000, MEM_RESERVED);
	memmap_sanitize(&m);

	r = pmm_init(&p, &m, p2v);
	CHECK_INT("sparse: init succeeds", r, 0);
	if (r)
		return;
	protect_holes(&m);
	CHECK_UINT("sparse: frames covered from 0 to 5 GiB", p.npages, 5 * GiB / PG);
	CHECK_UINT("sparse: base frame 0", p.base_pfn, 0);
	CHECK("sparse: state array at the lowest fit, 1 MiB (640K is too small)",
	      p.state == p2v(1 * MiB));
	CHECK_UINT("sparse: state array recorded in the map", memmap_total(&m, MEM_ALLOCATED),
		   state_bytes);
	expect_total = (640 * KiB + 2 * GiB - 1 * MiB + 1 * GiB - state_bytes) / PG;
	CHECK_UINT("sparse: every usable page but the state array is managed", p.total_pages,
		   expect_total);
	CHECK_UINT("sparse: all managed pages start free", p.free_pages, p.total_pages);
	CHECK("sparse: free lists are well linked", list_counts(&p, initial, &pages));
	/* Free memory is released to the lists on demand, not at init (the holes
	 * are inaccessible here, and init wrote nothing into free pages). */
	CHECK_UINT("sparse: init puts nothing on the free lists", pages, 0);
	drain_pending(&p);
	CHECK("sparse: free lists are well linked after release", list_counts(&p, initial, &pages));
	CHECK_UINT("sparse: free lists hold free_pages once released", pages, p.free_pages);
	/* 1 MiB + 1.25 MiB .. 2 GiB holds 511 4 MiB blocks; 4-5 GiB holds 256. */
	CHECK_UINT("sparse: max-order blocks", initial[PMM_MAX_ORDER], 511 + 256);

	blocks = calloc(4096, sizeof(*blocks));
	while (pmm_alloc(&p, PMM_MAX_ORDER, &phys) == 0 && nblocks < 4096) {
		if (phys % MAXBLK)
			bad = tap_fmt("block %#llx not 4 MiB aligned", (unsigned long long)phys);
		else if (!is_usable(&m, phys, MAXBLK))
			bad = tap_fmt("block %#llx not in usable memory", (unsigned long long)phys);
		blocks[nblocks++] = phys;
	}
	if (bad)
		FAIL("sparse: max-order blocks aligned and usable", bad);
	else
		PASS("sparse: max-order blocks aligned and usable");
	CHECK_UINT("sparse: as many 4 MiB blocks as there were", nblocks, 511 + 256);
	CHECK_INT("sparse: then max order is exhausted", pmm_alloc(&p, PMM_MAX_ORDER, &phys),
		  -ENOMEM);
	CHECK_UINT("sparse: pages left in smaller blocks", p.free_pages,
		   expect_total - nblocks * (MAXBLK / PG));
	for (size_t i = 0; i < nblocks; i++)
		pmm_free(&p, blocks[i], PMM_MAX_ORDER);
	CHECK_UINT("sparse: freeing them restores the free count", p.free_pages, p.total_pages);

	/* Every order: natural alignment and inside usable memory. */
	bad = NULL;
	for (unsigned o = 0; o <= PMM_MAX_ORDER && !bad; o++) {
		uint64_t got[8];

		for (int k = 0; k < 8 && !bad; k++) {
			if (pmm_alloc(&p, o, &got[k]) != 0)
				bad = tap_fmt("order %u: allocation failed", o);
			else if (got[k] % (PG << o) || !is_usable(&m, got[k], PG << o))
				bad = tap_fmt(
					"order %u: block %#llx misaligned or outside usable memory",
					o, (unsigned long long)got[k]);
		}
		for (int k = 0; k < 8 && !bad; k++)
			pmm_free(&p, got[k], o);
	}
	if (bad)
		FAIL("sparse: every order is naturally aligned and usable", bad);
	else
		PASS("sparse: every order is naturally aligned and usable");

	CHECK("sparse: lists still well linked", list_counts(&p, counts, &pages));
	CHECK("sparse: merging restored exactly the initial blocks",
	      memcmp(counts, initial, sizeof(counts)) == 0);
	CHECK_UINT("sparse: free count back to the start", p.free_pages, p.total_pages);
	free(blocks);
}

/* ---- the small map ---- */

#define SMALL_ORIGIN (16 * MiB)
#define SMALL_SIZE (10 * MiB)

static struct memmap small_map;

static int small_init(struct pmm *p)
{
	struct memmap *m = &small_map;
	uint64_t o = SMALL_ORIGIN;
	int r;

	setup_area(o, SMALL_SIZE);
	m->n = 0;
	memmap_add(m, o + 4 * KiB, 632 * KiB, MEM_USABLE);
	memmap_add(m, o + 636 * KiB, 388 * KiB, MEM_RESERVED);
	memmap_add(m, o + 1 * MiB, 8 * MiB, MEM_USABLE);
	memmap_add(m, o + 4 * MiB, 8 * KiB, MEM_ACPI_NVS);      /* a hole inside */
	memmap_add(m, o + 9 * MiB + 12 * KiB, 532 * KiB, MEM_USABLE); /* odd alignment */
	memmap_sanitize(m);
	r = pmm_init(p, m, p2v);
	if (r == 0)
		protect_holes(m);
	return r;
}

static uint64_t small_expected_total(void)
{
	/* 632K + 8M - 8K + 532K of usable, minus the state array (one page). */
	return (632 * KiB + 8 * MiB - 8 * KiB + 532 * KiB) / PG - 1;
}

static void test_small_init(struct pmm *p)
{
	CHECK_UINT("small: base frame is the first usable page", p->base_pfn,
		   (SMALL_ORIGIN + 4 * KiB) / PG);
	CHECK_UINT("small: frames up to the last usable page", p->npages,
		   (9 * MiB + 544 * KiB - 4 * KiB) / PG);
	CHECK("small: state array at the lowest usable page",
	      p->state == p2v(SMALL_ORIGIN + 4 * KiB));
	CHECK_UINT("small: total pages", p->total_pages, small_expected_total());
	CHECK_UINT("small: all free", p->free_pages, p->total_pages);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static void tag(uint64_t phys, uint64_t len)
{
	uint64_t *head = p2v(phys), *tail = p2v(phys + len - 8);

	*head = phys ^ 0x5a5a5a5a5a5a5a5aULL;
	*tail = ~phys;
}

static bool tag_ok(uint64_t phys, uint64_t len)
{
	const uint64_t *head = p2v(phys), *tail = p2v(phys + len - 8);

	return *head == (phys ^ 0x5a5a5a5a5a5a5a5aULL) && *tail == ~phys;
}

static uint64_t rng = 0x853c49e6748fea9bULL;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)((rng >> 16) % n);
}

/* Every page, one at a time: all distinct, all usable, then exhaustion. */
static void test_exhaust(struct pmm *p)
{
	uint64_t initial[PMM_MAX_ORDER + 1], counts[PMM_MAX_ORDER + 1], pages, phys;
	uint64_t total = p->total_pages, n = 0;
	uint64_t *pg = calloc(total + 1, sizeof(*pg));
	const char *bad = NULL;

	drain_pending(p);
	list_counts(p, initial, &pages);
	while (n <= total && pmm_alloc(p, 0, &phys) == 0)
		pg[n++] = phys;
	CHECK_UINT("exhaust: order-0 allocations until -ENOMEM number total_pages", n, total);
	CHECK_UINT("exhaust: free_pages is 0", p->free_pages, 0);
	for (unsigned o = 0; o <= PMM_MAX_ORDER; o++) {
		if (pmm_alloc(p, o, &phys) != -ENOMEM)
			bad = tap_fmt("order %u did not fail", o);
	}
	if (bad)
		FAIL("exhaust: every order gives -ENOMEM", bad);
	else
		PASS("exhaust: every order gives -ENOMEM");

	qsort(pg, n, sizeof(*pg), cmp_u64);
	bad = NULL;
	for (uint64_t i = 0; i < n && !bad; i++) {
		if (i && pg[i] == pg[i - 1])
			bad = tap_fmt("page %#llx handed out twice", (unsigned long long)pg[i]);
		else if (!is_usable(&small_map, pg[i], PG))
			bad = tap_fmt("page %#llx is not usable memory", (unsigned long long)pg[i]);
	}
	if (bad)
		FAIL("exhaust: pages distinct and all in usable memory", bad);
	else
		PASS("exhaust: pages distinct and all in usable memory");

	/* Tag every page, free a random half, check the other half was not touched. */
	for (uint64_t i = 0; i < n; i++)
		tag(pg[i], PG);
	for (uint64_t i = n; i > 1; i--) {
		uint64_t j = rnd((uint32_t)i), t = pg[i - 1];

		pg[i - 1] = pg[j];
		pg[j] = t;
	}
	bad = NULL;
	for (uint64_t i = 0; i < n / 2; i++) {
		if (pmm_free(p, pg[i], 0) != 0 && !bad)
			bad = tap_fmt("free of %#llx failed", (unsigned long long)pg[i]);
	}
	for (uint64_t i = n / 2; i < n && !bad; i++) {
		if (!tag_ok(pg[i], PG))
			bad = tap_fmt("allocated page %#llx was written by the allocator",
				      (unsigned long long)pg[i]);
	}
	if (bad)
		FAIL("exhaust: freeing half leaves allocated pages untouched", bad);
	else
		PASS("exhaust: freeing half leaves allocated pages untouched");
	CHECK_UINT("exhaust: free count after half", p->free_pages, n / 2);
	for (uint64_t i = n / 2; i < n; i++)
		pmm_free(p, pg[i], 0);
	CHECK_UINT("exhaust: free count back to the start", p->free_pages, total);
	CHECK("exhaust: lists well linked", list_counts(p, counts, &pages));
	CHECK("exhaust: buddies merged back into the initial blocks",
	      memcmp(counts, initial, sizeof(counts)) == 0);
	CHECK_UINT("exhaust: max-order blocks restored", counts[PMM_MAX_ORDER],
		   initial[PMM_MAX_ORDER]);
	free(pg);
}

/* Random orders against a shadow bitmap of allocated pages. */
static void test_random(struct pmm *p)
{
	enum { LIVE = 4096 };
	static uint64_t live_phys[LIVE];
	static unsigned live_order[LIVE];
	uint64_t initial[PMM_MAX_ORDER + 1], counts[PMM_MAX_ORDER + 1], pages;
	uint64_t npages = p->npages, used = 0;
	unsigned char *shadow = calloc(npages, 1);
	size_t nlive = 0;
	const char *bad = NULL;

	list_counts(p, initial, &pages);
	for (int step = 0; step < 200000 && !bad; step++) {
		if (nlive < LIVE && (nlive == 0 || rnd(100) < 55)) {
			unsigned o = rnd(8) ? rnd(4) : rnd(PMM_MAX_ORDER + 1);
			uint64_t phys, first;
			int r = pmm_alloc(p, o, &phys);

			if (r == -ENOMEM)
				continue;
			if (r != 0) {
				bad = tap_fmt("step %d: alloc order %u returned %d", step, o, r);
				break;
			}
			if (phys % (PG << o) || !is_usable(&small_map, phys, PG << o)) {
				bad = tap_fmt("step %d: bad block %#llx order %u", step,
					      (unsigned long long)phys, o);
				break;
			}
			first = phys / PG - p->base_pfn;
			for (uint64_t k = 0; k < (1ULL << o); k++) {
				if (shadow[first + k])
					bad = tap_fmt("step %d: page %#llx handed out twice", step,
						      (unsigned long long)(phys + k * PG));
				shadow[first + k] = 1;
			}
			tag(phys, PG << o);
			live_phys[nlive] = phys;
			live_order[nlive++] = o;
			used += 1ULL << o;
		} else {
			size_t i = rnd((uint32_t)nlive);
			uint64_t phys = live_phys[i], first = phys / PG - p->base_pfn;
			unsigned o = live_order[i];

			if (!tag_ok(phys, PG << o))
				bad = tap_fmt("step %d: live block %#llx was overwritten", step,
					      (unsigned long long)phys);
			else if (pmm_free(p, phys, o) != 0)
				bad = tap_fmt("step %d: free of %#llx order %u failed", step,
					      (unsigned long long)phys, o);
			for (uint64_t k = 0; k < (1ULL << o); k++)
				shadow[first + k] = 0;
			live_phys[i] = live_phys[--nlive];
			live_order[i] = live_order[nlive];
			used -= 1ULL << o;
		}
		if (!bad && p->free_pages + used != p->total_pages)
			bad = tap_fmt("step %d: free %llu + used %llu != total %llu", step,
				      (unsigned long long)p->free_pages, (unsigned long long)used,
				      (unsigned long long)p->total_pages);
	}
	if (bad)
		FAIL("random: 200000 mixed-order steps agree with a shadow model", bad);
	else
		PASS("random: 200000 mixed-order steps agree with a shadow model");
	while (nlive) {
		nlive--;
		pmm_free(p, live_phys[nlive], live_order[nlive]);
	}
	CHECK_UINT("random: free count back to the start", p->free_pages, p->total_pages);
	CHECK("random: lists well linked", list_counts(p, counts, &pages));
	CHECK("random: blocks merged back to the initial state",
	      memcmp(counts, initial, sizeof(counts)) == 0);
	free(shadow);
}

/* A bad free must fail and change nothing. */
static void expect_bad_free(struct pmm *p, const char *name, uint64_t phys, unsigned order)
{
	uint64_t before = p->free_pages;

	CHECK_INT(tap_fmt("bad free rejected: %s", name), pmm_free(p, phys, order), -EINVAL);
	CHECK_UINT(tap_fmt("bad free changed nothing: %s", name), p->free_pages, before);
}

static void test_bad_frees(struct pmm *p)
{
	uint64_t a, b, c, d, initial[PMM_MAX_ORDER + 1], counts[PMM_MAX_ORDER + 1], pages;

	list_counts(p, initial, &pages);
	CHECK_INT("alloc order above the maximum", pmm_alloc(p, PMM_MAX_ORDER + 1, &a), -EINVAL);

	pmm_alloc(p, 0, &a);
	CHECK_INT("free a page", pmm_free(p, a, 0), 0);
	expect_bad_free(p, "double free of a page", a, 0);

	/*
	 * Two buddies freed merge; the first one is then inside a bigger free
	 * block. With no free order-0 block left, two order-0 allocations split
	 * one block and get the two halves of its lowest pair.
	 */
	uint64_t drained[16];
	int nd = 0;

	while (p->free_list[0] && nd < 16)
		pmm_alloc(p, 0, &drained[nd++]);
	pmm_alloc(p, 0, &a);
	pmm_alloc(p, 0, &b);
	CHECK_UINT("two order-0 allocations from a split are buddies", a ^ b, PG);
	pmm_free(p, a, 0);
	pmm_free(p, b, 0);
	while (nd)
		pmm_free(p, drained[--nd], 0);
	expect_bad_free(p, "double free after merging", a, 0);
	expect_bad_free(p, "double free of the other buddy after merging", b, 0);

	pmm_alloc(p, 1, &c);
	expect_bad_free(p, "wrong order (smaller)", c, 0);
	expect_bad_free(p, "wrong order (larger)", c, 2);
	expect_bad_free(p, "second page of an order-1 block", c + PG, 0);
	expect_bad_free(p, "not page aligned", c + 0x10, 1);
	expect_bad_free(p, "misaligned for the order", c + PG, 1);
	expect_bad_free(p, "order above the maximum", c, PMM_MAX_ORDER + 1);
	expect_bad_free(p, "order far above the maximum", c, 1000);
	CHECK_INT("right order frees", pmm_free(p, c, 1), 0);

	expect_bad_free(p, "a free page never allocated", SMALL_ORIGIN + 2 * MiB, 0);
	expect_bad_free(p, "in the reserved hole", SMALL_ORIGIN + 700 * KiB, 0);
	expect_bad_free(p, "in the ACPI hole inside usable memory", SMALL_ORIGIN + 4 * MiB, 0);
	expect_bad_free(p, "the state array's page", SMALL_ORIGIN + 4 * KiB, 0);
	expect_bad_free(p, "below the first frame", SMALL_ORIGIN, 0);
	expect_bad_free(p, "address 0", 0, 0);
	expect_bad_free(p, "past the last frame", SMALL_ORIGIN + 9 * MiB + 544 * KiB, 0);
	expect_bad_free(p, "far past the last frame", 0xfffffffffffff000ULL, 0);
	/* 24 MiB is 2 MiB aligned, but the frames end at 25 MiB + 544 KiB. */
	expect_bad_free(p, "block running past the last frame", SMALL_ORIGIN + 8 * MiB,
			PMM_MAX_ORDER - 1);

	/* A large block whose buddy is partly allocated stays unmerged. */
	pmm_alloc(p, 3, &d);
	expect_bad_free(p, "page in the middle of an order-3 block", d + 4 * PG, 0);
	CHECK_INT("order-3 block frees", pmm_free(p, d, 3), 0);

	CHECK_UINT("bad frees: free count intact", p->free_pages, p->total_pages);
	CHECK("bad frees: lists well linked", list_counts(p, counts, &pages));
	CHECK("bad frees: block layout intact", memcmp(counts, initial, sizeof(counts)) == 0);
}

static void test_init_failures(void)
{
	struct memmap m = { .n = 0 };
	struct pmm p;

	setup_area(0, 64 * MiB);
	CHECK_INT("init with an empty map", pmm_init(&p, &m, p2v), -ENOMEM);
	memmap_add(&m, 0, 16 * MiB, MEM_RESERVED);
	CHECK_INT("init with only reserved memory", pmm_init(&p, &m, p2v), -ENOMEM);
	memmap_add(&m, 32 * MiB + 0x800, 0x800, MEM_USABLE);
	CHECK_INT("init with less than a page usable", pmm_init(&p, &m, p2v), -ENOMEM);

	m.n = 0;
	memmap_add(&m, 32 * MiB, PG, MEM_USABLE);
	CHECK_INT("init where the state array eats the only page", pmm_init(&p, &m, p2v), -ENOMEM);

	/* Two usable pages 40 MiB apart: the state array (10241 bytes, 3 pages) fits in neither. */
	m.n = 0;
	memmap_add(&m, 8 * MiB, PG, MEM_USABLE);
	memmap_add(&m, 48 * MiB, PG, MEM_USABLE);
	CHECK_INT("init with no room for the state array", pmm_init(&p, &m, p2v), -ENOMEM);

	m.n = 0;
	memmap_add(&m, 8 * MiB, 2 * PG, MEM_USABLE);
	CHECK_INT("init with two pages", pmm_init(&p, &m, p2v), 0);
	CHECK_UINT("two pages: one for the state, one managed", p.total_pages, 1);
	uint64_t a;
	CHECK_INT("two pages: the one page allocates", pmm_alloc(&p, 0, &a), 0);
	CHECK_UINT("two pages: it is the second", a, 8 * MiB + PG);
	CHECK_INT("two pages: then nothing", pmm_alloc(&p, 0, &a), -ENOMEM);
	CHECK_INT("two pages: free it", pmm_free(&p, a, 0), 0);
}

int main(void)
{
	struct pmm p;
	int r;

	test_sparse();

	r = small_init(&p);
	CHECK_INT("small: init succeeds", r, 0);
	if (r == 0) {
		test_small_init(&p);
		test_exhaust(&p);
		test_bad_frees(&p);
		test_random(&p);
	}
	test_init_failures();
	return tap_done();
}
