/*
 * User-side system call stubs: one inline function per syscall in
 * motor/syscall.h, e.g. motor_debug_write(buf, len). Each returns the raw
 * result (>= 0, or a negative errno).
 */
#ifndef MOTOR_USYSCALL_H
#define MOTOR_USYSCALL_H

#include <stdint.h>

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
#define MOTOR_STUB_4(name)                                                             \
	static inline long motor_##name(long a, long b, long c, long d)                \
	{                                                                              \
		return motor_syscall6(SYS_##name, a, b, c, d, 0, 0);                   \
	}
#define MOTOR_STUB_6(name)                                                             \
	static inline long motor_##name(long a, long b, long c, long d, long e, long f)  \
	{                                                                              \
		return motor_syscall6(SYS_##name, a, b, c, d, e, f);                   \
	}
#define MOTOR_STUB(name, num, nargs) MOTOR_STUB_##nargs(name)
MOTOR_SYSCALLS(MOTOR_STUB)
#undef MOTOR_STUB

/*
 * IPC with words in and out of registers (motor/ipc.h). w[0..3] go out and
 * come back replaced by the answer; *badge (if not NULL) gets rdi on return.
 */
static inline long motor_ipc(long num, long h, uint64_t w[4], void *msg, uint64_t *badge)
{
	long ret;
	register uint64_t rdi __asm__("rdi") = (uint64_t)h;
	register uint64_t rsi __asm__("rsi") = w[0];
	register uint64_t rdx __asm__("rdx") = w[1];
	register uint64_t r10 __asm__("r10") = w[2];
	register uint64_t r8 __asm__("r8") = w[3];
	register uint64_t r9 __asm__("r9") = (uint64_t)msg;
	__asm__ volatile("syscall"
			 : "=a"(ret), "+r"(rdi), "+r"(rsi), "+r"(rdx), "+r"(r10), "+r"(r8), "+r"(r9)
			 : "a"(num)
			 : "rcx", "r11", "memory");
	w[0] = rsi;
	w[1] = rdx;
	w[2] = r10;
	w[3] = r8;
	if (badge)
		*badge = rdi;
	return ret;
}

static inline long motor_notify_wait_bits(long h, uint64_t timeout_ns, uint64_t *bits)
{
	uint64_t w[4] = {timeout_ns, 0, 0, 0};
	/* notify_wait(h, timeout): rdi = h, rsi = timeout; bits come back in rsi. */
	long r = motor_ipc(SYS_notify_wait, h, w, 0, 0);
	if (r == 0 && bits)
		*bits = w[0];
	return r;
}

#endif
