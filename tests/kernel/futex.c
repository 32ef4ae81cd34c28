/*
 * User-mode test of futexes and the time page: futex_wait's value check,
 * timeouts (and that the time really passed), wake counts with several
 * waiters, hostile addresses (misaligned, kernel, unmapped, no-access), a
 * mutex built on futexes under 8 contending threads that must lose no
 * increment, and the read-only time page: found through the auxiliary
 * vector, in step with clock_ns, monotonic on every thread, and refused to
 * vm_unmap/vm_protect and to the kernel's own writes.
 * Prints TAP; exits 0 when everything passed, 1 otherwise.
 */
#include <motor/timepage.h>

#include "rt.h"

#define MS 1000000l
#define KERNEL_ADDR 0xffffffff80100000l
#define NONCANON 0x0000800000000000l

static long now(void)
{
	return motor_clock_ns();
}

static void test_wait_basics(void)
{
	static uint32_t word = 5;
	static const uint32_t ro_word = 9; /* .rodata: readable is all a wait needs */
	long t0, t1, r;

	is(motor_futex_wait((long)&word, 6, MOTOR_FOREVER), -EAGAIN,
	   "futex_wait with a stale value: -EAGAIN");
	is(motor_futex_wait((long)&ro_word, 8, MOTOR_FOREVER), -EAGAIN,
	   "futex_wait on a read-only word with a stale value: -EAGAIN");
	r = motor_futex_wait((long)&word, 5 + (1l << 32), MOTOR_FOREVER);
	ok(r == -EINVAL || r == -EAGAIN, "futex_wait with expected > 32 bits is refused",
	   "expected -EINVAL or -EAGAIN, got %ld", r);

	t0 = now();
	r = motor_futex_wait((long)&word, 5, 30 * MS);
	t1 = now();
	is(r, -ETIMEDOUT, "futex_wait 30 ms with the value matching: -ETIMEDOUT");
	ok(t1 - t0 >= 30 * MS, "futex_wait 30 ms really waited 30 ms",
	   "expected >= %ld ns, took %ld ns", 30 * MS, t1 - t0);
	ok(t1 - t0 < 5000 * MS, "futex_wait 30 ms returned within 5 s",
	   "expected < 5 s, took %ld ns", t1 - t0);
	is(motor_futex_wait((long)&ro_word, 9, 1 * MS), -ETIMEDOUT,
	   "futex_wait on a read-only word times out");
	long slow = 0, wrong = 0;
	for (int i = 0; i < 10; i++) { /* timeout 0 polls: none of ten tries waits */
		t0 = now();
		wrong += motor_futex_wait((long)&word, 5, 0) != -ETIMEDOUT;
		slow += now() - t0 >= 1 * MS;
	}
	is(wrong, 0, "futex_wait with timeout 0: -ETIMEDOUT (10 tries)");
	ok(slow <= 2, "futex_wait with timeout 0 does not wait (for a tick)",
	   "%ld of 10 tries took 1 ms or more", slow);
	is(motor_futex_wake((long)&word, 1), 0, "futex_wake with no waiters returns 0");
	is(motor_futex_wake((long)&word, 0x7fffffff), 0,
	   "futex_wake of many with no waiters returns 0");

	/* A mapped page nobody touched yet reads as zero: the kernel must fault it in. */
	long a = motor_vm_map(0, PAGE_SIZE, MOTOR_PROT_READ | MOTOR_PROT_WRITE);
	if (a > 0) {
		is(motor_futex_wait(a + 64, 0, 1 * MS), -ETIMEDOUT,
		   "futex_wait on an untouched page sees 0 and waits");
		is(motor_futex_wait(a + 64, 1, 1 * MS), -EAGAIN,
		   "futex_wait on an untouched page with expected 1: -EAGAIN");
		motor_vm_unmap(a, PAGE_SIZE);
	} else {
		ok(false, "vm_map for the untouched-page futex", "vm_map returned %ld", a);
	}
}

static void test_wait_hostile(void)
{
	static uint32_t words[4];
	long a, r;

	is(motor_futex_wait((long)words + 1, 0, MOTOR_FOREVER), -EINVAL, "futex_wait misaligned (+1)");
	is(motor_futex_wait((long)words + 2, 0, MOTOR_FOREVER), -EINVAL, "futex_wait misaligned (+2)");
	is(motor_futex_wake((long)words + 2, 1), -EINVAL, "futex_wake misaligned (+2)");
	is(motor_futex_wake((long)words + 3, 1), -EINVAL, "futex_wake misaligned (+3)");
	is(motor_futex_wait(0, 0, MOTOR_FOREVER), -EFAULT, "futex_wait NULL: -EFAULT");
	is(motor_futex_wait(KERNEL_ADDR, 0, MOTOR_FOREVER), -EFAULT,
	   "futex_wait kernel address: -EFAULT");
	is(motor_futex_wait(0xffff800000000000l, 0, MOTOR_FOREVER), -EFAULT,
	   "futex_wait direct-map address: -EFAULT");
	is(motor_futex_wait(NONCANON, 0, MOTOR_FOREVER), -EFAULT,
	   "futex_wait non-canonical address: -EFAULT");
	is(motor_futex_wait(0x00007ffffffffffcl, 0, MOTOR_FOREVER), -EFAULT,
	   "futex_wait at the last word of user space (unmapped): -EFAULT");

	a = motor_vm_map(0, 2 * PAGE_SIZE, MOTOR_PROT_READ | MOTOR_PROT_WRITE);
	if (!ok(a > 0, "vm_map for the hostile futex addresses", "vm_map returned %ld", a))
		return;
	is(motor_vm_unmap(a, PAGE_SIZE), 0, "vm_unmap of the first page");
	is(motor_futex_wait(a, 0, MOTOR_FOREVER), -EFAULT, "futex_wait on an unmapped page: -EFAULT");
	is(motor_vm_protect(a + PAGE_SIZE, PAGE_SIZE, 0), 0, "vm_protect the second page to no access");
	is(motor_futex_wait(a + PAGE_SIZE, 0, MOTOR_FOREVER), -EFAULT,
	   "futex_wait on a no-access page: -EFAULT");
	r = motor_futex_wake(a, 1);
	ok(r == 0 || r == -EFAULT, "futex_wake on an unmapped page: 0 or -EFAULT",
	   "expected 0 or -EFAULT, got %ld", r);
	r = motor_futex_wake(KERNEL_ADDR, 1);
	ok(r == 0 || r == -EFAULT, "futex_wake on a kernel address: 0 or -EFAULT",
	   "expected 0 or -EFAULT, got %ld", r);
	motor_vm_unmap(a + PAGE_SIZE, PAGE_SIZE);
}

/* Three waiters on one word: wake 1 wakes exactly one, wake many the rest. */
static uint32_t wake_word;
static int waiters_ready, waiters_woken;

static long waiter(long unused)
{
	(void)unused;
	__atomic_add_fetch(&waiters_ready, 1, __ATOMIC_RELEASE);
	/* The timeout only keeps a broken kernel from hanging the test. */
	long r = motor_futex_wait((long)&wake_word, 0, 5000 * MS);
	if (r == 0)
		__atomic_add_fetch(&waiters_woken, 1, __ATOMIC_RELEASE);
	return r;
}

static int load(int *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void test_wake_counts(void)
{
	enum { N = 3 };
	char *stacks[N];
	long tid[N], deadline = now() + 5000 * MS, bad = 0;

	for (int i = 0; i < N; i++) {
		stacks[i] = rt_stack_alloc();
		tid[i] = rt_thread_create(waiter, i, stacks[i] + RT_STACK_SIZE);
	}
	while (load(&waiters_ready) < N && now() < deadline)
		motor_sleep(1 * MS);
	is(load(&waiters_ready), N, "three waiter threads started");
	motor_sleep(100 * MS); /* from "ready" to asleep in the kernel */
	is(motor_futex_wake((long)&wake_word, 0), 0, "futex_wake n=0 wakes nobody");
	is(motor_futex_wake((long)&wake_word, 1), 1, "futex_wake n=1 with 3 waiters returns 1");
	motor_sleep(50 * MS);
	is(load(&waiters_woken), 1, "exactly one waiter woke");
	is(motor_futex_wake((long)&wake_word, 0x7fffffff), 2, "futex_wake of all returns the other 2");
	for (int i = 0; i < N; i++) {
		long value = -1;

		if (motor_thread_join(tid[i], (long)&value) != 0 || value != 0)
			bad++;
		rt_stack_free(stacks[i]);
	}
	is(bad, 0, "every waiter's futex_wait returned 0");
	is(load(&waiters_woken), 3, "all three woke");
}

/* A wake racing a wait on another thread, many times: none may be lost. */
static uint32_t pp_word;
static int pp_lost;

static long ponger(long rounds)
{
	for (long i = 0; i < rounds; i++) {
		/* Wait for the odd value i*2+1, then answer with i*2+2. */
		uint32_t want = (uint32_t)(2 * i + 1);
		while (__atomic_load_n(&pp_word, __ATOMIC_ACQUIRE) != want) {
			long r = motor_futex_wait((long)&pp_word, 2 * i, 2000 * MS);
			if (r == -ETIMEDOUT) {
				__atomic_add_fetch(&pp_lost, 1, __ATOMIC_RELAXED);
				return i;
			}
		}
		__atomic_store_n(&pp_word, want + 1, __ATOMIC_RELEASE);
		motor_futex_wake((long)&pp_word, 1);
	}
	return rounds;
}

static void test_ping_pong(void)
{
	const long rounds = 2000;
	char *s = rt_stack_alloc();
	long tid = rt_thread_create(ponger, rounds, s + RT_STACK_SIZE), value = -1, done = 0;

	for (long i = 0; i < rounds; i++) {
		uint32_t mine = (uint32_t)(2 * i + 1);
		__atomic_store_n(&pp_word, mine, __ATOMIC_RELEASE);
		motor_futex_wake((long)&pp_word, 1);
		bool stalled = false;
		while (__atomic_load_n(&pp_word, __ATOMIC_ACQUIRE) != mine + 1) {
			if (motor_futex_wait((long)&pp_word, mine, 2000 * MS) == -ETIMEDOUT) {
				stalled = true;
				break;
			}
		}
		if (stalled)
			break;
		done++;
	}
	is(done, rounds, "2000 futex ping-pong rounds with another thread complete");
	is(motor_thread_join(tid, (long)&value), 0, "the ping-pong thread joined");
	is(value, rounds, "the other side saw every round");
	is(pp_lost, 0, "no wait in the ping-pong timed out (no lost wake-up)");
	rt_stack_free(s);
}

/* A mutex on a futex word (0 free, 1 locked, 2 locked with waiters). */
static uint32_t mutex;
static long counter;
static int mutex_timeouts;

static void mutex_lock(uint32_t *m)
{
	uint32_t c = 0;

	if (__atomic_compare_exchange_n(m, &c, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return;
	if (c != 2)
		c = __atomic_exchange_n(m, 2, __ATOMIC_ACQUIRE);
	while (c != 0) {
		/* A holder never keeps it for 2 s: a timeout means a wake-up was lost. */
		if (motor_futex_wait((long)m, 2, 2000 * MS) == -ETIMEDOUT)
			__atomic_add_fetch(&mutex_timeouts, 1, __ATOMIC_RELAXED);
		c = __atomic_exchange_n(m, 2, __ATOMIC_ACQUIRE);
	}
}

static void mutex_unlock(uint32_t *m)
{
	if (__atomic_fetch_sub(m, 1, __ATOMIC_RELEASE) != 1) {
		__atomic_store_n(m, 0, __ATOMIC_RELEASE);
		motor_futex_wake((long)m, 1);
	}
}

#define MUTEX_THREADS 8
#define MUTEX_INCREMENTS 20000

static long contender(long unused)
{
	(void)unused;
	for (int i = 0; i < MUTEX_INCREMENTS; i++) {
		mutex_lock(&mutex);
		/* A plain read-modify-write: only the mutex keeps it exact. */
		long v = *(volatile long *)&counter;
		*(volatile long *)&counter = v + 1;
		mutex_unlock(&mutex);
	}
	return 0;
}

static void test_mutex(void)
{
	char *stacks[MUTEX_THREADS];
	long tid[MUTEX_THREADS], bad = 0, t0 = now();

	for (int i = 0; i < MUTEX_THREADS; i++) {
		stacks[i] = rt_stack_alloc();
		tid[i] = rt_thread_create(contender, i, stacks[i] + RT_STACK_SIZE);
		if (tid[i] <= 0)
			bad++;
	}
	for (int i = 0; i < MUTEX_THREADS; i++) {
		if (tid[i] > 0 && motor_thread_join(tid[i], 0) != 0)
			bad++;
		rt_stack_free(stacks[i]);
	}
	is(bad, 0, "8 mutex threads created and joined");
	is(counter, (long)MUTEX_THREADS * MUTEX_INCREMENTS,
	   "futex mutex: 8 threads x 20000 increments, none lost");
	is(mutex_timeouts, 0, "no mutex wait timed out (no lost wake-up)");
	is((long)mutex, 0, "the mutex ends unlocked");
	diag("futex mutex: %d x %d lock/unlock in %ld ms", MUTEX_THREADS, MUTEX_INCREMENTS,
	     (now() - t0) / MS);
}

/* Time page reads bracketed by clock_ns on whatever CPU this thread runs. */
static long time_page_agreement(long rounds)
{
	long bad = 0, back = 0;
	uint64_t prev = 0;

	for (long i = 0; i < rounds; i++) {
		uint64_t a = (uint64_t)motor_clock_ns();
		uint64_t t = motor_time_ns();
		uint64_t b = (uint64_t)motor_clock_ns();

		if (t < a || t > b)
			bad++;
		if (t < prev)
			back++;
		prev = t;
	}
	return bad + back * 1000000;
}

static void test_time_page(void)
{
	const struct motor_time_page *tp = (const struct motor_time_page *)MOTOR_TIME_PAGE;
	uint64_t prev, t, back = 0;
	long r;

	is((long)rt_getauxval(MOTOR_AT_TIMEPAGE, 0), (long)MOTOR_TIME_PAGE,
	   "auxv: AT_TIMEPAGE is MOTOR_TIME_PAGE");
	is(tp->version, 1, "time page: version 1");
	ok(tp->seq % 2 == 0 && tp->seq != 0, "time page: seq is even and set", "seq %u", tp->seq);
	ok(tp->tsc_hz >= 100000000ul, "time page: tsc_hz is at least 100 MHz", "got %lu",
	   (unsigned long)tp->tsc_hz);
	ok(tp->ns_mult > 0, "time page: ns_mult > 0", "got %lu", (unsigned long)tp->ns_mult);
	/* 0 means unknown; otherwise it is some time after 2017. */
	ok(tp->wall_base_ns == 0 || tp->wall_base_ns > 1500000000l * 1000000000l,
	   "time page: wall_base_ns is 0 or after 2017", "got %ld", (long)tp->wall_base_ns);

	is(time_page_agreement(2000), 0,
	   "motor_time_ns lies between clock_ns before and after (2000 reads), never goes back");
	prev = motor_time_ns();
	for (int i = 0; i < 20000; i++) {
		t = motor_time_ns();
		back += t < prev;
		prev = t;
	}
	is((long)back, 0, "motor_time_ns never goes back over 20000 reads");
	t = motor_time_ns();
	motor_sleep(20 * MS);
	ok(motor_time_ns() - t >= (uint64_t)(20 * MS), "motor_time_ns advances by a 20 ms sleep",
	   "advanced %lu ns", (unsigned long)(motor_time_ns() - t));

	/* Other threads (other CPUs, when there are several) agree too. */
	enum { N = 4 };
	char *stacks[N];
	long tid[N], bad = 0;
	for (int i = 0; i < N; i++) {
		stacks[i] = rt_stack_alloc();
		tid[i] = rt_thread_create(time_page_agreement, 500, stacks[i] + RT_STACK_SIZE);
	}
	for (int i = 0; i < N; i++) {
		long value = -1;

		motor_thread_join(tid[i], (long)&value);
		bad += value != 0;
		rt_stack_free(stacks[i]);
	}
	is(bad, 0, "the time page agrees with clock_ns on 4 more threads");

	/* It belongs to the kernel: no unmapping, no protection change, no writes through it. */
	is(motor_vm_unmap(MOTOR_TIME_PAGE, PAGE_SIZE), -EINVAL, "vm_unmap of the time page: -EINVAL");
	is(motor_vm_unmap(MOTOR_TIME_PAGE - PAGE_SIZE, 3 * PAGE_SIZE), -EINVAL,
	   "vm_unmap of a range around the time page: -EINVAL");
	is(motor_vm_protect(MOTOR_TIME_PAGE, PAGE_SIZE, MOTOR_PROT_READ | MOTOR_PROT_WRITE), -EINVAL,
	   "vm_protect of the time page to RW: -EINVAL");
	is(motor_vm_protect(MOTOR_TIME_PAGE, PAGE_SIZE, MOTOR_PROT_READ | MOTOR_PROT_EXEC), -EINVAL,
	   "vm_protect of the time page to R|X: -EINVAL");
	is(motor_vm_protect(MOTOR_TIME_PAGE, PAGE_SIZE, 0), -EINVAL,
	   "vm_protect of the time page to no access: -EINVAL");
	r = motor_vm_map(MOTOR_TIME_PAGE, PAGE_SIZE, MOTOR_PROT_READ | MOTOR_PROT_WRITE);
	ok(r != (long)MOTOR_TIME_PAGE, "vm_map with the time page as hint goes elsewhere",
	   "got %#lx", r);
	if (r > 0)
		motor_vm_unmap(r, PAGE_SIZE);
	is(tp->version, 1, "the time page is still there and unchanged");

	/* The kernel must not write into it on our behalf either. */
	char *s = rt_stack_alloc();
	long tid1 = rt_thread_create(time_page_agreement, 1, s + RT_STACK_SIZE);
	is(motor_thread_join(tid1, (long)MOTOR_TIME_PAGE + 64), -EFAULT,
	   "thread_join storing its value into the time page: -EFAULT");
	motor_thread_join(tid1, 0);
	rt_stack_free(s);
	is(motor_futex_wait((long)MOTOR_TIME_PAGE + 4, 0, MOTOR_FOREVER), -EAGAIN,
	   "futex_wait on the time page reads it (version 1, not 0): -EAGAIN");
	uint64_t t0 = motor_time_ns();
	ok(t0 >= t, "motor_time_ns still works after all that", "%lu then %lu", (unsigned long)t,
	   (unsigned long)t0);
}

int main(int argc, char **argv, char **envp)
{
	(void)argc;
	(void)argv;
	(void)envp;
	test_wait_basics();
	test_wait_hostile();
	test_wake_counts();
	test_ping_pong();
	test_mutex();
	test_time_page();
	return done_testing();
}
