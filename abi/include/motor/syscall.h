/*
 * Motor system calls: the one list (kernel dispatch, user stubs and the
 * documentation in docs/syscalls.md all follow it).
 *
 * Calling convention (x86_64 `syscall`): number in rax; arguments in rdi,
 * rsi, rdx, r10, r8, r9; result in rax: >= 0 on success, a negative errno
 * (motor/errno.h) on failure. rcx and r11 are clobbered; all other registers
 * are preserved. A pointer argument must point into user space and be mapped
 * as the call needs it, else the call fails with -EFAULT; the kernel never
 * faults on a user pointer. A timeout argument is nanoseconds from now, 0 to
 * not wait at all, MOTOR_FOREVER for none (in struct motor_msg, 0 means none).
 *
 * SYSCALL(name, number, nargs) -- contract:
 */
#ifndef MOTOR_SYSCALL_H
#define MOTOR_SYSCALL_H

#define MOTOR_SYSCALLS(SYSCALL)                                                              \
	/* debug_write(buf, len): writes len bytes to the kernel console.                   \
	 * -> len. -EFAULT bad buffer, -EINVAL len > 4096. */                                \
	SYSCALL(debug_write, 0, 2)                                                           \
	/* process_exit(status): ends the calling process (all its threads) with            \
	 * status (0..255). Does not return. */                                             \
	SYSCALL(process_exit, 1, 1)                                                          \
	/* thread_exit(value): ends the calling thread; a joiner gets value. The last       \
	 * thread to exit ends the process with status 0. Does not return. */                \
	SYSCALL(thread_exit, 2, 1)                                                           \
	/* yield(): gives the CPU to another ready thread, if any. -> 0. */                  \
	SYSCALL(yield, 3, 0)                                                                 \
	/* sleep(ns): blocks for at least ns nanoseconds. -> 0. */                           \
	SYSCALL(sleep, 4, 1)                                                                 \
	/* thread_create(entry, stack_top, arg): starts a thread of the calling process      \
	 * at entry(arg) on the given stack, as if entry had been called (stack_top is      \
	 * 16-byte aligned; a zero return address is pushed: entry must end with            \
	 * thread_exit). -> thread id (> 0). -EFAULT entry or stack not in user space or    \
	 * not writable, -EINVAL misaligned stack, -ENOMEM, -EAGAIN too many threads. */     \
	SYSCALL(thread_create, 5, 3)                                                         \
	/* thread_join(tid, value_ptr): waits for thread tid of this process to exit;        \
	 * stores its exit value at value_ptr if not 0. -> 0. -ESRCH no such thread (a      \
	 * joined thread is gone, so joining it again gives -ESRCH), -EINVAL joining        \
	 * itself or a thread another thread is joining, -EFAULT value_ptr not writable    \
	 * (checked before waiting: the thread stays joinable). */                           \
	SYSCALL(thread_join, 6, 2)                                                           \
	/* vm_map(addr_hint, len, prot): maps len bytes (rounded up to pages) of fresh,       \
	 * zero-filled, lazily allocated memory. prot: MOTOR_PROT_* (W and X together       \
	 * are refused; 0 reserves inaccessible address space). -> address.                \
	 * -EINVAL bad len/prot, -ENOMEM no address space. */                                \
	SYSCALL(vm_map, 7, 3)                                                                \
	/* vm_unmap(addr, len): removes mappings in [addr, addr+len). -> 0.                  \
	 * -EINVAL unaligned or outside user space. */                                       \
	SYSCALL(vm_unmap, 8, 2)                                                              \
	/* vm_protect(addr, len, prot): changes protection of mapped pages (W^X). -> 0.     \
	 * -EINVAL, -ENOMEM part of the range is not mapped. */                              \
	SYSCALL(vm_protect, 9, 3)                                                            \
	/* set_fs_base(addr): sets the calling thread's FS base (TLS). -> 0.                 \
	 * -EINVAL non-canonical or kernel address. */                                       \
	SYSCALL(set_fs_base, 10, 1)                                                          \
	/* sys_info(what): system figures: 0 free pages, 1 total pages, 2 CPUs online,      \
	 * 3 the calling thread's CPU; all CPUs together since boot: 4 user and 5 system  \
	 * time (ns that non-idle threads ran, given to one or the other at each timer     \
	 * tick by the mode it found), 6 idle time (ns), 7 context switches. -> value.      \
	 * -EINVAL unknown what. */                                                         \
	SYSCALL(sys_info, 11, 1)                                                             \
	/* clock_ns(): monotonic nanoseconds since boot (the time page gives the same      \
	 * without a system call, see motor/timepage.h). */                                \
	SYSCALL(clock_ns, 12, 0)                                                             \
	/* futex_wait(addr, expected, timeout_ns): if the 32-bit word at addr (4-aligned)    \
	 * still holds expected, blocks until futex_wake on addr, or timeout_ns passes      \
	 * (MOTOR_FOREVER: no timeout). -> 0 woken. -EAGAIN value differs, -ETIMEDOUT,      \
	 * -EINTR process killed, -EINVAL misaligned, -EFAULT bad address. */               \
	SYSCALL(futex_wait, 13, 3)                                                           \
	/* futex_wake(addr, n): wakes up to n threads waiting on addr. -> how many.         \
	 * -EINVAL misaligned. */                                                            \
	SYSCALL(futex_wake, 14, 2)                                                           \
	/* handle_close(h): -> 0. -EBADF. Closing the last RECEIVE handle of an endpoint    \
	 * fails its waiting callers with -EPIPE. */                                         \
	SYSCALL(handle_close, 15, 1)                                                         \
	/* handle_dup(h, rights, badge): a new handle to the same object with rights &      \
	 * the old ones (needs DUP). A nonzero badge may be set only on an endpoint         \
	 * handle that has none (minting a client handle). -> handle. -EBADF, -EACCES,      \
	 * -EINVAL, -EMFILE. */                                                              \
	SYSCALL(handle_dup, 16, 3)                                                           \
	/* endpoint_create(flags): -> handle with DUP TRANSFER CALL RECEIVE. flags:          \
	 * MOTOR_EP_CLOSE_NOTICES: when the last handle with a given nonzero badge closes    \
	 * (any process's, a dead one's too), the receiver gets a call with that badge and  \
	 * w[0] = MOTOR_IPC_CLOSED (nobody waits for its answer). -EINVAL other flags. */     \
	SYSCALL(endpoint_create, 17, 1)                                                      \
	/* notification_create(): -> handle with DUP TRANSFER WAIT SIGNAL. */                \
	SYSCALL(notification_create, 18, 0)                                                  \
	/* waitset_create(): -> handle with DUP TRANSFER WAIT MANAGE. */                     \
	SYSCALL(waitset_create, 19, 0)                                                       \
	/* waitset_add(ws, h, key): binds endpoint h (needs RECEIVE) or notification h      \
	 * (needs WAIT) to ws (needs MANAGE); key comes back with notification events.      \
	 * -> 0. -EBUSY already bound, -EINVAL other object types. */                        \
	SYSCALL(waitset_add, 20, 3)                                                          \
	/* ipc_call / ipc_recv / ipc_reply / ipc_reply_recv: see motor/ipc.h.             \
	 * ipc_reply's rdi names a saved reply (ipc_reply_save), 0 the pending call. */              \
	SYSCALL(ipc_call, 21, 6)                                                             \
	SYSCALL(ipc_recv, 22, 6)                                                             \
	SYSCALL(ipc_reply, 23, 6)                                                            \
	SYSCALL(ipc_reply_recv, 24, 6)                                                       \
	/* notify_signal(h, bits, flags): ORs bits in (needs SIGNAL); MOTOR_NOTIFY_HANDOFF  \
	 * runs a woken waiter here at once. -> 0. */                                        \
	SYSCALL(notify_signal, 25, 3)                                                        \
	/* notify_wait(h, timeout_ns): waits for bits (needs WAIT) and takes them all.      \
	 * -> 0 with the bits in rsi (see motor_notify_wait). -ETIMEDOUT, -EINTR. */         \
	SYSCALL(notify_wait, 26, 2)                                                          \
	/* process_create(name, len): a new process with an empty address space (but the   \
	 * time page) and no thread. -> handle with DUP TRANSFER WAIT SIGNAL MANAGE.        \
	 * -EFAULT, -EINVAL len > 63, -ENOMEM. */                                            \
	SYSCALL(process_create, 27, 2)                                                       \
	/* thread_start(proc, entry, stack_top, arg): like thread_create, in the process    \
	 * proc names (needs MANAGE). -> thread id. -ESRCH it has finished. */               \
	SYSCALL(thread_start, 28, 4)                                                         \
	/* process_wait(proc, timeout_ns): waits until every thread of proc has exited     \
	 * (needs WAIT). -> its exit status: 0..255, or MOTOR_STATUS_SIGNALED | signal.      \
	 * -ETIMEDOUT, -EINTR. */                                                            \
	SYSCALL(process_wait, 29, 2)                                                         \
	/* process_kill(proc, status): ends proc with status (0..511, see process_wait)      \
	 * (needs SIGNAL). -> 0. */                                                          \
	SYSCALL(process_kill, 30, 2)                                                         \
	/* mem_create(size): an anonymous memory object, pages zero-filled on first touch  \
	 * (at most 1 GiB). -> handle with DUP TRANSFER READ WRITE. -EINVAL, -ENOMEM. */    \
	SYSCALL(mem_create, 31, 1)                                                           \
	/* mem_map(proc, mem, offset, len, prot, hint): maps len bytes of memory object     \
	 * mem from offset (page aligned) into proc (0: the caller; else needs MANAGE).     \
	 * prot needs the matching rights on mem (READ, WRITE; EXEC is refused) and W^X.    \
	 * -> address. -EINVAL, -EACCES, -ENOMEM. */                                        \
	SYSCALL(mem_map, 32, 6)                                                              \
	/* process_write(proc, dst, src, len): copies len bytes from the caller's src to    \
	 * dst in proc (needs MANAGE), whatever dst's protection (for loaders: text,       \
	 * stacks). -> 0. -EFAULT, -EINVAL len > 1 MiB. */                                   \
	SYSCALL(process_write, 33, 4)                                                        \
	/* vm_map_into(proc, hint, len, prot): vm_map in proc (needs MANAGE). */             \
	SYSCALL(vm_map_into, 34, 4)                                                          \
	/* process_clone(give, at): a copy of the calling process (fork): its address      \
	 * space, copy-on-write, and one thread that returns from this call with 0 in rax.  \
	 * Shared memory stays shared; the handle table is copied (same values, rights,     \
	 * badges), except that with give != 0 the child's handle `at` names what the      \
	 * caller's `give` names (needs TRANSFER) and the child has no copy of give: so a   \
	 * child starts with its own session where the parent has one. -> in the caller:    \
	 * the child's process handle (DUP TRANSFER WAIT SIGNAL MANAGE), in the child 0.    \
	 * -ENOMEM, -EBADF give or at, -EACCES. */                                           \
	SYSCALL(process_clone, 35, 2)                                                        \
	/* handle_give(proc, h, rights): puts a copy of h, with rights & h's rights, into   \
	 * proc's table (needs MANAGE on proc, TRANSFER on h). -> the handle's value in     \
	 * proc. -EBADF, -EACCES, -EMFILE, -ESRCH proc has finished. */                      \
	SYSCALL(handle_give, 36, 3)                                                          \
	/* thread_pin(cpu): keeps the calling thread on CPU cpu (-1: anywhere again), and   \
	 * moves it there now. -> 0. -EINVAL no such CPU online. */                          \
	SYSCALL(thread_pin, 37, 1)                                                           \
	/* thread_cancel(tid): if thread tid of this process is blocked (ipc_call, recv,    \
	 * futex_wait, notify_wait, process_wait, sleep), its call returns -ECANCELED.      \
	 * -> 0, also when it was not blocked. -ESRCH no such thread. */                     \
	SYSCALL(thread_cancel, 38, 1)                                                        \
	/* mem_create_physical(res, phys, size): a memory object over device memory        \
	 * [phys, phys+size) (page aligned), mapped uncached; needs MANAGE on the resource  \
	 * handle init receives (auxv MOTOR_AT_RESOURCE). RAM the kernel manages is         \
	 * refused. -> handle with DUP TRANSFER READ WRITE. -EACCES, -EINVAL. */             \
	SYSCALL(mem_create_physical, 39, 3)                                                  \
	/* irq_bind(res, irq, notification, bits): ISA interrupt irq (0..15) now signals    \
	 * bits on the notification (needs MANAGE on res, SIGNAL on the notification);      \
	 * notification 0 unbinds. -> 0. -EBUSY already bound (the kernel's console IRQ    \
	 * too), -EINVAL. */                                                                 \
	SYSCALL(irq_bind, 40, 4)                                                             \
	/* ipc_reply_save(): turns the call this thread received and owes a reply into a    \
	 * reply handle (TRANSFER only), so the thread can receive other calls meanwhile;   \
	 * answer it later with ipc_reply(handle, ...), which also closes the handle.       \
	 * Closing it unanswered fails the caller with -EPIPE; a handle of another type     \
	 * gives -EINVAL. -> handle. -EINVAL no call                                         \
	 * is pending. */                                                                    \
	SYSCALL(ipc_reply_save, 41, 0)                                                       \
	/* console_read(res, buf, len): takes up to len (at most 256) bytes received on     \
	 * the console without waiting (needs MANAGE on the resource handle). -> count,     \
	 * 0 when none is buffered. -EFAULT. */                                              \
	SYSCALL(console_read, 42, 3)                                                         \
	/* console_notify(res, notification, bits): console input now signals bits on the   \
	 * notification (needs SIGNAL; 0 unbinds); buffered input signals at once. -> 0. */  \
	SYSCALL(console_notify, 43, 3)                                                       \
	/* vm_check(addr, len, prot): whether [addr, addr+len) is user memory the caller     \
	 * may access as prot (MOTOR_PROT_READ or MOTOR_PROT_WRITE), so a library can turn  \
	 * a bad pointer into -EFAULT instead of faulting. -> 0. -EFAULT, -EINVAL. */        \
	SYSCALL(vm_check, 44, 3)                                                             \
	/* process_watch(proc, notification, bits): when proc finishes, bits are signalled  \
	 * on the notification (at once if it has); notification 0 stops watching. One      \
	 * watcher per process: a new one replaces the old. Needs WAIT on proc, SIGNAL on    \
	 * the notification. Stops and continues signal them too (see process_status).       \
	 * -> 0. -EINVAL bits 0. */                                                          \
	SYSCALL(process_watch, 45, 3)                                                        \
	/* signal_action(sig, action, mask, entry): sets the calling process's action        \
	 * for signal sig (1..64, motor/signal.h): MOTOR_SIG_DEFAULT, _IGNORE or             \
	 * _CATCH, or'ed with MOTOR_SA_* flags; mask is blocked while a handler runs;        \
	 * caught signals enter user code at entry (one for all signals). -> 0.              \
	 * -EINVAL bad signal or action, SIGKILL or SIGSTOP not default; -EFAULT             \
	 * entry not in user space. */                                                       \
	SYSCALL(signal_action, 46, 4)                                                        \
	/* signal_mask(how, set, out): changes the calling thread's mask of blocked          \
	 * signals: MOTOR_SIG_BLOCK, _UNBLOCK, _SETMASK (SIGKILL and SIGSTOP stay            \
	 * unblocked); stores the old mask at out if not 0. how MOTOR_SIG_PENDING            \
	 * stores the blocked pending signals instead. -> 0. -EINVAL, -EFAULT. */            \
	SYSCALL(signal_mask, 47, 3)                                                          \
	/* signal_send(proc, tid, sig, code, pid, value): sends sig (0: only checks)         \
	 * to proc (0: the caller; else needs SIGNAL), to its thread tid or, with tid        \
	 * 0, to any thread that does not block it. code, pid and value fill the             \
	 * receiver's siginfo (value is SIGCHLD's status). -> 0. -EINVAL bad signal,         \
	 * -ESRCH no such thread, -EBADF, -EACCES. */                                        \
	SYSCALL(signal_send, 48, 6)                                                          \
	/* signal_return(frame): ends a signal handler: restores the registers, FPU          \
	 * state and mask saved in the struct motor_sigframe at frame. Does not              \
	 * return (a bad frame ends the process with SIGSEGV). */                            \
	SYSCALL(signal_return, 49, 1)                                                        \
	/* signal_suspend(mask, take, info, timeout_ns): take 0 (sigsuspend): waits          \
	 * with the thread's mask set to mask until a signal's handler is due. ->            \
	 * -EINTR, after which the handler runs and the old mask comes back. take !=         \
	 * 0 (sigtimedwait): waits until a signal of take is pending and takes it            \
	 * without running a handler; its struct motor_siginfo goes to info if not 0.        \
	 * -> the signal. -EAGAIN timeout, -EINTR another signal, -EFAULT. */                \
	SYSCALL(signal_suspend, 50, 4)                                                       \
	/* signal_alarm(value_ns, interval_ns, old): arms the process's real-time            \
	 * timer (ITIMER_REAL): SIGALRM in value_ns (0 disarms; MOTOR_ALARM_QUERY            \
	 * only reads), then every interval_ns if not 0; resolution is the 10 ms             \
	 * tick. Stores the old interval at old if not 0. -> the old time left in ns         \
	 * (0 if off). -EFAULT. */                                                           \
	SYSCALL(signal_alarm, 51, 3)                                                         \
	/* process_info(proc, buf, len): fills struct motor_process_info                    \
	 * (motor/process_info.h: state, threads, CPU time, memory) for proc (0: the        \
	 * caller; else needs WAIT, the right to observe it, which a finished process's     \
	 * handle keeps), copying min(len, its size) bytes to buf. -> the kernel's size     \
	 * of the structure (len 0 asks only that). -EFAULT, -EBADF, -EINVAL not a          \
	 * process, -EACCES no WAIT. */                                                     \
	SYSCALL(process_info, 52, 3)                                                         \
	/* log_read(buf, len): copies the newest min(len, held) bytes of the kernel log     \
	 * (its ring keeps the last MOTOR_LOG_SIZE bytes of console output), oldest first;  \
	 * anyone may read it. -> the count. -EINVAL len > MOTOR_LOG_SIZE, -EFAULT buf     \
	 * not writable for len bytes, -ENOMEM. */                                          \
	SYSCALL(log_read, 53, 2)                                                             \
	/* power(res, how): MOTOR_POWER_OFF (ACPI S5, status 0) or MOTOR_POWER_REBOOT the    \
	 * machine; needs MANAGE on the resource handle (init gives procd one, which lets    \
	 * only root ask: see posix/procd). Does not return on success. -EACCES, -EBADF,   \
	 * -EINVAL not a resource handle or unknown how. */                                   \
	SYSCALL(power, 54, 2)                                                                \
	/* process_status(proc): whether proc (needs WAIT) is running (0), stopped (1        \
	 * | stop signal << 8) or finished (2), with the count of its stops and              \
	 * continues in bits 32 and up. -> that. -EBADF, -EACCES. */                         \
	SYSCALL(process_status, 55, 1)                                                       \
	/* signal_stack(base, size, flags, old): sets the calling thread's alternate         \
	 * signal stack (sigaltstack), where handlers with MOTOR_SA_ONSTACK run;             \
	 * flags MOTOR_SS_DISABLE removes it, ~0 only reads. Stores base, size and           \
	 * flags (1 on it, 2 disabled) at old if not 0. -> 0. -EPERM while on it,            \
	 * -ENOMEM size too small, -EINVAL, -EFAULT. */                                      \
	SYSCALL(signal_stack, 56, 4)                                                         \
	/* signal_query(proc, sig): how proc (needs WAIT) stands to signal sig:              \
	 * MOTOR_SIGQ_IGNORED, _BLOCKED (by every thread), _CAUGHT, or'ed (job               \
	 * control: a background read of a terminal whose SIGTTIN would be lost              \
	 * fails with EIO). -> those bits. -EINVAL bad signal, -EBADF, -EACCES. */           \
	SYSCALL(signal_query, 57, 2)

enum motor_syscall {
#define MOTOR_SYSCALL_ENUM(name, num, nargs) SYS_##name = num,
	MOTOR_SYSCALLS(MOTOR_SYSCALL_ENUM)
#undef MOTOR_SYSCALL_ENUM
	SYS_COUNT
};

#define MOTOR_FOREVER (~0ul) /* a timeout that never expires */

#define MOTOR_PROT_READ 1
#define MOTOR_PROT_WRITE 2
#define MOTOR_PROT_EXEC 4

enum motor_sys_info {
	MOTOR_INFO_FREE_PAGES = 0,
	MOTOR_INFO_TOTAL_PAGES = 1,
	MOTOR_INFO_CPUS = 2,
	MOTOR_INFO_CURRENT_CPU = 3,
	MOTOR_INFO_CPU_USER_NS = 4,
	MOTOR_INFO_CPU_SYSTEM_NS = 5,
	MOTOR_INFO_CPU_IDLE_NS = 6,
	MOTOR_INFO_SWITCHES = 7,
};

#define MOTOR_LOG_SIZE 65536 /* bytes the kernel log ring holds (log_read) */

enum motor_power {
	MOTOR_POWER_OFF = 0,
	MOTOR_POWER_REBOOT = 1,
};

/* The auxiliary vector the kernel puts after envp on a new process's stack. */
#define MOTOR_AT_NULL 0
#define MOTOR_AT_PHDR 3
#define MOTOR_AT_PHENT 4
#define MOTOR_AT_PHNUM 5
#define MOTOR_AT_PAGESZ 6
#define MOTOR_AT_ENTRY 9
#define MOTOR_AT_RESOURCE 0x1001 /* init only: its device-resource handle */
#define MOTOR_AT_INITRD 0x1002   /* init only: a read-only memory object over the initrd */
#define MOTOR_AT_INITRD_OFFSET 0x1003 /* where the archive starts in it */
#define MOTOR_AT_INITRD_SIZE 0x1004   /* the archive's length in bytes */
#define MOTOR_AT_SELF 0x1005          /* init only: its own process (DUP TRANSFER WAIT) */

#endif
