/* The locked, global instance of the buddy allocator (see mm/page.h). */
#include "mm/page.h"

#include "arch/x86_64/layout.h"
#include "lib/spinlock.h"
#include "mm/pmm.h"

static struct pmm pmm;
static struct spinlock lock = SPINLOCK_INIT;

static void *direct(uint64_t phys)
{
	return p2v(phys);
}

int page_init(struct memmap *m)
{
	return pmm_init(&pmm, m, direct);
}

int page_alloc_order(unsigned order, uint64_t *phys)
{
	uint64_t f = spin_lock_irqsave(&lock);
	int err = pmm_alloc(&pmm, order, phys);
	spin_unlock_irqrestore(&lock, f);
	return err;
}

int page_free_order(uint64_t phys, unsigned order)
{
	uint64_t f = spin_lock_irqsave(&lock);
	int err = pmm_free(&pmm, phys, order);
	spin_unlock_irqrestore(&lock, f);
	return err;
}

int page_alloc(uint64_t *phys)
{
	return page_alloc_order(0, phys);
}

int page_free(uint64_t phys)
{
	return page_free_order(phys, 0);
}

uint64_t page_free_count(void)
{
	return __atomic_load_n(&pmm.free_pages, __ATOMIC_RELAXED);
}

uint64_t page_total_count(void)
{
	return pmm.total_pages;
}
