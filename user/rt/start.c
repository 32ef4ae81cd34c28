/*
 * Process start for the user runtime: rt_start() is called by _start
 * (crt0.S) with the stack pointer the kernel handed over, finds argv, envp
 * and the auxiliary vector, runs main and exits with its return value. Also
 * the thread start path and small helpers that need the saved vectors.
 */
#include "lib/format.h"
#include "rt.h"

int main(int argc, char **argv, char **envp);

char **rt_envp;
const unsigned long *rt_auxv;
unsigned long rt_entry_rsp;
unsigned long rt_entry_regs[16];
unsigned long rt_entry_rflags;

/* What rt_thread_create() leaves at the top of a new thread's stack. */
struct thread_start {
	long (*fn)(long);
	long arg;
};

void rt_start(unsigned long *sp) __attribute__((noreturn, used));
void rt_thread_main(const struct thread_start *ts) __attribute__((noreturn, used));
void rt_thread_entry(void);

void rt_start(unsigned long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);
	char **envp = argv + argc + 1;
	char **p = envp;

	while (*p)
		p++;
	rt_envp = envp;
	rt_auxv = (const unsigned long *)(p + 1);
	motor_process_exit(main(argc, argv, envp) & 0xff);
	__builtin_unreachable();
}

unsigned long rt_getauxval(unsigned long type, unsigned long missing)
{
	for (const unsigned long *a = rt_auxv; a && a[0] != MOTOR_AT_NULL; a += 2) {
		if (a[0] == type)
			return a[1];
	}
	return missing;
}

void rt_thread_main(const struct thread_start *ts)
{
	long (*fn)(long) = ts->fn;

	motor_thread_exit(fn(ts->arg));
	__builtin_unreachable();
}

long rt_thread_create(long (*fn)(long), long arg, void *stack_top)
{
	struct thread_start *ts =
		(struct thread_start *)(((uintptr_t)stack_top & ~(uintptr_t)15) - 16);

	ts->fn = fn;
	ts->arg = arg;
	return motor_thread_create((long)rt_thread_entry, (long)ts, (long)ts);
}

void rt_die(int status, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	memcpy(buf, "# ", 2);
	va_start(ap, fmt);
	n = kvsnprintf(buf + 2, sizeof(buf) - 3, fmt, ap);
	va_end(ap);
	n = n < 0 ? 0 : n > (int)sizeof(buf) - 4 ? (int)sizeof(buf) - 4 : n;
	buf[2 + n] = '\n';
	motor_debug_write((long)buf, 3 + n);
	motor_process_exit(status);
	__builtin_unreachable();
}
