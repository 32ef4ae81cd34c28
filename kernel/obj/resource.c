/*
 * Device resources and user-space interrupts. A bound ISA IRQ is routed by
 * the I/O APIC to vector VEC_IRQ_BASE + irq on the boot CPU; the handler
 * signals the bound notification (keeping a reference to it) and EOIs.
 */
#include "obj/resource.h"

#include "arch/x86_64/ioapic.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/trap.h"
#include "ipc/ipc.h"
#include "lib/spinlock.h"
#include "motor/errno.h"

#define ISA_IRQS 16

static void resource_destroy(struct kobject *o)
{
	(void)o; /* static: never freed */
}

static const struct kobject_ops resource_ops = {.destroy = resource_destroy};
static struct kobject resource = {MOTOR_OBJ_RESOURCE, 1, &resource_ops};

struct kobject *resource_object(void)
{
	return &resource;
}

static struct {
	struct notification *n;
	uint64_t bits;
} bound[ISA_IRQS];
static struct spinlock lock = SPINLOCK_INIT;

static void user_irq(struct trap_frame *tf)
{
	unsigned irq = (unsigned)(tf->vector - VEC_IRQ_BASE);
	spin_lock(&lock);
	struct notification *n = irq < ISA_IRQS ? bound[irq].n : NULL;
	uint64_t bits = irq < ISA_IRQS ? bound[irq].bits : 0;
	if (n)
		kobject_get(&n->obj);
	spin_unlock(&lock);
	lapic_eoi();
	if (n) {
		notify_signal(n, bits, 0);
		kobject_put(&n->obj);
	}
}

int irq_bind(unsigned irq, struct notification *n, uint64_t bits)
{
	if (irq >= ISA_IRQS || (n && !bits))
		return -EINVAL;
	unsigned vector = VEC_IRQ_BASE + irq;
	uint64_t f = spin_lock_irqsave(&lock);
	struct notification *old = bound[irq].n;
	if (n && (old || irq_handler_of(vector))) {
		spin_unlock_irqrestore(&lock, f);
		return -EBUSY; /* bound already, or the kernel uses it (the console) */
	}
	if (n)
		kobject_get(&n->obj);
	bound[irq].n = n;
	bound[irq].bits = bits;
	spin_unlock_irqrestore(&lock, f);
	if (n) {
		irq_register(vector, user_irq);
		int err = ioapic_route_isa(irq, (uint8_t)vector, cpus[0].apic_id);
		if (err)
			return err;
	} else if (old) {
		ioapic_mask_isa(irq);
		irq_register(vector, NULL);
		kobject_put(&old->obj);
	}
	return 0;
}
