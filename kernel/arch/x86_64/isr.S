/*
 * Entry stubs for all 256 vectors. Vectors that push no error code push a 0
 * so every frame has the same shape (struct trap_frame); then the vector
 * number, the general registers, and a call to trap_dispatch(frame).
 * A trap from user mode swaps GS so %gs:0 is always this CPU's struct cpu.
 */

#include "arch/x86_64/frame.h"


	.text
	.altmacro
.macro stub v
	.balign 16
isr_\v:
	.if !(\v == 8 || (\v >= 10 && \v <= 14) || \v == 17 || \v == 21 || \v == 29 || \v == 30)
	pushq $0
	.endif
	pushq $\v
	jmp isr_common
.endm

	.globl isr_stubs_start
isr_stubs_start:
.set v, 0
.rept 256
	stub %v
	.set v, v + 1
.endr

isr_common:
	testb $3, 24(%rsp)		/* CS of the interrupted code */
	jz 1f
	swapgs
1:	SAVE_GPRS
	cld
	cmpb $0, uaccess_smap(%rip)	/* user code may have set AC: keep SMAP on here */
	je 3f
	clac
3:	mov %rsp, %rdi
	call trap_dispatch
	.globl trap_return
trap_return:
	cli
	RESTORE_GPRS
	testb $3, 24(%rsp)
	jz 2f
	swapgs
2:	add $16, %rsp			/* vector and error code */
	iretq

	.section .rodata
	.balign 8
	.globl isr_stub_table
isr_stub_table:
.macro tabent v
	.quad isr_\v
.endm
.set v, 0
.rept 256
	tabent %v
	.set v, v + 1
.endr
