/*
 * Prologues of _init and _fini (crtn.S has the epilogues). The linker
 * places any .init/.fini code of other objects between them. newlib's
 * __libc_init_array() calls _init and __libc_fini_array() calls _fini;
 * constructors themselves go through .init_array/.fini_array.
 */
	.section .init, "ax", @progbits
	.globl _init
	.type _init, @function
_init:
	subq $8, %rsp		/* 16-byte stack alignment for calls in between */

	.section .fini, "ax", @progbits
	.globl _fini
	.type _fini, @function
_fini:
	subq $8, %rsp

	.section .note.GNU-stack, "", @progbits
