/*
 * Kernel objects (kernel/obj/object.c): the common header of everything a
 * handle can name. Reference counted; the last put destroys the object.
 * Each type also hears when the last handle carrying a given right goes
 * (an endpoint's last receiver: its server is gone).
 */
#ifndef OBJ_OBJECT_H
#define OBJ_OBJECT_H

#include <stdint.h>

#include "motor/handle.h"

struct kobject;

struct kobject_ops {
	void (*destroy)(struct kobject *o);
	/* Optional: a handle with these rights was created (called without locks held). */
	void (*handle_opened)(struct kobject *o, uint32_t rights, uint64_t badge);
	/* Optional: a handle with these rights was closed (called without locks held). */
	void (*handle_closed)(struct kobject *o, uint32_t rights, uint64_t badge);
};

struct kobject {
	uint32_t type; /* enum motor_object_type */
	volatile uint32_t refs;
	const struct kobject_ops *ops;
};

static inline void kobject_init(struct kobject *o, uint32_t type, const struct kobject_ops *ops)
{
	o->type = type;
	o->refs = 1;
	o->ops = ops;
}

static inline void kobject_get(struct kobject *o)
{
	__atomic_add_fetch(&o->refs, 1, __ATOMIC_RELAXED);
}

static inline void kobject_put(struct kobject *o)
{
	if (__atomic_sub_fetch(&o->refs, 1, __ATOMIC_ACQ_REL) == 0)
		o->ops->destroy(o);
}

#endif
