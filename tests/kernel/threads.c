/*
 * User-mode test of threads and scheduling: 16 threads racing on an atomic
 * counter, exit values through join, the raw thread_create entry contract,
 * per-thread FS base across context switches, preemption of busy threads
 * that never yield (bounded in time), threads seen on more than one CPU
 * when there are several, and hostile thread_create arguments.
 * Prints TAP; exits 0 when everything passed, 1 otherwise.
 */
#include "rt.h"

#define NTHREADS 16
#define INCREMENTS 10000
#define MS 1000000l
#define KERNEL_ADDR 0xffffffff80100000l

static unsigned long counter;

static long count_up(long i)
{
	for (int k = 0; k < INCREMENTS; k++) {
		__atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED);
		if (k % 1000 == 0 && i % 2)
			motor_yield(); /* half of them yield now and then, half never */
	}
	motor_thread_exit(i * 3 + 1);
	return -1; /* not reached */
}

static void test_counter(void)
{
	char *stacks[NTHREADS];
	long tid[NTHREADS], bad_create = 0, bad_join = 0, bad_value = 0;

	for (int i = 0; i < NTHREADS; i++) {
		stacks[i] = rt_stack_alloc();
		tid[i] = rt_thread_create(count_up, i, stacks[i] + RT_STACK_SIZE);
		if (tid[i] <= 0)
			bad_create++;
	}
	is(bad_create, 0, "16 threads created");
	for (int i = 0; i < NTHREADS; i++) {
		long value = -1;

		if (tid[i] <= 0)
			continue;
		if (motor_thread_join(tid[i], (long)&value) != 0)
			bad_join++;
		else if (value != i * 3 + 1)
			bad_value++;
	}
	is(bad_join, 0, "16 threads joined");
	is(bad_value, 0, "each join got its thread's exit value");
	is((long)__atomic_load_n(&counter, __ATOMIC_RELAXED), (long)NTHREADS * INCREMENTS,
	   "no increment lost");
	bool distinct = true;
	for (int i = 0; i < NTHREADS; i++) {
		for (int j = 0; j < i; j++)
			distinct &= tid[i] != tid[j];
	}
	ok(distinct, "thread ids are distinct", "a tid repeats");
	for (int i = 0; i < NTHREADS; i++)
		rt_stack_free(stacks[i]);
}

/* Entered straight from the kernel (no runtime trampoline): arg must be in rdi. */
static long raw_arg;
__attribute__((noreturn)) static void raw_entry(long arg)
{
	__atomic_store_n(&raw_arg, arg, __ATOMIC_RELAXED);
	motor_thread_exit(arg + 1);
	__builtin_unreachable();
}

static long sleeper(long arg)
{
	motor_sleep(arg * MS);
	return arg;
}

static long spawn_and_join(long arg)
{
	char *s = rt_stack_alloc();
	long tid = rt_thread_create(sleeper, arg, s + RT_STACK_SIZE), value = -1;
	long r = motor_thread_join(tid, (long)&value);

	rt_stack_free(s);
	return r == 0 ? value + 100 : r;
}

static void test_create_join(void)
{
	char *s = rt_stack_alloc(), *s2 = rt_stack_alloc();
	long tid, value = 0;

	tid = motor_thread_create((long)raw_entry, (long)(s + RT_STACK_SIZE), 0x1234);
	ok(tid > 0, "raw thread_create", "got %ld", tid);
	is(motor_thread_join(tid, (long)&value), 0, "raw thread joined");
	is(raw_arg, 0x1234, "the entry got its argument");
	is(value, 0x1235, "the raw thread's exit value");

	tid = rt_thread_create(sleeper, 0, s + RT_STACK_SIZE);
	motor_sleep(50 * MS);
	is(motor_thread_join(tid, (long)&value), 0, "join of a thread that already exited");
	is(value, 0, "its value was kept");

	tid = rt_thread_create(sleeper, 30, s + RT_STACK_SIZE);
	is(motor_thread_join(tid, (long)&value), 0, "join waits for a sleeping thread");
	is(value, 30, "its value");

	tid = rt_thread_create(spawn_and_join, 5, s2 + RT_STACK_SIZE);
	is(motor_thread_join(tid, (long)&value), 0, "join of a thread that joined its own thread");
	is(value, 105, "a thread other than main can join");

	is(motor_thread_create(KERNEL_ADDR, (long)(s + RT_STACK_SIZE), 0), -EFAULT,
	   "thread_create with the entry in the kernel half");
	is(motor_thread_create(0x0000800000000000l, (long)(s + RT_STACK_SIZE), 0), -EFAULT,
	   "thread_create with a non-canonical entry");
	is(motor_thread_create((long)raw_entry, KERNEL_ADDR, 0), -EFAULT,
	   "thread_create with the stack in the kernel half");
	is(motor_thread_create((long)raw_entry, -16l, 0), -EFAULT,
	   "thread_create with the stack at the top of the address space");
	rt_stack_free(s);
	rt_stack_free(s2);
}

/* FS base is per thread and survives context switches. */
struct tls {
	struct tls *self;
	long id;
};

static long fs_word(void)
{
	long v;

	__asm__ volatile("movq %%fs:8, %0" : "=r"(v));
	return v;
}

static long tls_worker(long id)
{
	struct tls t = { &t, id };
	long wrong = 0;

	if (motor_set_fs_base((long)&t) != 0)
		return -1;
	for (int i = 0; i < 200; i++) {
		if (fs_word() != id)
			wrong++;
		if (i % 2)
			motor_yield();
		else
			for (volatile int k = 0; k < 2000; k++)
				;
	}
	return wrong;
}

static void test_tls(void)
{
	enum { N = 4 };
	char *stacks[N];
	long tid[N], wrong = 0;
	struct tls mine = { &mine, 99 };

	is(motor_set_fs_base((long)&mine), 0, "main thread sets its FS base");
	for (int i = 0; i < N; i++) {
		stacks[i] = rt_stack_alloc();
		tid[i] = rt_thread_create(tls_worker, i + 1, stacks[i] + RT_STACK_SIZE);
	}
	for (int i = 0; i < N; i++) {
		long value = -1;

		motor_thread_join(tid[i], (long)&value);
		if (value != 0)
			wrong++;
	}
	is(wrong, 0, "each thread keeps its own FS base across switches");
	is(fs_word(), 99, "the main thread's FS base is untouched");
	for (int i = 0; i < N; i++)
		rt_stack_free(stacks[i]);
}

/* Two threads that never yield: both must run, even on one CPU. */
static int stop_spinning;
static unsigned long spins[2];

static long spinner(long i)
{
	while (!__atomic_load_n(&stop_spinning, __ATOMIC_RELAXED))
		__atomic_fetch_add(&spins[i], 1, __ATOMIC_RELAXED);
	return 0;
}

static void test_preemption(void)
{
	char *s0 = rt_stack_alloc(), *s1 = rt_stack_alloc();
	unsigned long a0, a1, b0, b1;
	long t0, t1, tid0, tid1;

	tid0 = rt_thread_create(spinner, 0, s0 + RT_STACK_SIZE);
	tid1 = rt_thread_create(spinner, 1, s1 + RT_STACK_SIZE);
	motor_sleep(100 * MS);
	a0 = __atomic_load_n(&spins[0], __ATOMIC_RELAXED);
	b0 = __atomic_load_n(&spins[1], __ATOMIC_RELAXED);
	t0 = motor_clock_ns();
	motor_sleep(200 * MS);
	t1 = motor_clock_ns();
	a1 = __atomic_load_n(&spins[0], __ATOMIC_RELAXED);
	b1 = __atomic_load_n(&spins[1], __ATOMIC_RELAXED);
	__atomic_store_n(&stop_spinning, 1, __ATOMIC_RELAXED);
	ok(a1 > a0 && b1 > b0, "two busy threads both progress over 200 ms",
	   "first %lu -> %lu, second %lu -> %lu", a0, a1, b0, b1);
	ok(t1 - t0 < 2000 * MS, "a sleeper wakes within 2 s beside two busy threads",
	   "slept %ld ns", t1 - t0);
	is(motor_thread_join(tid0, 0), 0, "first spinner joined");
	is(motor_thread_join(tid1, 0), 0, "second spinner joined");
	rt_stack_free(s0);
	rt_stack_free(s1);
}

/* With several CPUs, spinning threads must land on more than one. */
static unsigned long cpu_mask;
static long deadline;

static long cpu_watcher(long unused)
{
	(void)unused;
	while (motor_clock_ns() < deadline) {
		long cpu = motor_sys_info(MOTOR_INFO_CURRENT_CPU);

		if (cpu < 0 || cpu >= 64)
			return -1;
		__atomic_fetch_or(&cpu_mask, 1ul << cpu, __ATOMIC_RELAXED);
		if (__builtin_popcountl(__atomic_load_n(&cpu_mask, __ATOMIC_RELAXED)) >= 2)
			break;
	}
	return 0;
}

static void test_cpus(void)
{
	enum { N = 8 };
	long cpus = motor_sys_info(MOTOR_INFO_CPUS), tid[N], bad = 0;
	char *stacks[N];
	int n = cpus > 1 ? N : 2;

	deadline = motor_clock_ns() + (cpus > 1 ? 3000 : 200) * MS;
	for (int i = 0; i < n; i++) {
		stacks[i] = rt_stack_alloc();
		tid[i] = rt_thread_create(cpu_watcher, 0, stacks[i] + RT_STACK_SIZE);
	}
	for (int i = 0; i < n; i++) {
		long value = -1;

		if (motor_thread_join(tid[i], (long)&value) != 0 || value != 0)
			bad++;
		rt_stack_free(stacks[i]);
	}
	is(bad, 0, "CPU watchers ran and saw valid CPU numbers");
	if (cpus > 1)
		ok(__builtin_popcountl(cpu_mask) >= 2, tname("threads ran on 2+ of %ld CPUs", cpus),
		   "CPU mask %#lx", cpu_mask);
	else
		is((long)cpu_mask, 1, "on one CPU every thread runs on CPU 0");
}

int main(int argc, char **argv, char **envp)
{
	(void)argc;
	(void)argv;
	(void)envp;
	is(motor_yield(), 0, "yield with no other thread");
	test_counter();
	test_create_join();
	test_tls();
	test_preemption();
	test_cpus();
	is(motor_yield(), 0, "yield at the end");
	return done_testing();
}
