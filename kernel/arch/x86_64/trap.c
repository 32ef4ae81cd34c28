/*
 * Trap dispatch and the fatal-exception report.
 *
 * A kernel-mode exception is a kernel bug (or a deliberate crash test): the
 * report names the exception, decodes the error code, dumps registers and
 * control registers, symbolizes a frame-pointer backtrace, then stops every
 * CPU and powers off with EXIT_PANIC (or halts, with panic=halt).
 */
#include "arch/x86_64/trap.h"

#include <stdbool.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/smp.h"
#include "core/log.h"
#include "core/panic.h"
#include "lib/ksyms.h"
#include "arch/x86_64/uaccess.h"
#include "mm/kstack.h"
#include "motor/errno.h"
#include "sched/thread.h"

static irq_handler_fn handlers[256];

static const char *const exc_names[32] = {
	"divide error (#DE)", "debug (#DB)", "non-maskable interrupt", "breakpoint (#BP)",
	"overflow (#OF)", "bound range (#BR)", "invalid opcode (#UD)", "device not available (#NM)",
	"double fault (#DF)", "coprocessor overrun", "invalid TSS (#TS)", "segment not present (#NP)",
	"stack fault (#SS)", "general protection fault (#GP)", "page fault (#PF)", "reserved 15",
	"x87 floating point (#MF)", "alignment check (#AC)", "machine check (#MC)",
	"SIMD floating point (#XM)", "virtualization (#VE)", "control protection (#CP)",
	"reserved 22", "reserved 23", "reserved 24", "reserved 25", "reserved 26", "reserved 27",
	"hypervisor injection (#HV)", "VMM communication (#VC)", "security (#SX)", "reserved 31"};

void irq_register(unsigned vector, irq_handler_fn fn)
{
	if (vector < 256)
		handlers[vector] = fn;
}

irq_handler_fn irq_handler_of(unsigned vector)
{
	return vector < 256 ? handlers[vector] : NULL;
}

static void print_symbol(uint64_t addr)
{
	uint64_t off;
	const char *name = ksym_lookup(addr, &off);
	if (name)
		kprintf("<%s+0x%lx>", name, off);
	else
		kprintf("<?>");
}

void trap_report_backtrace(uint64_t rip, uint64_t rbp)
{
	kprintf("  backtrace:\n");
	kprintf("    #0  %016lx ", rip);
	print_symbol(rip);
	kprintf("\n");
	uint64_t last = 0;
	int repeats = 0;
	for (int depth = 1; depth < 64; depth++) {
		/* Only follow frames that lie inside a kernel stack: a corrupt rbp must
		 * end the walk, not fault inside the fault handler. */
		if ((rbp & 7) || !kstack_readable(rbp, 16))
			break;
		uint64_t ret = ((uint64_t *)rbp)[1];
		uint64_t next = ((uint64_t *)rbp)[0];
		if (ret == 0)
			break;
		if (ret == last) { /* deep recursion: one line, not a screenful */
			repeats++;
			rbp = next > rbp ? next : 0;
			if (!rbp)
				break;
			continue;
		}
		if (repeats)
			kprintf("    ... the frame above repeats %d more times\n", repeats);
		repeats = 0;
		last = ret;
		kprintf("    #%-2d %016lx ", depth, ret);
		print_symbol(ret - 1); /* the call instruction, not the one after it */
		kprintf("\n");
		if (next <= rbp)
			break;
		rbp = next;
	}
	if (repeats)
		kprintf("    ... the frame above repeats %d more times\n", repeats);
}

static void print_pf_details(const struct trap_frame *tf, uint64_t cr2)
{
	uint64_t e = tf->error;
	kprintf("  faulting address %016lx: %s %s, %s%s%s\n", cr2,
		(e & 16) ? "instruction fetch" : (e & 2) ? "write" : "read",
		(e & 1) ? "of a protected page" : "of a non-present page",
		(e & 4) ? "user mode" : "kernel mode", (e & 8) ? ", reserved bit set" : "",
		(e & 32) ? ", protection key" : "");
	if (kstack_in_guard(cr2))
		kprintf("  the address is a kernel stack guard page: kernel stack overflow\n");
}

void trap_report(const struct trap_frame *tf)
{
	uint64_t cr2 = read_cr2();
	struct cpu *c = this_cpu();
	const char *name = tf->vector < 32 ? exc_names[tf->vector] : "interrupt";
	kprintf("\n*** KERNEL FAULT on cpu %u: %s, vector %lu, error code 0x%lx\n", c ? c->id : 0,
		name, tf->vector, tf->error);
	kprintf("  rip %016lx ", tf->rip);
	print_symbol(tf->rip);
	kprintf("\n");
	if (tf->vector == 14)
		print_pf_details(tf, cr2);
	if (tf->vector == 8 && (kstack_in_guard(tf->rsp - 8) || kstack_in_guard(cr2)))
		kprintf("  the stack pointer reached a guard page: kernel stack overflow\n");
	kprintf("  rax %016lx rbx %016lx rcx %016lx rdx %016lx\n", tf->rax, tf->rbx, tf->rcx,
		tf->rdx);
	kprintf("  rsi %016lx rdi %016lx rbp %016lx rsp %016lx\n", tf->rsi, tf->rdi, tf->rbp,
		tf->rsp);
	kprintf("  r8  %016lx r9  %016lx r10 %016lx r11 %016lx\n", tf->r8, tf->r9, tf->r10,
		tf->r11);
	kprintf("  r12 %016lx r13 %016lx r14 %016lx r15 %016lx\n", tf->r12, tf->r13, tf->r14,
		tf->r15);
	kprintf("  cs %04lx ss %04lx rflags %08lx cr0 %08lx cr2 %016lx cr3 %016lx cr4 %08lx\n",
		tf->cs, tf->ss, tf->rflags, read_cr0(), cr2, read_cr3(), read_cr4());
	trap_report_backtrace(tf->rip, tf->rbp);
}

/* The signal and si_code a user-mode exception raises (Linux's choices). */
static int fault_signal(const struct trap_frame *tf, int *code)
{
	switch (tf->vector) {
	case 0:
		*code = 1; /* FPE_INTDIV */
		return 8;  /* SIGFPE */
	case 16:
	case 19:
		*code = 0;
		return 8;
	case 1:
	case 3:
		*code = 1; /* TRAP_BRKPT */
		return 5;  /* SIGTRAP */
	case 6:
		*code = 2; /* ILL_ILLOPN */
		return 4;  /* SIGILL */
	case 17:
		*code = 1; /* BUS_ADRALN */
		return 7;  /* SIGBUS */
	default:
		*code = 0x80; /* SI_KERNEL: #GP and the rest */
		return 11;    /* SIGSEGV */
	}
}

/* A fault in user mode: a lazy page to map, a signal for a handler, or the
 * death of the process. */
static void user_fault(struct trap_frame *tf)
{
	struct thread *t = current_thread();
	struct process *p = t->proc;
	uint64_t cr2 = read_cr2();
	int err = 0;
	enum vm_access a = VM_READ;
	if (tf->vector == 14) {
		a = (tf->error & 16) ? VM_EXEC : (tf->error & 2) ? VM_WRITE : VM_READ;
		/* User faults run with interrupts on: a copy-on-write break may have to
		 * wait for the other CPUs to flush their TLBs. */
		irq_enable();
		err = vm_fault(p->vm, cr2, a);
		smp_tlb_shootdown_pending();
		irq_disable();
		if (err == 0)
			return;
	}
	int code;
	int sig = fault_signal(tf, &code);
	if (tf->vector == 14)
		code = err == -EACCES ? 2 : 1; /* SEGV_ACCERR: a mapping forbids it; SEGV_MAPERR */
	if (err != -ENOMEM &&
	    signal_fault(sig, code, tf->vector == 14 ? cr2 : tf->rip))
		return;
	if (err == -ENOMEM)
		kprintf("motor: process %u (%s) killed: out of memory at 0x%016lx, thread %u\n",
			p->pid, p->name, cr2, t->tid);
	else if (tf->vector == 14)
		kprintf("motor: process %u (%s) killed: page fault at 0x%016lx (%s, %s), "
			"thread %u, rip 0x%lx\n",
			p->pid, p->name, cr2,
			a == VM_EXEC ? "exec" : a == VM_WRITE ? "write" : "read",
			(tf->error & 1) ? "protection" : "not present", t->tid, tf->rip);
	else
		kprintf("motor: process %u (%s) killed: %s at rip 0x%lx, thread %u\n", p->pid,
			p->name, exc_names[tf->vector], tf->rip, t->tid);
	process_kill(p, MOTOR_STATUS_SIGNALED | (err == -ENOMEM ? 9 : sig));
}

void trap_dispatch(struct trap_frame *tf)
{
	bool from_user = tf->cs & 3;
	irq_handler_fn h = handlers[tf->vector];
	if (h) {
		h(tf);
		if (from_user)
			thread_return_to_user(tf);
		return;
	}
	if (from_user && tf->vector < 32 && tf->vector != 2 && tf->vector != 18 &&
	    current_thread()->proc) {
		user_fault(tf);
		thread_return_to_user(tf);
		return;
	}
	if (tf->vector == 14 && !from_user && uaccess_fault(tf, read_cr2()))
		return;
	if (tf->vector == 2 && panic_in_progress())
		cpu_halt_forever(); /* another CPU is reporting a crash: stop here */
	if (tf->vector < 32) {
		panic_begin();
		trap_report(tf);
		panic_stop(EXIT_PANIC);
	}
	if (tf->vector == VEC_SPURIOUS)
		return;
	kprintf("trap: unexpected interrupt vector %lu on cpu %u\n", tf->vector, this_cpu()->id);
	lapic_eoi();
}
