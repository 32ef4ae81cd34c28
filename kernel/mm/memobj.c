/* Anonymous memory objects: a page array filled on demand, freed with the object. */
#include "mm/memobj.h"

#include "arch/x86_64/layout.h"
#include "lib/string.h"
#include "mm/heap.h"
#include "mm/page.h"
#include "motor/errno.h"
#include "core/kernel.h"

static void memobj_destroy(struct kobject *o)
{
	struct memobj *m = (struct memobj *)o;
	for (uint64_t i = 0; i < m->npages && !m->fixed; i++)
		if (m->pages[i])
			page_free(m->pages[i]);
	kfree(m->pages);
	kfree(m);
}

static const struct kobject_ops memobj_ops = {.destroy = memobj_destroy};

int memobj_create(uint64_t size, struct memobj **out)
{
	if (size == 0 || size > (uint64_t)MEMOBJ_MAX_PAGES * 4096)
		return -EINVAL;
	uint64_t npages = (size + 4095) / 4096;
	struct memobj *m = kzalloc(sizeof(*m));
	uint64_t *pages = kzalloc(npages * sizeof(uint64_t));
	if (!m || !pages) {
		kfree(m);
		kfree(pages);
		return -ENOMEM;
	}
	kobject_init(&m->obj, MOTOR_OBJ_MEMORY, &memobj_ops);
	m->npages = npages;
	m->pages = pages;
	*out = m;
	return 0;
}

int memobj_create_device(uint64_t phys, uint64_t size, struct memobj **out)
{
	if ((phys | size) & 4095 || phys + size < phys)
		return -EINVAL;
	const struct memmap *mm = &boot.memmap;
	for (size_t i = 0; i < mm->n; i++) {
		const struct mem_range *r = &mm->r[i];
		bool ram = r->type == MEM_USABLE || r->type == MEM_KERNEL || r->type == MEM_ALLOCATED;
		if (ram && r->base < phys + size && phys < r->base + r->size)
			return -EACCES;
	}
	int err = memobj_create_fixed(phys, size, out);
	if (!err)
		(*out)->device = true;
	return err;
}

int memobj_create_fixed(uint64_t phys, uint64_t size, struct memobj **out)
{
	if ((phys | size) & 4095 || phys + size < phys)
		return -EINVAL;
	int err = memobj_create(size, out);
	if (err)
		return err;
	(*out)->fixed = true;
	for (uint64_t i = 0; i < (*out)->npages; i++)
		(*out)->pages[i] = phys + i * 4096;
	return 0;
}

int memobj_page(struct memobj *m, uint64_t i, uint64_t *phys)
{
	if (i >= m->npages)
		return -EFAULT;
	uint64_t f = spin_lock_irqsave(&m->lock);
	int err = 0;
	if (!m->pages[i]) {
		uint64_t pa;
		err = page_alloc_user(&pa);
		if (!err) {
			memset(p2v(pa), 0, 4096);
			m->pages[i] = pa;
		}
	}
	if (!err)
		*phys = m->pages[i];
	spin_unlock_irqrestore(&m->lock, f);
	return err;
}
