/*
 * Thread creation attributes: detach state, stack (size, a caller's own
 * stack, guard size), and the scheduling ones, which are kept and
 * reported but change nothing (the kernel has one round-robin policy).
 * Defaults: joinable, a 2 MiB stack (address space only: pages are backed
 * when touched), one guard page.
 */
#include <string.h>

#include "internal.h"

#define PAGE 4096ul

int pthread_attr_init(pthread_attr_t *a)
{
	memset(a, 0, sizeof(*a));
	a->__initialized = 1;
	a->__detachstate = PTHREAD_CREATE_JOINABLE;
	a->__stacksize = PTHREAD_STACK_DEFAULT;
	a->__guardsize = PAGE;
	a->__scope = PTHREAD_SCOPE_SYSTEM;
	a->__inheritsched = PTHREAD_INHERIT_SCHED;
	a->__policy = SCHED_OTHER;
	return 0;
}

int pthread_attr_destroy(pthread_attr_t *a)
{
	a->__initialized = 0;
	return 0;
}

int pthread_attr_setdetachstate(pthread_attr_t *a, int state)
{
	if (state != PTHREAD_CREATE_JOINABLE && state != PTHREAD_CREATE_DETACHED)
		return EINVAL;
	a->__detachstate = state;
	return 0;
}

int pthread_attr_getdetachstate(const pthread_attr_t *a, int *state)
{
	*state = a->__detachstate;
	return 0;
}

int pthread_attr_setstacksize(pthread_attr_t *a, size_t size)
{
	if (size < PTHREAD_STACK_MIN)
		return EINVAL;
	a->__stacksize = size;
	return 0;
}

int pthread_attr_getstacksize(const pthread_attr_t *a, size_t *size)
{
	*size = a->__stacksize;
	return 0;
}

int pthread_attr_setstack(pthread_attr_t *a, void *addr, size_t size)
{
	if (size < PTHREAD_STACK_MIN || !addr)
		return EINVAL;
	a->__stacktop = (char *)addr + size;
	a->__stacksize = size;
	return 0;
}

int pthread_attr_getstack(const pthread_attr_t *a, void **addr, size_t *size)
{
	*addr = a->__stacktop ? (char *)a->__stacktop - a->__stacksize : NULL;
	*size = a->__stacksize;
	return 0;
}

/* The obsolete form: addr is the stack's top, as glibc has it on x86. */
int pthread_attr_setstackaddr(pthread_attr_t *a, void *addr)
{
	a->__stacktop = addr;
	return 0;
}

int pthread_attr_getstackaddr(const pthread_attr_t *a, void **addr)
{
	*addr = a->__stacktop;
	return 0;
}

int pthread_attr_setguardsize(pthread_attr_t *a, size_t size)
{
	a->__guardsize = size;
	return 0;
}

int pthread_attr_getguardsize(const pthread_attr_t *a, size_t *size)
{
	*size = a->__guardsize;
	return 0;
}

int pthread_attr_setschedparam(pthread_attr_t *a, const struct sched_param *p)
{
	a->__param = *p;
	return 0;
}

int pthread_attr_getschedparam(const pthread_attr_t *a, struct sched_param *p)
{
	*p = a->__param;
	return 0;
}

int pthread_attr_setscope(pthread_attr_t *a, int scope)
{
	if (scope == PTHREAD_SCOPE_PROCESS)
		return ENOTSUP;
	if (scope != PTHREAD_SCOPE_SYSTEM)
		return EINVAL;
	a->__scope = scope;
	return 0;
}

int pthread_attr_getscope(const pthread_attr_t *a, int *scope)
{
	*scope = a->__scope;
	return 0;
}

int pthread_attr_setinheritsched(pthread_attr_t *a, int inherit)
{
	if (inherit != PTHREAD_INHERIT_SCHED && inherit != PTHREAD_EXPLICIT_SCHED)
		return EINVAL;
	a->__inheritsched = inherit;
	return 0;
}

int pthread_attr_getinheritsched(const pthread_attr_t *a, int *inherit)
{
	*inherit = a->__inheritsched;
	return 0;
}

int pthread_attr_setschedpolicy(pthread_attr_t *a, int policy)
{
	if (policy != SCHED_OTHER && policy != SCHED_FIFO && policy != SCHED_RR)
		return EINVAL;
	a->__policy = policy;
	return 0;
}

int pthread_attr_getschedpolicy(const pthread_attr_t *a, int *policy)
{
	*policy = a->__policy;
	return 0;
}
