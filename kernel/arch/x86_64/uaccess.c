/*
 * Page faults taken by uaccess_copy: the user page is mapped as vm_fault
 * would map it for the user (lazy page, copy-on-write break, stack growth),
 * and the move resumes; where the user could not touch the page either, the
 * copy returns -EFAULT instead. Any other kernel fault stays a panic.
 */
#include "arch/x86_64/uaccess.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/trap.h"
#include "mm/vm.h"
#include "sched/thread.h"

#include "motor/errno.h"

#define RFLAGS_IF (1u << 9)

bool uaccess_smap;

extern const char uaccess_move8[], uaccess_move1[], uaccess_fail[];

bool uaccess_fault(struct trap_frame *tf, uint64_t cr2)
{
	if (tf->rip != (uint64_t)uaccess_move8 && tf->rip != (uint64_t)uaccess_move1)
		return false;
	struct thread *t = current_thread();
	/* The kernel side faulting is a kernel bug: let it panic. */
	if (!t->proc || !vm_user_range(cr2, 1))
		return false;
	/* As for a user fault, with the interrupt state the copy ran with: a
	 * caller holding a spinlock with interrupts off keeps them off. */
	bool irqs = tf->rflags & RFLAGS_IF;
	if (irqs)
		irq_enable();
	int err = vm_fault(t->proc->vm, cr2, (tf->error & 2) ? VM_WRITE : VM_READ);
	if (irqs)
		irq_disable();
	if (err) {
		tf->rip = (uint64_t)uaccess_fail;
		tf->rax = (uint64_t)(long)(err == -ENOMEM ? -ENOMEM : -EFAULT);
	}
	return true;
}
