/*
 * setjmp.h: newlib's (which offers sigsetjmp only to Cygwin and RTEMS)
 * plus POSIX sigsetjmp/siglongjmp. sigsetjmp must be a macro: setjmp has to
 * run in the caller's own frame. siglongjmp (libposix) puts the saved mask
 * back before jumping. XSI's _setjmp/_longjmp never touch the mask, which
 * is what newlib's setjmp/longjmp do.
 */
#ifndef _SETJMP_H_
#define _SETJMP_H_

#include "_ansi.h"
#include <machine/setjmp.h>

_BEGIN_STD_C

#ifdef __GNUC__
void longjmp(jmp_buf __jmpb, int __retval) __attribute__((__noreturn__));
#else
void longjmp(jmp_buf __jmpb, int __retval);
#endif
int setjmp(jmp_buf __jmpb);

#if __POSIX_VISIBLE
#include <sys/_sigset.h>

typedef struct __motor_sigjmp {
	jmp_buf __buf;
	int __saved;        /* whether __mask holds a mask to restore */
	__sigset_t __mask;
} sigjmp_buf[1];

int __motor_sigjmp_save(sigjmp_buf __env, int __savemask);
void siglongjmp(sigjmp_buf __env, int __val) __attribute__((__noreturn__));

#define sigsetjmp(env, savemask) (__motor_sigjmp_save((env), (savemask)), setjmp((env)->__buf))
#endif

#if __XSI_VISIBLE || __MISC_VISIBLE
#define _setjmp(env) setjmp(env)
#define _longjmp(env, val) longjmp((env), (val))
#endif

_END_STD_C

#endif /* _SETJMP_H_ */
