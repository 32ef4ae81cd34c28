/*
 * User address spaces: regions, lazy faults, W^X, copies to and from user
 * memory. One lock per address space; TLB entries of removed or downgraded
 * mappings are flushed on every CPU (smp_tlb_shootdown).
 */
#include "mm/vm.h"

#include "arch/x86_64/layout.h"
#include "arch/x86_64/pagetable.h"
#include "arch/x86_64/paging.h"
#include "arch/x86_64/smp.h"
#include "arch/x86_64/uaccess.h"
#include "core/time.h"
#include "lib/string.h"
#include "motor/timepage.h"
#include "mm/heap.h"
#include "mm/memobj.h"
#include "mm/page.h"
#include "sched/thread.h"
#include "motor/errno.h"

#define PAGE 4096ull

bool vm_user_range(uint64_t addr, uint64_t len)
{
	return addr >= USER_MIN && addr + len >= addr && addr + len <= USER_TOP;
}

static uint64_t pte_flags(uint32_t prot)
{
	if (!prot)
		return PTE_PROTNONE;
	uint64_t f = PTE_U;
	if (prot & VM_W)
		f |= PTE_W;
	if (!(prot & VM_X))
		f |= PTE_NX;
	return f;
}

static int insert(struct vm_space *vm, uint64_t start, uint64_t end, uint32_t prot);

int vm_create(struct vm_space **out)
{
	struct vm_space *vm = kzalloc(sizeof(*vm));
	if (!vm)
		return -ENOMEM;
	int err = pt_create(&vm->pml4);
	if (err) {
		kfree(vm);
		return err;
	}
	vm->lock = (struct spinlock)SPINLOCK_INIT;
	/* The time page, read-only, at the same address in every process. */
	err = pt_map(vm->pml4, MOTOR_TIME_PAGE, time_page_phys(), PTE_NX);
	if (!err)
		err = insert(vm, MOTOR_TIME_PAGE, MOTOR_TIME_PAGE + PAGE, VM_R);
	if (err) {
		vm_destroy(vm);
		return err;
	}
	vm->regions->fixed = true;
	*out = vm;
	return 0;
}

/* One more page mapped: keeps the peak for ru_maxrss. */
static void count_page(struct vm_space *vm)
{
	if (++vm->pages > vm->peak_pages)
		vm->peak_pages = vm->pages;
}

uint64_t vm_virtual_bytes(struct vm_space *vm)
{
	uint64_t n = 0;
	for (struct vm_region *r = vm->regions; r; r = r->next)
		if (!r->guard && !r->fixed)
			n += r->end - r->start;
	return n;
}

static void release_page(uint64_t pa)
{
	if (pa != time_page_phys())
		page_put(pa);
}

/* Takes a shared region's pages out of the page table without freeing them. */
static void unmap_borrowed(struct vm_space *vm, struct vm_region *r)
{
	for (uint64_t va = pt_next_mapped(vm->pml4, r->start, r->end); va < r->end;
	     va = pt_next_mapped(vm->pml4, va + PAGE, r->end))
		if (pt_unmap(vm->pml4, va) & PTE_MAPPED)
			vm->pages--;
}

static void region_free(struct vm_region *r)
{
	if (r->mobj)
		kobject_put(&r->mobj->obj);
	kfree(r);
}

void vm_destroy(struct vm_space *vm)
{
	for (struct vm_region *r = vm->regions; r; r = r->next)
		if (r->mobj)
			unmap_borrowed(vm, r);
	pt_destroy(vm->pml4, release_page);
	for (struct vm_region *r = vm->regions, *n; r; r = n) {
		n = r->next;
		region_free(r);
	}
	kfree(vm);
}

static struct vm_region *find(struct vm_space *vm, uint64_t addr)
{
	for (struct vm_region *r = vm->regions; r && r->start <= addr; r = r->next)
		if (addr < r->end)
			return r;
	return NULL;
}

static bool overlaps(struct vm_space *vm, uint64_t start, uint64_t end)
{
	for (struct vm_region *r = vm->regions; r; r = r->next)
		if (r->start < end && start < r->end)
			return true;
	return false;
}

static int insert(struct vm_space *vm, uint64_t start, uint64_t end, uint32_t prot)
{
	struct vm_region *n = kmalloc(sizeof(*n));
	if (!n)
		return -ENOMEM;
	n->start = start;
	n->end = end;
	n->prot = prot;
	n->fixed = false;
	n->guard = false;
	n->maxprot = VM_R | VM_W | VM_X;
	n->mobj = NULL;
	n->mobj_off = 0;
	struct vm_region **pp = &vm->regions;
	while (*pp && (*pp)->start < start)
		pp = &(*pp)->next;
	n->next = *pp;
	*pp = n;
	return 0;
}

static bool prot_ok(uint32_t prot)
{
	return !(prot & ~(uint32_t)(VM_R | VM_W | VM_X)) && (prot & (VM_W | VM_X)) != (VM_W | VM_X);
}

int vm_region_add(struct vm_space *vm, uint64_t start, uint64_t len, uint32_t prot)
{
	if ((start | len) & (PAGE - 1) || !len || !vm_user_range(start, len) ||
	    (prot && !prot_ok(prot)))
		return -EINVAL;
	uint64_t f = spin_lock_irqsave(&vm->lock);
	int err = overlaps(vm, start, start + len) ? -EEXIST : insert(vm, start, start + len, prot);
	if (!err && !prot)
		find(vm, start)->guard = true;
	spin_unlock_irqrestore(&vm->lock, f);
	return err;
}

static int map_common(struct vm_space *vm, uint64_t hint, uint64_t len, uint32_t prot,
		      struct memobj *m, uint64_t off, uint32_t maxprot, uint64_t *addr);

int vm_map_anon(struct vm_space *vm, uint64_t hint, uint64_t len, uint32_t prot, uint64_t *addr)
{
	return map_common(vm, hint, len, prot, NULL, 0, VM_R | VM_W | VM_X, addr);
}

/* Adds a region at hint or at the first free place, attached to m if not NULL. */
static int map_common(struct vm_space *vm, uint64_t hint, uint64_t len, uint32_t prot,
		      struct memobj *m, uint64_t off, uint32_t maxprot, uint64_t *addr)
{
	/* An anonymous region may start inaccessible (PROT_NONE: guards, reservations). */
	if (!len || len > USER_TOP || !prot_ok(prot) || (m && !prot))
		return -EINVAL;
	len = (len + PAGE - 1) & ~(PAGE - 1);
	uint64_t f = spin_lock_irqsave(&vm->lock);
	uint64_t start = hint & ~(PAGE - 1);
	if (!hint || !vm_user_range(start, len) || overlaps(vm, start, start + len)) {
		/* First fit above the mmap base. */
		start = USER_MMAP_BASE;
		for (struct vm_region *r = vm->regions; r; r = r->next) {
			if (r->end <= start)
				continue;
			if (r->start >= start + len)
				break;
			start = r->end;
		}
	}
	int err = -ENOMEM;
	if (vm_user_range(start, len) && !overlaps(vm, start, start + len))
		err = insert(vm, start, start + len, prot);
	if (!err && m) {
		struct vm_region *r = find(vm, start);
		kobject_get(&m->obj);
		r->mobj = m;
		r->mobj_off = off / PAGE;
		r->maxprot = maxprot;
	}
	spin_unlock_irqrestore(&vm->lock, f);
	if (!err)
		*addr = start;
	return err;
}

int vm_map_object(struct vm_space *vm, struct memobj *m, uint64_t off, uint64_t len,
		  uint32_t prot, uint32_t maxprot, uint64_t hint, uint64_t *addr)
{
	if (prot & ~maxprot)
		return -EACCES;
	if ((off & (PAGE - 1)) || !len)
		return -EINVAL;
	uint64_t pages = (len + PAGE - 1) / PAGE;
	if (off / PAGE > m->npages || pages > m->npages - off / PAGE)
		return -EINVAL;
	return map_common(vm, hint, len, prot, m, off, maxprot, addr);
}

/*
 * Splits regions so that none straddles addr. -ENOMEM if a split needs
 * memory and none is left (nothing has changed then).
 */
static int split_at(struct vm_space *vm, uint64_t addr)
{
	struct vm_region *r = find(vm, addr);
	if (!r || r->start == addr)
		return 0;
	struct vm_region *n = kmalloc(sizeof(*n));
	if (!n)
		return -ENOMEM;
	*n = *r;
	n->start = addr;
	if (n->mobj) {
		kobject_get(&n->mobj->obj);
		n->mobj_off += (addr - r->start) / PAGE;
	}
	r->end = addr;
	r->next = n;
	return 0;
}

static int check_range(uint64_t addr, uint64_t len)
{
	if ((addr & (PAGE - 1)) || !len || !vm_user_range(addr, (len + PAGE - 1) & ~(PAGE - 1)))
		return -EINVAL;
	return 0;
}

/* With the lock held: true if [start, end) touches a kernel-owned region. */
static bool touches_fixed(struct vm_space *vm, uint64_t start, uint64_t end)
{
	for (struct vm_region *r = vm->regions; r; r = r->next)
		if (r->fixed && r->start < end && start < r->end)
			return true;
	return false;
}

int vm_unmap(struct vm_space *vm, uint64_t addr, uint64_t len)
{
	int err = check_range(addr, len);
	if (err)
		return err;
	uint64_t end = addr + ((len + PAGE - 1) & ~(PAGE - 1));
	uint64_t f = spin_lock_irqsave(&vm->lock);
	err = touches_fixed(vm, addr, end) ? -EINVAL : split_at(vm, addr);
	if (!err)
		err = split_at(vm, end);
	if (!err) {
		struct vm_region **pp = &vm->regions;
		while (*pp) {
			struct vm_region *r = *pp;
			if (r->start >= addr && r->end <= end && !r->guard) {
				if (r->mobj) {
					unmap_borrowed(vm, r);
				} else {
					for (uint64_t va = pt_next_mapped(vm->pml4, r->start, r->end);
					     va < r->end;
					     va = pt_next_mapped(vm->pml4, va + PAGE, r->end)) {
						uint64_t old = pt_unmap(vm->pml4, va);
						if (old & PTE_MAPPED) {
							page_put(old & PTE_ADDR);
							vm->pages--;
						}
					}
				}
				*pp = r->next;
				region_free(r);
			} else {
				pp = &r->next;
			}
		}
	}
	spin_unlock_irqrestore(&vm->lock, f);
	smp_tlb_shootdown();
	return err;
}

int vm_protect(struct vm_space *vm, uint64_t addr, uint64_t len, uint32_t prot)
{
	int err = check_range(addr, len);
	if (err)
		return err;
	if (!prot_ok(prot))
		return -EINVAL;
	uint64_t end = addr + ((len + PAGE - 1) & ~(PAGE - 1));
	uint64_t f = spin_lock_irqsave(&vm->lock);
	/* The whole range must be mapped (and not a guard) before anything changes. */
	uint64_t at = addr;
	for (struct vm_region *r = vm->regions; r && at < end; r = r->next) {
		if (r->end <= at)
			continue;
		if (r->start > at || r->guard)
			break;
		at = r->end;
	}
	if (at < end)
		err = -ENOMEM;
	if (!err && touches_fixed(vm, addr, end))
		err = -EINVAL;
	for (struct vm_region *r = vm->regions; r && !err; r = r->next)
		if (r->start < end && addr < r->end && (prot & ~r->maxprot))
			err = -EACCES; /* more than the memory object's handle allowed */
	if (!err)
		err = split_at(vm, addr);
	if (!err)
		err = split_at(vm, end);
	if (!err) {
		for (struct vm_region *r = vm->regions; r; r = r->next) {
			if (r->start < addr || r->end > end)
				continue;
			r->prot = prot;
			uint64_t flags = pte_flags(prot) |
					 (r->mobj && r->mobj->device ? PTE_PCD | PTE_PWT : 0);
			for (uint64_t va = pt_next_mapped(vm->pml4, r->start, r->end); va < r->end;
			     va = pt_next_mapped(vm->pml4, va + PAGE, r->end)) {
				uint64_t e = pt_lookup(vm->pml4, va);
				if (!(e & PTE_MAPPED))
					continue;
				/* A page shared since a clone stays read-only: the first
				 * write copies it (cow_break). */
				bool cow = !r->mobj && page_shared(e & PTE_ADDR);
				pt_protect(vm->pml4, va, cow ? flags & ~PTE_W : flags);
			}
		}
	}
	spin_unlock_irqrestore(&vm->lock, f);
	smp_tlb_shootdown();
	return err;
}

static bool access_ok(uint32_t prot, enum vm_access a)
{
	switch (a) {
	case VM_READ:
		return prot & VM_R;
	case VM_WRITE:
		return prot & VM_W;
	case VM_EXEC:
		return prot & VM_X;
	}
	return false;
}

/* With the lock held: maps a zeroed page at va for region r. */
static int populate(struct vm_space *vm, struct vm_region *r, uint64_t va)
{
	uint64_t pa;
	if (r->mobj) {
		int err = memobj_page(r->mobj, r->mobj_off + (va - r->start) / PAGE, &pa);
		uint64_t flags = pte_flags(r->prot) | (r->mobj->device ? PTE_PCD | PTE_PWT : 0);
		if (!err)
			err = pt_map(vm->pml4, va, pa, flags);
		if (!err)
			count_page(vm);
		return err == -EEXIST ? 0 : err;
	}
	int err = page_alloc_user(&pa);
	if (err)
		return err;
	memset(p2v(pa), 0, PAGE);
	err = pt_map(vm->pml4, va, pa, pte_flags(r->prot));
	if (err) {
		page_free(pa);
		return err == -EEXIST ? 0 : err; /* another thread mapped it first */
	}
	count_page(vm);
	return 0;
}

/*
 * With the lock held: gives va (in anonymous region r) its own copy of a
 * page it shares after a clone, or just write access when it is the last
 * user. Other CPUs may cache the old read-only entry: *flush asks the caller
 * for a shootdown once the lock is dropped.
 */
static int cow_break(struct vm_space *vm, struct vm_region *r, uint64_t va, uint64_t e,
		     bool *flush)
{
	uint64_t old = e & PTE_ADDR, pa = old;
	if (page_shared(old)) {
		if (page_alloc_user(&pa))
			return -ENOMEM;
		memcpy(p2v(pa), p2v(old), PAGE);
	}
	pt_unmap(vm->pml4, va);
	pt_map(vm->pml4, va, pa, pte_flags(r->prot));
	invlpg(va);
	if (pa != old) {
		page_put(old);
		*flush = true;
	}
	return 0;
}

/*
 * With the lock held: makes the page at va present and, for a write, private
 * (copy-on-write) and writable as the region allows. *pa gets its frame.
 */
static int ensure_page(struct vm_space *vm, struct vm_region *r, uint64_t va, bool write,
		       uint64_t *pa, bool *flush)
{
	uint64_t e = pt_lookup(vm->pml4, va);
	if (!(e & PTE_P)) {
		int err = populate(vm, r, va);
		if (err)
			return err;
		e = pt_lookup(vm->pml4, va);
	}
	if (write && !r->mobj &&
	    (page_shared(e & PTE_ADDR) || ((r->prot & VM_W) && !(e & PTE_W)))) {
		int err = cow_break(vm, r, va, e, flush);
		if (err)
			return err;
		e = pt_lookup(vm->pml4, va);
	}
	*pa = e & PTE_ADDR;
	return 0;
}

int vm_fault(struct vm_space *vm, uint64_t addr, enum vm_access access)
{
	if (!vm_user_range(addr, 1))
		return -EFAULT;
	uint64_t va = addr & ~(PAGE - 1);
	bool flush = false;
	uint64_t f = spin_lock_irqsave(&vm->lock);
	struct vm_region *r = find(vm, va);
	int err = r ? -EACCES : -EFAULT;
	if (r && access_ok(r->prot, access)) {
		uint64_t pa;
		/* Present already and allowed: a stale TLB entry here, or a racing thread. */
		err = ensure_page(vm, r, va, access == VM_WRITE, &pa, &flush);
	}
	spin_unlock_irqrestore(&vm->lock, f);
	if (flush)
		smp_tlb_shootdown_later();
	return err;
}

/*
 * Copies n bytes (within one page) between kbuf and the user page at addr,
 * faulting it in. The copy happens under the lock, so the page cannot be
 * unmapped and freed halfway.
 */
static int copy_page(struct vm_space *vm, uint64_t addr, char *kbuf, size_t n, bool out,
		     bool force)
{
	uint64_t va = addr & ~(PAGE - 1);
	bool flush = false;
	uint64_t f = spin_lock_irqsave(&vm->lock);
	struct vm_region *r = find(vm, va);
	int err = -EFAULT;
	if (r && r->prot && !(force && r->fixed) &&
	    (force || access_ok(r->prot, out ? VM_WRITE : VM_READ))) {
		uint64_t pa;
		err = ensure_page(vm, r, va, out, &pa, &flush);
		if (!err) {
			char *p = (char *)p2v(pa) + (addr & (PAGE - 1));
			if (out)
				memcpy(p, kbuf, n);
			else
				memcpy(kbuf, p, n);
		}
	}
	spin_unlock_irqrestore(&vm->lock, f);
	if (flush)
		smp_tlb_shootdown_later();
	return err == -ENOMEM ? -ENOMEM : err ? -EFAULT : 0;
}

/* The address space the CPU has loaded: its user pages are reachable through their mapping. */
static bool is_loaded(struct vm_space *vm)
{
	struct thread *t = current_thread();
	return t && t->proc && t->proc->vm == vm && read_cr3() == vm->pml4;
}

static int copy(struct vm_space *vm, uint64_t uaddr, void *kbuf, size_t len, bool out,
		bool force)
{
	if (!vm_user_range(uaddr, len))
		return -EFAULT;
	/* The fast way: the MMU checks the pages, and faults go through vm_fault
	 * (uaccess.c). Forced writes (loaders) ignore permissions: the slow way. */
	if (!force && is_loaded(vm))
		return (int)(out ? uaccess_copy((void *)uaddr, kbuf, len)
				 : uaccess_copy(kbuf, (const void *)uaddr, len));
	char *k = kbuf;
	while (len) {
		size_t n = PAGE - (uaddr & (PAGE - 1));
		if (n > len)
			n = len;
		int err = copy_page(vm, uaddr, k, n, out, force);
		if (err)
			return err;
		k += n;
		uaddr += n;
		len -= n;
	}
	return 0;
}

int vm_copy_in(struct vm_space *vm, void *dst, uint64_t user_src, size_t len)
{
	return copy(vm, user_src, dst, len, false, false);
}

int vm_copy_out(struct vm_space *vm, uint64_t user_dst, const void *src, size_t len)
{
	return copy(vm, user_dst, (void *)src, len, true, false);
}

int vm_poke(struct vm_space *vm, uint64_t user_dst, const void *src, size_t len)
{
	return copy(vm, user_dst, (void *)src, len, true, true);
}

/* With the lock held: the direct-map pointer to the user byte at addr, faulted in. */
static char *resolve(struct vm_space *vm, uint64_t addr, enum vm_access a, bool force, int *err,
		     bool *flush)
{
	uint64_t va = addr & ~(PAGE - 1);
	struct vm_region *r = find(vm, va);
	if (!r || !r->prot || (force && r->fixed) || (!force && !access_ok(r->prot, a))) {
		*err = -EFAULT; /* forced writes (loaders) never reach the shared time page */
		return NULL;
	}
	uint64_t pa;
	*err = ensure_page(vm, r, va, a == VM_WRITE, &pa, flush);
	return *err ? NULL : (char *)p2v(pa) + (addr & (PAGE - 1));
}

static int copy_cross(struct vm_space *dst_vm, uint64_t dst, struct vm_space *src_vm, uint64_t src,
		      size_t len, bool force);

int vm_copy_cross(struct vm_space *dst_vm, uint64_t dst, struct vm_space *src_vm, uint64_t src,
		  size_t len)
{
	return copy_cross(dst_vm, dst, src_vm, src, len, false);
}

int vm_copy_cross_force(struct vm_space *dst_vm, uint64_t dst, struct vm_space *src_vm,
			uint64_t src, size_t len)
{
	return copy_cross(dst_vm, dst, src_vm, src, len, true);
}

static int copy_cross(struct vm_space *dst_vm, uint64_t dst, struct vm_space *src_vm, uint64_t src,
		      size_t len, bool force)
{
	if (!vm_user_range(dst, len) || !vm_user_range(src, len))
		return -EFAULT;
	/* Both locks, in address order, for each chunk: neither page can go away mid-copy. */
	struct vm_space *first = dst_vm < src_vm ? dst_vm : src_vm;
	struct vm_space *second = dst_vm < src_vm ? src_vm : dst_vm;
	while (len) {
		size_t n = PAGE - (dst & (PAGE - 1));
		size_t m = PAGE - (src & (PAGE - 1));
		if (m < n)
			n = m;
		if (n > len)
			n = len;
		uint64_t f = spin_lock_irqsave(&first->lock);
		if (second != first)
			spin_lock(&second->lock);
		int err = 0;
		bool flush = false;
		char *d = resolve(dst_vm, dst, VM_WRITE, force, &err, &flush);
		char *s = d ? resolve(src_vm, src, VM_READ, false, &err, &flush) : NULL;
		if (s)
			memcpy(d, s, n);
		if (second != first)
			spin_unlock(&second->lock);
		spin_unlock_irqrestore(&first->lock, f);
		if (flush)
			smp_tlb_shootdown_later();
		if (err)
			return err == -ENOMEM ? -ENOMEM : -EFAULT;
		dst += n;
		src += n;
		len -= n;
	}
	return 0;
}

int vm_clone(struct vm_space *src, struct vm_space *dst)
{
	int err = 0;
	uint64_t f = spin_lock_irqsave(&src->lock);
	for (struct vm_region *r = src->regions; r && !err; r = r->next) {
		if (r->fixed)
			continue; /* the time page: dst has its own mapping of it */
		err = insert(dst, r->start, r->end, r->prot);
		if (err)
			break;
		struct vm_region *d = find(dst, r->start);
		d->maxprot = r->maxprot;
		d->guard = r->guard;
		if (r->mobj) {
			kobject_get(&r->mobj->obj);
			d->mobj = r->mobj;
			d->mobj_off = r->mobj_off;
		}
		for (uint64_t va = pt_next_mapped(src->pml4, r->start, r->end); va < r->end && !err;
		     va = pt_next_mapped(src->pml4, va + PAGE, r->end)) {
			uint64_t e = pt_lookup(src->pml4, va);
			if (!(e & PTE_MAPPED))
				continue;
			uint64_t pa = e & PTE_ADDR;
			uint64_t flags = pte_flags(r->prot);
			if (!r->mobj) {
				/* Private memory: both sides share it read-only until one writes. */
				err = page_share(pa);
				if (err)
					break;
				flags &= ~PTE_W;
				if (e & PTE_W)
					pt_protect(src->pml4, va, flags);
			}
			err = pt_map(dst->pml4, va, pa, flags);
			if (err) {
				if (!r->mobj)
					page_put(pa);
				break;
			}
			count_page(dst);
		}
	}
	spin_unlock_irqrestore(&src->lock, f);
	smp_tlb_shootdown(); /* src's writable entries became read-only */
	return err;
}

bool vm_range_ok(struct vm_space *vm, uint64_t addr, uint64_t len, enum vm_access a)
{
	if (!vm_user_range(addr, len))
		return false;
	uint64_t end = addr + len, at = addr;
	uint64_t f = spin_lock_irqsave(&vm->lock);
	for (struct vm_region *r = vm->regions; r && at < end; r = r->next) {
		if (r->end <= at)
			continue;
		if (r->start > at || !access_ok(r->prot, a))
			break;
		at = r->end;
	}
	spin_unlock_irqrestore(&vm->lock, f);
	return at >= end;
}
