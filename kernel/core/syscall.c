/*
 * System calls: MSR setup, the dispatch table (one entry per line of
 * MOTOR_SYSCALLS, by designated initialiser) and the calls. Each call checks
 * every argument in its first lines and then makes one call into core code.
 * User memory is reached only through vm_copy_in/out.
 */
#include "core/syscall.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/smp.h"
#include "arch/x86_64/uaccess.h"
#include "core/log.h"
#include "core/sys_ipc.h"
#include "core/sys_info.h"
#include "core/sys_proc.h"
#include "core/sys_signal.h"
#include "core/time.h"
#include "mm/kstack.h"
#include "mm/page.h"
#include "motor/errno.h"
#include "motor/syscall.h"
#include "sched/futex.h"
#include "sched/thread.h"

#define MSR_STAR 0xc0000081u
#define MSR_LSTAR 0xc0000082u
#define MSR_FMASK 0xc0000084u
#define RFLAGS_CLEAR 0x47700u /* TF, IF, DF, IOPL, NT, AC */
#define DEBUG_WRITE_MAX 4096

extern void syscall_entry(void);

/* Protection arguments go to the vm layer unchanged. */
_Static_assert(MOTOR_PROT_READ == VM_R && MOTOR_PROT_WRITE == VM_W && MOTOR_PROT_EXEC == VM_X,
	       "MOTOR_PROT_* and VM_* must agree");

void syscall_init_cpu(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	/* sysret takes CS = base + 16, SS = base + 8 (SEL_UCODE, SEL_UDATA). */
	wrmsr(MSR_STAR, ((uint64_t)(SEL_UDATA - 8) << 48) | ((uint64_t)SEL_KCODE << 32));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	wrmsr(MSR_FMASK, RFLAGS_CLEAR);
	uint32_t a, b, c, d;
	cpuid(0, 0, &a, &b, &c, &d);
	if (a >= 7) {
		cpuid(7, 0, &a, &b, &c, &d);
		uint64_t cr4 = read_cr4();
		if (b & (1u << 7))
			cr4 |= CR4_SMEP; /* the kernel never runs user code */
		if (b & (1u << 20)) {
			/* nor touches user memory but through uaccess_copy or the direct map */
			cr4 |= CR4_SMAP;
			uaccess_smap = true;
		}
		write_cr4(cr4);
	}
}

static struct process *self(void)
{
	return current_thread()->proc;
}

static long sys_debug_write(const uint64_t *arg)
{
	uint64_t buf = arg[0];
	uint64_t len = arg[1];
	if (len == 0)
		return 0;
	if (len > DEBUG_WRITE_MAX)
		return -EINVAL;
	char kbuf[DEBUG_WRITE_MAX];
	int err = vm_copy_in(self()->vm, kbuf, buf, len);
	if (err)
		return err == -ENOMEM ? -ENOMEM : -EFAULT;
	kprintf("%.*s", (int)len, kbuf);
	return (long)len;
}

static long sys_process_exit(const uint64_t *arg)
{
	uint64_t status = arg[0];
	process_kill(self(), (int)(status & 255));
	thread_exit_current(0);
}

static long sys_thread_exit(const uint64_t *arg)
{
	uint64_t value = arg[0];
	thread_exit_current(value);
}

static long sys_yield(const uint64_t *arg)
{
	(void)arg;
	schedule();
	return 0;
}

static long sys_sleep(const uint64_t *arg)
{
	uint64_t ns = arg[0];
	sched_sleep_until(deadline_from_timeout(ns));
	long why = current_thread()->wake_result;
	return why == -ETIMEDOUT ? 0 : why; /* the deadline passing is success here */
}

static long sys_thread_create(const uint64_t *arg)
{
	if (page_admit_user())
		return -ENOMEM;
	return thread_start_in(self(), arg[0], arg[1], arg[2]);
}

static long sys_thread_join(const uint64_t *arg)
{
	uint64_t tid = arg[0];
	uint64_t value_ptr = arg[1];
	if (value_ptr && (!vm_user_range(value_ptr, 8) || (value_ptr & 7)))
		return -EFAULT;
	if (tid == 0 || tid > UINT32_MAX)
		return -ESRCH;
	/* Check that the result can be stored before the join consumes the thread. */
	uint64_t probe;
	if (value_ptr && (vm_copy_in(self()->vm, &probe, value_ptr, 8) ||
			  vm_copy_out(self()->vm, value_ptr, &probe, 8)))
		return -EFAULT;
	uint64_t value;
	int err = thread_join((uint32_t)tid, &value);
	if (err)
		return err;
	if (value_ptr)
		return vm_copy_out(self()->vm, value_ptr, &value, 8) ? -EFAULT : 0;
	return 0;
}

static long sys_vm_map(const uint64_t *arg)
{
	uint64_t hint = arg[0];
	uint64_t len = arg[1];
	uint64_t prot = arg[2];
	if (!vm_prot_arg_ok(prot))
		return -EINVAL;
	uint64_t addr;
	int err = vm_map_anon(self()->vm, hint, len, (uint32_t)prot, &addr);
	return err ? err : (long)addr;
}

static long sys_vm_check(const uint64_t *arg)
{
	if (arg[1] > (1ull << 47) || (arg[2] & ~(uint64_t)(MOTOR_PROT_READ | MOTOR_PROT_WRITE)))
		return -EINVAL;
	enum vm_access a = (arg[2] & MOTOR_PROT_WRITE) ? VM_WRITE : VM_READ;
	return arg[1] == 0 || vm_range_ok(self()->vm, arg[0], arg[1], a) ? 0 : -EFAULT;
}

static long sys_vm_unmap(const uint64_t *arg)
{
	uint64_t addr = arg[0];
	uint64_t len = arg[1];
	return vm_unmap(self()->vm, addr, len);
}

static long sys_vm_protect(const uint64_t *arg)
{
	uint64_t addr = arg[0];
	uint64_t len = arg[1];
	uint64_t prot = arg[2];
	if (!vm_prot_arg_ok(prot))
		return -EINVAL;
	return vm_protect(self()->vm, addr, len, (uint32_t)prot);
}

static long sys_set_fs_base(const uint64_t *arg)
{
	uint64_t addr = arg[0];
	if (addr >= USER_TOP)
		return -EINVAL;
	current_thread()->fs_base = addr;
	wrmsr(MSR_FS_BASE, addr);
	return 0;
}

static long sys_sys_info(const uint64_t *arg)
{
	uint64_t what = arg[0];
	switch (what) {
	case MOTOR_INFO_FREE_PAGES:
		return (long)page_free_count();
	case MOTOR_INFO_TOTAL_PAGES:
		return (long)page_total_count();
	case MOTOR_INFO_CPUS:
		return ncpus;
	case MOTOR_INFO_CURRENT_CPU:
		return this_cpu()->id;
	}
	return sys_info_cpu_time(what);
}

static long sys_thread_pin(const uint64_t *arg)
{
	return sched_pin((int)(long)arg[0]);
}

static long sys_thread_cancel(const uint64_t *arg)
{
	if (arg[0] == 0 || arg[0] > UINT32_MAX)
		return -ESRCH;
	return thread_cancel((uint32_t)arg[0]);
}

static long sys_clock_ns(const uint64_t *arg)
{
	(void)arg;
	return (long)time_ns();
}

static long sys_futex_wait(const uint64_t *arg)
{
	uint64_t addr = arg[0], expected = arg[1], timeout = arg[2];
	if (expected > UINT32_MAX)
		return -EINVAL;
	return futex_wait(self()->vm, addr, (uint32_t)expected, deadline_from_timeout(timeout));
}

static long sys_futex_wake(const uint64_t *arg)
{
	uint64_t addr = arg[0], n = arg[1];
	return futex_wake(self()->vm, addr, n > UINT32_MAX ? UINT32_MAX : (uint32_t)n);
}

typedef long (*syscall_fn)(const uint64_t *arg);

#define SYSCALL_ENTRY(name, num, nargs) [num] = sys_##name,
static const syscall_fn table[SYS_COUNT] = {MOTOR_SYSCALLS(SYSCALL_ENTRY)};
#undef SYSCALL_ENTRY

/* -> nonzero when the way out must restore every register (iret). */
int syscall_dispatch(struct trap_frame *tf)
{
	irq_enable();
	kstack_collect();
	struct thread *t = current_thread();
	t->frame = tf;
	uint64_t n = tf->rax;
	t->sig.nr = (uint32_t)n;
	long r = -ENOSYS;
	if (n < SYS_COUNT && table[n])
		r = table[n]((const uint64_t[6]){tf->rdi, tf->rsi, tf->rdx, tf->r10, tf->r8, tf->r9});
	tf->rax = (uint64_t)r;
	smp_tlb_shootdown_pending();
	thread_return_to_user(tf);
	bool full = t->sig.full_return;
	t->sig.full_return = false;
	return full;
}
