/*
 * log_read: the kernel log ring (core/log.c) for user space (dmesg). The
 * newest bytes are copied under the log lock into a kernel buffer first, so
 * the copy to the user, which may fault pages in, runs with no lock held.
 */
#include "core/sys_proc.h"

#include "core/log.h"
#include "mm/heap.h"
#include "mm/vm.h"
#include "motor/errno.h"
#include "motor/syscall.h"
#include "sched/thread.h"

long sys_log_read(const uint64_t *a)
{
	uint64_t buf = a[0], len = a[1];
	struct vm_space *vm = current_thread()->proc->vm;
	if (len > MOTOR_LOG_SIZE)
		return -EINVAL;
	if (len == 0)
		return 0;
	if (!vm_range_ok(vm, buf, len, VM_WRITE))
		return -EFAULT;
	char *k = kmalloc(len);
	if (!k)
		return -ENOMEM;
	size_t n = log_read(k, len);
	int err = vm_copy_out(vm, buf, k, n);
	kfree(k);
	return err ? -EFAULT : (long)n;
}
