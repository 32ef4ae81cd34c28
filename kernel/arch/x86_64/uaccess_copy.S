/*
 * Copies between kernel memory and the user half of the loaded address
 * space through the user's own mapping, as the MMU sees it: one string move
 * instead of a page-table walk per page (mm/vm.c's slow path).
 *
 * long uaccess_copy(void *dst, const void *src, size_t n) -> 0, -EFAULT or -ENOMEM
 *
 * A page fault on one of the two moves goes to uaccess_fault (uaccess.c):
 * it maps the page as a user fault would and the move resumes where it
 * stopped (rcx, rsi and rdi hold its progress), or it sends the move to
 * uaccess_fail with the error in rax. The caller checks beforehand that the user range lies in
 * the lower half. With SMAP on, the moves run between stac and clac.
 */
	.text
	.globl uaccess_copy, uaccess_move8, uaccess_move1, uaccess_fail
uaccess_copy:
	cmpb $0, uaccess_smap(%rip)	/* stac and clac exist only with SMAP */
	je 1f
	stac
1:	mov %rdx, %rcx
	shr $3, %rcx
uaccess_move8:
	rep movsq
	mov %rdx, %rcx
	and $7, %rcx
uaccess_move1:
	rep movsb
	xor %eax, %eax
uaccess_fail:
	cmpb $0, uaccess_smap(%rip)
	je 2f
	clac
2:	ret
