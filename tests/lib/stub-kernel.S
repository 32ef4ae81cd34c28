/*
 * Stub kernel for the harness's own tests (tests/lib/test_harness.py) and
 * for trying bench/boot.sh without Motor. It keeps the Motor boot contract
 * on the serial console and exit paths, nothing more:
 *
 *   Motor stub                    banner
 *   cmdline: <the command line>
 *   motor: ready in 0.001 ms
 *
 * then, by the command line: `exit=N` (N >= 1) writes N to isa-debug-exit;
 * `exit=0` or `poweroff` powers off through ACPI (q35, pc and microvm);
 * `selftest` prints one passing TAP case and powers off; anything else
 * echoes the console's input back (CR as LF) forever.
 *
 * A 32-bit PVH entry (XEN_ELFNOTE_PHYS32_ENTRY): EBX = hvm_start_info,
 * whose cmdline_paddr is at offset 24. Build (tests/lib/stubkernel.py does):
 *   as --32 -o stub.o stub-kernel.S
 *   ld -m elf_i386 -N -T stub.ld -o stub.elf stub.o
 * with stub.ld: ENTRY(_start) SECTIONS { . = 0x100000; .text : { *(.text) }
 *   .data : { *(.data) } .note.pvh : { *(.note.pvh) } }
 */
	.code32
	.text
	.globl _start
_start:
	mov	$stack_top, %esp
	mov	%ebx, %ebp
	mov	$banner, %esi
	call	puts
	mov	24(%ebp), %esi		/* cmdline_paddr, low half */
	test	%esi, %esi
	jz	1f
	call	puts
1:	mov	$ready, %esi
	call	puts
	mov	24(%ebp), %esi
	test	%esi, %esi
	jz	echo

find:	cmpb	$0, (%esi)
	je	echo
	cmpl	$0x74697865, (%esi)	/* "exit" */
	jne	2f
	cmpb	$'=', 4(%esi)
	je	exit_status
2:	cmpl	$0x65776f70, (%esi)	/* "powe" */
	jne	3f
	cmpl	$0x66666f72, 4(%esi)	/* "roff" */
	je	poweroff
3:	cmpl	$0x666c6573, (%esi)	/* "self" */
	jne	9f
	cmpl	$0x74736574, 4(%esi)	/* "test" */
	je	selftest
9:	inc	%esi
	jmp	find

exit_status:				/* decimal after "exit=" */
	add	$5, %esi
	xor	%eax, %eax
4:	movzbl	(%esi), %ecx
	sub	$'0', %ecx
	cmp	$9, %ecx
	ja	5f
	imul	$10, %eax
	add	%ecx, %eax
	inc	%esi
	jmp	4b
5:	test	%eax, %eax
	jz	poweroff
	mov	$0xf4, %dx
	out	%al, %dx
	jmp	halt

selftest:
	mov	$tap, %esi
	call	puts
poweroff:				/* SLP_TYP=S5 (0) | SLP_EN */
	mov	$0x2000, %ax
	mov	$0x604, %dx		/* q35: ICH9 PM1a_CNT */
	out	%ax, %dx
	mov	$0xb004, %dx		/* pc: PIIX4 PM1a_CNT */
	out	%ax, %dx
	movb	$0x34, 0xfea00200	/* microvm: GED sleep control, S5 | EN */
halt:	cli
	hlt
	jmp	halt

echo:	mov	$0x3fd, %dx		/* LSR: data ready? */
	in	%dx, %al
	test	$1, %al
	jz	echo
	mov	$0x3f8, %dx
	in	%dx, %al
	cmp	$'\r', %al
	jne	6f
	mov	$'\n', %al
6:	out	%al, %dx
	jmp	echo

puts:					/* ESI: NUL-terminated string */
	mov	$0x3f8, %dx
7:	lodsb
	test	%al, %al
	jz	8f
	out	%al, %dx
	jmp	7b
8:	ret

	.data
banner:	.asciz	"Motor stub\ncmdline: "
ready:	.asciz	"\nmotor: ready in 0.001 ms\n"
tap:	.asciz	"1..1\nok 1 - stub kernel\n"
	.align	16
	.space	1024
stack_top:

	.section .note.pvh, "a", @note
	.align	4
	.long	4, 4, 18		/* XEN_ELFNOTE_PHYS32_ENTRY */
	.asciz	"Xen"
	.long	_start
