/*
 * User-mode test of processes and memory objects: process_clone (fork)
 * with copy-on-write private memory in both directions (stack, .data, a
 * vm_map region, a 1 MiB buffer) and shared memory that stays shared;
 * exit statuses through process_wait; process_kill of children blocked in
 * every kind of wait; a child IPC server whose death fails its callers with
 * -EPIPE; handle tables copied by clone but separate afterwards; processes
 * built from outside (process_create, vm_map_into, process_write,
 * thread_start, handle_give, mem_map into them) running a few bytes of
 * machine code; hostile arguments to all of these; and no page leaked over
 * 200 clone/exit/wait cycles.
 *
 * Children never print TAP: they report through their exit status or a
 * shared page, and the parent does the checking. Every wait has a timeout,
 * so a child that never ends fails a check instead of hanging the run.
 * Prints TAP; exits 0 when everything passed, 1 otherwise.
 */
#include <motor/handle.h>
#include <motor/ipc.h>
#include <motor/timepage.h>

#include "rt.h"

#define MS 1000000l
#define SECOND (1000 * MS)
#define STACK (64 * 1024l)
#define MiB (1024 * 1024l)
#define KERNEL_ADDR 0xffffffff80100000l
#define R MOTOR_PROT_READ
#define RW (MOTOR_PROT_READ | MOTOR_PROT_WRITE)
#define RX (MOTOR_PROT_READ | MOTOR_PROT_EXEC)

/* ---- helpers ---- */

static void *map(long len)
{
	long p = motor_vm_map(0, len, RW);

	if (p < 0)
		rt_die(1, "vm_map(%ld) failed: %ld", len, p);
	return (void *)p;
}

static long free_pages(void)
{
	return motor_sys_info(MOTOR_INFO_FREE_PAGES);
}

/* Parent and children talk through one page of shared memory. */
struct shared {
	volatile int flag[8];
	volatile long val[8];
};

static struct shared *sh;
static long sh_mem;

static void shared_reset(void)
{
	memset((void *)sh, 0, sizeof(*sh));
}

/* Polls *p until it holds want; false after timeout (the other side is stuck or gone). */
static bool wait_flag(volatile int *p, int want, long timeout)
{
	long end = motor_clock_ns() + timeout;

	while (__atomic_load_n(p, __ATOMIC_ACQUIRE) != want) {
		if (motor_clock_ns() > end)
			return false;
		motor_sleep(1 * MS);
	}
	return true;
}

static void set_flag(volatile int *p, int v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

/* fn(arg) in a clone of this process, which exits with its value; -> the child's handle. */
static long fork_run(long (*fn)(long), long arg)
{
	long c = motor_process_clone(0, 0);

	if (c == 0)
		motor_process_exit(fn(arg) & 255);
	return c;
}

/* The child's exit status, or a negative errno (-ETIMEDOUT after 5 s). */
static long wait_child(long c)
{
	return motor_process_wait(c, 5 * SECOND);
}

static long reap(long c)
{
	long st = wait_child(c);

	motor_handle_close(c);
	return st;
}

/* ---- copy-on-write clone ---- */

static volatile long cow_data = 0x1111; /* .data */
static volatile char *cow_region;       /* 3 pages: the middle one untouched before the clone */
static volatile unsigned long *big;     /* 1 MiB */
#define BIG_WORDS (MiB / 8)

static unsigned long big_pat(long i, unsigned long salt)
{
	return (unsigned long)i * 0x9e3779b97f4a7c15ul ^ salt;
}

static long big_wrong(unsigned long salt)
{
	long bad = 0;

	for (long i = 0; i < BIG_WORDS; i++)
		bad += big[i] != big_pat(i, salt);
	return bad;
}

static void test_cow(void)
{
	volatile long stack_word = 0x5555;

	cow_region = map(3 * 4096);
	big = map(MiB);
	cow_data = 0xa1;
	cow_region[0] = 'P';
	cow_region[2 * 4096] = 'Q';
	for (long i = 0; i < BIG_WORDS; i++)
		big[i] = big_pat(i, 0xaaaa);
	shared_reset();

	long c = motor_process_clone(0, 0);
	if (c == 0) {
		/* The child: reports through bits of its exit status. */
		long bad = 0;
		if (stack_word != 0x5555)
			bad |= 1;
		if (cow_data != 0xa1)
			bad |= 2;
		if (cow_region[0] != 'P' || cow_region[4096] != 0 || cow_region[2 * 4096] != 'Q')
			bad |= 4;
		if (big_wrong(0xaaaa))
			bad |= 8;
		stack_word = 0xc5;
		cow_data = 0xc1;
		cow_region[0] = 'c';
		cow_region[4096] = 'c';
		cow_region[2 * 4096] = 'c';
		for (long i = 0; i < BIG_WORDS; i++)
			big[i] = big_pat(i, 0xcccc);
		set_flag(&sh->flag[0], 1);
		if (!wait_flag(&sh->flag[1], 1, 5 * SECOND))
			bad |= 16;
		if (stack_word != 0xc5 || cow_data != 0xc1 || cow_region[0] != 'c' ||
		    cow_region[4096] != 'c' || cow_region[2 * 4096] != 'c')
			bad |= 32;
		if (big_wrong(0xcccc))
			bad |= 64;
		motor_process_exit((int)bad);
	}
	ok(c > 0, "process_clone returns the child's handle in the parent", "got %ld", c);
	if (c <= 0)
		return;
	ok(wait_flag(&sh->flag[0], 1, 5 * SECOND), "the child ran and wrote its copies", "no sign");
	is(stack_word, 0x5555, "COW: the child's write to a stack variable is not seen by the parent");
	is(cow_data, 0xa1, "COW: nor its write to .data");
	ok(cow_region[0] == 'P' && cow_region[4096] == 0 && cow_region[2 * 4096] == 'Q',
	   "COW: nor its writes to a vm_map region (touched and untouched pages)",
	   "got %c %d %c", cow_region[0], cow_region[4096], cow_region[2 * 4096]);
	is(big_wrong(0xaaaa), 0, "COW: nor its writes to every word of a 1 MiB buffer");
	stack_word = 0x95;
	cow_data = 0x91;
	cow_region[0] = 'p';
	cow_region[4096] = 'p';
	for (long i = 0; i < BIG_WORDS; i += 512)
		big[i] = big_pat(i, 0x9999);
	set_flag(&sh->flag[1], 1);
	long st = reap(c);
	is(st, 0, "COW: the child saw the parent's values at the clone and kept its own after");
	if (st)
		diag("child's failure bits %#lx: 1 stack, 2 .data, 4 region, 8 1 MiB at clone; "
		     "16 no parent signal; 32 small, 64 1 MiB copies changed by the parent", st);
	ok(stack_word == 0x95 && cow_data == 0x91 && cow_region[0] == 'p' && cow_region[4096] == 'p',
	   "the parent keeps its own later writes", "got %#lx %#lx %c %c", stack_word, cow_data,
	   cow_region[0], cow_region[4096]);
	motor_vm_unmap((long)cow_region, 3 * 4096);
	motor_vm_unmap((long)big, MiB);
}

/* Clone copies FS base; the child runs on. */
static long fs_word(void)
{
	long v;

	__asm__ volatile("movq %%fs:8, %0" : "=r"(v));
	return v;
}

static long child_fs(long unused)
{
	(void)unused;
	return fs_word();
}

static long child_status(long status)
{
	return status;
}

static void test_clone_basics(void)
{
	static unsigned long tls[2];

	tls[0] = (unsigned long)tls;
	tls[1] = 0x3c;
	motor_set_fs_base((long)tls);
	is(reap(fork_run(child_fs, 0)), 0x3c, "the child has the parent's FS base");
	is(reap(fork_run(child_status, 42)), 42, "process_wait returns the child's exit status");
	is(reap(fork_run(child_status, 300)), 300 & 255, "an exit status keeps 8 bits (300 -> 44)");
	long c = fork_run(child_status, 7);
	is(wait_child(c), 7, "process_wait");
	is(wait_child(c), 7, "process_wait again on the finished child: the same status");
	is(motor_process_kill(c, 99), 0, "process_kill of a finished child is harmless");
	is(wait_child(c), 7, "and does not change its status");
	long nowait = motor_handle_dup(c, MOTOR_RIGHTS_ALL & ~MOTOR_RIGHT_WAIT, 0);
	is(motor_process_wait(nowait, SECOND), -EACCES, "process_wait without WAIT: -EACCES");
	long nosig = motor_handle_dup(c, MOTOR_RIGHTS_ALL & ~MOTOR_RIGHT_SIGNAL, 0);
	is(motor_process_kill(nosig, 1), -EACCES, "process_kill without SIGNAL: -EACCES");
	motor_handle_close(nowait);
	motor_handle_close(nosig);
	motor_handle_close(c);
	long n = motor_notification_create();
	is(motor_process_wait(n, SECOND), -EINVAL, "process_wait on a notification: -EINVAL");
	is(motor_process_kill(n, 1), -EINVAL, "process_kill on a notification: -EINVAL");
	motor_handle_close(n);
	is(motor_process_wait(0x7fffffff, SECOND), -EBADF, "process_wait on a bad handle: -EBADF");
	is(motor_process_kill(0x7fffffff, 1), -EBADF, "process_kill on a bad handle: -EBADF");
	is(motor_process_wait(c, SECOND), -EBADF, "process_wait on a closed handle: -EBADF");
}

static long sleep_then_exit(long ms)
{
	motor_sleep(ms * MS);
	return 5;
}

static long thread_exits(long unused)
{
	(void)unused;
	motor_thread_exit(77); /* the last thread: the process ends with status 0 */
	return 1;
}

static void test_wait_timeout(void)
{
	long c = fork_run(sleep_then_exit, 300), t0 = motor_clock_ns();

	long slow = 0, wrong = 0;
	for (int i = 0; i < 10; i++) { /* timeout 0 polls: none of ten tries waits */
		long t1 = motor_clock_ns();
		wrong += motor_process_wait(c, 0) != -ETIMEDOUT;
		slow += motor_clock_ns() - t1 >= 1 * MS;
	}
	is(wrong, 0, "process_wait with timeout 0 on a running child: -ETIMEDOUT (10 tries)");
	ok(slow <= 2, "process_wait with timeout 0 does not wait (for a tick)",
	   "%ld of 10 tries took 1 ms or more", slow);
	t0 = motor_clock_ns();
	is(motor_process_wait(c, 30 * MS), -ETIMEDOUT, "process_wait on a running child times out");
	ok(motor_clock_ns() - t0 >= 30 * MS, "after its 30 ms", "took %ld ns", motor_clock_ns() - t0);
	is(reap(c), 5, "then waits for the exit");
	c = fork_run(child_status, 6);
	motor_sleep(100 * MS);
	is(motor_process_wait(c, 0), 6, "process_wait with timeout 0 on a finished child: its status");
	motor_handle_close(c);
	is(reap(fork_run(thread_exits, 0)), 0,
	   "a child whose last thread calls thread_exit ends with status 0");
}

/* ---- shared memory ---- */

static long shared_child(long unused)
{
	(void)unused;
	sh->val[0] = 0x42; /* seen by the parent: the page is shared, not copied */
	set_flag(&sh->flag[0], 1);
	if (!wait_flag(&sh->flag[1], 1, 5 * SECOND))
		return 1;
	return sh->val[1] == 0x43 ? 0 : 2;
}

static void test_shared_memory(void)
{
	long mem = motor_mem_create(2 * 4096), r;
	volatile char *a, *b, *hi;

	ok(mem > 0, "mem_create of 2 pages", "got %ld", mem);
	a = (volatile char *)motor_mem_map(0, mem, 0, 2 * 4096, RW, 0);
	b = (volatile char *)motor_mem_map(0, mem, 0, 2 * 4096, RW, 0);
	hi = (volatile char *)motor_mem_map(0, mem, 4096, 4096, R, 0);
	ok((long)a > 0 && (long)b > 0 && (long)hi > 0 && a != b,
	   "three mappings of one memory object", "%p %p %p", (void *)a, (void *)b, (void *)hi);
	if ((long)a <= 0 || (long)b <= 0 || (long)hi <= 0)
		return;
	ok(a[0] == 0 && a[8191] == 0, "memory object pages start zeroed", "got %d %d", a[0], a[8191]);
	a[10] = 0x11;
	is(b[10], 0x11, "a write through one mapping is seen through another");
	a[4096 + 20] = 0x22;
	is(hi[20], 0x22, "a mapping from offset 4096 sees the second page");

	shared_reset();
	long c = fork_run(shared_child, 0);
	ok(wait_flag(&sh->flag[0], 1, 5 * SECOND), "the child wrote to the shared page", "no sign");
	is(sh->val[0], 0x42, "shared memory stays shared across clone: the child's write is seen");
	sh->val[1] = 0x43;
	set_flag(&sh->flag[1], 1);
	is(reap(c), 0, "and the parent's write is seen by the child");

	/* Unmapping one mapping, or closing the handle, leaves the object to the others. */
	is(motor_vm_unmap((long)a, 2 * 4096), 0, "vm_unmap of one mapping");
	is(motor_handle_close(mem), 0, "handle_close of the memory object while it is mapped");
	is(b[10], 0x11, "the other mapping still reads the data");
	b[11] = 0x33;
	is(b[11], 0x33, "and writes");
	is(hi[20], 0x22, "the offset mapping too");

	/* Hostile mem_create / mem_map. */
	is(motor_mem_create(0), -EINVAL, "mem_create(0): -EINVAL");
	is(motor_mem_create((1l << 30) + 1), -EINVAL, "mem_create(1 GiB + 1): -EINVAL");
	is(motor_mem_create(-1), -EINVAL, "mem_create(-1): -EINVAL");
	mem = motor_mem_create(2 * 4096);
	is(motor_mem_map(0, mem, 0, 4096, RX, 0), -EINVAL, "mem_map with PROT_EXEC: -EINVAL");
	is(motor_mem_map(0, mem, 0, 4096, MOTOR_PROT_WRITE | MOTOR_PROT_EXEC, 0), -EINVAL,
	   "mem_map W|X: -EINVAL");
	is(motor_mem_map(0, mem, 0, 4096, 0, 0), -EINVAL, "mem_map with no access: -EINVAL");
	is(motor_mem_map(0, mem, 0, 4096, 8, 0), -EINVAL, "mem_map with an unknown prot bit: -EINVAL");
	is(motor_mem_map(0, mem, 1, 4096, R, 0), -EINVAL, "mem_map at an unaligned offset: -EINVAL");
	is(motor_mem_map(0, mem, 2 * 4096, 4096, R, 0), -EINVAL, "mem_map past the end: -EINVAL");
	is(motor_mem_map(0, mem, 4096, 2 * 4096, R, 0), -EINVAL,
	   "mem_map running past the end: -EINVAL");
	is(motor_mem_map(0, mem, 0, 0, R, 0), -EINVAL, "mem_map of 0 bytes: -EINVAL");
	is(motor_mem_map(0, mem, -4096l, 4096, R, 0), -EINVAL, "mem_map at offset 2^64-4096: -EINVAL");
	long ro = motor_handle_dup(mem, MOTOR_RIGHTS_ALL & ~MOTOR_RIGHT_WRITE, 0);
	long noread = motor_handle_dup(mem, MOTOR_RIGHTS_ALL & ~MOTOR_RIGHT_READ, 0);
	is(motor_mem_map(0, ro, 0, 4096, RW, 0), -EACCES,
	   "mem_map for writing through a handle without WRITE: -EACCES");
	is(motor_mem_map(0, noread, 0, 4096, R, 0), -EACCES,
	   "mem_map through a handle without READ: -EACCES");
	long n = motor_notification_create();
	is(motor_mem_map(0, n, 0, 4096, R, 0), -EINVAL, "mem_map of a notification: -EINVAL");
	is(motor_mem_map(0, 0x7fffffff, 0, 4096, R, 0), -EBADF, "mem_map of a bad handle: -EBADF");
	is(motor_mem_map(n, mem, 0, 4096, R, 0), -EINVAL, "mem_map into a notification: -EINVAL");

	/* A read-only mapping must not become writable (or executable) by vm_protect. */
	volatile char *rw = (volatile char *)motor_mem_map(0, mem, 0, 4096, RW, 0);
	volatile char *rdonly = (volatile char *)motor_mem_map(0, ro, 0, 4096, R, 0);
	ok((long)rdonly > 0, "mem_map read-only through the handle without WRITE", "got %p",
	   (void *)rdonly);
	if ((long)rdonly > 0 && (long)rw > 0) {
		r = motor_vm_protect((long)rdonly, 4096, RW);
		ok(r == -EACCES || r == -EINVAL,
		   "vm_protect to RW of a mapping made through a handle without WRITE is refused",
		   "expected -EACCES, got %ld", r);
		if (r == 0) {
			rdonly[5] = 0x5a; /* the refusal was expected: see what it allowed */
			diag("after that vm_protect, a write through the read-only handle's mapping "
			     "%s the shared object", rw[5] == 0x5a ? "reached" : "did not reach");
			motor_vm_protect((long)rdonly, 4096, R);
		}
		r = motor_vm_protect((long)rw, 4096, RX);
		ok(r == -EACCES || r == -EINVAL,
		   "vm_protect to R|X of a memory object mapping is refused",
		   "expected -EACCES or -EINVAL (EXEC is refused for memory objects), got %ld", r);
	}
	motor_handle_close(ro);
	motor_handle_close(noread);
	motor_handle_close(n);
	motor_handle_close(mem);
}

/* ---- killing children ---- */

static long block_futex(long unused)
{
	static uint32_t word;

	(void)unused;
	set_flag(&sh->flag[0], 1);
	motor_futex_wait((long)&word, 0, MOTOR_FOREVER);
	return 1;
}

static long block_sleep(long unused)
{
	(void)unused;
	set_flag(&sh->flag[0], 1);
	motor_sleep((long)MOTOR_FOREVER);
	return 1;
}

static long block_notify(long unused)
{
	long n = motor_notification_create();

	(void)unused;
	set_flag(&sh->flag[0], 1);
	motor_notify_wait_bits(n, MOTOR_FOREVER, NULL);
	return 1;
}

static long block_recv(long unused)
{
	long ep = motor_endpoint_create(0);
	uint64_t w[4] = { 0 };

	(void)unused;
	set_flag(&sh->flag[0], 1);
	motor_ipc(SYS_ipc_recv, ep, w, NULL, NULL);
	return 1;
}

static long block_spin(long unused)
{
	(void)unused;
	set_flag(&sh->flag[0], 1);
	for (;;)
		__asm__ volatile("" ::: "memory");
	return 1;
}

static long thread_blocks(long kind)
{
	static uint32_t word;
	long n = motor_notification_create();

	if (kind == 0)
		motor_futex_wait((long)&word, 0, MOTOR_FOREVER);
	else if (kind == 1)
		motor_sleep((long)MOTOR_FOREVER);
	else
		motor_notify_wait_bits(n, MOTOR_FOREVER, NULL);
	return 1;
}

/* Threads blocked in three ways, and the main thread in thread_join. */
static long block_threads(long unused)
{
	long tid[3];

	(void)unused;
	for (int i = 0; i < 3; i++)
		tid[i] = rt_thread_create(thread_blocks, i, (char *)map(STACK) + STACK);
	motor_sleep(20 * MS);
	set_flag(&sh->flag[0], 1);
	motor_thread_join(tid[0], 0);
	return 1;
}

static void kill_case(long (*fn)(long), const char *what, int status)
{
	shared_reset();
	long c = fork_run(fn, 0);
	bool started = wait_flag(&sh->flag[0], 1, 5 * SECOND);

	motor_sleep(30 * MS); /* from the flag into the kernel's wait */
	is(motor_process_kill(c, status), 0, tname("process_kill of a child %s", what));
	long st = reap(c);
	ok(started && st == status, tname("the child %s ends with the kill's status", what),
	   "expected %d, got %ld%s", status, st, started ? "" : " (it never started)");
}

static void test_kill(void)
{
	kill_case(block_futex, "blocked in futex_wait", 70);
	kill_case(block_sleep, "blocked in sleep", 71);
	kill_case(block_notify, "blocked in notify_wait", 72);
	kill_case(block_recv, "blocked in ipc_recv", 73);
	kill_case(block_spin, "spinning in user mode", 74);
	kill_case(block_threads, "with 4 threads blocked in 4 ways", 75);

	shared_reset();
	long c = fork_run(block_futex, 0);
	wait_flag(&sh->flag[0], 1, 5 * SECOND);
	motor_process_kill(c, 80);
	motor_process_kill(c, 81);
	is(reap(c), 80, "killed twice: the first status stands");
}

/* ---- a child IPC server ---- */

static long ipc_server_child(long ep)
{
	uint64_t w[4] = { 0 };

	for (;;) {
		if (motor_ipc(SYS_ipc_recv, ep, w, NULL, NULL) != 0)
			return 1;
		if (w[0] == 2)
			motor_sleep((long)MOTOR_FOREVER); /* never answers */
		w[0] += 1;
		motor_ipc(SYS_ipc_reply, 0, w, NULL, NULL);
	}
}

static long caller_thread(long arg)
{
	long h = arg & 0xffffffff;
	struct motor_msg m = { 0 };
	uint64_t w[4] = { (uint64_t)(arg >> 32), 0, 0, 0 };

	m.timeout_ns = 5 * SECOND;
	return motor_ipc(SYS_ipc_call, h, w, &m, NULL);
}

static void test_server_death(void)
{
	long ep = motor_endpoint_create(0);
	long cl = motor_handle_dup(ep, MOTOR_RIGHT_CALL, 0);
	long c = fork_run(ipc_server_child, ep), t0, r;
	struct motor_msg m = { 0 };
	uint64_t w[4] = { 1, 0, 0, 0 };

	motor_handle_close(ep); /* only the child can receive now */
	m.timeout_ns = 5 * SECOND;
	is(motor_ipc(SYS_ipc_call, cl, w, &m, NULL), 0,
	   "a child serves an endpoint inherited through clone");
	is((long)w[0], 2, "its answer");
	char *s1 = map(STACK), *s2 = map(STACK);
	long hung = rt_thread_create(caller_thread, cl | (2l << 32), s1 + STACK);
	motor_sleep(50 * MS); /* the child takes that call and never answers */
	long queued = rt_thread_create(caller_thread, cl | (1l << 32), s2 + STACK);
	motor_sleep(50 * MS);
	t0 = motor_clock_ns();
	is(motor_process_kill(c, 9), 0, "process_kill of the server child");
	long v1 = -1, v2 = -1;
	motor_thread_join(hung, (long)&v1);
	motor_thread_join(queued, (long)&v2);
	is(v1, -EPIPE, "the call the dead server had taken fails with -EPIPE");
	is(v2, -EPIPE, "the call queued for the dead server fails with -EPIPE");
	ok(motor_clock_ns() - t0 < 2 * SECOND, "at once, not by timeout", "took %ld ns",
	   motor_clock_ns() - t0);
	is(reap(c), 9, "the server child ended with the kill's status");
	w[0] = 1;
	r = motor_ipc(SYS_ipc_call, cl, w, &m, NULL);
	is(r, -EPIPE, "a later call to the dead server's endpoint: -EPIPE");
	motor_handle_close(cl);
	motor_vm_unmap((long)s1, STACK);
	motor_vm_unmap((long)s2, STACK);
}

/* ---- handle tables across clone ---- */

static long handles_child(long n)
{
	long bad = 0;

	if (motor_notify_signal(n, 0x80, 0) != 0)
		bad |= 1;
	long d = motor_handle_dup(n, MOTOR_RIGHTS_ALL, 0);
	if (d <= 0)
		bad |= 2;
	/* Handles made here are this process's only; pass the last one's value on. */
	long mine = 0;
	for (int i = 0; i < 4; i++)
		mine = motor_notification_create();
	sh->val[0] = mine;
	if (motor_handle_close(n) != 0) /* closing our copy leaves the parent's alone */
		bad |= 4;
	return bad;
}

static long self_wait_child(long unused)
{
	(void)unused;
	if (!wait_flag(&sh->flag[0], 1, 5 * SECOND))
		return 1;
	sh->val[1] = motor_process_wait(sh->val[0], 10 * MS);
	return sh->val[1] == -EINVAL ? 0 : 2;
}

static void test_handles_across_clone(void)
{
	long n = motor_notification_create();
	uint64_t bits = 0;

	shared_reset();
	long c = fork_run(handles_child, n);
	long st = reap(c);
	is(st, 0, "the child uses, dups and closes its copy of the parent's handle");
	is(motor_notify_wait_bits(n, SECOND, &bits), 0,
	   "the child's copy names the same notification: its signal arrives");
	is((long)bits, 0x80, "with its bits");
	is(motor_notify_signal(n, 1, 0), 0, "the child closing its copy left the parent's");
	ok(sh->val[0] > 0, "the child made handles of its own", "got %ld", sh->val[0]);
	is(motor_notify_signal(sh->val[0], 1, 0), -EBADF,
	   "a handle made in the child after the clone is not valid in the parent: -EBADF");
	motor_handle_close(n);

	/* A process given its own handle cannot wait for itself. */
	shared_reset();
	c = fork_run(self_wait_child, 0);
	long given = motor_handle_give(c, c, MOTOR_RIGHTS_ALL);
	ok(given > 0, "handle_give of the child's own handle into the child", "got %ld", given);
	sh->val[0] = given;
	set_flag(&sh->flag[0], 1);
	is(reap(c), 0, "process_wait on its own process: -EINVAL");
	if (sh->val[1] != -EINVAL)
		diag("the child's process_wait on itself returned %ld", sh->val[1]);
}

/* The child of a swapping clone: handle A (arg) must name the parent's B. */
static long swap_child(long a)
{
	long bad = 0;
	if (motor_notify_signal(a, 0x40, 0) != 0)
		bad |= 1;
	if (motor_handle_close(sh->val[0]) != -EBADF) /* B: not copied */
		bad |= 2;
	return bad;
}

static void test_clone_swap(void)
{
	long a = motor_notification_create(), b = motor_notification_create();
	uint64_t bits = 0;

	shared_reset();
	sh->val[0] = b;
	long c = motor_process_clone(b, a);
	if (c == 0)
		motor_process_exit((int)(swap_child(a) & 255));
	ok(c > 0, "process_clone(give, at) starts a child", "got %ld", c);
	is(c > 0 ? reap(c) : -1, 0, "in the child, `at` names what `give` names, and give is gone");
	is(motor_notify_wait_bits(b, SECOND, &bits), 0, "the child's signal on `at` reaches give's object");
	is((long)bits, 0x40, "with its bits");
	is(motor_notify_wait_bits(a, 10 * MS, &bits), -ETIMEDOUT, "and not the parent's `at`");
	is(motor_notify_signal(b, 1, 0), 0, "the parent keeps its give handle");
	is(motor_process_clone(999999, a), -EBADF, "process_clone with a bad give: -EBADF");
	is(motor_process_clone(b, 999999), -EBADF, "process_clone with a bad at: -EBADF (no child)");
	motor_handle_close(a);
	motor_handle_close(b);
}

static long exit_later(long status)
{
	motor_sleep(20 * MS);
	return status;
}

static void test_watch(void)
{
	long n = motor_notification_create();
	uint64_t bits = 0;

	long c = fork_run(exit_later, 7);
	is(motor_process_watch(c, n, 0x10), 0, "process_watch on a running child");
	is(motor_notify_wait_bits(n, 5 * SECOND, &bits), 0, "its end signals the notification");
	is((long)bits, 0x10, "with the bits asked for");
	is(motor_process_wait(c, 0), 7, "the child's status is there to take at once");
	is(motor_process_watch(c, n, 0x20), 0, "process_watch on a finished child");
	is(motor_notify_wait_bits(n, SECOND, &bits), 0, "signals at once");
	is((long)bits, 0x20, "with its bits");
	is(motor_process_watch(c, n, 0), -EINVAL, "process_watch with no bits: -EINVAL");
	is(motor_process_watch(c, 999999, 1), -EBADF, "process_watch with a bad notification");
	is(motor_process_watch(999999, n, 1), -EBADF, "process_watch with a bad process");
	motor_handle_close(c);

	c = fork_run(exit_later, 3);
	is(motor_process_watch(c, n, 0x1), 0, "watch another child");
	is(motor_process_watch(c, 0, 0), 0, "and stop watching it");
	is(reap(c), 3, "it ends");
	is(motor_notify_wait_bits(n, 30 * MS, &bits), -ETIMEDOUT, "without a signal");
	motor_handle_close(n);
}

/* ---- processes built from outside ---- */

/* x86_64 code: exit(rdi). */
static const unsigned char code_exit_arg[] = {
	0xb8, SYS_process_exit, 0, 0, 0, /* mov $SYS_process_exit, %eax */
	0x0f, 0x05,                      /* syscall */
	0x0f, 0x0b,                      /* ud2 */
};

/* exit(*(uint32_t *)rdi). */
static const unsigned char code_exit_load[] = {
	0x8b, 0x3f,                      /* mov (%rdi), %edi */
	0xb8, SYS_process_exit, 0, 0, 0, /* mov $SYS_process_exit, %eax */
	0x0f, 0x05, 0x0f, 0x0b,          /* syscall; ud2 */
};

/* exit(notify_signal(rdi, 5, 0)). */
static const unsigned char code_signal[] = {
	0xbe, 0x05, 0, 0, 0,             /* mov $5, %esi */
	0x31, 0xd2,                      /* xor %edx, %edx */
	0xb8, SYS_notify_signal, 0, 0, 0, /* mov $SYS_notify_signal, %eax */
	0x0f, 0x05,                      /* syscall */
	0x89, 0xc7,                      /* mov %eax, %edi */
	0xb8, SYS_process_exit, 0, 0, 0, /* mov $SYS_process_exit, %eax */
	0x0f, 0x05, 0x0f, 0x0b,          /* syscall; ud2 */
};

/* A new empty process with code at *text and a stack; -> its handle. */
static long build(const unsigned char *code, long len, long *text, long *stack_top)
{
	long p = motor_process_create((long)"built", 5);

	if (p <= 0)
		rt_die(1, "process_create failed: %ld", p);
	*text = motor_vm_map_into(p, 0, 4096, RX);
	long st = motor_vm_map_into(p, 0, 4 * 4096, RW);
	*stack_top = st + 4 * 4096;
	if (*text <= 0 || st <= 0 || motor_process_write(p, *text, (long)code, len) != 0)
		rt_die(1, "could not build a process: text %ld stack %ld", *text, st);
	return p;
}

static void test_built_processes(void)
{
	long text, top, r;
	long p = build(code_exit_arg, sizeof(code_exit_arg), &text, &top);

	is(motor_thread_start(p, text, top + 8, 0), -EINVAL, "thread_start with a misaligned stack");
	is(motor_thread_start(p, KERNEL_ADDR, top, 0), -EFAULT, "thread_start at a kernel entry");
	is(motor_thread_start(p, text, KERNEL_ADDR, 0), -EFAULT, "thread_start with a kernel stack");
	long nomanage = motor_handle_dup(p, MOTOR_RIGHTS_ALL & ~MOTOR_RIGHT_MANAGE, 0);
	is(motor_thread_start(nomanage, text, top, 0), -EACCES, "thread_start without MANAGE: -EACCES");
	is(motor_vm_map_into(nomanage, 0, 4096, R), -EACCES, "vm_map_into without MANAGE: -EACCES");
	is(motor_process_write(nomanage, text, (long)code_exit_arg, 4), -EACCES,
	   "process_write without MANAGE: -EACCES");
	is(motor_process_wait(p, 20 * MS), -ETIMEDOUT, "process_wait on a process with no thread yet");
	r = motor_thread_start(p, text, top, 0x1234);
	ok(r > 0, "thread_start runs a few bytes of code written with process_write", "got %ld", r);
	is(reap(p), 0x34, "the built process exits with its start argument (0x1234 & 255)");
	is(motor_thread_start(nomanage, text, top, 0), -EACCES, "(still no MANAGE)");
	motor_handle_close(nomanage);

	/* process_write into a read-only page of the child, which then reads it. */
	p = build(code_exit_load, sizeof(code_exit_load), &text, &top);
	long data = motor_vm_map_into(p, 0, 4096, R);
	uint32_t value = 0xab;
	is(motor_process_write(p, data + 8, (long)&value, 4), 0,
	   "process_write into the child's read-only page works (loader semantics)");
	motor_thread_start(p, text, top, data + 8);
	is(reap(p), 0xab, "the child reads what was written there");

	/* mem_map into a created process: shared with the parent. */
	long mem = motor_mem_create(4096);
	volatile uint32_t *mine = (volatile uint32_t *)motor_mem_map(0, mem, 0, 4096, RW, 0);
	p = build(code_exit_load, sizeof(code_exit_load), &text, &top);
	long theirs = motor_mem_map(p, mem, 0, 4096, R, 0);
	ok(theirs > 0, "mem_map into a created process", "got %ld", theirs);
	mine[3] = 0xcd;
	motor_thread_start(p, text, top, theirs + 12);
	is(reap(p), 0xcd, "the child reads the parent's write through shared memory");
	motor_vm_unmap((long)mine, 4096);
	motor_handle_close(mem);

	/* handle_give: a notification the child signals, with the rights given. */
	long n = motor_notification_create();
	uint64_t bits = 0;
	p = build(code_signal, sizeof(code_signal), &text, &top);
	long given = motor_handle_give(p, n, MOTOR_RIGHT_SIGNAL);
	ok(given > 0, "handle_give of a notification into a created process", "got %ld", given);
	motor_thread_start(p, text, top, given);
	is(reap(p), 0, "the child's notify_signal through the given handle returned 0");
	is(motor_notify_wait_bits(n, SECOND, &bits), 0, "the parent's notify_wait");
	is((long)bits, 5, "the child's signal arrived");
	p = build(code_signal, sizeof(code_signal), &text, &top);
	given = motor_handle_give(p, n, MOTOR_RIGHT_WAIT);
	motor_thread_start(p, text, top, given);
	is(reap(p), (-EACCES) & 255,
	   "a handle given without SIGNAL cannot signal (-EACCES in the child)");
	long notransfer = motor_handle_dup(n, MOTOR_RIGHTS_ALL & ~MOTOR_RIGHT_TRANSFER, 0);
	p = build(code_exit_arg, sizeof(code_exit_arg), &text, &top);
	is(motor_handle_give(p, notransfer, MOTOR_RIGHTS_ALL), -EACCES,
	   "handle_give of a handle without TRANSFER: -EACCES");
	nomanage = motor_handle_dup(p, MOTOR_RIGHTS_ALL & ~MOTOR_RIGHT_MANAGE, 0);
	is(motor_handle_give(nomanage, n, MOTOR_RIGHTS_ALL), -EACCES,
	   "handle_give into a process handle without MANAGE: -EACCES");
	is(motor_handle_give(p, 0x7fffffff, MOTOR_RIGHTS_ALL), -EBADF, "handle_give of a bad handle");
	is(motor_handle_give(n, n, MOTOR_RIGHTS_ALL), -EINVAL, "handle_give into a notification");
	motor_thread_start(p, text, top, 0);
	is(wait_child(p), 0, "a started process");
	r = motor_handle_give(p, n, MOTOR_RIGHTS_ALL);
	ok(r < 0, "handle_give into a finished process fails", "got %ld", r);
	is(motor_thread_start(p, text, top, 0), -ESRCH, "thread_start in a finished process: -ESRCH");
	r = motor_vm_map_into(p, 0, 4096, R);
	ok(r < 0, "vm_map_into a finished process fails", "got %ld", r);
	motor_handle_close(nomanage);
	motor_handle_close(notransfer);
	motor_handle_close(p);
	motor_handle_close(n);

	/* Killing a process that never ran finishes it. */
	p = build(code_exit_arg, sizeof(code_exit_arg), &text, &top);
	is(motor_process_kill(p, 12), 0, "process_kill of a process with no thread");
	is(wait_child(p), 12, "it is finished, with the kill's status");
	is(motor_thread_start(p, text, top, 0), -ESRCH, "no thread starts in it after");
	motor_handle_close(p);

	/* Hostile process_create / vm_map_into / process_write. */
	static const char name[80] =
		"a name of 64 characters and more, which is too long for a process";
	is(motor_process_create((long)name, 64), -EINVAL,
	   "process_create with a 64-byte name: -EINVAL");
	is(motor_process_create(KERNEL_ADDR, 8), -EFAULT, "process_create with a kernel name: -EFAULT");
	is(motor_process_create(0x10, 8), -EFAULT, "process_create with a name in page 0: -EFAULT");
	p = motor_process_create((long)name, 63);
	ok(p > 0, "process_create with a 63-byte name", "got %ld", p);
	motor_handle_close(p);
	p = motor_process_create(0, 0);
	ok(p > 0, "process_create with an empty name", "got %ld", p);
	is(motor_vm_map_into(p, 0, 4096, RW | MOTOR_PROT_EXEC), -EINVAL, "vm_map_into W|X: -EINVAL");
	is(motor_vm_map_into(p, 0, 4096, 8), -EINVAL, "vm_map_into with an unknown prot bit: -EINVAL");
	is(motor_vm_map_into(p, 0, 0, R), -EINVAL, "vm_map_into of 0 bytes: -EINVAL");
	long dst = motor_vm_map_into(p, 0, 4 * 4096, RW);
	char *buf = map(2 * MiB);
	is(motor_process_write(p, dst, (long)buf, MiB + 1), -EINVAL,
	   "process_write of 1 MiB + 1: -EINVAL");
	is(motor_process_write(p, dst, (long)buf, 4 * 4096), 0, "process_write of 4 pages");
	is(motor_process_write(p, dst + 3 * 4096, (long)buf, 2 * 4096), -EFAULT,
	   "process_write running past the child's mapping: -EFAULT");
	is(motor_process_write(p, dst, KERNEL_ADDR, 16), -EFAULT,
	   "process_write from a kernel source: -EFAULT");
	is(motor_process_write(p, KERNEL_ADDR, (long)buf, 16), -EFAULT,
	   "process_write to a kernel destination: -EFAULT");
	is(motor_process_write(p, 0x1000, (long)buf, 16), -EFAULT,
	   "process_write to an unmapped destination: -EFAULT");
	is(motor_process_write(p, dst, 0, 16), -EFAULT, "process_write from NULL: -EFAULT");
	is(motor_process_write(p, dst, (long)buf, 0), 0, "process_write of 0 bytes");
	long nproc = motor_notification_create();
	is(motor_process_write(nproc, dst, (long)buf, 16), -EINVAL,
	   "process_write into a notification");
	motor_handle_close(nproc);

	/* The time page is the kernel's, even for process_write. */
	const struct motor_time_page *tp = (const struct motor_time_page *)MOTOR_TIME_PAGE;
	uint32_t marker = 0x7e57, before = tp->version;
	r = motor_process_write(p, MOTOR_TIME_PAGE + 4, (long)&marker, 4);
	ok(r == -EFAULT || r == -EINVAL, "process_write into a child's time page is refused",
	   "expected -EFAULT or -EINVAL, got %ld", r);
	is(tp->version, before, "our own time page is unchanged by it");
	if (tp->version != before) {
		diag("process_write wrote into the one time page every process shares; restoring");
		motor_process_write(p, MOTOR_TIME_PAGE + 4, (long)&before, 4);
	}
	motor_handle_close(p);
	motor_vm_unmap((long)buf, 2 * MiB);
}

/* ---- leaks ---- */

static long touch_and_exit(long unused)
{
	(void)unused;
	cow_data++; /* a private copy of a .data page */
	return 0;
}

static void test_no_leak(void)
{
	long bad = 0, t0;

	for (int i = 0; i < 5; i++) /* warm up the kernel's heap and tables */
		bad += reap(fork_run(touch_and_exit, 0)) != 0;
	motor_sleep(20 * MS);
	motor_yield();
	long before = free_pages();
	t0 = motor_clock_ns();
	for (int i = 0; i < 200; i++)
		bad += reap(fork_run(touch_and_exit, 0)) != 0;
	long took = motor_clock_ns() - t0;
	motor_sleep(20 * MS); /* dead threads' kernel stacks are freed by a later system call */
	motor_yield();
	long after = free_pages();
	is(bad, 0, "200 clone/exit/wait cycles, every child exits 0");
	is(after, before, "free pages after 200 cycles are back to their value before");
	diag("200 clone+exit+wait cycles in %ld ms", took / MS);

	before = free_pages();
	for (int i = 0; i < 100; i++) {
		long text, top;
		long p = build(code_exit_arg, sizeof(code_exit_arg), &text, &top);
		if (i % 2) { /* the others are created, mapped and dropped without ever running */
			motor_thread_start(p, text, top, 0);
			bad += wait_child(p) != 0;
		}
		motor_handle_close(p);
	}
	motor_sleep(20 * MS);
	motor_yield();
	after = free_pages();
	is(bad, 0, "50 built processes ran and exited 0");
	is(after, before, "free pages after 100 built processes (half never run) are back");
}

/* ---- a kill that arrives while the child runs in user mode ---- */

/* Runs in user mode until the parent's kill has returned, then sleeps for ever. */
static long spin_then_sleep(long unused)
{
	long end = motor_clock_ns() + 2 * SECOND;

	(void)unused;
	set_flag(&sh->flag[1], 1);
	while (!__atomic_load_n(&sh->flag[0], __ATOMIC_ACQUIRE) && motor_clock_ns() < end)
		__asm__ volatile("pause");
	motor_sleep((long)MOTOR_FOREVER);
	return 1;
}

/*
 * A kill must end a thread that is running in user mode when it comes, even
 * if that thread's next act is to block: here it goes straight into
 * sleep(forever). On one CPU the child only notices the kill's flag after
 * being preempted (and the kill is seen then); with several it runs beside
 * the parent, which waits until it is running before killing it.
 */
static void test_kill_running(void)
{
	long lost = 0;

	for (int i = 0; i < 20 && !lost; i++) {
		shared_reset();
		long c = fork_run(spin_then_sleep, 0);
		wait_flag(&sh->flag[1], 1, 2 * SECOND);
		motor_process_kill(c, 33);
		set_flag(&sh->flag[0], 1);
		long st = motor_process_wait(c, 2 * SECOND);
		if (st != 33) {
			lost++;
			diag("round %d: process_wait returned %ld; the killed child sleeps on", i, st);
		}
		motor_handle_close(c);
	}
	is(lost, 0, "a kill while the child runs in user mode ends it, though it then sleeps (20x)");
}

int main(int argc, char **argv, char **envp)
{
	(void)argc;
	(void)argv;
	(void)envp;
	sh_mem = motor_mem_create(4096);
	sh = (struct shared *)motor_mem_map(0, sh_mem, 0, 4096, RW, 0);
	if ((long)sh <= 0)
		rt_die(1, "no shared page: %ld", (long)sh);
	test_cow();
	test_clone_basics();
	test_wait_timeout();
	test_shared_memory();
	test_kill();
	test_server_death();
	test_handles_across_clone();
	test_clone_swap();
	test_watch();
	test_built_processes();
	test_no_leak();
	test_kill_running(); /* last: a lost kill leaves a child sleeping for ever */
	return done_testing();
}
