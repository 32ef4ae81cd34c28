/*
 * _start: where every program linked against the sysroot begins.
 *
 * The start block is argc, argv[] and NULL, envp[] and NULL, then the
 * auxiliary vector (pairs, ending with AT_NULL). The kernel starts init with
 * rsp at that block and rdi = 0; libposix's loader (motor_spawn) starts a
 * thread, which the kernel enters as if called, with rdi pointing at the
 * block. That pointer goes to __motor_start(sp) in
 * libposix, which sets up the C library, runs main and exits: it never
 * returns (ud2 catches it if it does). rbp = 0 ends backtraces here.
 */
	.text
	.globl _start
	.type _start, @function
_start:
	.cfi_startproc
	.cfi_undefined rip
	xorl %ebp, %ebp
	testq %rdi, %rdi
	jnz 1f
	movq %rsp, %rdi
1:
	andq $-16, %rsp		/* the ABI's alignment at the call */
	call __motor_start
	ud2
	.cfi_endproc
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
