/*
 * Physical page allocator: a binary buddy allocator.
 *
 * Every frame between the lowest and highest USABLE page has a state byte.
 * A frame is MANAGED if it was usable at init (holes and carve-outs never
 * are). The first frame of a free block carries FREE and the block's order;
 * the first frame of an allocated block carries ALLOC and its order; every
 * other frame of a block is just MANAGED. Free blocks sit on per-order
 * doubly linked lists stored in the free pages themselves.
 *
 * Usable ranges start out pending: counted free, MANAGED, but on no list.
 * pmm_alloc releases pending memory one block at a time, lowest first, only
 * when no list can serve it, so init writes nothing into free memory.
 *
 * Because only the head of a live allocation has ALLOC with the right order,
 * pmm_free() rejects, without changing anything: an order above the maximum,
 * an address that is not page aligned or not aligned to the order, a block
 * that reaches outside the covered frames or starts in a hole, a double free
 * (the head is FREE, or the block was merged into a larger free block), an
 * address inside a block rather than at its head, and an order different
 * from the one allocated. Blocks must be freed whole, with their own order.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/string.h"
#include "mm/pmm.h"
#include "motor/errno.h"

#define PAGE_SHIFT 12
#define PAGE_MASK (PAGE_SIZE - 1)

#define ST_MANAGED 0x80
#define ST_FREE 0x40  /* head of a free block */
#define ST_ALLOC 0x20 /* head of an allocated block */
#define ST_ORDER 0x0f

/*
 * What a free block's first page holds. p2v cannot be inverted, so the page
 * also records its own frame number for when it is taken off a list.
 */
struct free_page {
	struct pmm_free_node node; /* first, so list pointers convert both ways */
	uint64_t pfn;
};

static uint8_t *state_of(struct pmm *p, uint64_t pfn)
{
	return &p->state[pfn - p->base_pfn];
}

static bool covered(const struct pmm *p, uint64_t pfn, uint64_t count)
{
	return pfn >= p->base_pfn && pfn - p->base_pfn < p->npages &&
	       count <= p->npages - (pfn - p->base_pfn);
}

static struct free_page *page_at(struct pmm *p, uint64_t pfn)
{
	return p->p2v(pfn << PAGE_SHIFT);
}

static void push_free(struct pmm *p, uint64_t pfn, unsigned order)
{
	struct free_page *fp = page_at(p, pfn);
	struct pmm_free_node *head = p->free_list[order];

	fp->pfn = pfn;
	fp->node.prev = NULL;
	fp->node.next = head;
	if (head)
		head->prev = &fp->node;
	p->free_list[order] = &fp->node;
	*state_of(p, pfn) = ST_MANAGED | ST_FREE | order;
}

/* Takes a block off its list; the caller rewrites its state byte. */
static void unlink_free(struct pmm *p, struct pmm_free_node *n, unsigned order)
{
	if (n->prev)
		n->prev->next = n->next;
	else
		p->free_list[order] = n->next;
	if (n->next)
		n->next->prev = n->prev;
}

static bool is_free_head(struct pmm *p, uint64_t pfn, unsigned order)
{
	return covered(p, pfn, 1) && *state_of(p, pfn) == (ST_MANAGED | ST_FREE | order);
}

/* Frame range [*lo, *hi) of whole pages in a range; false if it has none. */
static bool range_pages(const struct mem_range *r, uint64_t *lo, uint64_t *hi)
{
	uint64_t last;

	if (!r->size)
		return false;
	last = r->size - 1 > UINT64_MAX - r->base ? UINT64_MAX : r->base + (r->size - 1);
	*lo = (r->base >> PAGE_SHIFT) + ((r->base & PAGE_MASK) != 0);
	*hi = (last >> PAGE_SHIFT) + ((last & PAGE_MASK) == PAGE_MASK);
	return *lo < *hi;
}

/* The span of frames from the lowest to the highest USABLE page. */
static bool usable_span(const struct memmap *m, uint64_t *lo, uint64_t *hi)
{
	bool found = false;
	uint64_t a, b;
	size_t i;

	for (i = 0; i < m->n; i++) {
		if (m->r[i].type != MEM_USABLE || !range_pages(&m->r[i], &a, &b))
			continue;
		if (!found || a < *lo)
			*lo = a;
		if (!found || b > *hi)
			*hi = b;
		found = true;
	}
	return found;
}

/* The largest order whose naturally aligned block starts at pfn and fits in n frames. */
static unsigned fit_order(uint64_t pfn, uint64_t n)
{
	unsigned order = 0;

	while (order < PMM_MAX_ORDER && (pfn & ((2ULL << order) - 1)) == 0 && (2ULL << order) <= n)
		order++;
	return order;
}

/* Puts a block on its free list, merging with free buddies (frames are MANAGED). */
static void insert_block(struct pmm *p, uint64_t pfn, unsigned order)
{
	uint64_t buddy;

	for (; order < PMM_MAX_ORDER; order++) {
		buddy = pfn ^ (1ULL << order);
		if (!is_free_head(p, buddy, order))
			break;
		unlink_free(p, &page_at(p, buddy)->node, order);
		*state_of(p, buddy) = ST_MANAGED;
		pfn &= ~(1ULL << order);
	}
	push_free(p, pfn, order);
}

/* Marks the frames [lo, hi) managed and queues them for release. */
static void add_pending(struct pmm *p, uint64_t lo, uint64_t hi)
{
	memset(state_of(p, lo), ST_MANAGED, hi - lo);
	p->pending[p->npending].lo = lo;
	p->pending[p->npending].hi = hi;
	p->npending++;
	p->free_pages += hi - lo;
	p->total_pages += hi - lo;
}

/* Moves the next pending block (the largest aligned one that fits) onto the
 * free lists. False when nothing is pending. */
static bool release_one(struct pmm *p)
{
	while (p->next_pending < p->npending) {
		uint64_t *lo = &p->pending[p->next_pending].lo;
		uint64_t hi = p->pending[p->next_pending].hi;
		if (*lo < hi) {
			unsigned order = fit_order(*lo, hi - *lo);
			uint64_t pfn = *lo;
			*lo += 1ULL << order;
			insert_block(p, pfn, order);
			return true;
		}
		p->next_pending++;
	}
	return false;
}

int pmm_init(struct pmm *p, struct memmap *m, void *(*p2v)(uint64_t phys))
{
	uint64_t lo = 0, hi = 0, a, b, state;
	size_t i;

	memset(p, 0, sizeof(*p));
	p->p2v = p2v;
	memmap_sanitize(m);
	if (!usable_span(m, &lo, &hi))
		return -ENOMEM;
	/* One byte per frame, in whole pages; recorded in the map as MEM_ALLOCATED. */
	if (memmap_take(m, (hi - lo + PAGE_MASK) & ~PAGE_MASK, PAGE_SIZE, UINT64_MAX, &state))
		return -ENOMEM;
	p->base_pfn = lo;
	p->npages = hi - lo;
	p->state = p2v(state);
	memset(p->state, 0, p->npages);
	for (i = 0; i < m->n; i++) {
		if (m->r[i].type == MEM_USABLE && range_pages(&m->r[i], &a, &b))
			add_pending(p, a, b);
	}
	return p->total_pages ? 0 : -ENOMEM;
}

int pmm_alloc(struct pmm *p, unsigned order, uint64_t *phys)
{
	struct free_page *fp;
	unsigned k = order;
	uint64_t pfn;

	if (order > PMM_MAX_ORDER)
		return -EINVAL;
	for (;;) {
		while (k <= PMM_MAX_ORDER && !p->free_list[k])
			k++;
		if (k <= PMM_MAX_ORDER)
			break;
		if (!release_one(p))
			return -ENOMEM;
		k = order;
	}
	fp = (struct free_page *)p->free_list[k];
	pfn = fp->pfn;
	unlink_free(p, &fp->node, k);
	/* Split: the upper half of each too-big block goes back one order down. */
	while (k > order) {
		k--;
		push_free(p, pfn + (1ULL << k), k);
	}
	*state_of(p, pfn) = ST_MANAGED | ST_ALLOC | order;
	p->free_pages -= 1ULL << order;
	*phys = pfn << PAGE_SHIFT;
	return 0;
}

/* Whether [pfn, pfn + 2^order) is exactly a live allocation of that order. */
static bool valid_free(struct pmm *p, uint64_t phys, unsigned order)
{
	uint64_t pfn = phys >> PAGE_SHIFT;

	if (order > PMM_MAX_ORDER || (phys & PAGE_MASK) || (pfn & ((1ULL << order) - 1)))
		return false;
	if (!covered(p, pfn, 1ULL << order))
		return false;
	return *state_of(p, pfn) == (ST_MANAGED | ST_ALLOC | order);
}

int pmm_free(struct pmm *p, uint64_t phys, unsigned order)
{
	uint64_t pfn = phys >> PAGE_SHIFT;

	if (!valid_free(p, phys, order))
		return -EINVAL;
	p->free_pages += 1ULL << order;
	*state_of(p, pfn) = ST_MANAGED;
	insert_block(p, pfn, order);
	return 0;
}
