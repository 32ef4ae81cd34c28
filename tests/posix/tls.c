/*
 * tls.c — thread-local storage as C11 and gcc compile it for x86_64:
 * `_Thread_local` and `__thread` variables with and without initializers,
 * an over-aligned one, their addresses through %fs, a constructor that uses
 * one (so the block exists before constructors run), and the stack
 * protector's canary word at %fs:0x28.
 *
 * TAP on stdout; exit status 0 only if every check passed. On Linux the same
 * source passes against glibc (tests/posix/host-run.sh).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"

static _Thread_local int counter = 41;
static _Thread_local char name[16] = "initial";
static __thread long zeroed[64];
_Alignas(64) _Thread_local unsigned char aligned64[64] = {0xa5}; /* global: not folded away */
_Thread_local int exported = -7; /* initial-exec access from other units would see this */

static int seen_in_constructor;

__attribute__((constructor)) static void early(void)
{
	counter++;
	seen_in_constructor = counter;
}

static uintptr_t thread_pointer(void)
{
	uintptr_t tp;
	__asm__("movq %%fs:0, %0" : "=r"(tp));
	return tp;
}

/* Not inlined, so the compiler cannot fold the accesses away. */
__attribute__((noinline)) static int *counter_address(void)
{
	return &counter;
}

__attribute__((noinline)) static unsigned char *aligned_address(void)
{
	return aligned64;
}

int main(void)
{
	is_int(seen_in_constructor, 42, "a constructor saw the initialized value and changed it");
	is_int(counter, 42, "main sees the constructor's change");
	is_str(name, "initial", "an initialized array keeps its image");
	long sum = 0;
	for (int i = 0; i < 64; i++)
		sum |= zeroed[i];
	is_int(sum, 0, "an uninitialized array is zeroed");
	unsigned char *volatile a64 = aligned_address();
	is_int(a64[0], 0xa5, "an over-aligned variable keeps its image");
	is_int((long)((uintptr_t)a64 % 64), 0, "and its 64-byte alignment");
	is_int(exported, -7, "an exported variable keeps its image");

	uintptr_t tp = thread_pointer();
	ok(tp != 0, "%%fs:0 holds the thread pointer");
	uintptr_t a = (uintptr_t)counter_address();
	ok(a < tp && tp - a < 4096, "variables lie just below the thread pointer (variant II)");
	*counter_address() = 1000;
	is_int(counter, 1000, "a write through the address is seen by name");
	strcpy(name, "changed");
	is_str(name, "changed", "an array is writable");
	zeroed[63] = 0x1234;
	is_int(zeroed[63], 0x1234, "the last element of the zeroed array is writable");
	is_int(a64[0], 0xa5, "writing the others leaves neighbours alone");

	uintptr_t guard;
	__asm__("movq %%fs:0x28, %0" : "=r"(guard));
	ok(guard != 0 && (guard & 0xff) == 0, "%%fs:0x28 holds a stack-protector canary");
	return done_testing();
}
