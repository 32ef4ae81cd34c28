/*
 * User-mode test of the memory calls: vm_map allocates lazily (the free page
 * count barely moves for 64 MiB mapped, drops once 1 MiB is touched, and
 * comes back after vm_unmap), data reads back, vm_protect keeps contents,
 * the main stack grows on demand through a 200 KiB recursion and a 64 KiB
 * frame, and set_fs_base makes a TLS block readable through %fs.
 * Prints TAP; exits 0 when everything passed, 1 otherwise.
 */
#include "rt.h"

#define MiB (1024 * 1024l)
#define RW (MOTOR_PROT_READ | MOTOR_PROT_WRITE)

static long free_pages(void)
{
	return motor_sys_info(MOTOR_INFO_FREE_PAGES);
}

static void test_lazy(void)
{
	long before, mapped, touched, after;
	const long len = 64 * MiB;
	volatile unsigned long *p;
	long a, wrong = 0, nonzero = 0;

	before = free_pages();
	a = motor_vm_map(0, len, RW);
	mapped = free_pages();
	if (!ok(a > 0, "vm_map of 64 MiB", "got %ld", a))
		return;
	p = (volatile unsigned long *)a;
	ok(before - mapped < 64, "mapping 64 MiB takes (almost) no pages",
	   "free pages %ld -> %ld", before, mapped);

	/* One word per page of the first MiB, then a pattern over all of it. */
	for (long off = 0; off < MiB; off += PAGE_SIZE)
		p[off / 8] = 1;
	touched = free_pages();
	ok(mapped - touched >= 256 && mapped - touched < 256 + 64,
	   "touching 1 MiB takes its 256 pages (and a few for tables)",
	   "free pages %ld -> %ld", mapped, touched);
	for (long i = 0; i < MiB / 8; i++)
		p[i] = (unsigned long)i * 0x9e3779b97f4a7c15ul;
	for (long i = 0; i < MiB / 8; i++)
		wrong += p[i] != (unsigned long)i * 0x9e3779b97f4a7c15ul;
	is(wrong, 0, "a 1 MiB pattern reads back");
	for (long off = MiB; off < len; off += 4 * MiB)
		nonzero += p[off / 8] != 0;
	is(nonzero, 0, "untouched pages read as zero");
	p[(len - 8) / 8] = 7;
	is((long)p[(len - 8) / 8], 7, "the last word of the mapping is writable");

	is(motor_vm_unmap(a, len), 0, "vm_unmap of 64 MiB");
	after = free_pages();
	/* Page tables may outlive the mapping: one per 2 MiB of it, plus a few above. */
	ok(after >= before - (len / (2 * MiB) + 8), "the free page count returns after vm_unmap",
	   "free pages %ld before, %ld after", before, after);
}

static void test_protect(void)
{
	long a = motor_vm_map(0, 3 * PAGE_SIZE, RW), wrong = 0;
	volatile unsigned char *p = (volatile unsigned char *)a;

	if (!ok(a > 0, "vm_map of 3 pages", "got %ld", a))
		return;
	for (unsigned long i = 0; i < 3 * PAGE_SIZE; i++)
		p[i] = (unsigned char)(i * 13);
	is(motor_vm_protect(a, 3 * PAGE_SIZE, MOTOR_PROT_READ), 0, "vm_protect read-only");
	for (unsigned long i = 0; i < 3 * PAGE_SIZE; i++)
		wrong += p[i] != (unsigned char)(i * 13);
	is(wrong, 0, "read-only pages keep their contents and are readable");
	is(motor_vm_protect(a + PAGE_SIZE, PAGE_SIZE, RW), 0, "vm_protect the middle page back to RW");
	p[PAGE_SIZE + 5] = 0xee;
	is(p[PAGE_SIZE + 5], 0xee, "the middle page is writable again");
	is(p[5], (unsigned char)(5 * 13), "its neighbours are unchanged");
	is(motor_vm_protect(a, PAGE_SIZE, MOTOR_PROT_WRITE | MOTOR_PROT_EXEC), -EINVAL,
	   "vm_protect W|X refused");
	is(p[7], (unsigned char)(7 * 13), "a refused vm_protect leaves the page readable");
	/* PROT_NONE keeps the pages (the kernel cannot reach them either) and
	 * gives them back unchanged; an inaccessible region can be unmapped. */
	long before = motor_sys_info(MOTOR_INFO_FREE_PAGES);
	is(motor_vm_protect(a, 3 * PAGE_SIZE, 0), 0, "vm_protect to no access");
	is(motor_debug_write(a + 8, 8), -EFAULT, "the kernel cannot read a no-access page either");
	is(motor_sys_info(MOTOR_INFO_FREE_PAGES), before, "no-access pages stay allocated");
	is(motor_vm_protect(a, 3 * PAGE_SIZE, MOTOR_PROT_READ), 0, "vm_protect back to read-only");
	wrong = 0;
	for (unsigned long i = 0; i < 3 * PAGE_SIZE; i++)
		wrong += p[i] != (unsigned char)(i * 13 + (i == PAGE_SIZE + 5 ? 0xee - 5 * 13 : 0));
	is(wrong, 0, "and they come back with their contents");
	is(motor_vm_protect(a, 3 * PAGE_SIZE, 0), 0, "vm_protect to no access again");
	is(motor_vm_unmap(a, 3 * PAGE_SIZE), 0, "vm_unmap of a no-access region");
	ok(motor_sys_info(MOTOR_INFO_FREE_PAGES) >= before + 3, "its pages are freed",
	   "free pages %ld before, %ld after", before, motor_sys_info(MOTOR_INFO_FREE_PAGES));
	long b = motor_vm_map(a, PAGE_SIZE, RW);
	is(b, a, "its address range is free again");
	if (b > 0)
		motor_vm_unmap(b, PAGE_SIZE);
}

/* 1 KiB per level; the volatile array and the sum keep each frame real. */
__attribute__((noinline)) static long recurse(int depth)
{
	volatile char frame[1024];

	frame[0] = (char)depth;
	frame[sizeof(frame) - 1] = (char)depth;
	if (depth == 0)
		return frame[0];
	return recurse(depth - 1) + frame[sizeof(frame) - 1] - frame[0] + 1;
}

__attribute__((noinline)) static long big_frame(void)
{
	volatile char frame[64 * 1024];

	/* From the bottom up: the first touch is 64 KiB below the caller. */
	for (unsigned long i = 0; i < sizeof(frame); i += PAGE_SIZE)
		frame[i] = 1;
	return frame[0] + frame[sizeof(frame) - PAGE_SIZE];
}

static void test_stack(void)
{
	is(recurse(200), 200, "a 200 KiB recursion on the main stack");
	is(big_frame(), 2, "a 64 KiB stack frame touched from its far end");
	is(recurse(200), 200, "the grown stack is reused");
}

static void test_tls(void)
{
	static unsigned long block[4];
	unsigned long w0, w1;

	block[0] = (unsigned long)block; /* the x86_64 TLS convention: %fs:0 is the block itself */
	block[1] = 0x1122334455667788ul;
	is(motor_set_fs_base((long)block), 0, "set_fs_base");
	__asm__ volatile("movq %%fs:0, %0" : "=r"(w0));
	__asm__ volatile("movq %%fs:8, %0" : "=r"(w1));
	is((long)w0, (long)block, "%fs:0 reads the TLS block's first word");
	is((long)w1, 0x1122334455667788l, "%fs:8 reads its second word");
	motor_yield();
	motor_sleep(5 * 1000000l);
	__asm__ volatile("movq %%fs:8, %0" : "=r"(w1));
	is((long)w1, 0x1122334455667788l, "the FS base survives yield and sleep");
	block[1] = 42;
	__asm__ volatile("movq %%fs:8, %0" : "=r"(w1));
	is((long)w1, 42, "%fs reads see later writes");
}

static const char rodata_probe[] = "read-only";

static void test_check(void)
{
	long p = motor_vm_map(0, 2 * 4096, RW);
	is(motor_vm_check(p, 2 * 4096, MOTOR_PROT_WRITE), 0, "vm_check: fresh mapping is writable");
	is(motor_vm_check(p + 4095, 2, MOTOR_PROT_READ), 0, "vm_check: range across two pages");
	is(motor_vm_unmap(p + 4096, 4096), 0, "unmap the second page");
	is(motor_vm_check(p + 4095, 2, MOTOR_PROT_READ), -EFAULT, "vm_check: into an unmapped page");
	is(motor_vm_check(p, 4096, MOTOR_PROT_READ), 0, "vm_check: the page still mapped");
	is(motor_vm_check((long)rodata_probe, 4, MOTOR_PROT_READ), 0, "vm_check: rodata readable");
	is(motor_vm_check((long)rodata_probe, 4, MOTOR_PROT_WRITE), -EFAULT,
	   "vm_check: rodata not writable");
	is(motor_vm_check(8, 1, MOTOR_PROT_READ), -EFAULT, "vm_check: page zero");
	is(motor_vm_check((long)0xffffffff80100000ul, 8, MOTOR_PROT_READ), -EFAULT,
	   "vm_check: kernel address");
	is(motor_vm_check(-4096l, 8192, MOTOR_PROT_READ), -EFAULT, "vm_check: range that wraps");
	is(motor_vm_check(p, -1l, MOTOR_PROT_READ), -EINVAL, "vm_check: huge length");
	is(motor_vm_check(p, 8, 4), -EINVAL, "vm_check: bad prot");
	is(motor_vm_check(p, 0, MOTOR_PROT_READ), 0, "vm_check: empty range");
	motor_vm_unmap(p, 4096);
	long none = motor_vm_map(0, 4096, 0);
	ok(none > 0, "vm_map with no access reserves address space", "got %ld", none);
	is(motor_vm_check(none, 1, MOTOR_PROT_READ), -EFAULT, "vm_check: an inaccessible page");
	is(motor_vm_protect(none, 4096, RW), 0, "vm_protect opens it");
	is(motor_vm_check(none, 4096, MOTOR_PROT_WRITE), 0, "vm_check: now writable");
	motor_vm_unmap(none, 4096);
}

int main(int argc, char **argv, char **envp)
{
	(void)argc;
	(void)argv;
	(void)envp;
	test_lazy();
	test_protect();
	test_stack();
	test_tls();
	test_check();
	return done_testing();
}
