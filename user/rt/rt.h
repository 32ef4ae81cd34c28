/*
 * Motor's tiny user-mode runtime (user/librt.a), for the kernel's own test
 * programs until newlib arrives: process start (crt0.S, start.c), console
 * output (uprintf), threads on caller-provided stacks, and TAP helpers.
 * Syscalls themselves are the inline stubs of <motor/usyscall.h>.
 *
 * TAP: ok()/is() print "ok N - name" or "not ok N - name" plus a "# ..."
 * diagnostic; done_testing() prints the plan "1..N" and returns the exit
 * status (0 all passed, 1 otherwise). The counters are atomic, but the
 * numbering is only meaningful when one thread does the checking.
 */
#ifndef USER_RT_H
#define USER_RT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <motor/errno.h>
#include <motor/syscall.h>
#include <motor/usyscall.h>

#include "lib/string.h"

#define PAGE_SIZE 4096ul

/* Filled by the start code before main(). */
extern char **rt_envp;
extern const unsigned long *rt_auxv;    /* (type, value) pairs up to MOTOR_AT_NULL */
extern unsigned long rt_entry_rsp;      /* rsp as the kernel left it at _start */
extern unsigned long rt_entry_regs[16]; /* rax..r15 at _start (rsp slot: 0) */
extern unsigned long rt_entry_rflags;

/* The value of auxv entry `type`, or `missing` when absent. */
unsigned long rt_getauxval(unsigned long type, unsigned long missing);

/* Formats through lib/format.c into a stack buffer; one debug_write per 512 bytes.
 * (For formatting into a buffer, lib/format.h's ksnprintf is in the runtime too.) */
int uprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int uvprintf(const char *fmt, va_list ap);

/* Prints "# message" and exits with status (for impossible situations). */
__attribute__((noreturn, format(printf, 2, 3))) void rt_die(int status, const char *fmt, ...);

/*
 * Starts fn(arg) on a new thread whose stack ends at stack_top (16-byte
 * aligned; the top 16 bytes carry fn and arg). When fn returns, the thread
 * exits with its return value. -> thread id or a negative errno.
 */
long rt_thread_create(long (*fn)(long), long arg, void *stack_top);

/* A thread stack: RT_STACK_SIZE bytes of fresh memory (dies if there is none). */
#define RT_STACK_SIZE (64 * 1024l)
char *rt_stack_alloc(void);
void rt_stack_free(char *stack);

/* TAP. */
bool ok(bool cond, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
bool is(long got, long expected, const char *name);
void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int done_testing(void);

/* A name built with printf formatting, in one of 8 rotating static buffers. */
const char *tname(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
