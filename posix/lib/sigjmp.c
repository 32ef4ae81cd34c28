/* siglongjmp and the mask-saving half of sigsetjmp (newlib-port/include/setjmp.h). */
#include <setjmp.h>
#include <signal.h>

int __motor_sigjmp_save(sigjmp_buf env, int savemask)
{
	env->__saved = savemask != 0;
	if (savemask)
		sigprocmask(SIG_BLOCK, NULL, &env->__mask);
	return 0;
}

void siglongjmp(sigjmp_buf env, int val)
{
	if (env->__saved)
		sigprocmask(SIG_SETMASK, &env->__mask, NULL);
	longjmp(env->__buf, val ? val : 1);
}
