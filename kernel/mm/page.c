/* The locked, global instance of the buddy allocator (see mm/page.h). */
#include "mm/page.h"

#include "arch/x86_64/layout.h"
#include "lib/spinlock.h"
#include "mm/heap.h"
#include "mm/pmm.h"
#include "motor/errno.h"

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

int page_admit_user(void)
{
	uint64_t reserve = pmm.total_pages / 32;
	if (reserve < 256)
		reserve = 256;
	return page_free_count() < reserve ? -ENOMEM : 0;
}

int page_alloc_user(uint64_t *phys)
{
	int err = page_admit_user();
	return err ? err : page_alloc_order(0, phys);
}

int page_free(uint64_t phys)
{
	return page_free_order(phys, 0);
}

/* Extra users per frame (0: one owner), made on first use: fork is rare. */
static uint16_t *shares;
static struct spinlock share_lock = SPINLOCK_INIT;

static uint16_t *share_slot(uint64_t phys)
{
	uint64_t pfn = phys >> 12;
	if (!shares || pfn < pmm.base_pfn || pfn - pmm.base_pfn >= pmm.npages)
		return NULL;
	return &shares[pfn - pmm.base_pfn];
}

int page_share(uint64_t phys)
{
	uint64_t f = spin_lock_irqsave(&share_lock);
	if (!shares) {
		spin_unlock_irqrestore(&share_lock, f);
		uint16_t *t = kzalloc(pmm.npages * sizeof(uint16_t));
		if (!t)
			return -ENOMEM;
		f = spin_lock_irqsave(&share_lock);
		if (shares)
			kfree(t);
		else
			shares = t;
	}
	uint16_t *c = share_slot(phys);
	int err = !c ? -EINVAL : *c == UINT16_MAX ? -ENOMEM : 0;
	if (!err)
		(*c)++;
	spin_unlock_irqrestore(&share_lock, f);
	return err;
}

void page_put(uint64_t phys)
{
	uint64_t f = spin_lock_irqsave(&share_lock);
	uint16_t *c = share_slot(phys);
	bool last = !c || *c == 0;
	if (!last)
		(*c)--;
	spin_unlock_irqrestore(&share_lock, f);
	if (last)
		page_free(phys);
}

bool page_shared(uint64_t phys)
{
	uint64_t f = spin_lock_irqsave(&share_lock);
	uint16_t *c = share_slot(phys);
	bool shared = c && *c;
	spin_unlock_irqrestore(&share_lock, f);
	return shared;
}

uint64_t page_free_count(void)
{
	return __atomic_load_n(&pmm.free_pages, __ATOMIC_RELAXED);
}

uint64_t page_total_count(void)
{
	return pmm.total_pages;
}
