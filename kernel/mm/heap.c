/*
 * Kernel heap. A 16-byte header before every object records its size class
 * (or, for big objects, the page order) and a magic number. Small objects
 * are carved from single pages per class and kept on per-class free lists;
 * big objects are page blocks from the buddy allocator.
 */
#include "mm/heap.h"

#include "arch/x86_64/layout.h"
#include "core/panic.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "mm/page.h"
#include "mm/pmm.h"

#define HEAP_MAGIC 0x4d6f746f72486561ull /* "MotorHea" */
#define NCLASSES 8                       /* 16 << 0 .. 16 << 7 = 2048 bytes */
#define BIG 0xff

struct header {
	uint64_t magic;
	uint32_t cls;  /* size class, or BIG */
	uint32_t order; /* BIG: page order of the block */
};

struct free_obj {
	struct free_obj *next;
};

static struct free_obj *free_list[NCLASSES];
static struct spinlock lock = SPINLOCK_INIT;
static uint64_t in_use;

static size_t class_size(unsigned cls)
{
	return 16u << cls;
}

/* Splits a fresh page into objects of class cls (each object includes its header). */
static int refill(unsigned cls)
{
	uint64_t phys;
	int err = page_alloc(&phys);
	if (err)
		return err;
	char *page = p2v(phys);
	size_t sz = class_size(cls) + sizeof(struct header);
	for (size_t off = 0; off + sz <= 4096; off += sz) {
		struct free_obj *o = (struct free_obj *)(page + off);
		o->next = free_list[cls];
		free_list[cls] = o;
	}
	return 0;
}

static void *big_alloc(size_t size)
{
	size_t need = size + sizeof(struct header);
	unsigned order = 0;
	while ((4096ull << order) < need) {
		if (++order > PMM_MAX_ORDER)
			return NULL;
	}
	uint64_t phys;
	if (page_alloc_order(order, &phys))
		return NULL;
	struct header *h = p2v(phys);
	*h = (struct header){HEAP_MAGIC, BIG, order};
	__atomic_add_fetch(&in_use, 4096ull << order, __ATOMIC_RELAXED);
	return h + 1;
}

void *kmalloc(size_t size)
{
	if (size == 0)
		return NULL;
	unsigned cls = 0;
	while (cls < NCLASSES && class_size(cls) < size)
		cls++;
	if (cls == NCLASSES)
		return big_alloc(size);
	uint64_t f = spin_lock_irqsave(&lock);
	if (!free_list[cls] && refill(cls)) {
		spin_unlock_irqrestore(&lock, f);
		return NULL;
	}
	struct free_obj *o = free_list[cls];
	free_list[cls] = o->next;
	in_use += class_size(cls);
	spin_unlock_irqrestore(&lock, f);
	struct header *h = (struct header *)o;
	*h = (struct header){HEAP_MAGIC, cls, 0};
	return h + 1;
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);
	if (p)
		memset(p, 0, size);
	return p;
}

void kfree(void *p)
{
	if (!p)
		return;
	struct header *h = (struct header *)p - 1;
	if (h->magic != HEAP_MAGIC)
		panic("kfree(%p): not a heap object, or freed twice", p);
	h->magic = 0;
	if (h->cls == BIG) {
		__atomic_sub_fetch(&in_use, 4096ull << h->order, __ATOMIC_RELAXED);
		if (page_free_order(v2p(h), h->order))
			panic("kfree(%p): the page allocator refused the block", p);
		return;
	}
	unsigned cls = h->cls;
	if (cls >= NCLASSES)
		panic("kfree(%p): corrupt heap header", p);
	uint64_t f = spin_lock_irqsave(&lock);
	struct free_obj *o = (struct free_obj *)h;
	o->next = free_list[cls];
	in_use -= class_size(cls);
	free_list[cls] = o;
	spin_unlock_irqrestore(&lock, f);
}

uint64_t heap_bytes_in_use(void)
{
	return __atomic_load_n(&in_use, __ATOMIC_RELAXED);
}
