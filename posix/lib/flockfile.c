/*
 * flockfile, ftrylockfile, funlockfile: a FILE's own recursive lock, held
 * across several *_unlocked calls (newlib 3.3 declares them but has none).
 * Standard streams get their lock when stdio first sets itself up, so that
 * happens first: a lock taken before it would not be the one released.
 */
#include <stdio.h>
#include <sys/lock.h>
#include <sys/reent.h>

/* newlib's (sys/reent.h declares it for _REENT_SMALL builds only). */
void __sinit(struct _reent *r);

static void stdio_ready(void)
{
	struct _reent *r = _REENT;
	if (r && !r->__sdidinit)
		__sinit(r);
}

void flockfile(FILE *fp)
{
	stdio_ready();
	if (!(fp->_flags & __SSTR))
		__lock_acquire_recursive(fp->_lock);
}

int ftrylockfile(FILE *fp)
{
	stdio_ready();
	if (fp->_flags & __SSTR)
		return 0;
	return __lock_try_acquire_recursive(fp->_lock) ? -1 : 0;
}

void funlockfile(FILE *fp)
{
	if (!(fp->_flags & __SSTR))
		__lock_release_recursive(fp->_lock);
}
