/*
 * User-mode test of process_info (syscall 52) and sys_info's CPU time
 * figures: the caller's own state, threads, CPU time (its own and its
 * threads', ended ones included), resident and virtual memory and their
 * peak; a child seen through its handle while it spins, sleeps and after
 * it has finished; the structure versioned by size; hostile handles,
 * rights and buffers; and the system's user, system and idle time and
 * switch count going the way the load says.
 *
 * Prints TAP; exits 0 when everything passed, 1 otherwise.
 */
#include <motor/handle.h>
#include <motor/process_info.h>
#include <motor/timepage.h>

#include "rt.h"

#define MS 1000000l
#define SECOND (1000 * MS)
#define MiB (1024 * 1024l)
#define RW (MOTOR_PROT_READ | MOTOR_PROT_WRITE)
#define KERNEL_ADDR 0xffffffff80100000l

static struct motor_process_info info_of(long proc)
{
	struct motor_process_info i;
	memset(&i, 0, sizeof(i));
	long r = motor_process_info(proc, (long)&i, sizeof(i));
	if (r != (long)sizeof(i))
		rt_die(1, "process_info(%ld) failed: %ld", proc, r);
	return i;
}

/* Runs in user mode for ms milliseconds of wall time (the time page's clock:
 * no system call, so the ticks find it in user mode). */
static void spin(long ms)
{
	long end = (long)motor_time_ns() + ms * MS;
	while ((long)motor_time_ns() < end)
		__asm__ volatile("pause");
}

static void test_self(void)
{
	struct motor_process_info i = info_of(0);
	long now = motor_clock_ns();
	is(i.size, sizeof(i), "process_info(0): size says what the kernel filled");
	is(i.state, MOTOR_PROCESS_RUNNING, "the caller is running");
	is(i.threads, 1, "one thread");
	ok(i.kpid > 0, "a kernel process number", "kpid %u", i.kpid);
	ok(i.start_ns > 0 && (long)i.start_ns <= now, "started before now", "start %lu now %ld",
	   (unsigned long)i.start_ns, now);
	ok(i.resident_bytes >= 4 * PAGE_SIZE && i.resident_bytes % PAGE_SIZE == 0,
	   "some pages resident", "%lu bytes", (unsigned long)i.resident_bytes);
	ok(i.virtual_bytes >= i.resident_bytes, "virtual size covers them", "%lu virtual",
	   (unsigned long)i.virtual_bytes);
	ok(i.peak_resident_bytes >= i.resident_bytes, "peak at least what is resident", "%lu",
	   (unsigned long)i.peak_resident_bytes);
	ok(i.cpu_ns > 0 && i.thread_cpu_ns > 0 && i.thread_cpu_ns <= i.cpu_ns,
	   "it has used CPU time; its thread's share is within the process's", "cpu %lu thread %lu",
	   (unsigned long)i.cpu_ns, (unsigned long)i.thread_cpu_ns);
	ok(i.user_ns + i.system_ns <= i.cpu_ns, "user + system never exceed the measured time",
	   "user %lu system %lu cpu %lu", (unsigned long)i.user_ns, (unsigned long)i.system_ns,
	   (unsigned long)i.cpu_ns);
}

static void test_versioned(void)
{
	is(motor_process_info(0, 0, 0), sizeof(struct motor_process_info),
	   "len 0: only the size, nothing copied (a null buffer is fine)");
	unsigned char buf[sizeof(struct motor_process_info) + 16];
	memset(buf, 0xa5, sizeof(buf));
	is(motor_process_info(0, (long)buf, 8), sizeof(struct motor_process_info),
	   "a shorter structure (an older caller) gets the size back");
	long beyond = 0;
	for (size_t k = 8; k < sizeof(buf); k++)
		beyond += buf[k] != 0xa5;
	is(beyond, 0, "and not a byte past its 8");
	is(*(uint32_t *)buf, sizeof(struct motor_process_info), "those 8 hold the size");
	memset(buf, 0xa5, sizeof(buf));
	is(motor_process_info(0, (long)buf, sizeof(buf)), sizeof(struct motor_process_info),
	   "a longer buffer (a newer caller)");
	beyond = 0;
	for (size_t k = sizeof(struct motor_process_info); k < sizeof(buf); k++)
		beyond += buf[k] != 0xa5;
	is(beyond, 0, "gets only the kernel's size written");
}

static void test_cpu_time(void)
{
	struct motor_process_info a = info_of(0);
	spin(200);
	struct motor_process_info b = info_of(0);
	long d = (long)(b.cpu_ns - a.cpu_ns), dt = (long)(b.thread_cpu_ns - a.thread_cpu_ns);
	ok(d >= 100 * MS && d <= 400 * MS, "200 ms of spinning adds about that much CPU time",
	   "added %ld ms", d / MS);
	ok(dt >= 100 * MS, "to the thread's own time too", "added %ld ms", dt / MS);
	ok(b.user_ns > a.user_ns, "and the timer ticks found it in user mode", "user %lu -> %lu",
	   (unsigned long)a.user_ns, (unsigned long)b.user_ns);
	motor_sleep(200 * MS);
	struct motor_process_info c = info_of(0);
	d = (long)(c.cpu_ns - b.cpu_ns);
	ok(d < 30 * MS, "200 ms asleep adds next to nothing", "added %ld ms", d / MS);
}

static volatile int release; /* the blocked threads' futex */

static long blocked_thread(long unused)
{
	(void)unused;
	while (!__atomic_load_n(&release, __ATOMIC_ACQUIRE))
		motor_futex_wait((long)&release, 0, 5 * SECOND);
	return 0;
}

static long spin_thread(long ms)
{
	spin(ms);
	return 0;
}

static void test_threads(void)
{
	char *stacks[3];
	long tids[3];
	for (int k = 0; k < 3; k++)
		stacks[k] = rt_stack_alloc();
	tids[0] = rt_thread_create(blocked_thread, 0, stacks[0] + RT_STACK_SIZE);
	tids[1] = rt_thread_create(blocked_thread, 0, stacks[1] + RT_STACK_SIZE);
	is(info_of(0).threads, 3, "two more threads: 3");
	struct motor_process_info before = info_of(0);
	tids[2] = rt_thread_create(spin_thread, 150, stacks[2] + RT_STACK_SIZE);
	is(motor_thread_join(tids[2], 0), 0, "a thread that spun 150 ms ended");
	struct motor_process_info after = info_of(0);
	long d = (long)(after.cpu_ns - before.cpu_ns);
	ok(d >= 100 * MS, "its CPU time stays with the process once it is joined", "added %ld ms",
	   d / MS);
	__atomic_store_n(&release, 1, __ATOMIC_RELEASE);
	motor_futex_wake((long)&release, 2);
	motor_thread_join(tids[0], 0);
	motor_thread_join(tids[1], 0);
	is(info_of(0).threads, 1, "joined: 1 again");
	for (int k = 0; k < 3; k++)
		rt_stack_free(stacks[k]);
}

static void test_memory(void)
{
	struct motor_process_info a = info_of(0);
	long p = motor_vm_map(0, 8 * MiB, RW);
	if (p < 0)
		rt_die(1, "vm_map: %ld", p);
	struct motor_process_info b = info_of(0);
	is((long)(b.resident_bytes - a.resident_bytes), 0, "8 MiB mapped, untouched: not resident");
	ok(b.virtual_bytes - a.virtual_bytes == 8 * MiB, "but 8 MiB more virtual", "%lu more",
	   (unsigned long)(b.virtual_bytes - a.virtual_bytes));
	for (long k = 0; k < 8 * MiB; k += PAGE_SIZE)
		((volatile char *)p)[k] = 1;
	struct motor_process_info c = info_of(0);
	long d = (long)(c.resident_bytes - b.resident_bytes);
	ok(d >= 8 * MiB && d <= 8 * MiB + 64 * 1024, "touched: 8 MiB more resident",
	   "%ld KiB more", d / 1024);
	motor_vm_unmap(p, 8 * MiB);
	struct motor_process_info e = info_of(0);
	ok(e.resident_bytes <= c.resident_bytes - 8 * MiB, "unmapped: gone again", "%lu bytes",
	   (unsigned long)e.resident_bytes);
	ok(e.peak_resident_bytes >= c.resident_bytes, "the peak remembers it", "peak %lu",
	   (unsigned long)e.peak_resident_bytes);
}

/* Children: a clone that runs fn(arg) and exits with its value. */
static long fork_run(long (*fn)(long), long arg)
{
	long c = motor_process_clone(0, 0);
	if (c == 0)
		motor_process_exit(fn(arg) & 255);
	return c;
}

static long child_spins(long ms)
{
	spin(ms);
	return 3;
}

static long child_sleeps(long ms)
{
	motor_sleep(ms * MS);
	return 4;
}

/* Polls until the child's state is want (true) or a second passes. */
static bool state_becomes(long c, uint32_t want)
{
	long end = motor_clock_ns() + SECOND;
	while (info_of(c).state != want)
		if (motor_clock_ns() > end)
			return false;
		else
			motor_sleep(2 * MS);
	return true;
}

static void test_child(void)
{
	long cpus = motor_sys_info(MOTOR_INFO_CPUS);
	long c = fork_run(child_sleeps, 400);
	ok(state_becomes(c, MOTOR_PROCESS_BLOCKED), "a sleeping child is blocked", "state %u",
	   info_of(c).state);
	struct motor_process_info a = info_of(c);
	motor_sleep(100 * MS);
	struct motor_process_info b = info_of(c);
	ok(b.cpu_ns - a.cpu_ns < 10 * MS, "its CPU time does not grow while it sleeps",
	   "%lu ns", (unsigned long)(b.cpu_ns - a.cpu_ns));
	is(b.thread_cpu_ns, 0, "another process's info has no calling thread's time");
	ok(b.kpid != info_of(0).kpid, "it has its own number", "%u", b.kpid);
	is(motor_process_wait(c, 5 * SECOND), 4, "it exits");
	struct motor_process_info z = info_of(c);
	is(z.state, MOTOR_PROCESS_FINISHED, "finished");
	is(z.threads, 0, "no threads");
	is(z.resident_bytes + z.virtual_bytes, 0, "no memory");
	ok(z.peak_resident_bytes > 0 && z.cpu_ns >= b.cpu_ns,
	   "but its peak and CPU time stay readable (for rusage)", "peak %lu cpu %lu",
	   (unsigned long)z.peak_resident_bytes, (unsigned long)z.cpu_ns);
	motor_handle_close(c);

	c = fork_run(child_spins, 300);
	if (cpus > 1)
		ok(state_becomes(c, MOTOR_PROCESS_RUNNING), "a spinning child is running", "state %u",
		   info_of(c).state);
	is(motor_process_wait(c, 5 * SECOND), 3, "the spinner exits");
	z = info_of(c);
	ok(z.cpu_ns >= 200 * MS, "its 300 ms of spinning are in its CPU time", "%lu ms",
	   (unsigned long)(z.cpu_ns / MS));
	motor_handle_close(c);
}

static void test_hostile(void)
{
	struct motor_process_info i;
	is(motor_process_info(12345, (long)&i, sizeof(i)), -EBADF, "no such handle: -EBADF");
	is(motor_process_info(-1, (long)&i, sizeof(i)), -EBADF, "handle -1: -EBADF");
	long n = motor_notification_create();
	is(motor_process_info(n, (long)&i, sizeof(i)), -EINVAL, "a notification: -EINVAL");
	motor_handle_close(n);
	long c = fork_run(child_sleeps, 50);
	long weak = motor_handle_dup(c, MOTOR_RIGHT_DUP | MOTOR_RIGHT_SIGNAL, 0);
	is(motor_process_info(weak, (long)&i, sizeof(i)), -EACCES, "a handle without WAIT: -EACCES");
	long waiter = motor_handle_dup(c, MOTOR_RIGHT_WAIT, 0);
	is(motor_process_info(waiter, (long)&i, sizeof(i)), sizeof(i), "WAIT alone is enough");
	motor_handle_close(weak);
	motor_handle_close(waiter);
	motor_process_wait(c, 5 * SECOND);
	motor_handle_close(c);
	is(motor_process_info(0, KERNEL_ADDR, sizeof(i)), -EFAULT, "a kernel buffer: -EFAULT");
	is(motor_process_info(0, 0x1000, sizeof(i)), -EFAULT, "an unmapped buffer: -EFAULT");
	is(motor_process_info(0, (long)MOTOR_TIME_PAGE, sizeof(i)), -EFAULT,
	   "the read-only time page: -EFAULT");
	long ro = motor_vm_map(0, PAGE_SIZE, MOTOR_PROT_READ);
	is(motor_process_info(0, ro, sizeof(i)), -EFAULT, "a read-only buffer: -EFAULT");
	motor_vm_unmap(ro, PAGE_SIZE);
	is(motor_process_info(0, (long)&i, -1l), sizeof(i), "a huge len is cut to the structure");
	long end = motor_vm_map(0, PAGE_SIZE, RW);
	is(motor_process_info(0, end + PAGE_SIZE - 8, sizeof(i)), -EFAULT,
	   "a buffer that runs off its mapping: -EFAULT");
	motor_vm_unmap(end, PAGE_SIZE);
}

static void test_system(void)
{
	long u0 = motor_sys_info(MOTOR_INFO_CPU_USER_NS), s0 = motor_sys_info(MOTOR_INFO_CPU_SYSTEM_NS),
	     i0 = motor_sys_info(MOTOR_INFO_CPU_IDLE_NS), w0 = motor_sys_info(MOTOR_INFO_SWITCHES);
	ok(u0 >= 0 && s0 >= 0 && i0 >= 0 && w0 > 0, "CPU user, system, idle time and switches",
	   "%ld %ld %ld %ld", u0, s0, i0, w0);
	spin(200);
	long u1 = motor_sys_info(MOTOR_INFO_CPU_USER_NS), i1 = motor_sys_info(MOTOR_INFO_CPU_IDLE_NS);
	ok(u1 - u0 >= 100 * MS, "spinning 200 ms adds user time", "%ld ms", (u1 - u0) / MS);
	motor_sleep(200 * MS);
	long i2 = motor_sys_info(MOTOR_INFO_CPU_IDLE_NS), w2 = motor_sys_info(MOTOR_INFO_SWITCHES);
	ok(i2 - i1 >= 100 * MS, "sleeping 200 ms adds idle time", "%ld ms", (i2 - i1) / MS);
	ok(w2 > w0, "and switches", "%ld -> %ld", w0, w2);
	ok(motor_sys_info(MOTOR_INFO_CPU_SYSTEM_NS) >= s0, "system time never goes back", "%ld",
	   s0);
	is(motor_sys_info(8), -EINVAL, "sys_info(8): -EINVAL");
	is(motor_sys_info(-1), -EINVAL, "sys_info(-1): -EINVAL");
}

int main(int argc, char **argv, char **envp)
{
	(void)argc;
	(void)argv;
	(void)envp;
	test_self();
	test_versioned();
	test_cpu_time();
	test_threads();
	test_memory();
	test_child();
	test_hostile();
	test_system();
	return done_testing();
}
