/*
 * System call entry (the `syscall` instruction) and the switch between
 * threads' kernel stacks.
 *
 * syscall_entry builds the same struct trap_frame an interrupt does, on the
 * running thread's kernel stack (%gs:CPU_KERNEL_RSP), calls
 * syscall_dispatch(frame), and returns with sysret -- or with iret when the
 * return address is not canonical, since sysret would fault in ring 0 then,
 * or when the call restored a signal's context (rcx and r11 included).
 */

#include "arch/x86_64/frame.h"
#define CPU_KERNEL_RSP 8
#define CPU_USER_RSP 16
#define SEL_UDATA 0x20
#define SEL_UCODE 0x28
#define VEC_SYSCALL 0x100

	.text
	.globl syscall_entry
syscall_entry:
	swapgs
	mov %rsp, %gs:CPU_USER_RSP
	mov %gs:CPU_KERNEL_RSP, %rsp
	pushq $(SEL_UDATA | 3)
	pushq %gs:CPU_USER_RSP
	pushq %r11			/* user rflags */
	pushq $(SEL_UCODE | 3)
	pushq %rcx			/* user rip */
	pushq $0			/* error code */
	pushq $VEC_SYSCALL
	SAVE_GPRS
	xor %ebp, %ebp			/* backtraces stop here */
	mov %rsp, %rdi
	call syscall_dispatch
	cli
	test %eax, %eax			/* signal_return: every register, through iret */
	jnz trap_return
	RESTORE_GPRS
	add $16, %rsp			/* vector, error code */
	/* sysret needs a canonical user rip; anything else leaves through iret. */
	movq (%rsp), %rcx
	shrq $47, %rcx
	jnz 1f
	movq (%rsp), %rcx
	movq 16(%rsp), %r11
	movq 24(%rsp), %rsp
	swapgs
	sysretq
1:	swapgs				/* rcx is clobbered either way, as the ABI says */
	iretq

/*
 * switch_context(uint64_t *save_rsp, uint64_t new_rsp, struct thread *prev)
 * Saves the callee-saved registers and the stack pointer of the running
 * thread, loads another thread's, and returns on its stack with prev in rax.
 */
	.globl switch_context
switch_context:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	mov %rsp, (%rdi)
	mov %rsi, %rsp
	mov %rdx, %rax
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret

/* A new thread's first return from switch_context lands here, with its trap
 * frame (the user registers to start with) right above the stack pointer. */
	.globl thread_first_run
thread_first_run:
	mov %rax, %rdi
	call sched_finish_switch
	jmp trap_return
