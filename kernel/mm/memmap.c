/*
 * Physical memory map: the firmware's ranges made sorted and disjoint, plus
 * the kernel's own carve-outs.
 *
 * Sanitizing is an elementary-interval sweep: every range start and every
 * range end is a boundary, and between two consecutive boundaries the set of
 * covering ranges is constant, so each such piece gets the most restrictive
 * covering type. Pieces come out in address order and are merged with their
 * neighbour when the type matches. This is correct for any overlapping,
 * nested or unsorted input. Ranges are handled as inclusive [first, last] so
 * that a range ending exactly at 2^64 needs no special case and no sum can
 * wrap. No allocation: the sweep reads a copy of the input on the stack
 * (about 3 KiB) and finds each next boundary by scanning all ranges, which
 * is quadratic in the number of ranges, but that is at most MEMMAP_MAX.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mm/memmap.h"
#include "motor/errno.h"

#define PAGE_MASK (PAGE_SIZE - 1)

/* Last byte of a non-empty range; a range claiming to wrap is cut at 2^64 - 1. */
static uint64_t range_last(const struct mem_range *r)
{
	return r->size - 1 > UINT64_MAX - r->base ? UINT64_MAX : r->base + (r->size - 1);
}

/* Overlap winner: anything beats USABLE, otherwise the higher type number. */
static uint64_t priority(uint32_t type)
{
	return type == MEM_USABLE ? 0 : (uint64_t)type + 1;
}

/* The type covering address x, if any range covers it. */
static bool cover_type(const struct mem_range *in, size_t n, uint64_t x, uint32_t *type)
{
	bool covered = false;
	size_t i;

	for (i = 0; i < n; i++) {
		if (in[i].base > x || range_last(&in[i]) < x)
			continue;
		if (!covered || priority(in[i].type) > priority(*type))
			*type = in[i].type;
		covered = true;
	}
	return covered;
}

/* The lowest address above x where a range starts or ends; false if none. */
static bool next_boundary(const struct mem_range *in, size_t n, uint64_t x, uint64_t *next)
{
	bool found = false;
	size_t i;

	for (i = 0; i < n; i++) {
		uint64_t last = range_last(&in[i]), b;

		if (in[i].base > x)
			b = in[i].base;
		else if (last >= x && last != UINT64_MAX)
			b = last + 1;
		else
			continue;
		if (!found || b < *next)
			*next = b;
		found = true;
	}
	return found;
}

/*
 * A cut drops, from the output, the ranges of one class (USABLE or the rest)
 * whose (size, base) is at or below a key. Bases are distinct, so raising the
 * key to the smallest range still kept drops exactly one more range.
 */
struct cut {
	bool on;
	uint64_t size, base;
};

enum { CLASS_USABLE, CLASS_OTHER, NCLASS };

/* Output of the sweep: one pending range, grown while pieces continue it. */
struct sweep {
	struct mem_range *out;
	size_t cap;
	size_t n; /* ranges produced, even past cap */
	bool open;
	uint64_t first, last;
	uint32_t type;
	struct cut cut[NCLASS];      /* in: what to drop */
	struct cut smallest[NCLASS]; /* out: the smallest range kept, per class */
};

static bool key_le(uint64_t size, uint64_t base, const struct cut *k)
{
	return size < k->size || (size == k->size && base <= k->base);
}

/* USABLE ranges shrink inward to whole pages, possibly to nothing. */
static bool page_align(uint64_t *first, uint64_t *last)
{
	uint64_t f, end;

	if (*first > UINT64_MAX - PAGE_MASK)
		return false;
	f = (*first + PAGE_MASK) & ~PAGE_MASK;
	if (*last != UINT64_MAX) {
		end = (*last + 1) & ~PAGE_MASK;
		if (end <= f)
			return false;
		*last = end - 1;
	}
	*first = f;
	return true;
}

static void sweep_flush(struct sweep *s)
{
	uint64_t first = s->first, last = s->last, size;
	int cls = s->type == MEM_USABLE ? CLASS_USABLE : CLASS_OTHER;

	if (!s->open)
		return;
	s->open = false;
	if (cls == CLASS_USABLE && !page_align(&first, &last))
		return;
	size = last - first + 1;
	if (s->cut[cls].on && key_le(size, first, &s->cut[cls]))
		return;
	if (!s->smallest[cls].on || key_le(size, first, &s->smallest[cls]))
		s->smallest[cls] = (struct cut){ true, size, first };
	if (s->n < s->cap)
		s->out[s->n] = (struct mem_range){ first, size, s->type };
	s->n++;
}

static void sweep_piece(struct sweep *s, uint64_t first, uint64_t last, uint32_t type)
{
	/* Merge unless the result would be all of 2^64, whose size does not fit. */
	if (s->open && s->type == type && s->last + 1 == first &&
	    !(s->first == 0 && last == UINT64_MAX)) {
		s->last = last;
		return;
	}
	sweep_flush(s);
	s->open = true;
	s->first = first;
	s->last = last;
	s->type = type;
}

/* Writes up to s->cap clean ranges to s->out; s->n says how many there are in all. */
static void sweep(const struct mem_range *in, size_t n, struct sweep *s)
{
	uint64_t x = 0, next = 0;
	uint32_t type = 0;
	bool more;

	s->n = 0;
	s->open = false;
	s->smallest[CLASS_USABLE].on = s->smallest[CLASS_OTHER].on = false;
	for (;;) {
		more = next_boundary(in, n, x, &next);
		if (cover_type(in, n, x, &type))
			sweep_piece(s, x, more ? next - 1 : UINT64_MAX, type);
		if (!more)
			break;
		x = next;
	}
	sweep_flush(s);
}

/*
 * The sweep reads a copy, since its output overwrites the table. When the
 * clean map has more than MEMMAP_MAX ranges, the smallest USABLE ranges are
 * given up one by one (losing memory is safe, using reserved memory is not),
 * then if need be the smallest of the others. A dropped range becomes a hole,
 * and holes are never allocated.
 */
void memmap_sanitize(struct memmap *m)
{
	struct mem_range in[MEMMAP_MAX];
	struct sweep s = { .out = m->r, .cap = MEMMAP_MAX };
	size_t i, n = 0;

	for (i = 0; i < m->n && i < MEMMAP_MAX; i++) {
		if (m->r[i].size)
			in[n++] = m->r[i];
	}
	for (;;) {
		sweep(in, n, &s);
		if (s.n <= MEMMAP_MAX)
			break;
		if (s.smallest[CLASS_USABLE].on)
			s.cut[CLASS_USABLE] = s.smallest[CLASS_USABLE];
		else
			s.cut[CLASS_OTHER] = s.smallest[CLASS_OTHER];
	}
	m->n = s.n;
}

/* Whether [base, base+size) fits below 2^64; size 0 always does. */
static bool span_ok(uint64_t base, uint64_t size)
{
	return size == 0 || size - 1 <= UINT64_MAX - base;
}

int memmap_add(struct memmap *m, uint64_t base, uint64_t size, uint32_t type)
{
	if (!span_ok(base, size))
		return -EINVAL;
	if (!size)
		return 0; /* nothing to record, and no slot spent on it */
	if (m->n >= MEMMAP_MAX)
		return -ENOSPC;
	m->r[m->n].base = base;
	m->r[m->n].size = size;
	m->r[m->n].type = type;
	m->n++;
	return 0;
}

/* How many ranges r becomes when [first, last] inside it changes type. */
static size_t split_count(const struct mem_range *r, uint64_t first, uint64_t last)
{
	uint64_t rlast = range_last(r);

	if (r->base > last || rlast < first)
		return 1;
	return 1 + (r->base < first) + (rlast > last);
}

/* Writes the pieces of r, in order, ending just before out[*j]. */
static void split_into(struct mem_range *out, size_t *j, struct mem_range r, uint64_t first,
		       uint64_t last, uint32_t type)
{
	uint64_t rlast = range_last(&r), lo, hi;

	if (r.base > last || rlast < first) {
		out[--*j] = r;
		return;
	}
	lo = r.base > first ? r.base : first;
	hi = rlast < last ? rlast : last;
	if (rlast > last)
		out[--*j] = (struct mem_range){ last + 1, rlast - last, r.type };
	out[--*j] = (struct mem_range){ lo, hi - lo + 1, type };
	if (r.base < first)
		out[--*j] = (struct mem_range){ r.base, first - r.base, r.type };
}

int memmap_mark(struct memmap *m, uint64_t base, uint64_t size, uint32_t type)
{
	uint64_t last;
	size_t i, total = 0, j;

	if (!span_ok(base, size))
		return -EINVAL;
	if (!size)
		return 0;
	last = base + (size - 1);
	memmap_sanitize(m);
	for (i = 0; i < m->n; i++)
		total += split_count(&m->r[i], base, last);
	if (total > MEMMAP_MAX)
		return -ENOSPC;
	/* Expand in place from the back: range i's pieces land at indices >= i. */
	j = total;
	for (i = m->n; i-- > 0;)
		split_into(m->r, &j, m->r[i], base, last, type);
	m->n = total;
	memmap_sanitize(m);
	return 0;
}

/* The lowest aligned address in r where size bytes fit and end at or below limit. */
static bool fit_in(const struct mem_range *r, uint64_t size, uint64_t align, uint64_t limit,
		   uint64_t *addr)
{
	uint64_t last = range_last(r), a;

	if (r->base > UINT64_MAX - (align - 1))
		return false;
	a = (r->base + (align - 1)) & ~(align - 1);
	if (a > last || size - 1 > last - a)
		return false;
	if (size > limit || a > limit - size)
		return false;
	*addr = a;
	return true;
}

int memmap_take(struct memmap *m, uint64_t size, uint64_t align, uint64_t limit, uint64_t *out)
{
	uint64_t best = 0, a;
	bool found = false;
	size_t i;
	int r;

	if (!size || !align || (align & (align - 1)))
		return -EINVAL;
	/* Only a clean map says which USABLE bytes are really free. */
	memmap_sanitize(m);
	for (i = 0; i < m->n; i++) {
		if (m->r[i].type != MEM_USABLE || !fit_in(&m->r[i], size, align, limit, &a))
			continue;
		if (!found || a < best)
			best = a;
		found = true;
	}
	if (!found)
		return -ENOMEM;
	r = memmap_mark(m, best, size, MEM_ALLOCATED);
	if (r)
		return r;
	*out = best;
	return 0;
}

uint64_t memmap_total(const struct memmap *m, uint32_t type)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < m->n && i < MEMMAP_MAX; i++) {
		if (m->r[i].type != type)
			continue;
		/* Saturate: ranges covering all of 2^64 bytes add up to more than fits. */
		sum = m->r[i].size > UINT64_MAX - sum ? UINT64_MAX : sum + m->r[i].size;
	}
	return sum;
}

const char *memmap_type_name(uint32_t type)
{
	switch (type) {
	case MEM_USABLE: return "usable";
	case MEM_RESERVED: return "reserved";
	case MEM_ACPI_RECLAIM: return "ACPI data";
	case MEM_ACPI_NVS: return "ACPI NVS";
	case MEM_BAD: return "bad";
	case MEM_KERNEL: return "kernel";
	case MEM_ALLOCATED: return "allocated";
	default: return "unknown";
	}
}
