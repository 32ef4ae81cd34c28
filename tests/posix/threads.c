/*
 * threads.c — POSIX threads and semaphores: create/join with results,
 * detach, many threads (64 in turn, 16 at once), 16 threads contending on
 * a mutex and a condition variable (an exact counter, a turn-taking ring,
 * a producer/consumer queue), recursive and errorcheck mutexes, trylock and
 * timedlock, timed condition waits on both clocks (never early), rwlocks
 * (readers together, writers alone), once under contention, keys and their
 * destructors, barriers, spin locks, semaphores, cancellation at the
 * blocking calls with cleanup handlers, attributes (stack size, a caller's
 * stack), _Thread_local and errno per thread, stdio from many threads
 * (lines intact), malloc/free from 8 threads, free memory back after 400
 * more threads (Motor only), and at the end pthread_exit from main: the
 * last thread joins main, prints the plan, and the process ends with 0.
 *
 * Checks run in main; threads only record what they saw. TAP on stdout;
 * exit status 0 only if every check passed. On Linux the same source passes
 * against glibc (tests/posix/host-run.sh).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "scratch.h"
#include "tap.h"

#define MS 1000000ll

static int64_t now_ns(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The absolute time ms milliseconds from now on clock. */
static struct timespec in_ms(clockid_t clock, long ms)
{
	int64_t t = now_ns(clock) + ms * MS;
	return (struct timespec){t / 1000000000, t % 1000000000};
}

static int64_t ts_ns(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * MS};
	nanosleep(&ts, NULL);
}

static pthread_t start(void *(*fn)(void *), void *arg)
{
	pthread_t t;
	int r = pthread_create(&t, NULL, fn, arg);
	if (r)
		bail_out("pthread_create: %s", strerror(r));
	return t;
}

static void *join(pthread_t t)
{
	void *v = NULL;
	int r = pthread_join(t, &v);
	if (r)
		bail_out("pthread_join: %s", strerror(r));
	return v;
}

/* ---- create, join, self, exit ---- */

static pthread_t seen_self;

static void *twice(void *arg)
{
	seen_self = pthread_self();
	return (void *)((intptr_t)arg * 2);
}

static void *exits_early(void *arg)
{
	pthread_exit((void *)((intptr_t)arg + 1));
	return NULL;
}

static int cleanup_order[4], cleanup_n;

static void note(void *v)
{
	cleanup_order[cleanup_n++] = (int)(intptr_t)v;
}

static void *exits_with_handlers(void *arg)
{
	(void)arg;
	pthread_cleanup_push(note, (void *)1);
	pthread_cleanup_push(note, (void *)2);
	pthread_cleanup_push(note, (void *)3);
	pthread_cleanup_pop(0); /* 3 is not run */
	pthread_exit((void *)7);
	pthread_cleanup_pop(0);
	pthread_cleanup_pop(0);
	return NULL;
}

static void test_create_join(void)
{
	pthread_t t = start(twice, (void *)21);
	is_int((intptr_t)join(t), 42, "join returns the start routine's result");
	ok(pthread_equal(seen_self, t), "pthread_self in the thread equals pthread_create's id");
	ok(!pthread_equal(pthread_self(), t), "and differs from main's");
	is_int((intptr_t)join(start(exits_early, (void *)9)), 10, "pthread_exit's value reaches join");
	is_int(pthread_join(pthread_self(), NULL), EDEADLK, "joining oneself: EDEADLK");

	void *v = NULL;
	is_int(pthread_join(start(exits_with_handlers, NULL), &v), 0, "a thread with handlers joins");
	is_int((intptr_t)v, 7, "with its pthread_exit value");
	is_int(cleanup_n, 2, "pthread_exit ran the two pushed handlers");
	ok(cleanup_order[0] == 2 && cleanup_order[1] == 1, "last pushed first (%d, %d)",
	   cleanup_order[0], cleanup_order[1]);

	uintptr_t tp;
	__asm__("movq %%fs:0, %0" : "=r"(tp));
	is_uint(tp, (uintptr_t)pthread_self(), "pthread_self is the thread pointer at %%fs:0");
	is_int(sched_yield(), 0, "sched_yield");
}

/* ---- many threads ---- */

static void *identity(void *arg)
{
	return arg;
}

static void test_many(void)
{
	int bad = 0;
	for (intptr_t i = 0; i < 64; i++)
		if ((intptr_t)join(start(identity, (void *)i)) != i)
			bad++;
	is_int(bad, 0, "64 threads created and joined one after another");

	pthread_t t[16];
	for (intptr_t i = 0; i < 16; i++)
		t[i] = start(identity, (void *)(i * 3));
	bad = 0;
	for (intptr_t i = 0; i < 16; i++)
		if ((intptr_t)join(t[i]) != i * 3)
			bad++;
	is_int(bad, 0, "16 threads at once, each result to its joiner");
	int distinct = 1;
	for (int i = 0; i < 16; i++)
		for (int j = 0; j < i; j++)
			if (pthread_equal(t[i], t[j]))
				distinct = 0;
	ok(distinct, "16 live threads have distinct ids");
}

/* ---- detach ---- */

static sem_t detached_done;
static int detached_count;

static void *detached_worker(void *arg)
{
	(void)arg;
	__atomic_add_fetch(&detached_count, 1, __ATOMIC_RELAXED);
	sem_post(&detached_done);
	return NULL;
}

static sem_t gate;

static void *waits_at_gate(void *arg)
{
	(void)arg;
	sem_wait(&gate);
	return NULL;
}

static void test_detach(void)
{
	sem_init(&detached_done, 0, 0);
	pthread_attr_t a;
	pthread_attr_init(&a);
	int st = -1;
	pthread_attr_getdetachstate(&a, &st);
	is_int(st, PTHREAD_CREATE_JOINABLE, "attributes start joinable");
	is_int(pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED), 0, "setdetachstate");
	is_int(pthread_attr_setdetachstate(&a, 12345), EINVAL, "a bad detach state: EINVAL");
	int fails = 0;
	for (int i = 0; i < 100; i++) {
		pthread_t t;
		if (i % 2) {
			fails += pthread_create(&t, &a, detached_worker, NULL) != 0;
		} else {
			fails += pthread_create(&t, NULL, detached_worker, NULL) != 0;
			fails += pthread_detach(t) != 0;
		}
	}
	is_int(fails, 0, "100 detached threads (by attribute and by pthread_detach)");
	for (int i = 0; i < 100; i++)
		sem_wait(&detached_done);
	is_int(__atomic_load_n(&detached_count, __ATOMIC_RELAXED), 100, "all of them ran");

	/* A detached thread that is still there cannot be joined. */
	sem_init(&gate, 0, 0);
	pthread_t t;
	pthread_create(&t, &a, waits_at_gate, NULL);
	is_int(pthread_join(t, NULL), EINVAL, "joining a detached thread: EINVAL");
	sem_post(&gate);

	/* Detaching a thread that has finished frees it. */
	t = start(identity, NULL);
	sleep_ms(20);
	is_int(pthread_detach(t), 0, "detaching a finished thread");
	pthread_attr_destroy(&a);
	/* More threads after all that: the finished ones are gone, the new ones run. */
	fails = 0;
	for (intptr_t i = 0; i < 32; i++)
		fails += (intptr_t)join(start(identity, (void *)i)) != i;
	is_int(fails, 0, "threads created after the detached ones finished run normally");
}

/* ---- 16 threads on one mutex and condition variable ---- */

#define CONTENDERS 16
#define ROUNDS 2000

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *count_up(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&counter_lock);
		long c = counter;
		if (i % 64 == 0)
			sched_yield(); /* hold the lock across a switch now and then */
		counter = c + 1;
		pthread_mutex_unlock(&counter_lock);
	}
	return NULL;
}

/* A ring: thread i may go only when turn % 16 == i; each goes 40 times. */
static pthread_mutex_t ring_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ring_cond = PTHREAD_COND_INITIALIZER;
static int turn, ring_errors;

static void *take_turns(void *arg)
{
	int me = (int)(intptr_t)arg;
	for (int i = 0; i < 40; i++) {
		pthread_mutex_lock(&ring_lock);
		while (turn % CONTENDERS != me)
			pthread_cond_wait(&ring_cond, &ring_lock);
		if (turn != i * CONTENDERS + me)
			ring_errors++;
		turn++;
		pthread_cond_broadcast(&ring_cond);
		pthread_mutex_unlock(&ring_lock);
	}
	return NULL;
}

/* A bounded queue: 8 producers, 8 consumers, 8 slots, two conditions. */
#define QCAP 8
#define PER_PRODUCER 500
static struct {
	pthread_mutex_t lock;
	pthread_cond_t not_full, not_empty;
	int items[QCAP];
	int head, len, producers_left;
	long sum, taken;
} q = {.lock = PTHREAD_MUTEX_INITIALIZER, .not_full = PTHREAD_COND_INITIALIZER,
       .not_empty = PTHREAD_COND_INITIALIZER};

static void *produce(void *arg)
{
	int base = (int)(intptr_t)arg * PER_PRODUCER;
	for (int i = 1; i <= PER_PRODUCER; i++) {
		pthread_mutex_lock(&q.lock);
		while (q.len == QCAP)
			pthread_cond_wait(&q.not_full, &q.lock);
		q.items[(q.head + q.len++) % QCAP] = base + i;
		pthread_cond_signal(&q.not_empty);
		pthread_mutex_unlock(&q.lock);
	}
	pthread_mutex_lock(&q.lock);
	if (--q.producers_left == 0)
		pthread_cond_broadcast(&q.not_empty);
	pthread_mutex_unlock(&q.lock);
	return NULL;
}

static void *consume(void *arg)
{
	(void)arg;
	for (;;) {
		pthread_mutex_lock(&q.lock);
		while (q.len == 0 && q.producers_left)
			pthread_cond_wait(&q.not_empty, &q.lock);
		if (q.len == 0) {
			pthread_mutex_unlock(&q.lock);
			return NULL;
		}
		int v = q.items[q.head];
		q.head = (q.head + 1) % QCAP;
		q.len--;
		q.sum += v;
		q.taken++;
		pthread_cond_signal(&q.not_full);
		pthread_mutex_unlock(&q.lock);
	}
}

static void test_contention(void)
{
	pthread_t t[CONTENDERS];
	for (int i = 0; i < CONTENDERS; i++)
		t[i] = start(count_up, NULL);
	for (int i = 0; i < CONTENDERS; i++)
		join(t[i]);
	is_int(counter, CONTENDERS * ROUNDS, "16 threads x %d increments under one mutex", ROUNDS);

	for (int i = CONTENDERS - 1; i >= 0; i--)
		t[i] = start(take_turns, (void *)(intptr_t)i);
	for (int i = 0; i < CONTENDERS; i++)
		join(t[i]);
	is_int(turn, CONTENDERS * 40, "16 threads took 40 turns each in a ring (condvar broadcast)");
	is_int(ring_errors, 0, "every turn in order");

	q.producers_left = 8;
	for (int i = 0; i < 8; i++)
		t[i] = start(produce, (void *)(intptr_t)i);
	for (int i = 8; i < 16; i++)
		t[i] = start(consume, NULL);
	for (int i = 0; i < 16; i++)
		join(t[i]);
	long n = 8 * PER_PRODUCER;
	is_int(q.taken, n, "producer/consumer queue: every item taken once");
	is_int(q.sum, n * (n + 1) / 2, "and the sum of the items is right");
	is_int(q.len, 0, "the queue is empty");
}

/* ---- mutex kinds ---- */

struct try_result {
	pthread_mutex_t *m;
	int normal; /* unlocking a normal mutex one does not hold is undefined: skipped */
	int trylock, unlock, timed;
	int64_t waited_ns, late_ns;
};

static void *other_tries(void *arg)
{
	struct try_result *r = arg;
	if (!r->normal)
		r->unlock = pthread_mutex_unlock(r->m);
	r->trylock = pthread_mutex_trylock(r->m);
	if (r->trylock == 0)
		pthread_mutex_unlock(r->m);
	struct timespec abs = in_ms(CLOCK_REALTIME, 100);
	int64_t t0 = now_ns(CLOCK_MONOTONIC);
	r->timed = pthread_mutex_timedlock(r->m, &abs);
	r->waited_ns = now_ns(CLOCK_MONOTONIC) - t0;
	r->late_ns = now_ns(CLOCK_REALTIME) - ts_ns(&abs);
	if (r->timed == 0)
		pthread_mutex_unlock(r->m);
	return NULL;
}

static void test_mutex_kinds(void)
{
	pthread_mutexattr_t ma;
	pthread_mutexattr_init(&ma);
	int type = -1;
	pthread_mutexattr_gettype(&ma, &type);
	is_int(type, PTHREAD_MUTEX_DEFAULT, "mutex attributes start as the default type");
	is_int(pthread_mutexattr_settype(&ma, 999), EINVAL, "a bad mutex type: EINVAL");

	/* recursive */
	pthread_mutex_t m;
	pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&m, &ma);
	int r = pthread_mutex_lock(&m);
	r |= pthread_mutex_lock(&m);
	r |= pthread_mutex_trylock(&m);
	is_int(r, 0, "a recursive mutex locks three times in its owner");
	struct try_result tr = {.m = &m};
	join(start(other_tries, &tr));
	is_int(tr.unlock, EPERM, "another thread cannot unlock it: EPERM");
	is_int(tr.trylock, EBUSY, "another thread's trylock: EBUSY");
	is_int(tr.timed, ETIMEDOUT, "another thread's timedlock times out");
	ok(tr.waited_ns >= 90 * MS, "after about the 100 ms asked (%lld ms)",
	   (long long)(tr.waited_ns / MS));
	ok(tr.late_ns >= 0, "and not before the deadline (%lld us after it)",
	   (long long)(tr.late_ns / 1000));
	r = pthread_mutex_unlock(&m);
	r |= pthread_mutex_unlock(&m);
	is_int(r, 0, "two unlocks leave it locked once");
	memset(&tr, 0, sizeof(tr));
	tr.m = &m;
	join(start(other_tries, &tr));
	is_int(tr.trylock, EBUSY, "still held after two of three unlocks");
	is_int(pthread_mutex_unlock(&m), 0, "the third unlock");
	memset(&tr, 0, sizeof(tr));
	tr.m = &m;
	join(start(other_tries, &tr));
	is_int(tr.trylock, 0, "then another thread gets it");
	is_int(pthread_mutex_unlock(&m), EPERM, "unlocking a free recursive mutex: EPERM");
	is_int(pthread_mutex_destroy(&m), 0, "destroy");

	/* errorcheck */
	pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&m, &ma);
	is_int(pthread_mutex_unlock(&m), EPERM, "errorcheck: unlocking it unlocked: EPERM");
	is_int(pthread_mutex_lock(&m), 0, "errorcheck: lock");
	is_int(pthread_mutex_lock(&m), EDEADLK, "errorcheck: relocking: EDEADLK");
	is_int(pthread_mutex_trylock(&m), EBUSY, "errorcheck: trylock by the owner: EBUSY");
	memset(&tr, 0, sizeof(tr));
	tr.m = &m;
	join(start(other_tries, &tr));
	is_int(tr.unlock, EPERM, "errorcheck: unlock by another thread: EPERM");
	is_int(pthread_mutex_unlock(&m), 0, "errorcheck: unlock by the owner");
	pthread_mutex_destroy(&m);
	pthread_mutexattr_destroy(&ma);

	/* normal */
	pthread_mutex_t n = PTHREAD_MUTEX_INITIALIZER;
	is_int(pthread_mutex_trylock(&n), 0, "a normal mutex: trylock");
	memset(&tr, 0, sizeof(tr));
	tr.m = &n;
	tr.normal = 1;
	join(start(other_tries, &tr));
	is_int(tr.trylock, EBUSY, "trylock of a held mutex: EBUSY");
	is_int(tr.timed, ETIMEDOUT, "timedlock of a held mutex: ETIMEDOUT");
	ok(tr.late_ns >= 0, "not before its deadline (%lld us after)", (long long)(tr.late_ns / 1000));
	struct timespec bad = {0, 1000000000};
	is_int(pthread_mutex_timedlock(&n, &bad), EINVAL, "timedlock with tv_nsec 1e9: EINVAL");
	pthread_mutex_unlock(&n);
	struct timespec past = {1, 0};
	is_int(pthread_mutex_timedlock(&n, &past), 0, "timedlock of a free mutex, deadline passed: 0");
	is_int(pthread_mutex_unlock(&n), 0, "unlock");
}

/* ---- timed condition waits ---- */

struct cond_waiter {
	pthread_cond_t *c;
	pthread_mutex_t *m;
	int ready, result;
};

static void *waits_for_signal(void *arg)
{
	struct cond_waiter *w = arg;
	pthread_mutex_lock(w->m);
	w->ready = 1;
	struct timespec abs = in_ms(CLOCK_REALTIME, 10000);
	w->result = pthread_cond_timedwait(w->c, w->m, &abs);
	pthread_mutex_unlock(w->m);
	return NULL;
}

static void test_cond_timeouts(void)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	pthread_mutex_lock(&m);
	struct timespec abs = in_ms(CLOCK_REALTIME, 100);
	int r = pthread_cond_timedwait(&c, &m, &abs);
	int64_t late = now_ns(CLOCK_REALTIME) - ts_ns(&abs);
	is_int(r, ETIMEDOUT, "cond_timedwait with nobody signalling: ETIMEDOUT");
	ok(late >= 0, "not before the deadline (%lld us after it)", (long long)(late / 1000));
	ok(late < 2000 * MS, "nor long after it");
	is_int(pthread_mutex_trylock(&m), EBUSY, "and the mutex is held again");
	struct timespec bad = {abs.tv_sec, -1};
	is_int(pthread_cond_timedwait(&c, &m, &bad), EINVAL, "tv_nsec -1: EINVAL");
	pthread_mutex_unlock(&m);
	pthread_cond_destroy(&c);

	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	clockid_t clk = -1;
	pthread_condattr_getclock(&ca, &clk);
	is_int(clk, CLOCK_REALTIME, "condattr: CLOCK_REALTIME by default");
	is_int(pthread_condattr_setclock(&ca, CLOCK_MONOTONIC), 0, "condattr: CLOCK_MONOTONIC");
	pthread_condattr_getclock(&ca, &clk);
	is_int(clk, CLOCK_MONOTONIC, "and it reads back");
	pthread_cond_init(&c, &ca);
	pthread_mutex_lock(&m);
	abs = in_ms(CLOCK_MONOTONIC, 80);
	r = pthread_cond_timedwait(&c, &m, &abs);
	late = now_ns(CLOCK_MONOTONIC) - ts_ns(&abs);
	is_int(r, ETIMEDOUT, "a monotonic timed wait times out");
	ok(late >= 0, "not before its monotonic deadline (%lld us after)", (long long)(late / 1000));
	pthread_mutex_unlock(&m);
	pthread_cond_destroy(&c);
	pthread_condattr_destroy(&ca);

	/* A signal ends a timed wait early, with 0. */
	pthread_cond_init(&c, NULL);
	struct cond_waiter w = {&c, &m, 0, -1};
	pthread_t t = start(waits_for_signal, &w);
	for (;;) {
		pthread_mutex_lock(&m);
		int ready = w.ready;
		pthread_mutex_unlock(&m);
		if (ready)
			break;
		sleep_ms(1);
	}
	int64_t t0 = now_ns(CLOCK_MONOTONIC);
	pthread_mutex_lock(&m);
	pthread_cond_signal(&c);
	pthread_mutex_unlock(&m);
	join(t);
	is_int(w.result, 0, "a signal ends a timed wait with 0");
	ok(now_ns(CLOCK_MONOTONIC) - t0 < 5000 * MS, "long before its 10 s timeout");
	pthread_cond_destroy(&c);
}

/* ---- rwlocks ---- */

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static int readers_inside, max_readers;
static long shared_a, shared_b;
static int rw_errors;

static void *reader_together(void *arg)
{
	(void)arg;
	pthread_rwlock_rdlock(&rw);
	int n = __atomic_add_fetch(&readers_inside, 1, __ATOMIC_ACQ_REL);
	/* Stay until all four are in, or 5 s have passed. */
	int64_t end = now_ns(CLOCK_MONOTONIC) + 5000 * MS;
	while (n < 4 && now_ns(CLOCK_MONOTONIC) < end) {
		sched_yield();
		n = __atomic_load_n(&readers_inside, __ATOMIC_ACQUIRE);
	}
	int seen = __atomic_load_n(&readers_inside, __ATOMIC_ACQUIRE);
	int m = __atomic_load_n(&max_readers, __ATOMIC_RELAXED);
	while (seen > m && !__atomic_compare_exchange_n(&max_readers, &m, seen, 0, __ATOMIC_RELAXED,
							__ATOMIC_RELAXED))
		;
	sleep_ms(20);
	__atomic_sub_fetch(&readers_inside, 1, __ATOMIC_ACQ_REL);
	pthread_rwlock_unlock(&rw);
	return NULL;
}

static void *writer_or_reader(void *arg)
{
	int writer = (int)(intptr_t)arg % 2;
	for (int i = 0; i < 300; i++) {
		if (writer) {
			pthread_rwlock_wrlock(&rw);
			long a = shared_a;
			if (i % 32 == 0)
				sched_yield();
			shared_a = a + 1;
			shared_b = a + 1;
		} else {
			pthread_rwlock_rdlock(&rw);
			if (shared_a != shared_b)
				__atomic_add_fetch(&rw_errors, 1, __ATOMIC_RELAXED);
		}
		pthread_rwlock_unlock(&rw);
	}
	return NULL;
}

struct rw_probe {
	int tryw, tryr, timedw;
	int64_t late_ns;
};

static void *probe_rw(void *arg)
{
	struct rw_probe *p = arg;
	p->tryw = pthread_rwlock_trywrlock(&rw);
	p->tryr = pthread_rwlock_tryrdlock(&rw);
	if (p->tryr == 0)
		pthread_rwlock_unlock(&rw);
	struct timespec abs = in_ms(CLOCK_REALTIME, 60);
	p->timedw = pthread_rwlock_timedwrlock(&rw, &abs);
	p->late_ns = now_ns(CLOCK_REALTIME) - ts_ns(&abs);
	if (p->timedw == 0)
		pthread_rwlock_unlock(&rw);
	return NULL;
}

static void test_rwlock(void)
{
	pthread_t t[8];
	for (int i = 0; i < 4; i++)
		t[i] = start(reader_together, NULL);
	for (int i = 0; i < 4; i++)
		join(t[i]);
	is_int(max_readers, 4, "four readers hold the lock at the same time");

	struct rw_probe p;
	is_int(pthread_rwlock_rdlock(&rw), 0, "rdlock");
	join(start(probe_rw, &p));
	is_int(p.tryw, EBUSY, "while read-locked: trywrlock EBUSY");
	is_int(p.tryr, 0, "while read-locked: tryrdlock succeeds");
	is_int(p.timedw, ETIMEDOUT, "while read-locked: timedwrlock times out");
	ok(p.late_ns >= 0, "not before its deadline");
	pthread_rwlock_unlock(&rw);

	is_int(pthread_rwlock_wrlock(&rw), 0, "wrlock");
	is_int(pthread_rwlock_wrlock(&rw), EDEADLK, "wrlock again by the holder: EDEADLK");
	join(start(probe_rw, &p));
	is_int(p.tryw, EBUSY, "while write-locked: trywrlock EBUSY");
	is_int(p.tryr, EBUSY, "while write-locked: tryrdlock EBUSY");
	is_int(p.timedw, ETIMEDOUT, "while write-locked: timedwrlock times out");
	is_int(pthread_rwlock_unlock(&rw), 0, "unlock");

	for (int i = 0; i < 8; i++)
		t[i] = start(writer_or_reader, (void *)(intptr_t)i);
	for (int i = 0; i < 8; i++)
		join(t[i]);
	is_int(shared_a, 4 * 300, "4 writers' increments all landed (writers exclusive)");
	is_int(rw_errors, 0, "readers never saw a half-done write");
}

/* ---- once ---- */

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_runs, once_done;
static pthread_barrier_t once_start;
static int once_seen_done[16];

static void once_routine(void)
{
	__atomic_add_fetch(&once_runs, 1, __ATOMIC_RELAXED);
	sleep_ms(20);
	__atomic_store_n(&once_done, 1, __ATOMIC_RELEASE);
}

static void *call_once(void *arg)
{
	pthread_barrier_wait(&once_start);
	pthread_once(&once, once_routine);
	once_seen_done[(intptr_t)arg] = __atomic_load_n(&once_done, __ATOMIC_ACQUIRE);
	return NULL;
}

static void test_once(void)
{
	pthread_t t[16];
	pthread_barrier_init(&once_start, NULL, 16);
	for (intptr_t i = 0; i < 16; i++)
		t[i] = start(call_once, (void *)i);
	for (int i = 0; i < 16; i++)
		join(t[i]);
	pthread_barrier_destroy(&once_start);
	is_int(once_runs, 1, "16 threads at pthread_once: the routine ran once");
	int all = 1;
	for (int i = 0; i < 16; i++)
		all &= once_seen_done[i];
	ok(all, "and every caller returned only after it had finished");
	pthread_once(&once, once_routine);
	is_int(once_runs, 1, "a later call does not run it again");
}

/* ---- keys ---- */

static pthread_key_t key, key2;
static long destructed_sum;
static int destructed_calls, resets;
static int key_mismatch;

static void destructor(void *v)
{
	__atomic_add_fetch(&destructed_sum, (long)(intptr_t)v, __ATOMIC_RELAXED);
	__atomic_add_fetch(&destructed_calls, 1, __ATOMIC_RELAXED);
}

/* Sets its value again once: the destructor is called a second time. */
static void destructor_again(void *v)
{
	if ((intptr_t)v == 1) {
		__atomic_add_fetch(&resets, 1, __ATOMIC_RELAXED);
		pthread_setspecific(key2, (void *)2);
	}
}

static void *uses_keys(void *arg)
{
	if (pthread_getspecific(key) != NULL)
		__atomic_add_fetch(&key_mismatch, 1, __ATOMIC_RELAXED);
	pthread_setspecific(key, arg);
	pthread_setspecific(key2, (void *)1);
	sched_yield();
	sleep_ms(5);
	if (pthread_getspecific(key) != arg)
		__atomic_add_fetch(&key_mismatch, 1, __ATOMIC_RELAXED);
	return NULL;
}

static void test_keys(void)
{
	is_int(pthread_key_create(&key, destructor), 0, "pthread_key_create");
	is_int(pthread_key_create(&key2, destructor_again), 0, "a second key");
	ok(key != key2, "two keys differ");
	ok(pthread_getspecific(key) == NULL, "a new key's value is NULL");
	pthread_setspecific(key, (void *)1000);
	pthread_t t[8];
	for (intptr_t i = 0; i < 8; i++)
		t[i] = start(uses_keys, (void *)(i + 1));
	for (int i = 0; i < 8; i++)
		join(t[i]);
	is_int(key_mismatch, 0, "each thread sees only its own value, NULL at first");
	is_int(destructed_calls, 8, "the destructor ran once per thread at its exit");
	is_int(destructed_sum, 36, "with each thread's value");
	is_int(resets, 8, "a destructor that set a value again was called again");
	ok(pthread_getspecific(key) == (void *)1000, "main's value is untouched");
	is_int(pthread_key_delete(key), 0, "pthread_key_delete");
	pthread_key_t k3;
	pthread_key_create(&k3, NULL);
	ok(pthread_getspecific(k3) == NULL, "a key made after a delete starts NULL in main too");
	pthread_key_delete(k3);
	pthread_key_delete(key2);
}

/* ---- barriers and spin locks ---- */

#define BROUNDS 50
static pthread_barrier_t bar;
static int arrived[BROUNDS], barrier_errors, serials;

static void *barrier_worker(void *arg)
{
	(void)arg;
	for (int r = 0; r < BROUNDS; r++) {
		__atomic_add_fetch(&arrived[r], 1, __ATOMIC_RELAXED);
		int s = pthread_barrier_wait(&bar);
		if (s == PTHREAD_BARRIER_SERIAL_THREAD)
			__atomic_add_fetch(&serials, 1, __ATOMIC_RELAXED);
		else if (s != 0)
			__atomic_add_fetch(&barrier_errors, 1, __ATOMIC_RELAXED);
		if (__atomic_load_n(&arrived[r], __ATOMIC_RELAXED) != 8)
			__atomic_add_fetch(&barrier_errors, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

static pthread_spinlock_t spin;
static long spin_count;

static void *spinner(void *arg)
{
	(void)arg;
	for (int i = 0; i < 2000; i++) {
		pthread_spin_lock(&spin);
		spin_count++;
		pthread_spin_unlock(&spin);
	}
	return NULL;
}

static void test_barrier_spin(void)
{
	is_int(pthread_barrier_init(&bar, NULL, 0), EINVAL, "a barrier for 0 threads: EINVAL");
	is_int(pthread_barrier_init(&bar, NULL, 8), 0, "a barrier for 8");
	pthread_t t[8];
	for (int i = 0; i < 8; i++)
		t[i] = start(barrier_worker, NULL);
	for (int i = 0; i < 8; i++)
		join(t[i]);
	is_int(barrier_errors, 0, "%d rounds: nobody left before all 8 had arrived", BROUNDS);
	is_int(serials, BROUNDS, "one PTHREAD_BARRIER_SERIAL_THREAD per round");
	is_int(pthread_barrier_destroy(&bar), 0, "destroy");

	is_int(pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE), 0, "pthread_spin_init");
	is_int(pthread_spin_trylock(&spin), 0, "spin_trylock");
	is_int(pthread_spin_trylock(&spin), EBUSY, "spin_trylock when held: EBUSY");
	pthread_spin_unlock(&spin);
	for (int i = 0; i < 4; i++)
		t[i] = start(spinner, NULL);
	for (int i = 0; i < 4; i++)
		join(t[i]);
	is_int(spin_count, 8000, "4 threads x 2000 increments under a spin lock");
	pthread_spin_destroy(&spin);
}

/* ---- semaphores ---- */

static sem_t items;
static long sem_taken;

static void *sem_poster(void *arg)
{
	(void)arg;
	for (int i = 0; i < 500; i++)
		sem_post(&items);
	return NULL;
}

static void *sem_taker(void *arg)
{
	(void)arg;
	for (int i = 0; i < 500; i++) {
		sem_wait(&items);
		__atomic_add_fetch(&sem_taken, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

static void test_semaphores(void)
{
	sem_t s;
	syscall_ok(sem_init(&s, 0, 0), "sem_init");
	errno_is(sem_trywait(&s), EAGAIN, "sem_trywait at 0: EAGAIN");
	syscall_ok(sem_post(&s), "sem_post");
	int v = -1;
	sem_getvalue(&s, &v);
	is_int(v, 1, "sem_getvalue after a post");
	syscall_ok(sem_trywait(&s), "sem_trywait at 1");
	struct timespec abs = in_ms(CLOCK_REALTIME, 80);
	errno_is(sem_timedwait(&s, &abs), ETIMEDOUT, "sem_timedwait at 0: ETIMEDOUT");
	int64_t late = now_ns(CLOCK_REALTIME) - ts_ns(&abs);
	ok(late >= 0, "not before the deadline (%lld us after)", (long long)(late / 1000));
	struct timespec bad = {abs.tv_sec, 2000000000};
	errno_is(sem_timedwait(&s, &bad), EINVAL, "sem_timedwait with a bad tv_nsec: EINVAL");
	errno_is(sem_init(&s, 0, (unsigned)SEM_VALUE_MAX + 1), EINVAL,
		 "sem_init above SEM_VALUE_MAX: EINVAL");
	sem_destroy(&s);

	syscall_ok(sem_init(&items, 0, 0), "a semaphore for 4 posters and 4 takers");
	pthread_t t[8];
	for (int i = 0; i < 4; i++)
		t[i] = start(sem_taker, NULL);
	for (int i = 4; i < 8; i++)
		t[i] = start(sem_poster, NULL);
	for (int i = 0; i < 8; i++)
		join(t[i]);
	is_int(sem_taken, 2000, "2000 posts, 2000 waits, all done");
	sem_getvalue(&items, &v);
	is_int(v, 0, "value back at 0");
	sem_destroy(&items);
#ifdef __motor__
	errno_is(sem_init(&s, 1, 0), ENOSYS, "a process-shared semaphore: ENOSYS (not supported)");
	errno = 0;
	ok(sem_open("/x", 0) == SEM_FAILED && errno == ENOSYS, "sem_open: ENOSYS");
#else
	skip("Motor only", "a process-shared semaphore: ENOSYS (not supported)");
	skip("Motor only", "sem_open: ENOSYS");
#endif
}

/* ---- cancellation ---- */

static pthread_mutex_t cm = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cc = PTHREAD_COND_INITIALIZER;
static sem_t cancel_ready, cancel_sem;
static int held_in_cleanup, cleanups_ran, survived_disabled;

static void unlock_cm(void *arg)
{
	(void)arg;
	held_in_cleanup = pthread_mutex_trylock(&cm) == EBUSY;
	__atomic_add_fetch(&cleanups_ran, 1, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&cm);
}

static void *cancel_in_cond_wait(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&cm);
	pthread_cleanup_push(unlock_cm, NULL);
	sem_post(&cancel_ready);
	for (;;)
		pthread_cond_wait(&cc, &cm);
	pthread_cleanup_pop(1);
	return NULL;
}

static void count_cleanup(void *arg)
{
	(void)arg;
	__atomic_add_fetch(&cleanups_ran, 1, __ATOMIC_RELAXED);
}

static void *cancel_in_sleep(void *arg)
{
	(void)arg;
	pthread_cleanup_push(count_cleanup, NULL);
	sem_post(&cancel_ready);
	for (;;)
		sleep_ms(10000);
	pthread_cleanup_pop(0);
	return NULL;
}

static void *cancel_in_sem_wait(void *arg)
{
	(void)arg;
	pthread_cleanup_push(count_cleanup, NULL);
	sem_post(&cancel_ready);
	for (;;)
		sem_wait(&cancel_sem);
	pthread_cleanup_pop(0);
	return NULL;
}

static void *cancel_in_join(void *arg)
{
	pthread_cleanup_push(count_cleanup, NULL);
	sem_post(&cancel_ready);
	pthread_join(*(pthread_t *)arg, NULL);
	pthread_cleanup_pop(0);
	return (void *)1;
}

static void *cancel_disabled(void *arg)
{
	(void)arg;
	int old = -1;
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	sem_post(&cancel_ready);
	sem_wait(&cancel_sem); /* main cancels, then posts */
	sleep_ms(20);          /* not acted on: disabled */
	survived_disabled = old == PTHREAD_CANCEL_ENABLE;
	pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, NULL);
	pthread_testcancel();
	survived_disabled = 0; /* never here */
	return NULL;
}

static void test_cancel(void)
{
	sem_init(&cancel_ready, 0, 0);
	sem_init(&cancel_sem, 0, 0);

	pthread_t t = start(cancel_in_cond_wait, NULL);
	sem_wait(&cancel_ready);
	sleep_ms(20); /* let it block */
	is_int(pthread_cancel(t), 0, "pthread_cancel a thread in pthread_cond_wait");
	ok(join(t) == PTHREAD_CANCELED, "it ends with PTHREAD_CANCELED");
	ok(held_in_cleanup, "its cleanup handler ran with the mutex held again");
	is_int(pthread_mutex_trylock(&cm), 0, "which the handler released");
	pthread_mutex_unlock(&cm);

	t = start(cancel_in_sleep, NULL);
	sem_wait(&cancel_ready);
	sleep_ms(20);
	int64_t t0 = now_ns(CLOCK_MONOTONIC);
	pthread_cancel(t);
	ok(join(t) == PTHREAD_CANCELED, "a thread in nanosleep is cancelled");
	ok(now_ns(CLOCK_MONOTONIC) - t0 < 5000 * MS, "at once, not at the end of its sleep");

	t = start(cancel_in_sem_wait, NULL);
	sem_wait(&cancel_ready);
	sleep_ms(20);
	pthread_cancel(t);
	ok(join(t) == PTHREAD_CANCELED, "a thread in sem_wait is cancelled");
	int v = -1;
	sem_getvalue(&cancel_sem, &v);
	is_int(v, 0, "without taking from the semaphore");

	sem_init(&gate, 0, 0);
	pthread_t sleeper = start(waits_at_gate, NULL);
	t = start(cancel_in_join, &sleeper);
	sem_wait(&cancel_ready);
	sleep_ms(20);
	pthread_cancel(t);
	ok(join(t) == PTHREAD_CANCELED, "a thread in pthread_join is cancelled");
	sem_post(&gate);
	ok(join(sleeper) == NULL, "the thread it was joining is still joinable");
	is_int(cleanups_ran, 4, "each cancelled thread ran its cleanup handler");

	t = start(cancel_disabled, NULL);
	sem_wait(&cancel_ready);
	pthread_cancel(t);
	sem_post(&cancel_sem);
	ok(join(t) == PTHREAD_CANCELED, "cancellation waits while disabled, acts at testcancel");
	ok(survived_disabled, "a cancellation point passed while disabled did not act");
	sem_destroy(&cancel_ready);
	sem_destroy(&cancel_sem);
}

/* ---- attributes and stacks ---- */

static void *uses_stack(void *arg)
{
	volatile char buf[32 * 1024];
	memset((char *)buf, 0x5a, sizeof(buf));
	*(char **)arg = (char *)buf;
	return (void *)(intptr_t)(buf[100] + buf[sizeof(buf) - 1]);
}

static void test_attributes(void)
{
	pthread_attr_t a;
	pthread_attr_init(&a);
	size_t sz = 0, guard = 0;
	pthread_attr_getstacksize(&a, &sz);
	ok(sz >= (size_t)PTHREAD_STACK_MIN, "a default stack size (%zu bytes)", sz);
	pthread_attr_getguardsize(&a, &guard);
	ok(guard > 0, "a default guard (%zu bytes)", guard);
	is_int(pthread_attr_setstacksize(&a, (size_t)PTHREAD_STACK_MIN - 1), EINVAL,
	       "a stack below PTHREAD_STACK_MIN: EINVAL");
	is_int(pthread_attr_setstacksize(&a, 64 * 1024), 0, "a 64 KiB stack");
	pthread_attr_getstacksize(&a, &sz);
	is_int(sz, 64 * 1024, "reads back");
	char *local = NULL;
	pthread_t t;
	is_int(pthread_create(&t, &a, uses_stack, &local), 0, "a thread on a 64 KiB stack");
	is_int((intptr_t)join(t), 0x5a * 2, "uses 32 KiB of it");

	size_t len = 256 * 1024;
	char *mine = malloc(len);
	pthread_attr_init(&a);
	is_int(pthread_attr_setstack(&a, mine, len), 0, "pthread_attr_setstack");
	void *addr = NULL;
	pthread_attr_getstack(&a, &addr, &sz);
	ok(addr == mine && sz == len, "getstack returns it");
	is_int(pthread_create(&t, &a, uses_stack, &local), 0, "a thread on the caller's stack");
	join(t);
	ok(local >= mine && local < mine + len, "runs on that memory");
	pthread_attr_destroy(&a);
	free(mine);
}

/* ---- thread-local storage and errno ---- */

static _Thread_local int tl_int = 42;
static __thread char tl_buf[16] = "image";
static pthread_barrier_t tl_bar;

struct tl_report {
	int initial_int, ok_after;
	char initial_buf[16];
	void *addr;
	int errno_kept;
};

static void *thread_locals(void *arg)
{
	struct tl_report *r = arg;
	r->initial_int = tl_int;
	memcpy(r->initial_buf, tl_buf, sizeof(tl_buf));
	r->addr = &tl_int;
	intptr_t id = (intptr_t)pthread_self();
	tl_int = (int)(id & 0xffff) + 1;
	snprintf(tl_buf, sizeof(tl_buf), "t%04x", (unsigned)(id & 0xffff));
	int e = (int)(id % 100) + 1;
	errno = e;
	pthread_barrier_wait(&tl_bar); /* everyone has written its own copy */
	sched_yield();
	pthread_barrier_wait(&tl_bar);
	char want[16];
	snprintf(want, sizeof(want), "t%04x", (unsigned)(id & 0xffff));
	r->ok_after = tl_int == (int)(id & 0xffff) + 1 && strcmp(tl_buf, want) == 0;
	r->errno_kept = errno == e;
	return NULL;
}

static void test_tls_errno(void)
{
	tl_int = -1;
	strcpy(tl_buf, "main");
	struct tl_report r[8];
	memset(r, 0, sizeof(r));
	pthread_barrier_init(&tl_bar, NULL, 8);
	pthread_t t[8];
	for (int i = 0; i < 8; i++)
		t[i] = start(thread_locals, &r[i]);
	errno = ENOTDIR;
	for (int i = 0; i < 8; i++)
		join(t[i]);
	int init = 1, kept = 1, errs = 1, distinct = 1;
	for (int i = 0; i < 8; i++) {
		init &= r[i].initial_int == 42 && strcmp(r[i].initial_buf, "image") == 0;
		kept &= r[i].ok_after;
		errs &= r[i].errno_kept;
		distinct &= r[i].addr != (void *)&tl_int;
		for (int j = 0; j < i; j++)
			distinct &= r[i].addr != r[j].addr;
	}
	ok(init, "each thread starts with the initial image, not main's values");
	ok(kept, "each thread keeps its own values while the others write theirs");
	ok(distinct, "each thread's copy is at its own address");
	ok(tl_int == -1 && strcmp(tl_buf, "main") == 0, "main's copy is untouched");
	ok(errs, "errno is per thread");
	is_int(errno, ENOTDIR, "main's errno is its own");
	pthread_barrier_destroy(&tl_bar);
}

/* ---- stdio and malloc from many threads ---- */

static FILE *shared_file;

static void *write_lines(void *arg)
{
	int id = (int)(intptr_t)arg;
	for (int i = 0; i < 200; i++)
		fprintf(shared_file, "thread %02d line %03d %s\n", id, i,
			"abcdefghijklmnopqrstuvwxyz0123456789");
	return NULL;
}

static void *print_lines(void *arg)
{
	for (int i = 0; i < 5; i++)
		printf("# thread %d prints line %d\n", (int)(intptr_t)arg, i);
	return NULL;
}

static void test_stdio(void)
{
	shared_file = fopen(P("lines"), "w");
	if (!shared_file)
		bail_out("fopen %s: %s", P("lines"), strerror(errno));
	pthread_t t[8];
	for (intptr_t i = 0; i < 8; i++)
		t[i] = start(write_lines, (void *)i);
	for (int i = 0; i < 8; i++)
		join(t[i]);
	syscall_ok(fclose(shared_file), "8 threads wrote 200 lines each to one FILE");
	FILE *f = fopen(P("lines"), "r");
	char line[128];
	int next[8] = {0}, bad = 0, n = 0;
	while (f && fgets(line, sizeof(line), f)) {
		int id, i;
		char tail[64];
		n++;
		if (sscanf(line, "thread %d line %d %63s", &id, &i, tail) != 3 || id < 0 || id > 7 ||
		    i != next[id] || strcmp(tail, "abcdefghijklmnopqrstuvwxyz0123456789") != 0)
			bad++;
		else
			next[id]++;
	}
	if (f)
		fclose(f);
	is_int(n, 1600, "1600 lines came out");
	is_int(bad, 0, "each intact, and each thread's in its order");
	/* And printf to stdout, as TAP comments (the harness ignores them). */
	for (intptr_t i = 0; i < 4; i++)
		t[i] = start(print_lines, (void *)i);
	for (int i = 0; i < 4; i++)
		join(t[i]);
}

static int malloc_errors;

static void *malloc_stress(void *arg)
{
	uint64_t x = 0x9e3779b97f4a7c15ull * ((uintptr_t)arg + 1);
	unsigned char *blocks[64] = {0};
	size_t sizes[64] = {0};
	for (int i = 0; i < 5000; i++) {
		x ^= x >> 12;
		x ^= x << 25;
		x ^= x >> 27;
		uint64_t r = x * 0x2545f4914f6cdd1dull;
		int k = (int)(r % 64);
		if (blocks[k]) {
			unsigned char want = (unsigned char)((uintptr_t)blocks[k] >> 4);
			for (size_t j = 0; j < sizes[k]; j++)
				if (blocks[k][j] != want) {
					__atomic_add_fetch(&malloc_errors, 1, __ATOMIC_RELAXED);
					break;
				}
			free(blocks[k]);
			blocks[k] = NULL;
		} else {
			sizes[k] = (r >> 8) % (k < 4 ? 70000 : 600) + 1;
			blocks[k] = malloc(sizes[k]);
			if (!blocks[k]) {
				__atomic_add_fetch(&malloc_errors, 1, __ATOMIC_RELAXED);
				continue;
			}
			memset(blocks[k], (unsigned char)((uintptr_t)blocks[k] >> 4), sizes[k]);
		}
	}
	for (int k = 0; k < 64; k++)
		free(blocks[k]);
	return NULL;
}

static void test_malloc(void)
{
	pthread_t t[8];
	for (intptr_t i = 0; i < 8; i++)
		t[i] = start(malloc_stress, (void *)i);
	for (int i = 0; i < 8; i++)
		join(t[i]);
	is_int(malloc_errors, 0, "8 threads x 5000 malloc/free with pattern checks");
}

/* ---- nothing leaks ---- */

static void *touch_stack(void *arg)
{
	volatile char buf[64 * 1024];
	memset((char *)buf, 1, sizeof(buf));
	if (arg)
		sem_post(arg);
	return (void *)(intptr_t)buf[7];
}

/*
 * One round: 50 threads joined, 50 detached, one more to reap the last. One
 * at a time, so the allocator's high-water mark (control blocks of threads
 * alive together) stays that of the first round.
 */
static void churn(void)
{
	sem_t done;
	sem_init(&done, 0, 0);
	for (int i = 0; i < 50; i++)
		join(start(touch_stack, NULL));
	pthread_attr_t a;
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	for (int i = 0; i < 50; i++) {
		pthread_t t;
		if (pthread_create(&t, &a, touch_stack, &done))
			bail_out("pthread_create failed");
		sem_wait(&done);
	}
	sleep_ms(20); /* the last detached one is gone by now */
	join(start(identity, NULL));
	pthread_attr_destroy(&a);
	sem_destroy(&done);
}

static void test_no_leak(void)
{
#ifdef __motor__
	churn(); /* the allocator's heap grows to what a round needs */
	long before = sysconf(_SC_AVPHYS_PAGES);
	for (int i = 0; i < 4; i++)
		churn();
	long after = sysconf(_SC_AVPHYS_PAGES);
	/* Detached threads that are slow to finish are freed by a later create. */
	for (int i = 0; i < 100 && before - after >= 64; i++) {
		sleep_ms(20);
		join(start(identity, NULL));
		after = sysconf(_SC_AVPHYS_PAGES);
	}
	ok(before - after < 64, "400 threads later, free memory is back (%ld pages before, %ld after)",
	   before, after);
#else
	churn();
	skip("Motor only: the host's free memory moves with everything else",
	     "400 threads later, free memory is back");
#endif
}

/* ---- the end: main leaves through pthread_exit ---- */

static pthread_t main_thread;

static void *finish(void *arg)
{
	(void)arg;
	void *v = NULL;
	is_int(pthread_join(main_thread, &v), 0, "main, after pthread_exit, can be joined");
	ok(v == (void *)77, "with its pthread_exit value");
	rm_rf(D);
	int failed = done_testing();
	if (failed)
		exit(failed);
	/* The last thread returns: the process ends with status 0, as exit(0). */
	return NULL;
}

int main(void)
{
	scratch_setup("threads");
	test_create_join();
	test_many();
	test_detach();
	test_contention();
	test_mutex_kinds();
	test_cond_timeouts();
	test_rwlock();
	test_once();
	test_keys();
	test_barrier_spin();
	test_semaphores();
	test_cancel();
	test_attributes();
	test_tls_errno();
	test_stdio();
	test_malloc();
	test_no_leak();

	main_thread = pthread_self();
	pthread_t t;
	pthread_attr_t a;
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&t, &a, finish, NULL))
		bail_out("cannot create the last thread");
	pthread_exit((void *)77);
}
