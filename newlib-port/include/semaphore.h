/*
 * POSIX semaphores (newlib has none). Unnamed ones only: sem_init with
 * pshared 0 (a nonzero pshared fails with ENOSYS: the kernel keys futexes
 * by address space, so a semaphore in shared memory could not wake another
 * process); sem_open, sem_close and sem_unlink fail with ENOSYS. libposix's
 * semaphore.c implements them on a futex word.
 */
#ifndef _SEMAPHORE_H
#define _SEMAPHORE_H

#include <sys/cdefs.h>
#include <sys/types.h>
#include <sys/_timespec.h>

typedef struct {
	unsigned int __value;   /* futex */
	unsigned int __waiters;
} sem_t;

#define SEM_FAILED ((sem_t *)0)
#ifndef SEM_VALUE_MAX
#define SEM_VALUE_MAX 2147483647
#endif

__BEGIN_DECLS
int sem_init(sem_t *sem, int pshared, unsigned int value);
int sem_destroy(sem_t *sem);
int sem_wait(sem_t *sem);
int sem_trywait(sem_t *sem);
int sem_timedwait(sem_t *__restrict sem, const struct timespec *__restrict abstime);
int sem_post(sem_t *sem);
int sem_getvalue(sem_t *__restrict sem, int *__restrict value);
sem_t *sem_open(const char *name, int oflag, ...);
int sem_close(sem_t *sem);
int sem_unlink(const char *name);
__END_DECLS

#endif
