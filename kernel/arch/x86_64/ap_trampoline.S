/*
 * Application-processor trampoline, copied to a page below 1 MiB. STARTUP
 * begins it in real mode at CS = page << 8, IP = 0. It enables PAE, loads the
 * kernel's CR3 (below 4 GiB), turns on long mode, paging and protection in one
 * step, and far-jumps into 64-bit code in the same (identity-mapped) page,
 * which then loads the stack and jumps to ap_main(cpu). The C side fills the
 * fields at the end before sending STARTUP.
 */
	.section .rodata
	.balign 16
	.globl ap_tramp_start, ap_tramp_end
	.globl ap_tramp_gdt_ptr, ap_tramp_far, ap_tramp_cr3, ap_tramp_stack, ap_tramp_entry, ap_tramp_arg
	.code16
ap_tramp_start:
	cli
	cld
	mov %cs, %ax
	mov %ax, %ds
	lgdtl ap_tramp_gdt_ptr - ap_tramp_start
	mov %cr4, %eax
	or $0xa0, %eax				/* PAE, PGE */
	mov %eax, %cr4
	movl ap_tramp_cr3 - ap_tramp_start, %eax
	mov %eax, %cr3
	mov $0xc0000080, %ecx
	rdmsr
	or $0x900, %eax				/* LME, NXE */
	wrmsr
	mov %cr0, %eax
	or $0x80010001, %eax			/* PG, WP, PE */
	mov %eax, %cr0
	ljmpl *(ap_tramp_far - ap_tramp_start)

	.code64
ap_tramp_64:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov ap_tramp_stack(%rip), %rsp
	mov ap_tramp_arg(%rip), %rdi
	xor %ebp, %ebp
	call *ap_tramp_entry(%rip)
1:	hlt
	jmp 1b

	.balign 8
ap_tramp_gdt:
	.quad 0
	.quad 0x00af9a000000ffff		/* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff		/* 0x10: data */
ap_tramp_gdt_ptr:
	.word 23
	.long 0					/* filled: linear address of ap_tramp_gdt */
	.balign 4
ap_tramp_far:
	.long 0					/* filled: linear address of ap_tramp_64 */
	.word 0x08
	.balign 8
ap_tramp_cr3:
	.quad 0
ap_tramp_stack:
	.quad 0
ap_tramp_entry:
	.quad 0
ap_tramp_arg:
	.quad 0
ap_tramp_end:

	.globl ap_tramp_64_off, ap_tramp_gdt_off
	.balign 4
ap_tramp_64_off:
	.long ap_tramp_64 - ap_tramp_start
ap_tramp_gdt_off:
	.long ap_tramp_gdt - ap_tramp_start
