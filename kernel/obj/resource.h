/*
 * The device-resource object (kernel/obj/resource.c): whoever holds it with
 * MANAGE may map device memory and take interrupts. There is one; the kernel
 * gives init a handle to it, and init hands it (or less) to its drivers.
 * IRQs reach user space as notification bits.
 */
#ifndef OBJ_RESOURCE_H
#define OBJ_RESOURCE_H

#include <stdint.h>

#include "obj/object.h"

struct notification;

struct kobject *resource_object(void);
/* Routes ISA IRQ irq to signal bits on n (NULL unbinds). -EBUSY, -EINVAL. */
int irq_bind(unsigned irq, struct notification *n, uint64_t bits);

#endif
