/*
 * memory.c — the allocator and anonymous mappings: 100000 random
 * malloc/realloc/free operations with pattern checks (deterministic PRNG),
 * 16-byte alignment, posix_memalign/aligned_alloc from 16 to 4096, calloc
 * zeroing and overflow, ENOMEM on impossible sizes, a 64 MiB block written in
 * full, realloc keeping content, mmap/munmap of anonymous memory, memory
 * given back and reused, and sbrk growing.
 *
 * TAP on stdout; exit status 0 only if every check passed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tap.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

/* Impossible sizes, hidden from the compiler so it does not warn about them. */
static volatile size_t size_max = SIZE_MAX;

/*
 * The allocator called through pointers the compiler cannot see through:
 * clang treats malloc as touching no memory of ours, so it may read errno
 * as it was before the call.
 */
static void *(*volatile malloc_)(size_t) = malloc;
static void *(*volatile calloc_)(size_t, size_t) = calloc;
static void *(*volatile realloc_)(void *, size_t) = realloc;

static void fill(unsigned char *p, size_t n, unsigned tag)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(tag + i * 7);
}

/* Returns the first index where the pattern is broken, or n. */
static size_t check(const unsigned char *p, size_t n, unsigned tag)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (unsigned char)(tag + i * 7))
			return i;
	return n;
}

static size_t random_size(void)
{
	uint64_t r = rng() % 1000;

	if (r < 700)
		return rng() % 129;        /* small, including 0 */
	if (r < 950)
		return rng() % 4097;       /* up to a page */
	if (r < 998)
		return rng() % 65537;      /* up to 64 KiB */
	return rng() % (1024 * 1024 + 1); /* rare large blocks */
}

static void test_random_ops(void)
{
	enum { SLOTS = 1024, OPS = 100000 };
	static struct {
		unsigned char *p;
		size_t n;
		unsigned tag;
	} s[SLOTS];
	int corrupt = 0, misaligned = 0, nulls = 0, mallocs = 0, reallocs = 0, frees = 0;

	for (int op = 0; op < OPS; op++) {
		int i = (int)(rng() % SLOTS);

		if (!s[i].p) {
			size_t n = random_size();

			s[i].p = malloc(n);
			mallocs++;
			if (!s[i].p) {
				if (n)
					nulls++;
				continue;
			}
			if ((uintptr_t)s[i].p % 16)
				misaligned++;
			s[i].n = n;
			s[i].tag = (unsigned)rng();
			fill(s[i].p, n, s[i].tag);
			continue;
		}
		if (check(s[i].p, s[i].n, s[i].tag) != s[i].n) {
			if (!corrupt)
				diag("op %d: block %p (%zu bytes) corrupted at %zu", op, (void *)s[i].p,
				     s[i].n, check(s[i].p, s[i].n, s[i].tag));
			corrupt++;
		}
		if (rng() % 3 == 0) {
			size_t n = random_size(), keep = n < s[i].n ? n : s[i].n;
			unsigned char *q = realloc(s[i].p, n);

			reallocs++;
			if (!q) {
				if (n) {
					nulls++;
					continue;
				}
				s[i].p = NULL; /* realloc(p, 0) may free and return NULL */
				continue;
			}
			if ((uintptr_t)q % 16)
				misaligned++;
			if (check(q, keep, s[i].tag) != keep) {
				if (!corrupt)
					diag("op %d: realloc %zu -> %zu lost content", op, s[i].n, n);
				corrupt++;
			}
			s[i].p = q;
			s[i].n = n;
			s[i].tag = (unsigned)rng();
			fill(q, n, s[i].tag);
		} else {
			free(s[i].p);
			frees++;
			s[i].p = NULL;
		}
	}
	for (int i = 0; i < SLOTS; i++) {
		if (s[i].p && check(s[i].p, s[i].n, s[i].tag) != s[i].n)
			corrupt++;
		free(s[i].p);
		s[i].p = NULL;
	}
	diag("%d mallocs, %d reallocs, %d frees", mallocs, reallocs, frees);
	is_int(nulls, 0, "no allocation failed during %d random operations", OPS);
	is_int(corrupt, 0, "no block lost its pattern during %d random operations", OPS);
	is_int(misaligned, 0, "every block was 16-byte aligned");
}

static void test_alignment(void)
{
	int bad = 0, fails = 0;
	void *p;

	for (size_t n = 1; n <= 300; n++) {
		void *q = malloc(n);

		if (!q || (uintptr_t)q % 16)
			bad++;
		free(q);
	}
	is_int(bad, 0, "malloc(1..300) results are 16-byte aligned");

	bad = 0;
	for (size_t a = 16; a <= 4096; a *= 2) {
		for (size_t n = 1; n <= 3 * a; n += a / 2 + 3) {
			int r = posix_memalign(&p, a, n);

			if (r) {
				fails++;
				continue;
			}
			if ((uintptr_t)p % a)
				bad++;
			memset(p, 0x5a, n);
			free(p);
		}
	}
	is_int(fails, 0, "posix_memalign 16..4096 always succeeds");
	is_int(bad, 0, "posix_memalign results have the requested alignment");
	bad = fails = 0;
	for (size_t a = 16; a <= 4096; a *= 2) {
		p = aligned_alloc(a, 2 * a);
		if (!p) {
			fails++;
			continue;
		}
		if ((uintptr_t)p % a)
			bad++;
		memset(p, 0xa5, 2 * a);
		free(p);
	}
	is_int(fails, 0, "aligned_alloc 16..4096 always succeeds");
	is_int(bad, 0, "aligned_alloc results have the requested alignment");
	p = (void *)1;
	is_int(posix_memalign(&p, 3, 64), EINVAL, "posix_memalign with alignment 3 is EINVAL");
	is_int(posix_memalign(&p, 4, 64), EINVAL,
	       "posix_memalign with alignment 4 (< sizeof(void *)) is EINVAL");
	is_int(posix_memalign(&p, 24, 64), EINVAL, "posix_memalign with alignment 24 is EINVAL");
	is_int(posix_memalign(&p, 16, size_max / 2), ENOMEM, "posix_memalign of SIZE_MAX/2 is ENOMEM");
}

static void test_calloc_and_limits(void)
{
	unsigned char *p, *q;
	size_t nz = 0, huge = size_max, half = size_max / 2;

	/* Dirty some memory so calloc cannot get away with reusing it as is. */
	p = malloc(8000);
	memset(p, 0xff, 8000);
	free(p);
	p = calloc(1000, 8);
	ok(p != NULL, "calloc(1000, 8)");
	for (size_t i = 0; p && i < 8000; i++)
		if (p[i])
			nz++;
	is_int(nz, 0, "calloc memory is zeroed");
	free(p);
	p = calloc(1 << 20, 2);
	nz = 0;
	for (size_t i = 0; p && i < (2u << 20); i += 97)
		if (p[i])
			nz++;
	ok(p != NULL && nz == 0, "calloc of 2 MiB is zeroed");
	free(p);

	null_errno_is(calloc_(half, 4), ENOMEM, "calloc(SIZE_MAX/2, 4) overflows: NULL, ENOMEM");
	null_errno_is(calloc_(4, half), ENOMEM, "calloc(4, SIZE_MAX/2) overflows: NULL, ENOMEM");
	/* n * size wraps to 8 here: a calloc that multiplies without checking returns 8 bytes. */
	null_errno_is(calloc_(half / 4 + 2, 8), ENOMEM,
		      "calloc(SIZE_MAX/8 + 2, 8) wraps to 8 bytes: must be NULL, ENOMEM");
	null_errno_is(calloc_(4, half / 2 + 2), ENOMEM,
		      "calloc(4, SIZE_MAX/4 + 2) wraps to 4 bytes: must be NULL, ENOMEM");
	null_errno_is(malloc_(huge), ENOMEM, "malloc(SIZE_MAX) is NULL, ENOMEM");
	null_errno_is(malloc_(half), ENOMEM, "malloc(SIZE_MAX/2) is NULL, ENOMEM");
	p = malloc(100);
	fill(p, 100, 3);
	null_errno_is(q = realloc_(p, half), ENOMEM, "realloc to SIZE_MAX/2 is NULL, ENOMEM");
	if (q)
		p = q;
	is_int(check(p, 100, 3), 100, "and the old block is untouched");
	free(p);
	free(NULL);
	ok(1, "free(NULL) is harmless");
	p = malloc(0);
	ok(1, "malloc(0) returns %s", p ? "a pointer" : "NULL");
	free(p);
}

static void test_big_block(void)
{
	size_t n = 64u << 20, bad = 0;
	uint64_t *p = malloc(n);

	ok(p != NULL, "malloc of 64 MiB");
	if (!p)
		return;
	for (size_t i = 0; i < n / 8; i++)
		p[i] = i * 0x9e3779b97f4a7c15ULL;
	for (size_t i = 0; i < n / 8; i++)
		if (p[i] != i * 0x9e3779b97f4a7c15ULL)
			bad++;
	is_int(bad, 0, "all 64 MiB written and read back");
	free(p);
	/* The same amount again, several times: freed memory comes back. */
	bad = 0;
	for (int round = 0; round < 4; round++) {
		unsigned char *q = malloc(n);

		if (!q) {
			bad++;
			continue;
		}
		for (size_t i = 0; i < n; i += 4096)
			q[i] = (unsigned char)round;
		free(q);
	}
	is_int(bad, 0, "64 MiB allocated and freed 4 more times");
}

static void test_realloc(void)
{
	size_t sizes[] = { 10, 100, 1000, 10000, 100000, 1000000, 3000000 };
	unsigned char *p = realloc(NULL, 10);
	int good = 1;

	ok(p != NULL, "realloc(NULL, 10) allocates");
	fill(p, 10, 77);
	for (size_t k = 1; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		unsigned char *q = realloc(p, sizes[k]);

		if (!q || check(q, sizes[k - 1], 77) != sizes[k - 1]) {
			good = 0;
			break;
		}
		p = q;
		fill(p, sizes[k], 77);
	}
	ok(good, "realloc growth 10 -> 3000000 keeps the content");
	for (int k = (int)(sizeof(sizes) / sizeof(sizes[0])) - 2; k >= 0 && good; k--) {
		unsigned char *q = realloc(p, sizes[k]);

		if (!q || check(q, sizes[k], 77) != sizes[k])
			good = 0;
		else
			p = q;
	}
	ok(good, "realloc shrinking back to 10 keeps the content");
	free(p);
}

static void test_mmap(void)
{
	size_t len = 1 << 20, nz = 0;
	unsigned char *p, *q;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
	ok(p != MAP_FAILED, "mmap 1 MiB anonymous");
	if (p == MAP_FAILED)
		return;
	is_int((uintptr_t)p % 4096, 0, "the mapping is page-aligned");
	for (size_t i = 0; i < len; i++)
		if (p[i])
			nz++;
	is_int(nz, 0, "anonymous memory is zero-filled");
	fill(p, len, 9);
	is_int(check(p, len, 9), len, "and holds what is written");
	q = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
	ok(q != MAP_FAILED && (q + len <= p || q >= p + len), "a second mapping does not overlap");
	is_int(check(p, len, 9), len, "the first mapping is unchanged");
	is_int(munmap(q, len), 0, "munmap the second");
	/* Unmap one page in the middle; the rest stays usable. */
	is_int(munmap(p + 4096 * 8, 4096), 0, "munmap one page in the middle");
	is_int(check(p, 4096 * 8, 9), 4096 * 8, "the pages before it are intact");
	ok(p[4096 * 9] == (unsigned char)(9 + 4096 * 9 * 7), "the pages after it are intact");
	is_int(munmap(p, len), 0, "munmap the whole range (with a hole in it)");

	errno_is2((intptr_t)mmap(NULL, 0, PROT_READ, MAP_ANONYMOUS | MAP_PRIVATE, -1, 0), EINVAL,
		  EINVAL, "mmap of length 0 is EINVAL");
	errno_is(munmap((char *)p + 1, 4096), EINVAL, "munmap of an unaligned address is EINVAL");

	/* Map and unmap 32 MiB repeatedly: unmapped memory must be given back. */
	{
		size_t big = 32u << 20;
		int fails = 0;

		for (int round = 0; round < 8; round++) {
			unsigned char *m = mmap(NULL, big, PROT_READ | PROT_WRITE,
						MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);

			if (m == MAP_FAILED) {
				fails++;
				continue;
			}
			for (size_t i = 0; i < big; i += 4096)
				m[i] = 1;
			if (munmap(m, big) != 0)
				fails++;
		}
		is_int(fails, 0, "32 MiB mapped, touched and unmapped 8 times");
	}
}

static void test_sbrk(void)
{
	char *before = sbrk(0), *after;
	void *blocks[256];

	ok(before != (char *)-1, "sbrk(0)");
	for (int i = 0; i < 256; i++) {
		blocks[i] = malloc(4000);
		if (blocks[i])
			memset(blocks[i], 1, 4000);
	}
	after = sbrk(0);
#ifdef __SANITIZE_ADDRESS__
	skip("AddressSanitizer's allocator does not use brk", "sbrk(0) grew (+%ld)",
	     (long)(after - before));
#else
	ok(after > before, "sbrk(0) grew after 1 MB of small allocations (+%ld)",
	   (long)(after - before));
#endif
	for (int i = 0; i < 256; i++)
		free(blocks[i]);
}

int main(void)
{
	test_sbrk(); /* first, while the heap is small */
	test_alignment();
	test_calloc_and_limits();
	test_random_ops();
	test_realloc();
	test_big_block();
	test_mmap();
	return done_testing();
}
