/*
 * System calls gated by the device-resource handle (obj/resource.c): device
 * memory and interrupts for user-space drivers, the console, and power.
 */
#include "core/sys_proc.h"

#include "core/console.h"
#include "core/log.h"
#include "core/power.h"
#include "ipc/ipc.h"
#include "mm/memobj.h"
#include "motor/errno.h"
#include "motor/handle.h"
#include "motor/syscall.h"
#include "obj/resource.h"
#include "sched/thread.h"

static struct handle_table *table(void)
{
	return &current_thread()->proc->handles;
}

static int check_resource(long h)
{
	struct kobject *o;
	int err = handle_get(table(), h, MOTOR_OBJ_RESOURCE, MOTOR_RIGHT_MANAGE, &o, NULL, NULL);
	if (!err)
		kobject_put(o);
	return err;
}

long sys_mem_create_physical(const uint64_t *a)
{
	int err = check_resource((long)a[0]);
	if (err)
		return err;
	struct memobj *m;
	err = memobj_create_device(a[1], a[2], &m);
	if (err)
		return err;
	long h = handle_install(table(), &m->obj,
				MOTOR_RIGHT_DUP | MOTOR_RIGHT_TRANSFER | MOTOR_RIGHT_READ |
					MOTOR_RIGHT_WRITE,
				0);
	kobject_put(&m->obj);
	return h;
}

long sys_irq_bind(const uint64_t *a)
{
	int err = check_resource((long)a[0]);
	if (err)
		return err;
	if (a[1] > 255)
		return -EINVAL;
	if (a[2] == 0)
		return irq_bind((unsigned)a[1], NULL, 0);
	struct kobject *o;
	err = handle_get(table(), (long)a[2], MOTOR_OBJ_NOTIFICATION, MOTOR_RIGHT_SIGNAL, &o, NULL,
			 NULL);
	if (err)
		return err;
	err = irq_bind((unsigned)a[1], (struct notification *)o, a[3]);
	kobject_put(o);
	return err;
}

long sys_console_read(const uint64_t *a)
{
	int err = check_resource((long)a[0]);
	if (err)
		return err;
	uint8_t buf[256];
	size_t want = a[2] < sizeof(buf) ? a[2] : sizeof(buf);
	struct vm_space *vm = current_thread()->proc->vm;
	if (want && !vm_range_ok(vm, a[1], want, VM_WRITE))
		return -EFAULT;
	console_input_start();
	size_t n = console_read(buf, want);
	if (n && vm_copy_out(vm, a[1], buf, n))
		return -EFAULT; /* unmapped meanwhile by another thread: the bytes are lost */
	return (long)n;
}

long sys_console_notify(const uint64_t *a)
{
	int err = check_resource((long)a[0]);
	if (err)
		return err;
	if (a[1] == 0) {
		console_notify(NULL, 0);
		return 0;
	}
	if (!a[2])
		return -EINVAL;
	struct kobject *o;
	err = handle_get(table(), (long)a[1], MOTOR_OBJ_NOTIFICATION, MOTOR_RIGHT_SIGNAL, &o, NULL,
			 NULL);
	if (err)
		return err;
	console_input_start();
	console_notify((struct notification *)o, a[2]);
	kobject_put(o);
	return 0;
}

long sys_power(const uint64_t *a)
{
	int err = check_resource((long)a[0]);
	if (err)
		return err;
	if (a[1] != MOTOR_POWER_OFF && a[1] != MOTOR_POWER_REBOOT)
		return -EINVAL;
	struct process *p = current_thread()->proc;
	kprintf("motor: %s asked by process %u (%s)\n",
		a[1] == MOTOR_POWER_OFF ? "power off" : "reboot", p->pid, p->name);
	if (a[1] == MOTOR_POWER_REBOOT)
		power_reboot();
	power_off(EXIT_OK);
}
