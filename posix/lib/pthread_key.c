/*
 * Thread-specific data: pthread_key_create/delete, pthread_get/setspecific,
 * and the destructors a thread runs when it exits.
 *
 * A key is a slot in a table of PTHREAD_KEYS_MAX. Each slot has a sequence
 * number, odd while the key exists; a thread's value counts only while it
 * was stored under the slot's current number, so a deleted key's values
 * vanish from every thread at once and a new key starts out NULL everywhere
 * (POSIX), without visiting the threads.
 */
#include "futex.h"
#include "internal.h"

static struct {
	unsigned int seq;
	void (*destructor)(void *);
} keys[PTHREAD_KEYS_MAX];
static int keys_lock;

int pthread_key_create(pthread_key_t *key, void (*destructor)(void *))
{
	lockword_lock(&keys_lock);
	for (unsigned int k = 0; k < PTHREAD_KEYS_MAX; k++) {
		if (keys[k].seq & 1)
			continue;
		keys[k].destructor = destructor;
		__atomic_store_n(&keys[k].seq, keys[k].seq + 1, __ATOMIC_RELEASE);
		lockword_unlock(&keys_lock);
		*key = k;
		return 0;
	}
	lockword_unlock(&keys_lock);
	return EAGAIN;
}

int pthread_key_delete(pthread_key_t key)
{
	int err = EINVAL;
	lockword_lock(&keys_lock);
	if (key < PTHREAD_KEYS_MAX && (keys[key].seq & 1)) {
		__atomic_store_n(&keys[key].seq, keys[key].seq + 1, __ATOMIC_RELEASE);
		err = 0;
	}
	lockword_unlock(&keys_lock);
	return err;
}

void *pthread_getspecific(pthread_key_t key)
{
	if (key >= PTHREAD_KEYS_MAX)
		return NULL;
	struct posix_tcb *self = posix_self();
	if (self->specific[key].seq != __atomic_load_n(&keys[key].seq, __ATOMIC_ACQUIRE))
		return NULL;
	return self->specific[key].value;
}

int pthread_setspecific(pthread_key_t key, const void *value)
{
	if (key >= PTHREAD_KEYS_MAX)
		return EINVAL;
	unsigned int seq = __atomic_load_n(&keys[key].seq, __ATOMIC_ACQUIRE);
	if (!(seq & 1))
		return EINVAL;
	struct posix_tcb *self = posix_self();
	self->specific[key].value = (void *)value;
	self->specific[key].seq = seq;
	return 0;
}

void keys_run_destructors(struct posix_tcb *self)
{
	/* A destructor may set values again: up to PTHREAD_DESTRUCTOR_ITERATIONS rounds. */
	for (int round = 0; round < PTHREAD_DESTRUCTOR_ITERATIONS; round++) {
		int ran = 0;
		for (unsigned int k = 0; k < PTHREAD_KEYS_MAX; k++) {
			unsigned int seq = __atomic_load_n(&keys[k].seq, __ATOMIC_ACQUIRE);
			void *v = self->specific[k].value;
			void (*destructor)(void *) = keys[k].destructor;
			if (!(seq & 1) || self->specific[k].seq != seq || !v || !destructor)
				continue;
			self->specific[k].value = NULL;
			destructor(v);
			ran = 1;
		}
		if (!ran)
			return;
	}
}
