/*
 * kbench: microbenchmarks of the kernel's hot paths, run as the first
 * process (`run=init init=/bench/kbench`) by bench/kernel.sh.
 *
 * Each figure is a set of rdtsc deltas, one per iteration after a warm-up;
 * the program prints the median and the minimum, less the cost of the
 * timing itself (two back-to-back reads), one line per figure:
 *
 *     kbench: NAME median N min N (unit: tsc ticks)
 *
 * Under QEMU's `-icount shift=0` the TSC advances by one per guest
 * instruction (on any CPU), so the ticks are instruction counts and repeat
 * from run to run; under plain TCG they are host TSC ticks.
 *
 * Figures: the time-page clock read; a null system call (sys_info) and
 * clock_ns; an IPC call/reply round trip with four words; a round trip over
 * a shared-memory ring with notifications (MOTOR_NOTIFY_HANDOFF one way,
 * notify_wait the other); futex wake-to-run (from the waker's futex_wake to
 * the woken thread running, through a shared timestamp); thread create +
 * join; and the service time of a write fault on a fresh page. IPC, ring
 * and futex figures come for two threads pinned to CPU 0, then with the
 * peer pinned to CPU 1; with one CPU the cross-CPU ones are skipped (and a
 * line says so).
 *
 * Usage: kbench [-n ITERATIONS] [FIGURE-PREFIX...] (default: 2000, every
 * figure; initargs="..." on the kernel command line). Exits 0, 1 when a
 * call fails, 2 on bad arguments.
 */
#include "rt.h"

#include <motor/ipc.h>
#include <motor/timepage.h>

#define MAX_ITERS 2000
#define RW (MOTOR_PROT_READ | MOTOR_PROT_WRITE)
#define QUIT 0xffffffffu
#define FAULT_PAGES 1024

static uint64_t samples[MAX_ITERS];
static long iters = MAX_ITERS, warmup = MAX_ITERS / 10; /* -n sets them */
static uint64_t overhead; /* ticks between two back-to-back tsc() reads */

/* The fences keep the read from moving across the measured code on real CPUs. */
static inline uint64_t tsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi) : : "memory");
	return ((uint64_t)hi << 32) | lo;
}

static inline void cpu_relax(void)
{
	/* Also lets QEMU's round-robin TCG (-icount) switch to the other vCPU. */
	__builtin_ia32_pause();
}

static void sort(uint64_t *v, long n)
{
	static const long gaps[] = { 701, 301, 132, 57, 23, 10, 4, 1 };

	for (unsigned g = 0; g < sizeof(gaps) / sizeof(gaps[0]); g++) {
		long gap = gaps[g];

		for (long i = gap; i < n; i++) {
			uint64_t x = v[i];
			long j = i;

			for (; j >= gap && v[j - gap] > x; j -= gap)
				v[j] = v[j - gap];
			v[j] = x;
		}
	}
}

static uint64_t net(uint64_t ticks)
{
	return ticks > overhead ? ticks - overhead : 0;
}

/* Prints a figure from samples[0..n). */
static void report(const char *name, long n)
{
	if (n <= 0) {
		uprintf("kbench: %s no valid samples\n", name);
		return;
	}
	sort(samples, n);
	uint64_t med = n % 2 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;

	uprintf("kbench: %s median %lu min %lu (unit: tsc ticks)\n", name,
		(unsigned long)net(med), (unsigned long)net(samples[0]));
}

static void check(long r, const char *what)
{
	if (r < 0)
		rt_die(1, "kbench: %s failed: %ld", what, r);
}

static void measure_overhead(void)
{
	for (long i = 0; i < iters; i++) {
		uint64_t t0 = tsc();
		uint64_t t1 = tsc();

		samples[i] = t1 - t0;
	}
	sort(samples, iters);
	overhead = samples[0];
}

/* ---- no thread switch ---- */

static void bench_time_page(const char *name, long peer_cpu, char *stack)
{
	volatile uint64_t sink;

	for (long i = -warmup; i < iters; i++) {
		uint64_t t0 = tsc();
		sink = motor_time_ns();
		uint64_t t1 = tsc();

		if (i >= 0)
			samples[i] = t1 - t0;
	}
	(void)sink, (void)peer_cpu, (void)stack;
	report(name, iters);
}

static void bench_null_syscall(const char *name, long peer_cpu, char *stack)
{
	(void)peer_cpu, (void)stack;
	for (long i = -warmup; i < iters; i++) {
		uint64_t t0 = tsc();
		long r = motor_sys_info(MOTOR_INFO_CPUS);
		uint64_t t1 = tsc();

		check(r, "sys_info");
		if (i >= 0)
			samples[i] = t1 - t0;
	}
	report(name, iters);
}

static void bench_clock_ns(const char *name, long peer_cpu, char *stack)
{
	(void)peer_cpu, (void)stack;
	for (long i = -warmup; i < iters; i++) {
		uint64_t t0 = tsc();
		long r = motor_clock_ns();
		uint64_t t1 = tsc();

		check(r, "clock_ns");
		if (i >= 0)
			samples[i] = t1 - t0;
	}
	report(name, iters);
}

/* ---- IPC call/reply ---- */

static long ep;

/* Echoes each call with its first word plus one, until a QUIT word. */
static long ipc_server(long cpu)
{
	uint64_t w[4] = { 0, 0, 0, 0 };
	long r;

	check(motor_thread_pin(cpu), "thread_pin (IPC server)");
	r = motor_ipc(SYS_ipc_recv, ep, w, 0, 0);
	while (r == 0 && w[0] != QUIT) {
		w[0]++;
		r = motor_ipc(SYS_ipc_reply_recv, ep, w, 0, 0);
	}
	if (r == 0)
		r = motor_ipc(SYS_ipc_reply, 0, w, 0, 0);
	return r;
}

static void bench_ipc(const char *name, long server_cpu, char *stack)
{
	long tid, value = -1;

	ep = motor_endpoint_create(0);
	check(ep, "endpoint_create");
	tid = rt_thread_create(ipc_server, server_cpu, stack + RT_STACK_SIZE);
	check(tid, "thread_create (IPC server)");
	for (long i = -warmup; i < iters; i++) {
		uint64_t w[4] = { (uint64_t)i & 0xffff, 1, 2, 3 };
		uint64_t t0 = tsc();
		long r = motor_ipc(SYS_ipc_call, ep, w, 0, 0);
		uint64_t t1 = tsc();

		check(r, "ipc_call");
		if (w[0] != ((uint64_t)i & 0xffff) + 1 || w[3] != 3)
			rt_die(1, "kbench: ipc_call got a wrong reply");
		if (i >= 0)
			samples[i] = t1 - t0;
	}
	uint64_t w[4] = { QUIT, 0, 0, 0 };

	check(motor_ipc(SYS_ipc_call, ep, w, 0, 0), "ipc_call (quit)");
	check(motor_thread_join(tid, (long)&value), "thread_join (IPC server)");
	check(value, "IPC server");
	motor_handle_close(ep);
	report(name, iters);
}

/* ---- shared-memory ring + notifications ---- */

#define RING_SLOTS 64

struct ring {
	uint64_t head; /* consumer's */
	uint64_t pad0[7];
	uint64_t tail; /* producer's */
	uint64_t pad1[7];
	uint64_t slot[RING_SLOTS];
};

static void ring_push(struct ring *r, uint64_t v)
{
	uint64_t t = r->tail; /* one producer: nobody else writes it */

	r->slot[t % RING_SLOTS] = v;
	__atomic_store_n(&r->tail, t + 1, __ATOMIC_RELEASE);
}

static bool ring_pop(struct ring *r, uint64_t *v)
{
	uint64_t h = r->head;

	if (h == __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE))
		return false;
	*v = r->slot[h % RING_SLOTS];
	__atomic_store_n(&r->head, h + 1, __ATOMIC_RELEASE);
	return true;
}

/* One memory object mapped twice: the client's view and the server's. */
static struct ring *req_c, *resp_c, *req_s, *resp_s;
static long n_req, n_resp;

static long ring_server(long cpu)
{
	uint64_t v, bits;

	check(motor_thread_pin(cpu), "thread_pin (ring server)");
	for (;;) {
		while (!ring_pop(req_s, &v))
			check(motor_notify_wait_bits(n_req, MOTOR_FOREVER, &bits), "notify_wait");
		if (v == QUIT)
			return 0;
		ring_push(resp_s, v + 1);
		check(motor_notify_signal(n_resp, 1, MOTOR_NOTIFY_HANDOFF), "notify_signal");
	}
}

static void bench_ring(const char *name, long server_cpu, char *stack)
{
	long mem, a, b, tid, value = -1;
	uint64_t v, bits;

	mem = motor_mem_create(2 * PAGE_SIZE);
	check(mem, "mem_create");
	a = motor_mem_map(0, mem, 0, 2 * PAGE_SIZE, RW, 0);
	check(a, "mem_map");
	b = motor_mem_map(0, mem, 0, 2 * PAGE_SIZE, RW, 0);
	check(b, "mem_map (second view)");
	req_c = (struct ring *)a;
	resp_c = (struct ring *)(a + PAGE_SIZE);
	req_s = (struct ring *)b;
	resp_s = (struct ring *)(b + PAGE_SIZE);
	n_req = motor_notification_create();
	check(n_req, "notification_create");
	n_resp = motor_notification_create();
	check(n_resp, "notification_create");
	tid = rt_thread_create(ring_server, server_cpu, stack + RT_STACK_SIZE);
	check(tid, "thread_create (ring server)");
	for (long i = -warmup; i < iters; i++) {
		uint64_t t0 = tsc();

		ring_push(req_c, (uint64_t)i & 0xffff);
		check(motor_notify_signal(n_req, 1, MOTOR_NOTIFY_HANDOFF), "notify_signal");
		while (!ring_pop(resp_c, &v))
			check(motor_notify_wait_bits(n_resp, MOTOR_FOREVER, &bits), "notify_wait");
		uint64_t t1 = tsc();

		if (v != ((uint64_t)i & 0xffff) + 1)
			rt_die(1, "kbench: the ring answered %lu to %ld", (unsigned long)v, i);
		if (i >= 0)
			samples[i] = t1 - t0;
	}
	ring_push(req_c, QUIT);
	check(motor_notify_signal(n_req, 1, 0), "notify_signal (quit)");
	check(motor_thread_join(tid, (long)&value), "thread_join (ring server)");
	check(value, "ring server");
	motor_handle_close(n_req);
	motor_handle_close(n_resp);
	motor_vm_unmap(a, 2 * PAGE_SIZE);
	motor_vm_unmap(b, 2 * PAGE_SIZE);
	motor_handle_close(mem);
	report(name, iters);
}

/* ---- futex wake-to-run ---- */

static struct {
	uint32_t word;      /* the futex: a sequence number, QUIT to stop */
	uint32_t armed;     /* waiter: about to wait while word == armed - 1 */
	uint32_t done;      /* waiter: woke from the wait on done - 1 */
	long status;        /* its futex_wait result */
	uint64_t woke;      /* tsc() right after futex_wait returned */
} fx;

static long futex_waiter(long cpu)
{
	check(motor_thread_pin(cpu), "thread_pin (futex waiter)");
	for (;;) {
		uint32_t v = __atomic_load_n(&fx.word, __ATOMIC_ACQUIRE);

		if (v == QUIT)
			return 0;
		__atomic_store_n(&fx.armed, v + 1, __ATOMIC_RELEASE);
		long r = motor_futex_wait((long)&fx.word, v, MOTOR_FOREVER);
		uint64_t t = tsc();

		fx.woke = t;
		fx.status = r;
		__atomic_store_n(&fx.done, v + 1, __ATOMIC_RELEASE);
	}
}

/* Waits until *p == v: on one CPU by yielding to the peer, else by spinning. */
static void await(uint32_t *p, uint32_t v, bool same_cpu)
{
	while (__atomic_load_n(p, __ATOMIC_ACQUIRE) != v) {
		if (same_cpu)
			motor_yield();
		else
			cpu_relax();
	}
}

static void bench_futex(const char *name, long waiter_cpu, char *stack)
{
	bool same = waiter_cpu == 0;
	long tid, value = -1, n = 0, missed = 0;

	memset(&fx, 0, sizeof(fx));
	tid = rt_thread_create(futex_waiter, waiter_cpu, stack + RT_STACK_SIZE);
	check(tid, "thread_create (futex waiter)");
	for (long i = -warmup; i < iters; i++) {
		uint32_t seq = (uint32_t)(i + warmup);

		await(&fx.armed, seq + 1, same);
		/* The waiter said it is about to wait; give it time to get there. */
		for (int k = 0; !same && k < 200; k++)
			cpu_relax();
		__atomic_store_n(&fx.word, seq + 1, __ATOMIC_RELEASE);
		uint64_t t0 = tsc();
		long woken = motor_futex_wake((long)&fx.word, 1);

		check(woken, "futex_wake");
		await(&fx.done, seq + 1, same);
		/* Only a wake of a thread that was asleep counts. */
		if (woken == 1 && fx.status == 0) {
			if (i >= 0)
				samples[n++] = fx.woke - t0;
		} else if (i >= 0) {
			missed++;
		}
	}
	__atomic_store_n(&fx.word, QUIT, __ATOMIC_RELEASE);
	motor_futex_wake((long)&fx.word, 1);
	check(motor_thread_join(tid, (long)&value), "thread_join (futex waiter)");
	if (missed)
		uprintf("kbench: # %s: %ld of %ld samples dropped (the waiter was not asleep yet)\n",
			name, missed, iters);
	report(name, n);
}

/* ---- thread create + join ---- */

static long nop_thread(long arg)
{
	return arg;
}

static void bench_thread(const char *name, long peer_cpu, char *stack)
{
	/* A quarter as many: each costs two switches and often a cross-CPU wake. */
	const long n = iters / 4 > 0 ? iters / 4 : 1;

	(void)peer_cpu;
	for (long i = -warmup / 4; i < n; i++) {
		long value = -1;
		uint64_t t0 = tsc();
		long tid = rt_thread_create(nop_thread, 7, stack + RT_STACK_SIZE);

		check(tid, "thread_create");
		check(motor_thread_join(tid, (long)&value), "thread_join");
		uint64_t t1 = tsc();

		if (value != 7)
			rt_die(1, "kbench: thread exit value %ld", value);
		if (i >= 0)
			samples[i] = t1 - t0;
	}
	report(name, n);
}

/* ---- page faults ---- */

static void bench_page_fault(const char *name, long peer_cpu, char *stack)
{
	long n = 0;

	(void)peer_cpu, (void)stack;
	/* Round 0 warms up (page tables, allocator); rounds 1 and 2 count. */
	for (int round = 0; round < 3; round++) {
		long a = motor_vm_map(0, FAULT_PAGES * PAGE_SIZE, RW);

		check(a, "vm_map");
		for (long p = 0; p < FAULT_PAGES; p++) {
			volatile uint8_t *page = (volatile uint8_t *)(a + p * PAGE_SIZE);
			uint64_t t0 = tsc();

			*page = 1;
			uint64_t t1 = tsc();

			if (round > 0 && n < iters)
				samples[n++] = t1 - t0;
		}
		check(motor_vm_unmap(a, FAULT_PAGES * PAGE_SIZE), "vm_unmap");
	}
	report(name, n);
}

/* The figures, in the order they run; cross ones need a second CPU. */
enum kind { PLAIN, SAME, CROSS };
static const struct figure {
	const char *name;
	enum kind kind;
	void (*run)(const char *name, long peer_cpu, char *stack);
} figures[] = {
	{ "time-page-read", PLAIN, bench_time_page },
	{ "null-syscall", PLAIN, bench_null_syscall },
	{ "clock_ns-syscall", PLAIN, bench_clock_ns },
	{ "ipc-call-same-cpu", SAME, bench_ipc },
	{ "ring-notify-same-cpu", SAME, bench_ring },
	{ "futex-wake-to-run-same-cpu", SAME, bench_futex },
	{ "ipc-call-cross-cpu", CROSS, bench_ipc },
	{ "ring-notify-cross-cpu", CROSS, bench_ring },
	{ "futex-wake-to-run-cross-cpu", CROSS, bench_futex },
	{ "thread-create-join", PLAIN, bench_thread },
	{ "page-fault-write", PLAIN, bench_page_fault },
};
#define NFIGURES (sizeof(figures) / sizeof(figures[0]))

static bool wanted(const char *name, int nsel, char **sel)
{
	if (nsel == 0)
		return true;
	for (int i = 0; i < nsel; i++) {
		if (strncmp(name, sel[i], strlen(sel[i])) == 0)
			return true;
	}
	return false;
}

static long parse_count(const char *s)
{
	long v = 0;

	for (; *s >= '0' && *s <= '9' && v <= MAX_ITERS; s++)
		v = v * 10 + (*s - '0');
	return *s || v < 1 || v > MAX_ITERS ? -1 : v;
}

/* kbench [-n ITERATIONS] [FIGURE-PREFIX...]: all figures by default. */
int main(int argc, char **argv)
{
	const struct motor_time_page *tp = (const struct motor_time_page *)MOTOR_TIME_PAGE;
	long cpus = motor_sys_info(MOTOR_INFO_CPUS);
	char *stack = rt_stack_alloc();
	int first = 1;

	if (argc >= 3 && strcmp(argv[1], "-n") == 0) {
		iters = parse_count(argv[2]);
		if (iters < 0) {
			uprintf("kbench: -n wants 1..%d\n", MAX_ITERS);
			return 2;
		}
		first = 3;
	}
	for (int i = first; i < argc; i++) {
		bool known = false;

		for (unsigned f = 0; f < NFIGURES; f++)
			known |= wanted(figures[f].name, 1, &argv[i]);
		if (!known) {
			uprintf("kbench: no figure is called %s*; the figures:", argv[i]);
			for (unsigned f = 0; f < NFIGURES; f++)
				uprintf(" %s", figures[f].name);
			uprintf("\n");
			return 2;
		}
	}
	warmup = iters / 10;
	check(cpus, "sys_info(CPUS)");
	/* Every figure is taken from CPU 0; the peers pin themselves. */
	check(motor_thread_pin(0), "thread_pin(0)");
	measure_overhead();
	uprintf("kbench: %ld CPU(s), %ld iterations per figure (after %ld warm-up), "
		"tsc %lu Hz (time page), timing overhead %lu ticks (subtracted)\n",
		cpus, iters, warmup, (unsigned long)tp->tsc_hz, (unsigned long)overhead);
	bool skipped = false;

	for (unsigned f = 0; f < NFIGURES; f++) {
		const struct figure *fig = &figures[f];

		if (!wanted(fig->name, argc - first, argv + first))
			continue;
		if (fig->kind == CROSS && cpus < 2) {
			if (!skipped)
				uprintf("kbench: cross-cpu figures skipped: only 1 CPU online\n");
			skipped = true;
			continue;
		}
		fig->run(fig->name, fig->kind == CROSS ? 1 : 0, stack);
	}
	uprintf("kbench: done\n");
	return 0;
}
