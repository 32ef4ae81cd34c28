/*
 * Deliberate user-mode faults, one per run, chosen by argv[1]: the kernel
 * must kill the process with a death report and carry on (the integration
 * test checks the report and the exit status). Before faulting, the program
 * prints "# fault: MODE at 0x..." with the address the report should name.
 *
 *   write-ro   write to a page made read-only with vm_protect
 *   read-none  read a page, written before, made inaccessible with vm_protect
 *   null       read address 0
 *   kernel     read a kernel address (0xffffffff80100000)
 *   exec-data  call into a RW data buffer (NX)
 *   ud         ud2 (invalid opcode)
 *   priv       hlt in ring 3 (general protection)
 *   stack      unbounded recursion (runs into the stack's limit)
 *
 * If the fault does not kill it, the program says "not ok" and exits 1; an
 * unknown mode prints its arguments and exits 2.
 */
#include "rt.h"

#define KERNEL_ADDR 0xffffffff80100000ul

/* A `ret` in writable, non-executable data. */
static unsigned char data_code[16] = { 0xc3 };

/* Code whose first instruction is ud2 / hlt, so the report's rip is known. */
void fault_ud(void);
void fault_hlt(void);
__asm__(".text\n"
	".globl fault_ud\n"
	"fault_ud:\n"
	"	ud2\n"
	"	ret\n"
	".globl fault_hlt\n"
	"fault_hlt:\n"
	"	hlt\n"
	"	ret\n");

static void announce(const char *mode, unsigned long addr)
{
	uprintf("# fault: %s at 0x%016lx\n", mode, addr);
}

/* Ends only if the stack were unlimited (the volatile limit hides that from gcc). */
static volatile long recursion_limit = 1l << 40;

__attribute__((noinline)) static long recurse_forever(long n)
{
	volatile char frame[512];

	frame[0] = (char)n;
	if (n >= recursion_limit)
		return 0;
	return recurse_forever(n + 1) + frame[0];
}

static int run(const char *mode)
{
	if (strcmp(mode, "write-ro") == 0) {
		long a = motor_vm_map(0, PAGE_SIZE, MOTOR_PROT_READ | MOTOR_PROT_WRITE);
		volatile long *p = (volatile long *)a;

		if (a < 0 || (*p = 1, motor_vm_protect(a, PAGE_SIZE, MOTOR_PROT_READ)) != 0) {
			uprintf("not ok 1 - could not set up a read-only page (%ld)\n", a);
			return 1;
		}
		announce(mode, (unsigned long)a);
		*p = 2;
	} else if (strcmp(mode, "read-none") == 0) {
		long a = motor_vm_map(0, PAGE_SIZE, MOTOR_PROT_READ | MOTOR_PROT_WRITE);
		volatile long *p = (volatile long *)a;

		if (a < 0 || (*p = 1, motor_vm_protect(a, PAGE_SIZE, 0)) != 0) {
			uprintf("not ok 1 - could not set up an inaccessible page (%ld)\n", a);
			return 1;
		}
		announce(mode, (unsigned long)a);
		(void)*p;
	} else if (strcmp(mode, "null") == 0) {
		announce(mode, 0);
		(void)*(volatile long *)0;
	} else if (strcmp(mode, "kernel") == 0) {
		announce(mode, KERNEL_ADDR);
		(void)*(volatile long *)KERNEL_ADDR;
	} else if (strcmp(mode, "exec-data") == 0) {
		void (*f)(void) = (void (*)(void))(void *)data_code;

		announce(mode, (unsigned long)data_code);
		f();
	} else if (strcmp(mode, "ud") == 0) {
		announce(mode, (unsigned long)fault_ud);
		fault_ud();
	} else if (strcmp(mode, "priv") == 0) {
		announce(mode, (unsigned long)fault_hlt);
		fault_hlt();
	} else if (strcmp(mode, "stack") == 0) {
		announce(mode, 0);
		recurse_forever(0);
	} else {
		return -1;
	}
	uprintf("not ok 1 - %s: the fault did not kill the process\n1..1\n", mode);
	return 1;
}

int main(int argc, char **argv, char **envp)
{
	int r = argc == 2 ? run(argv[1]) : -1;

	(void)envp;
	if (r >= 0)
		return r;
	uprintf("# usage: fault write-ro|read-none|null|kernel|exec-data|ud|priv|stack\n");
	for (int i = 0; i < argc; i++)
		uprintf("# argv[%d] = \"%s\"\n", i, argv[i]);
	return 2;
}
