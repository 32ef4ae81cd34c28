/*
 * Deliberate crashes (crash=KIND on the command line), so tests can check the
 * fault report: right exception, right address, a backtrace naming the
 * function, a clean power-off with EXIT_PANIC.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/layout.h"
#include "arch/x86_64/percpu.h"
#include "core/kernel.h"
#include "core/log.h"
#include "core/panic.h"

const char *const crash_names[] = {"none",    "pagefault", "wptext", "nx",    "stackoverflow",
				   "divzero", "ud",        "gp",     "panic", "ap-pagefault", NULL};

#define CRASH_ADDR 0xdead0000ull

static volatile int crash_on_ap;

__attribute__((noinline)) static void crash_pagefault(void)
{
	kprintf("crash: writing to unmapped address %#llx\n", CRASH_ADDR);
	*(volatile uint64_t *)CRASH_ADDR = 1;
}

__attribute__((noinline)) static void crash_wptext(void)
{
	volatile uint8_t *text = (volatile uint8_t *)(uintptr_t)crash_wptext;
	kprintf("crash: writing to kernel text at %p\n", (void *)text);
	*text = 0xcc;
}

static uint8_t data_code[16] = {0xc3}; /* ret, in a non-executable data page */

__attribute__((noinline)) static void crash_nx(void)
{
	kprintf("crash: calling code in a data page at %p\n", (void *)data_code);
	((void (*)(void))(uintptr_t)data_code)();
}

/* Recursion the compiler cannot prove endless: the limit is never reached. */
static volatile uint64_t recurse_limit = ~0ull;

__attribute__((noinline)) static uint64_t recurse(uint64_t depth)
{
	volatile uint8_t pad[256];
	pad[0] = (uint8_t)depth;
	if (depth >= recurse_limit)
		return 0;
	return recurse(depth + 1) + pad[0];
}

__attribute__((noinline)) static void crash_divzero(void)
{
	kprintf("crash: dividing by zero\n");
	/* In assembly: division by zero is undefined in C, so the compiler may drop it. */
	__asm__ volatile("xor %%ecx, %%ecx\n\tmov $1, %%eax\n\tcltd\n\tidiv %%ecx" ::: "rax", "rcx",
			 "rdx");
}

__attribute__((noinline)) static void crash_gp(void)
{
	kprintf("crash: reading a non-canonical address\n");
	(void)*(volatile uint64_t *)0x8000000000000000ull;
}

__attribute__((noinline)) static void crash_ap(void)
{
	if (ncpus < 2) {
		kprintf("crash: ap-pagefault needs two CPUs; crashing here instead\n");
		crash_pagefault();
	}
	kprintf("crash: asking cpu 1 to fault\n");
	__atomic_store_n(&crash_on_ap, 1, __ATOMIC_RELEASE);
	for (;;)
		cpu_idle();
}

/* Called from the timer interrupt on APs. */
void crash_poll_ap(void)
{
	if (this_cpu()->id == 1 && __atomic_exchange_n(&crash_on_ap, 0, __ATOMIC_ACQ_REL))
		crash_pagefault();
}

void crash_run(int which)
{
	switch (which) {
	case 1:
		crash_pagefault();
		break;
	case 2:
		crash_wptext();
		break;
	case 3:
		crash_nx();
		break;
	case 4:
		kprintf("crash: recursing until the kernel stack overflows\n");
		recurse(0);
		break;
	case 5:
		crash_divzero();
		break;
	case 6:
		kprintf("crash: executing ud2\n");
		__asm__ volatile("ud2");
		break;
	case 7:
		crash_gp();
		break;
	case 8:
		panic("deliberate panic (crash=panic)");
	case 9:
		crash_ap();
		break;
	}
	panic("crash=%s did not crash", crash_names[which]);
}
