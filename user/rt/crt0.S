/*
 * Process and thread entry points of the user runtime.
 *
 * _start: the kernel enters with rsp at argc, then argv[] and envp[] (each
 * NULL-terminated) and the auxiliary vector; every other register is 0 and
 * rsp is 16-byte aligned. The registers, rsp and rflags are recorded as found
 * (the test programs check that contract), then rt_start(sp) in start.c
 * finds argv/envp/auxv, calls main and exits with its value.
 *
 * rt_thread_entry: where rt_thread_create() starts threads; rdi points at
 * {fn, arg} at the top of the new stack. The C side does the rest.
 */
	.text
	.globl _start
	.type _start, @function
_start:
	/* RIP-relative stores: nothing is touched before it is recorded. */
	movq %rax, rt_entry_regs+0(%rip)
	movq %rcx, rt_entry_regs+8(%rip)
	movq %rdx, rt_entry_regs+16(%rip)
	movq %rbx, rt_entry_regs+24(%rip)
	movq %rbp, rt_entry_regs+40(%rip)
	movq %rsi, rt_entry_regs+48(%rip)
	movq %rdi, rt_entry_regs+56(%rip)
	movq %r8, rt_entry_regs+64(%rip)
	movq %r9, rt_entry_regs+72(%rip)
	movq %r10, rt_entry_regs+80(%rip)
	movq %r11, rt_entry_regs+88(%rip)
	movq %r12, rt_entry_regs+96(%rip)
	movq %r13, rt_entry_regs+104(%rip)
	movq %r14, rt_entry_regs+112(%rip)
	movq %r15, rt_entry_regs+120(%rip)
	movq %rsp, rt_entry_rsp(%rip)
	pushfq
	popq rt_entry_rflags(%rip)
	xorl %ebp, %ebp         /* the outermost frame, for backtraces */
	movq %rsp, %rdi
	andq $-16, %rsp         /* whatever the kernel did, call with the ABI's alignment */
	call rt_start
	ud2
	.size _start, . - _start

	.globl rt_thread_entry
	.type rt_thread_entry, @function
rt_thread_entry:
	xorl %ebp, %ebp
	andq $-16, %rsp
	call rt_thread_main
	ud2
	.size rt_thread_entry, . - rt_thread_entry

	.section .note.GNU-stack, "", @progbits
