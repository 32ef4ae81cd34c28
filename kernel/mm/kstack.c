/*
 * Guarded kernel stacks. The stack area is cut into fixed slots of one guard
 * page plus KSTACK_SIZE; a bitmap records which slots hold a stack. Freed
 * slots are reused lowest first.
 */
#include "mm/kstack.h"

#include "arch/x86_64/layout.h"
#include "arch/x86_64/paging.h"
#include "arch/x86_64/smp.h"
#include "lib/spinlock.h"
#include "mm/page.h"
#include "motor/errno.h"

#define MAX_STACKS 4096
#define GUARD 4096ull

static uint64_t used[MAX_STACKS / 64];
static struct spinlock lock = SPINLOCK_INIT;

extern char boot_stack[], boot_stack_top[];

static uint64_t slot_base(unsigned i)
{
	return KSTACK_BASE + (uint64_t)i * KSTACK_SLOT;
}

static bool slot_used(unsigned i)
{
	return used[i / 64] & (1ull << (i % 64));
}

static void unmap_pages(uint64_t from, uint64_t to)
{
	for (uint64_t va = from; va < to; va += 4096) {
		uint64_t pa;
		if (paging_unmap(va, &pa) == 0)
			page_free(pa);
	}
}

int kstack_alloc(uint64_t *top)
{
	uint64_t f = spin_lock_irqsave(&lock);
	unsigned i = 0;
	while (i < MAX_STACKS && slot_used(i))
		i++;
	if (i == MAX_STACKS) {
		spin_unlock_irqrestore(&lock, f);
		return -ENOMEM;
	}
	used[i / 64] |= 1ull << (i % 64);
	spin_unlock_irqrestore(&lock, f);

	uint64_t lo = slot_base(i) + GUARD, hi = lo + KSTACK_SIZE;
	for (uint64_t va = lo; va < hi; va += 4096) {
		uint64_t pa;
		int err = page_alloc(&pa);
		if (!err) {
			err = paging_map(va, pa, PTE_W | PTE_NX | PTE_G);
			if (err)
				page_free(pa);
		}
		if (err) {
			unmap_pages(lo, va);
			f = spin_lock_irqsave(&lock);
			used[i / 64] &= ~(1ull << (i % 64));
			spin_unlock_irqrestore(&lock, f);
			return err;
		}
	}
	*top = hi;
	return 0;
}

int kstack_free(uint64_t top)
{
	if (top < KSTACK_BASE + KSTACK_SLOT || (top - KSTACK_BASE) % KSTACK_SLOT)
		return -EINVAL;
	unsigned i = (unsigned)((top - KSTACK_BASE) / KSTACK_SLOT) - 1;
	if (i >= MAX_STACKS || !slot_used(i))
		return -EINVAL;
	unmap_pages(slot_base(i) + GUARD, top);
	uint64_t f = spin_lock_irqsave(&lock);
	used[i / 64] &= ~(1ull << (i % 64));
	spin_unlock_irqrestore(&lock, f);
	return 0;
}

static uint64_t deferred[MAX_STACKS];
static unsigned ndeferred;

void kstack_free_deferred(uint64_t top)
{
	uint64_t f = spin_lock_irqsave(&lock);
	if (ndeferred < MAX_STACKS)
		deferred[ndeferred++] = top;
	spin_unlock_irqrestore(&lock, f);
}

void kstack_collect(void)
{
	if (!__atomic_load_n(&ndeferred, __ATOMIC_RELAXED))
		return;
	static struct spinlock collect_lock = SPINLOCK_INIT; /* guards the batch arrays */
	static uint64_t batch[64];
	unsigned n = 0;
	spin_lock(&collect_lock);
	uint64_t f = spin_lock_irqsave(&lock);
	while (ndeferred && n < 64)
		batch[n++] = deferred[--ndeferred];
	spin_unlock_irqrestore(&lock, f);
	/* Unmap first, then flush every CPU, and only then hand the pages back:
	 * no CPU can reach a page that is free. */
	static uint64_t pages[64 * (KSTACK_SIZE / 4096)];
	unsigned np = 0;
	for (unsigned i = 0; i < n; i++) {
		for (uint64_t va = batch[i] - KSTACK_SIZE; va < batch[i]; va += 4096) {
			uint64_t pa;
			if (paging_unmap(va, &pa) == 0)
				pages[np++] = pa;
		}
	}
	smp_tlb_shootdown();
	for (unsigned i = 0; i < np; i++)
		page_free(pages[i]);
	f = spin_lock_irqsave(&lock);
	for (unsigned i = 0; i < n; i++) {
		unsigned slot = (unsigned)((batch[i] - KSTACK_BASE) / KSTACK_SLOT) - 1;
		used[slot / 64] &= ~(1ull << (slot % 64));
	}
	spin_unlock_irqrestore(&lock, f);
	spin_unlock(&collect_lock);
}

/* Slot index of addr, or -1 outside the area. */
static long slot_of(uint64_t addr)
{
	if (addr < KSTACK_BASE || addr >= KSTACK_BASE + (uint64_t)MAX_STACKS * KSTACK_SLOT)
		return -1;
	return (long)((addr - KSTACK_BASE) / KSTACK_SLOT);
}

bool kstack_in_guard(uint64_t addr)
{
	long i = slot_of(addr);
	return i >= 0 && slot_used((unsigned)i) && addr - slot_base((unsigned)i) < GUARD;
}

bool kstack_readable(uint64_t addr, size_t len)
{
	uint64_t end = addr + len;
	if (end < addr)
		return false;
	if (addr >= (uint64_t)boot_stack && end <= (uint64_t)boot_stack_top)
		return true;
	long i = slot_of(addr);
	if (i < 0 || !slot_used((unsigned)i))
		return false;
	uint64_t lo = slot_base((unsigned)i) + GUARD;
	return addr >= lo && end <= lo + KSTACK_SIZE;
}
