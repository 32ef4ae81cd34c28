/*
 * Signals: generation (signal_send, faults, the alarm), delivery on the way
 * back to user mode (default actions, handler frames, restarts), stop and
 * continue. See signal.h for the locking and abi motor/signal.h for the
 * contract.
 */
#include "sched/signal.h"

#include <stddef.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/smp.h"
#include "core/log.h"
#include "core/time.h"
#include "ipc/ipc.h"
#include "lib/string.h"
#include "mm/heap.h"
#include "motor/errno.h"
#include "motor/syscall.h"
#include "sched/thread.h"

enum {
	SIGKILL = 9,
	SIGSEGV = 11,
	SIGALRM = 14,
	SIGCHLD = 17,
	SIGCONT = 18,
	SIGSTOP = 19,
	SIGTSTP = 20,
	SIGTTIN = 21,
	SIGTTOU = 22,
	SIGURG = 23,
	SIGWINCH = 28,
};
#define SI_KERNEL 0x80
#define CLD_STOPPED 5
#define CLD_CONTINUED 6

#define UNBLOCKABLE (SIG_BIT(SIGKILL) | SIG_BIT(SIGSTOP))
#define STOP_SET (SIG_BIT(SIGSTOP) | SIG_BIT(SIGTSTP) | SIG_BIT(SIGTTIN) | SIG_BIT(SIGTTOU))
#define IGNORE_SET (SIG_BIT(SIGCHLD) | SIG_BIT(SIGURG) | SIG_BIT(SIGWINCH) | SIG_BIT(SIGCONT))
#define ACTION_KIND 3
#define ACTION_FLAGS \
	(MOTOR_SA_RESTART | MOTOR_SA_NODEFER | MOTOR_SA_RESETHAND | MOTOR_SA_ONSTACK | \
	 MOTOR_SA_NOCLDSTOP)
#define RFLAGS_USER 0xcd5 /* CF PF AF ZF SF DF OF: what user code may set */
#define RFLAGS_IF 0x200
#define RED_ZONE 128

static struct spinlock alarm_lock = SPINLOCK_INIT;
static struct process *alarms; /* armed ones; each holds a reference */

static bool valid_signal(int sig)
{
	return sig >= 1 && sig <= MOTOR_NSIG;
}

void signal_init_process(struct process *p)
{
	memset(&p->sig, 0, sizeof(p->sig));
	p->sig.stop_wq = (struct waitq)WAITQ_INIT;
}

void signal_clone_process(struct process *child, const struct process *parent)
{
	child->sig.entry = parent->sig.entry;
	memcpy(child->sig.act, parent->sig.act, sizeof(child->sig.act));
}

/* Whether sig, sent now, would be thrown away (ignored, explicitly or by default). */
static bool discarded(const struct process *p, int sig)
{
	uint32_t kind = p->sig.act[sig - 1].action & ACTION_KIND;
	if (kind == MOTOR_SIG_IGNORE)
		return true;
	return kind == MOTOR_SIG_DEFAULT && (IGNORE_SET & SIG_BIT(sig));
}

static struct thread *find_thread(struct process *p, uint32_t tid)
{
	for (struct thread *t = p->threads; t; t = t->proc_next)
		if (t->tid == tid && !t->exited)
			return t;
	return NULL;
}

/* Makes t look at its signals soon: wakes it if blocked, interrupts it if
 * it runs user code on another CPU. */
static void poke(struct thread *t)
{
	if (t == current_thread())
		return;
	sched_wake(t, -EINTR); /* a no-op unless blocked */
	sched_poke(t);
}

/* Stops and continues reach the process's watcher (procd) like its end does. */
static void watch_event(struct process *p)
{
	uint64_t f = spin_lock_irqsave(&p->exit_wq.lock);
	struct kobject *n = p->watch;
	uint64_t bits = p->watch_bits;
	if (n)
		kobject_get(n);
	spin_unlock_irqrestore(&p->exit_wq.lock, f);
	if (n) {
		notify_signal((struct notification *)n, bits, 0);
		kobject_put(n);
	}
}

/* With p->lock held: bits are no longer pending, for the process or any thread. */
static void drop_pending(struct process *p, uint64_t bits)
{
	p->sig.pending &= ~bits;
	for (struct thread *t = p->threads; t; t = t->proc_next)
		t->sig.pending &= ~bits;
}

/* Whether sp lies on t's alternate signal stack. */
static bool on_alt_stack(const struct thread *t, uint64_t sp)
{
	return t->sig.ss_size && sp - t->sig.ss_base - 1 < t->sig.ss_size;
}

/* sigaltstack's view of it: 1 running on it (SS_ONSTACK), 0 set, 2 none (SS_DISABLE). */
static uint64_t alt_stack_state(const struct thread *t, bool on)
{
	return on ? 1 : t->sig.ss_size ? 0 : MOTOR_SS_DISABLE + 1;
}

/* With p->lock held: a SIGCONT's effect, whatever its action. -> whether it
 * was stopped. */
static bool continue_locked(struct process *p)
{
	drop_pending(p, STOP_SET);
	if (!p->sig.stopped)
		return false;
	__atomic_store_n(&p->sig.stopped, false, __ATOMIC_RELEASE);
	p->sig.events++;
	uint64_t f = spin_lock_irqsave(&p->sig.stop_wq.lock);
	waitq_wake_all(&p->sig.stop_wq, 0);
	spin_unlock_irqrestore(&p->sig.stop_wq.lock, f);
	return true;
}

int signal_send(struct process *p, uint32_t tid, const struct motor_siginfo *info)
{
	int sig = info->signo;
	if (sig && !valid_signal(sig))
		return -EINVAL;
	uint64_t f = spin_lock_irqsave(&p->lock);
	struct thread *t = NULL;
	bool event = false;
	if (tid && !(t = find_thread(p, tid))) {
		spin_unlock_irqrestore(&p->lock, f);
		return -ESRCH;
	}
	if (!sig || p->exiting || p->finished) {
		spin_unlock_irqrestore(&p->lock, f);
		return 0;
	}
	/* init gets only the signals it catches (Linux's rule): a stray kill -9 1
	 * must not end the system. Its own faults come through signal_fault. */
	if (p->is_init && (p->sig.act[sig - 1].action & ACTION_KIND) != MOTOR_SIG_CATCH)
		goto out;
	if (sig == SIGKILL) {
		spin_unlock_irqrestore(&p->lock, f);
		process_kill(p, MOTOR_STATUS_SIGNALED | SIGKILL);
		return 0;
	}
	uint64_t bit = SIG_BIT(sig);
	if (sig == SIGCONT)
		event = continue_locked(p);
	if (bit & STOP_SET)
		drop_pending(p, SIG_BIT(SIGCONT));
	if (sig == SIGCHLD && (info->code == CLD_STOPPED || info->code == CLD_CONTINUED) &&
	    (p->sig.act[SIGCHLD - 1].action & MOTOR_SA_NOCLDSTOP))
		goto out;
	/* An ignored signal goes, unless blocked: its action may change meanwhile. */
	if (discarded(p, sig) && !(t && (t->sig.mask & bit)))
		goto out;
	uint64_t *pending = t ? &t->sig.pending : &p->sig.pending;
	struct motor_siginfo *slot = t ? &t->sig.info[sig - 1] : &p->sig.info[sig - 1];
	if (!(*pending & bit)) /* standard signals do not queue: the first one's information stays */
		*slot = *info;
	*pending |= bit;
	if (!t) { /* any thread that does not block it; the caller first */
		struct thread *me = current_thread();
		if (me->proc == p && !(me->sig.mask & bit))
			t = me;
		for (struct thread *u = p->threads; !t && u; u = u->proc_next)
			if (!u->exited && !(u->sig.mask & bit))
				t = u;
	}
	if (t && !(t->sig.mask & bit))
		poke(t);
out:
	spin_unlock_irqrestore(&p->lock, f);
	if (event)
		watch_event(p);
	return 0;
}

bool signal_fault(int sig, int code, uint64_t addr)
{
	struct thread *t = current_thread();
	struct process *p = t->proc;
	uint64_t bit = SIG_BIT(sig);
	bool handled = false;
	uint64_t f = spin_lock_irqsave(&p->lock);
	/* A fault with its signal blocked, or in its own handler, cannot go on. */
	if ((p->sig.act[sig - 1].action & ACTION_KIND) == MOTOR_SIG_CATCH && p->sig.entry &&
	    !(t->sig.mask & bit) && !(t->sig.pending & bit)) {
		t->sig.info[sig - 1] = (struct motor_siginfo){.signo = sig, .code = code, .addr = addr};
		t->sig.pending |= bit;
		handled = true;
	}
	spin_unlock_irqrestore(&p->lock, f);
	return handled;
}

bool signal_interrupts(const struct thread *t)
{
	const struct process *p = t->proc;
	if (!p)
		return false;
	uint64_t pending = __atomic_load_n(&p->sig.pending, __ATOMIC_ACQUIRE) | t->sig.pending;
	return (pending & ~t->sig.mask) != 0;
}

/* ---- delivery ---- */

static bool restartable(uint32_t nr)
{
	switch (nr) {
	case SYS_ipc_call:
	case SYS_ipc_recv:
	case SYS_futex_wait:
	case SYS_process_wait:
	case SYS_thread_join:
	case SYS_signal_suspend: /* only when no handler ran: see below */
		return true;
	default: /* sleep, notify_wait (poll): EINTR, as Linux's nanosleep and poll */
		return false;
	}
}

#define NR_SETTLED UINT32_MAX /* the call's result is final: no second look */

static void rewind_syscall(struct trap_frame *tf, struct thread *t)
{
	tf->rax = t->sig.nr;
	tf->rip -= 2; /* the `syscall` instruction */
	t->sig.nr = NR_SETTLED;
}

/* A stopped process's threads wait here until SIGCONT or a kill. */
static void park(struct thread *t, struct process *p)
{
	static const volatile bool always = true; /* no signal but those ends this wait */
	uint64_t f = spin_lock_irqsave(&p->sig.stop_wq.lock);
	if (!__atomic_load_n(&p->sig.stopped, __ATOMIC_ACQUIRE)) {
		spin_unlock_irqrestore(&p->sig.stop_wq.lock, f);
		return;
	}
	const volatile bool *guard = t->intr_guard;
	t->intr_guard = &always;
	waitq_block(&p->sig.stop_wq, WAIT_FOREVER, f);
	t->intr_guard = guard;
}

/* Takes the next deliverable signal (the thread's own first: faults). 0: none. */
static int take_signal(struct thread *t, struct process *p, uint64_t allowed,
		       struct motor_siginfo *info)
{
	uint64_t bits = t->sig.pending & allowed;
	bool own = bits != 0;
	if (!own)
		bits = p->sig.pending & allowed;
	if (!bits)
		return 0;
	int sig = __builtin_ctzll(bits) + 1;
	if (own) {
		t->sig.pending &= ~SIG_BIT(sig);
		*info = t->sig.info[sig - 1];
	} else {
		p->sig.pending &= ~SIG_BIT(sig);
		*info = p->sig.info[sig - 1];
	}
	info->signo = sig;
	return sig;
}

static uint32_t mxcsr_mask(void)
{
	static uint32_t mask;
	if (!mask) {
		uint8_t img[512] __attribute__((aligned(16)));
		memset(img, 0, sizeof(img));
		__asm__ volatile("fxsave64 %0" : "=m"(img));
		memcpy(&mask, img + 28, 4);
		if (!mask)
			mask = 0xffbf; /* the architectural default */
	}
	return mask;
}

/* Pushes a handler frame for sig and points the thread at the entry. */
static int push_frame(struct trap_frame *tf, struct thread *t, struct process *p,
		      const struct motor_siginfo *info, const struct sig_action *act)
{
	static struct motor_sigframe zero;
	uint64_t sp = tf->rsp;
	bool on_alt = on_alt_stack(t, sp);
	uint64_t flags = on_alt ? MOTOR_SIGFRAME_ONSTACK : 0;
	if ((act->action & MOTOR_SA_ONSTACK) && t->sig.ss_size && !on_alt) {
		sp = t->sig.ss_base + t->sig.ss_size;
		flags = MOTOR_SIGFRAME_ONSTACK;
	} else {
		sp -= RED_ZONE;
	}
	sp = (sp - sizeof(struct motor_sigframe)) & ~15ull;
	struct motor_sigframe *f = kmalloc(sizeof(*f));
	if (!f)
		return -ENOMEM;
	*f = zero;
	f->info = *info;
	f->ctx = (struct motor_sigcontext){
		.r8 = tf->r8, .r9 = tf->r9, .r10 = tf->r10, .r11 = tf->r11, .r12 = tf->r12,
		.r13 = tf->r13, .r14 = tf->r14, .r15 = tf->r15, .rdi = tf->rdi, .rsi = tf->rsi,
		.rbp = tf->rbp, .rbx = tf->rbx, .rdx = tf->rdx, .rax = tf->rax, .rcx = tf->rcx,
		.rsp = tf->rsp, .rip = tf->rip, .rflags = tf->rflags};
	f->mask = t->sig.suspended ? t->sig.suspend_mask : t->sig.mask;
	f->flags = flags;
	f->ss_base = t->sig.ss_base;
	f->ss_size = t->sig.ss_size;
	f->ss_flags = alt_stack_state(t, on_alt);
	__asm__ volatile("fxsave64 %0" : "=m"(f->fpu)); /* the user's: the kernel never uses the FPU */
	uint64_t ret = 0;
	int err = vm_copy_out(p->vm, sp, f, sizeof(*f));
	if (!err)
		err = vm_copy_out(p->vm, sp - 8, &ret, 8);
	kfree(f);
	if (err)
		return err;
	t->sig.suspended = false;
	uint64_t block = act->mask;
	if (!(act->action & MOTOR_SA_NODEFER))
		block |= SIG_BIT(info->signo);
	t->sig.mask = (t->sig.mask | block) & ~UNBLOCKABLE;
	tf->rip = p->sig.entry;
	tf->rsp = sp - 8;
	tf->rdi = (uint64_t)info->signo;
	tf->rsi = sp + offsetof(struct motor_sigframe, info);
	tf->rdx = sp;
	tf->rflags = (tf->rflags & RFLAGS_USER & ~0x400ull) | RFLAGS_IF; /* DF clear, as calls expect */
	return 0;
}

__attribute__((noreturn)) static void die(struct process *p, int sig)
{
	process_kill(p, MOTOR_STATUS_SIGNALED | sig);
	thread_exit_current(0);
}

void signal_return_to_user(struct trap_frame *tf)
{
	struct thread *t = current_thread();
	struct process *p = t->proc;
	if (!p)
		return;
	bool interrupted = tf->vector == VEC_SYSCALL && (long)tf->rax == -EINTR &&
			   restartable(t->sig.nr);
	for (;;) {
		if (p->exiting)
			thread_exit_current(0);
		if (__atomic_load_n(&p->sig.stopped, __ATOMIC_ACQUIRE)) {
			park(t, p);
			continue;
		}
		if (!signal_interrupts(t))
			break;
		struct motor_siginfo info;
		uint64_t f = spin_lock_irqsave(&p->lock);
		int sig = take_signal(t, p, ~t->sig.mask, &info);
		if (!sig) {
			spin_unlock_irqrestore(&p->lock, f);
			break; /* another thread took it */
		}
		struct sig_action act = p->sig.act[sig - 1];
		uint32_t kind = act.action & ACTION_KIND;
		if (kind == MOTOR_SIG_CATCH && p->sig.entry) {
			if (act.action & MOTOR_SA_RESETHAND)
				p->sig.act[sig - 1] = (struct sig_action){0};
			spin_unlock_irqrestore(&p->lock, f);
			if (interrupted && (act.action & MOTOR_SA_RESTART) &&
			    t->sig.nr != SYS_signal_suspend)
				rewind_syscall(tf, t);
			t->sig.nr = NR_SETTLED;
			/* Interrupts on for the copy: the stack page may need a copy-on-write break. */
			uint64_t irq = irq_save();
			irq_enable();
			int err = push_frame(tf, t, p, &info, &act);
			smp_tlb_shootdown_pending();
			irq_restore(irq);
			if (err) {
				kprintf("motor: process %u (%s) killed: no room for a signal %d frame "
					"below 0x%lx\n", p->pid, p->name, sig, tf->rsp);
				die(p, SIGSEGV);
			}
			return; /* the next one after its handler returns */
		}
		if (kind == MOTOR_SIG_IGNORE || (SIG_BIT(sig) & IGNORE_SET)) {
			spin_unlock_irqrestore(&p->lock, f);
			continue;
		}
		if (SIG_BIT(sig) & STOP_SET) {
			p->sig.stopped = true;
			p->sig.stop_sig = (uint8_t)sig;
			p->sig.events++;
			for (struct thread *u = p->threads; u; u = u->proc_next)
				if (u != t && !u->exited)
					sched_poke(u);
			spin_unlock_irqrestore(&p->lock, f);
			watch_event(p);
			continue;
		}
		spin_unlock_irqrestore(&p->lock, f);
		die(p, sig);
	}
	if (interrupted) { /* no handler ran: the call goes on as if nothing happened */
		if (t->sig.suspended) {
			t->sig.mask = t->sig.suspend_mask;
			t->sig.suspended = false;
		}
		rewind_syscall(tf, t);
	}
}

/* ---- the system calls' work ---- */

int signal_set_action(int sig, uint32_t action, uint64_t mask, uint64_t entry)
{
	struct thread *t = current_thread();
	struct process *p = t->proc;
	uint32_t kind = action & ACTION_KIND;
	if (!valid_signal(sig) || (action & ~(ACTION_KIND | ACTION_FLAGS)) || kind > MOTOR_SIG_CATCH)
		return -EINVAL;
	if ((sig == SIGKILL || sig == SIGSTOP) && kind != MOTOR_SIG_DEFAULT)
		return -EINVAL;
	if (kind == MOTOR_SIG_CATCH && !vm_user_range(entry, 1))
		return -EFAULT;
	uint64_t f = spin_lock_irqsave(&p->lock);
	if (kind == MOTOR_SIG_CATCH)
		p->sig.entry = entry;
	p->sig.act[sig - 1] = (struct sig_action){.action = action, .mask = mask & ~UNBLOCKABLE};
	/* Setting a pending signal to be ignored throws it away (POSIX). */
	if (discarded(p, sig))
		drop_pending(p, SIG_BIT(sig));
	spin_unlock_irqrestore(&p->lock, f);
	return 0;
}

uint64_t signal_set_mask(int how, uint64_t set)
{
	struct thread *t = current_thread();
	struct process *p = t->proc;
	uint64_t f = spin_lock_irqsave(&p->lock);
	uint64_t old = t->sig.mask;
	if (how == MOTOR_SIG_BLOCK)
		t->sig.mask |= set;
	else if (how == MOTOR_SIG_UNBLOCK)
		t->sig.mask &= ~set;
	else
		t->sig.mask = set;
	t->sig.mask &= ~UNBLOCKABLE;
	spin_unlock_irqrestore(&p->lock, f);
	return old; /* newly unblocked pending ones arrive on the way out */
}

uint64_t signal_pending_set(void)
{
	struct thread *t = current_thread();
	struct process *p = t->proc;
	uint64_t f = spin_lock_irqsave(&p->lock);
	uint64_t set = (t->sig.pending | p->sig.pending) & t->sig.mask;
	spin_unlock_irqrestore(&p->lock, f);
	return set;
}

long signal_return_frame(uint64_t uaddr)
{
	struct thread *t = current_thread();
	struct process *p = t->proc;
	struct trap_frame *tf = t->frame;
	struct motor_sigframe *f = kmalloc(sizeof(*f));
	if (!f)
		die(p, SIGSEGV);
	if ((uaddr & 15) || vm_copy_in(p->vm, f, uaddr, sizeof(*f)) ||
	    !vm_user_range(f->ctx.rip, 1)) {
		kfree(f);
		kprintf("motor: process %u (%s) killed: bad signal frame at 0x%lx\n", p->pid, p->name,
			uaddr);
		die(p, SIGSEGV);
	}
	const struct motor_sigcontext *c = &f->ctx;
	tf->r8 = c->r8, tf->r9 = c->r9, tf->r10 = c->r10, tf->r11 = c->r11;
	tf->r12 = c->r12, tf->r13 = c->r13, tf->r14 = c->r14, tf->r15 = c->r15;
	tf->rdi = c->rdi, tf->rsi = c->rsi, tf->rbp = c->rbp, tf->rbx = c->rbx;
	tf->rdx = c->rdx, tf->rax = c->rax, tf->rcx = c->rcx, tf->rsp = c->rsp;
	tf->rip = c->rip;
	tf->rflags = (c->rflags & RFLAGS_USER) | RFLAGS_IF | 0x2;
	/* fxrstor faults on reserved MXCSR bits: keep only the ones this CPU has. */
	uint32_t mxcsr;
	memcpy(&mxcsr, f->fpu + 24, 4);
	mxcsr &= mxcsr_mask();
	memcpy(f->fpu + 24, &mxcsr, 4);
	__asm__ volatile("fxrstor64 %0" : : "m"(*(const uint8_t(*)[512])f->fpu));
	uint64_t fl = spin_lock_irqsave(&p->lock);
	t->sig.mask = f->mask & ~UNBLOCKABLE;
	spin_unlock_irqrestore(&p->lock, fl);
	kfree(f);
	t->sig.full_return = true; /* rcx and r11 too: leave through iret */
	t->sig.nr = NR_SETTLED; /* what it "returns" is the old rax: no restart */
	return (long)tf->rax;
}

long signal_suspend(uint64_t mask, uint64_t take, struct motor_siginfo *out, uint64_t deadline)
{
	struct thread *t = current_thread();
	struct process *p = t->proc;
	uint64_t f = spin_lock_irqsave(&p->lock);
	uint64_t old = t->sig.mask;
	if (!take) {
		/* sigsuspend: wait with `mask`; the handler's frame restores the old one. */
		t->sig.suspend_mask = old;
		t->sig.suspended = true;
		t->sig.mask = mask & ~UNBLOCKABLE;
		spin_unlock_irqrestore(&p->lock, f);
		while (!signal_interrupts(t) && !p->exiting)
			sched_sleep_until(WAIT_FOREVER);
		return -EINTR;
	}
	/* sigtimedwait: the signals in `take` end the wait and are taken, not
	 * delivered; unblocked meanwhile, so that senders pick this thread. */
	t->sig.mask = (mask & ~take) & ~UNBLOCKABLE;
	long r;
	for (;;) {
		int sig = take_signal(t, p, take, out);
		if (sig) {
			r = sig;
			break;
		}
		if (signal_interrupts(t)) {
			r = -EINTR; /* another one, delivered on the way out */
			break;
		}
		spin_unlock_irqrestore(&p->lock, f);
		sched_sleep_until(deadline);
		long why = current_thread()->wake_result;
		f = spin_lock_irqsave(&p->lock);
		if (why == -ETIMEDOUT || p->exiting) {
			sig = take_signal(t, p, take, out);
			r = sig ? sig : -EAGAIN;
			break;
		}
	}
	t->sig.mask = old;
	spin_unlock_irqrestore(&p->lock, f);
	return r;
}

/* ---- the alarm (ITIMER_REAL) ---- */

static void alarm_unlink(struct process *p)
{
	for (struct process **pp = &alarms; *pp; pp = &(*pp)->sig.alarm_next)
		if (*pp == p) {
			*pp = p->sig.alarm_next;
			p->sig.alarm_next = NULL;
			return;
		}
}

long signal_alarm(uint64_t value_ns, uint64_t every_ns, uint64_t *old_every)
{
	struct process *p = current_thread()->proc;
	uint64_t now = time_ns();
	uint64_t f = spin_lock_irqsave(&alarm_lock);
	uint64_t left = p->sig.alarm_at > now ? p->sig.alarm_at - now : (p->sig.alarm_at ? 1 : 0);
	*old_every = p->sig.alarm_every;
	if (value_ns == MOTOR_ALARM_QUERY) {
		spin_unlock_irqrestore(&alarm_lock, f);
		return (long)left;
	}
	bool armed = p->sig.alarm_at != 0;
	if (armed)
		alarm_unlink(p);
	p->sig.alarm_at = value_ns ? now + value_ns : 0;
	p->sig.alarm_every = value_ns ? every_ns : 0;
	if (value_ns) {
		p->sig.alarm_next = alarms;
		alarms = p;
		if (!armed)
			kobject_get(&p->obj);
	}
	spin_unlock_irqrestore(&alarm_lock, f);
	if (armed && !value_ns)
		kobject_put(&p->obj);
	return (long)left;
}

void signal_tick(uint64_t now)
{
	struct process *fire[16];
	unsigned n = 0;
	spin_lock(&alarm_lock);
	for (struct process **pp = &alarms; *pp && n < 16;) {
		struct process *p = *pp;
		if (p->sig.alarm_at > now) {
			pp = &p->sig.alarm_next;
			continue;
		}
		if (p->sig.alarm_every) {
			p->sig.alarm_at = now + p->sig.alarm_every;
			kobject_get(&p->obj); /* for the send below */
			pp = &p->sig.alarm_next;
		} else {
			p->sig.alarm_at = 0;
			*pp = p->sig.alarm_next; /* the list's reference moves to the send */
			p->sig.alarm_next = NULL;
		}
		fire[n++] = p;
	}
	spin_unlock(&alarm_lock);
	for (unsigned i = 0; i < n; i++) {
		struct motor_siginfo info = {.signo = SIGALRM, .code = SI_KERNEL};
		signal_send(fire[i], 0, &info);
		kobject_put(&fire[i]->obj);
	}
}

void signal_exit_process(struct process *p)
{
	uint64_t f = spin_lock_irqsave(&alarm_lock);
	bool armed = p->sig.alarm_at != 0;
	if (armed)
		alarm_unlink(p);
	p->sig.alarm_at = 0;
	spin_unlock_irqrestore(&alarm_lock, f);
	if (armed)
		kobject_put(&p->obj);
}

int signal_stack(uint64_t base, uint64_t size, uint64_t flags, uint64_t *old)
{
	struct thread *t = current_thread();
	uint64_t sp = t->frame->rsp;
	bool on = on_alt_stack(t, sp);
	old[0] = t->sig.ss_base;
	old[1] = t->sig.ss_size;
	old[2] = alt_stack_state(t, on);
	if (flags == ~0ull)
		return 0; /* only asking */
	if (on)
		return -EPERM; /* not while running on it */
	if (flags & ~(uint64_t)MOTOR_SS_DISABLE)
		return -EINVAL;
	if (flags & MOTOR_SS_DISABLE) {
		t->sig.ss_base = t->sig.ss_size = 0;
		return 0;
	}
	if (!vm_user_range(base, size) || size < sizeof(struct motor_sigframe) + 64)
		return size < sizeof(struct motor_sigframe) + 64 ? -ENOMEM : -EFAULT;
	t->sig.ss_base = base;
	t->sig.ss_size = size;
	return 0;
}

long signal_process_status(struct process *p)
{
	uint64_t f = spin_lock_irqsave(&p->lock);
	long st = p->finished || p->exiting ? 2 :
		  p->sig.stopped ? 1 | (long)p->sig.stop_sig << 8 : 0;
	st |= (long)p->sig.events << 32;
	spin_unlock_irqrestore(&p->lock, f);
	return st;
}

long signal_query(struct process *p, int sig)
{
	if (!valid_signal(sig))
		return -EINVAL;
	uint64_t bit = SIG_BIT(sig);
	uint64_t f = spin_lock_irqsave(&p->lock);
	long q = discarded(p, sig) ? MOTOR_SIGQ_IGNORED : 0;
	if ((p->sig.act[sig - 1].action & ACTION_KIND) == MOTOR_SIG_CATCH)
		q |= MOTOR_SIGQ_CAUGHT;
	bool all = p->threads != NULL;
	for (struct thread *t = p->threads; t; t = t->proc_next)
		if (!t->exited && !(t->sig.mask & bit))
			all = false;
	if (all)
		q |= MOTOR_SIGQ_BLOCKED;
	spin_unlock_irqrestore(&p->lock, f);
	return q;
}
