/*
 * User-side system call stubs: one inline function per syscall in
 * motor/syscall.h, e.g. motor_debug_write(buf, len). Each returns the raw
 * result (>= 0, or a negative errno).
 */
#ifndef MOTOR_USYSCALL_H
#define MOTOR_USYSCALL_H

#include <motor/syscall.h>

static inline long motor_syscall6(long n, long a, long b, long c, long d, long e, long f)
{
	long ret;
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

#define MOTOR_STUB_0(name) \
	static inline long motor_##name(void) { return motor_syscall6(SYS_##name, 0, 0, 0, 0, 0, 0); }
#define MOTOR_STUB_1(name) \
	static inline long motor_##name(long a) { return motor_syscall6(SYS_##name, a, 0, 0, 0, 0, 0); }
#define MOTOR_STUB_2(name)                                                             \
	static inline long motor_##name(long a, long b)                                \
	{                                                                              \
		return motor_syscall6(SYS_##name, a, b, 0, 0, 0, 0);                   \
	}
#define MOTOR_STUB_3(name)                                                             \
	static inline long motor_##name(long a, long b, long c)                        \
	{                                                                              \
		return motor_syscall6(SYS_##name, a, b, c, 0, 0, 0);                   \
	}
#define MOTOR_STUB(name, num, nargs) MOTOR_STUB_##nargs(name)
MOTOR_SYSCALLS(MOTOR_STUB)
#undef MOTOR_STUB

#endif
