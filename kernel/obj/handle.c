/*
 * Handle tables: a growable array of entries with a free list through the
 * unused slots. Closing releases the object outside the table lock, since
 * destroying an object may take other locks.
 */
#include "obj/handle.h"

#include "lib/string.h"
#include "mm/heap.h"
#include "motor/errno.h"


static long encode(uint32_t slot, uint16_t gen)
{
	return ((long)(gen & 0x7fff) << 16) | (long)(slot + 1);
}

void handle_table_init(struct handle_table *t)
{
	memset(t, 0, sizeof(*t));
}

static int grow(struct handle_table *t)
{
	uint32_t cap = t->cap ? t->cap * 2 : 16;
	if (cap > MOTOR_MAX_HANDLES)
		cap = MOTOR_MAX_HANDLES;
	if (cap <= t->cap)
		return -EMFILE;
	struct handle_entry *e = kzalloc(cap * sizeof(*e));
	if (!e)
		return -ENOMEM;
	if (t->e)
		memcpy(e, t->e, t->cap * sizeof(*e));
	for (uint32_t i = cap; i > t->cap; i--) {
		e[i - 1].next_free = (uint16_t)t->free_head;
		t->free_head = i;
	}
	kfree(t->e);
	t->e = e;
	t->cap = cap;
	return 0;
}

/* Installs; `moved`: the handle left another table (handle_take), so the
 * object's count of handles does not change. */
static long install(struct handle_table *t, struct kobject *o, uint32_t rights, uint64_t badge,
		    bool moved)
{
	uint64_t f = spin_lock_irqsave(&t->lock);
	if (!t->free_head) {
		/* Growing allocates: do it without the lock held would race; the heap
		 * is safe to call with a spinlock held (it never sleeps). */
		int err = grow(t);
		if (err) {
			spin_unlock_irqrestore(&t->lock, f);
			return err;
		}
	}
	uint32_t slot = t->free_head - 1;
	struct handle_entry *e = &t->e[slot];
	t->free_head = e->next_free;
	kobject_get(o);
	e->obj = o;
	e->rights = rights;
	e->badge = badge;
	t->used++;
	long h = encode(slot, e->gen);
	spin_unlock_irqrestore(&t->lock, f);
	if (!moved && o->ops->handle_opened)
		o->ops->handle_opened(o, rights, badge);
	return h;
}

long handle_install(struct handle_table *t, struct kobject *o, uint32_t rights, uint64_t badge)
{
	return install(t, o, rights, badge, false);
}

long handle_install_moved(struct handle_table *t, struct kobject *o, uint32_t rights,
			  uint64_t badge)
{
	long h = install(t, o, rights, badge, true);
	if (h < 0 && o->ops->handle_closed)
		o->ops->handle_closed(o, rights, badge); /* the moved handle is lost */
	return h;
}

/* With the lock held: the live entry for h, or NULL. */
static struct handle_entry *lookup(struct handle_table *t, long h)
{
	if (h <= 0 || h > 0x7fffffffl)
		return NULL;
	uint32_t slot = (uint32_t)(h & 0xffff) - 1;
	uint16_t gen = (uint16_t)(h >> 16);
	if ((h & 0xffff) == 0 || slot >= t->cap)
		return NULL;
	struct handle_entry *e = &t->e[slot];
	if (!e->obj || (e->gen & 0x7fff) != gen)
		return NULL;
	return e;
}

static int check(struct handle_entry *e, uint32_t type, uint32_t need)
{
	if (!e)
		return -EBADF;
	if (type && e->obj->type != type)
		return -EINVAL;
	if ((e->rights & need) != need)
		return -EACCES;
	return 0;
}

int handle_get(struct handle_table *t, long h, uint32_t type, uint32_t need, struct kobject **o,
	       uint32_t *rights, uint64_t *badge)
{
	uint64_t f = spin_lock_irqsave(&t->lock);
	struct handle_entry *e = lookup(t, h);
	int err = check(e, type, need);
	if (!err) {
		kobject_get(e->obj);
		*o = e->obj;
		if (rights)
			*rights = e->rights;
		if (badge)
			*badge = e->badge;
	}
	spin_unlock_irqrestore(&t->lock, f);
	return err;
}

static void release_slot(struct handle_table *t, struct handle_entry *e)
{
	e->obj = NULL;
	e->gen++;
	e->next_free = (uint16_t)t->free_head;
	t->free_head = (uint32_t)(e - t->e) + 1;
	t->used--;
}

int handle_take(struct handle_table *t, long h, uint32_t need, struct kobject **o,
		uint32_t *rights, uint64_t *badge)
{
	uint64_t f = spin_lock_irqsave(&t->lock);
	struct handle_entry *e = lookup(t, h);
	int err = check(e, 0, need);
	if (!err) {
		*o = e->obj;
		*rights = e->rights;
		*badge = e->badge;
		release_slot(t, e);
	}
	spin_unlock_irqrestore(&t->lock, f);
	return err;
}

static void drop(struct kobject *o, uint32_t rights, uint64_t badge)
{
	if (o->ops->handle_closed)
		o->ops->handle_closed(o, rights, badge);
	kobject_put(o);
}

int handle_replace(struct handle_table *t, long h, struct kobject *o, uint32_t rights,
		   uint64_t badge)
{
	kobject_get(o);
	uint64_t f = spin_lock_irqsave(&t->lock);
	struct handle_entry *e = lookup(t, h);
	if (!e) {
		spin_unlock_irqrestore(&t->lock, f);
		kobject_put(o);
		return -EBADF;
	}
	struct kobject *old = e->obj;
	uint32_t old_rights = e->rights;
	uint64_t old_badge = e->badge;
	e->obj = o;
	e->rights = rights;
	e->badge = badge;
	spin_unlock_irqrestore(&t->lock, f);
	if (o->ops->handle_opened)
		o->ops->handle_opened(o, rights, badge);
	drop(old, old_rights, old_badge);
	return 0;
}

int handle_close(struct handle_table *t, long h)
{
	uint64_t f = spin_lock_irqsave(&t->lock);
	struct handle_entry *e = lookup(t, h);
	if (!e) {
		spin_unlock_irqrestore(&t->lock, f);
		return -EBADF;
	}
	struct kobject *o = e->obj;
	uint32_t rights = e->rights;
	uint64_t badge = e->badge;
	release_slot(t, e);
	spin_unlock_irqrestore(&t->lock, f);
	drop(o, rights, badge);
	return 0;
}

void handle_table_destroy(struct handle_table *t)
{
	for (uint32_t i = 0; i < t->cap; i++) {
		uint64_t f = spin_lock_irqsave(&t->lock);
		struct kobject *o = t->e[i].obj;
		uint32_t rights = t->e[i].rights;
		uint64_t badge = t->e[i].badge;
		if (o)
			release_slot(t, &t->e[i]);
		spin_unlock_irqrestore(&t->lock, f);
		if (o)
			drop(o, rights, badge);
	}
	kfree(t->e);
	t->e = NULL;
	t->cap = 0;
}

int handle_table_clone(struct handle_table *dst, struct handle_table *src)
{
	uint64_t f = spin_lock_irqsave(&src->lock);
	uint32_t cap = src->cap;
	spin_unlock_irqrestore(&src->lock, f);
	struct handle_entry *e = cap ? kzalloc(cap * sizeof(*e)) : NULL;
	if (cap && !e)
		return -ENOMEM;
	f = spin_lock_irqsave(&src->lock);
	if (src->cap != cap) { /* it grew meanwhile: try again */
		spin_unlock_irqrestore(&src->lock, f);
		kfree(e);
		return handle_table_clone(dst, src);
	}
	if (cap)
		memcpy(e, src->e, cap * sizeof(*e));
	for (uint32_t i = 0; i < cap; i++)
		if (e[i].obj)
			kobject_get(e[i].obj);
	dst->e = e;
	dst->cap = cap;
	dst->used = src->used;
	dst->free_head = src->free_head;
	spin_unlock_irqrestore(&src->lock, f);
	for (uint32_t i = 0; i < cap; i++)
		if (e[i].obj && e[i].obj->ops->handle_opened)
			e[i].obj->ops->handle_opened(e[i].obj, e[i].rights, e[i].badge);
	return 0;
}
