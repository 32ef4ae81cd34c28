/*
 * PVH entry: the first code of the kernel.
 *
 * A PVH loader (QEMU -kernel, Cloud Hypervisor, Firecracker, and later the
 * distro's MBR loader, which uses the same hand-off) jumps to pvh_start32 in
 * 32-bit protected mode with paging off, flat segments, and %ebx holding the
 * physical address of an hvm_start_info. We record the TSC (for the boot-time
 * figure), check for long mode, build boot page tables that map the first
 * 4 GiB twice -- at 0 (identity, to turn paging on) and at -2 GiB (where the
 * kernel is linked) -- enable long mode and jump to the higher half. The C code
 * (kmain_pvh) replaces these tables with the real ones straight away.
 */

#define CR0_PE 0x1
#define CR0_WP 0x10000
#define CR0_PG 0x80000000
#define CR4_PAE 0x20
#define EFER_MSR 0xc0000080
#define EFER_LME 0x100
#define COM1 0x3f8

	.section .note.pvh, "a"
	.balign 4
	.long 4			/* name size: "Xen\0" */
	.long 4			/* descriptor size */
	.long 18		/* XEN_ELFNOTE_PHYS32_ENTRY */
	.asciz "Xen"
	.balign 4
	.long pvh_start32

	.section .boot.text, "ax"
	.code32
	.globl pvh_start32
pvh_start32:
	cli
	cld
	mov %ebx, %edi
	rdtsc
	mov %eax, boot_tsc
	mov %edx, boot_tsc + 4
	mov %edi, boot_start_info

	/* Long mode present? Without it there is nothing we can do but say so. */
	mov $0x80000000, %eax
	cpuid
	cmp $0x80000001, %eax
	jb no_long_mode
	mov $0x80000001, %eax
	cpuid
	test $(1 << 29), %edx
	jz no_long_mode

	/* Loaders zero-fill NOBITS sections, but do not depend on it here. */
	mov $boot_pml4, %edi
	mov $(7 * 4096 / 4), %ecx
	xor %eax, %eax
	rep stosl

	/* Four page directories of 2 MiB pages: physical 0..4 GiB. */
	mov $boot_pd, %edi
	xor %ecx, %ecx
1:	mov %ecx, %eax
	shl $21, %eax
	or $0x83, %eax			/* present, writable, 2 MiB */
	mov %eax, (%edi, %ecx, 8)
	mov %ecx, %eax
	shr $11, %eax			/* bits 32+ of the physical address */
	mov %eax, 4(%edi, %ecx, 8)
	inc %ecx
	cmp $2048, %ecx
	jb 1b

	/* PDPT for the identity map: four 1 GiB slots -> the four directories. */
	mov $boot_pd + 0x03, %eax
	mov %eax, boot_pdpt_low
	add $0x1000, %eax
	mov %eax, boot_pdpt_low + 8
	add $0x1000, %eax
	mov %eax, boot_pdpt_low + 16
	add $0x1000, %eax
	mov %eax, boot_pdpt_low + 24
	/* PDPT for -2 GiB: slots 510 and 511 -> physical 0..2 GiB. */
	mov $boot_pd + 0x03, %eax
	mov %eax, boot_pdpt_high + 510 * 8
	add $0x1000, %eax
	mov %eax, boot_pdpt_high + 511 * 8
	mov $boot_pdpt_low + 0x03, %eax
	mov %eax, boot_pml4
	mov $boot_pdpt_high + 0x03, %eax
	mov %eax, boot_pml4 + 511 * 8

	mov $boot_pml4, %eax
	mov %eax, %cr3
	mov %cr4, %eax
	or $CR4_PAE, %eax
	mov %eax, %cr4
	mov $EFER_MSR, %ecx
	rdmsr
	or $EFER_LME, %eax
	wrmsr
	mov %cr0, %eax
	or $(CR0_PG | CR0_WP | CR0_PE), %eax
	mov %eax, %cr0

	lgdt boot_gdt_ptr
	ljmp $0x08, $long_mode_low

no_long_mode:
	mov $no_lm_msg, %esi
2:	lodsb
	test %al, %al
	jz 4f
	mov %al, %bl
	mov $COM1 + 5, %dx
3:	inb %dx, %al			/* wait for the transmitter to be empty */
	test $0x20, %al
	jz 3b
	mov $COM1, %dx
	mov %bl, %al
	outb %al, %dx
	jmp 2b
4:	hlt
	jmp 4b

	.code64
long_mode_low:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	xor %ax, %ax
	mov %ax, %fs
	mov %ax, %gs
	movabs $long_mode_high, %rax
	jmp *%rax

	.section .boot.data, "aw"
no_lm_msg:
	.asciz "Motor: this CPU has no 64-bit long mode; Motor needs an x86_64 CPU.\r\n"
	.balign 8
	.globl boot_tsc, boot_start_info
boot_tsc:
	.quad 0
boot_start_info:
	.quad 0
	.balign 8
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff	/* 0x10: data */
boot_gdt_ptr:
	.word boot_gdt_ptr - boot_gdt - 1
	.long boot_gdt

	.section .boot.bss, "aw", @nobits
	.balign 4096
boot_pml4:
	.skip 4096
boot_pdpt_low:
	.skip 4096
boot_pdpt_high:
	.skip 4096
boot_pd:
	.skip 4 * 4096

	.text
long_mode_high:
	movabs $__bss_start, %rdi	/* zero .bss (it holds the boot stack) */
	movabs $__bss_end, %rcx
	sub %rdi, %rcx
	shr $3, %rcx
	xor %eax, %eax
	rep stosq
	movabs $boot_stack_top, %rsp
	xor %ebp, %ebp
	mov boot_start_info, %edi	/* zero-extends into %rdi */
	call kmain_pvh
5:	cli
	hlt
	jmp 5b

	.section .bss
	.balign 16
	.globl boot_stack, boot_stack_top
boot_stack:
	.skip 16384
boot_stack_top:
