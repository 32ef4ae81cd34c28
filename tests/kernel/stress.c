/*
 * Multi-CPU stress of IPC, futexes and notifications (run on one and four
 * CPUs by the integration tests): 4 client/server pairs of threads, pinned
 * two per CPU so that every exchange crosses CPUs, ping-pong a fixed number
 * of rounds by call/reply_recv (with data and badges), then by futex, then
 * by notification (half with hand-off), then by IPC again unpinned. Every
 * wait has a timeout: an exchange that never completes is a lost wake-up,
 * reported with its round, and the run goes on; a time budget bounds the
 * whole. Sequence numbers catch lost, repeated or misdelivered messages.
 * Afterwards the free page count must be back to its value before the run,
 * pinned threads must have run only on their CPU, every CPU must have run
 * some thread (unpinned, at least half of them), and a thread hopping from CPU to CPU with thread_pin must be
 * where it asked to be each time.
 *
 * Usage: stress [ROUNDS [nopin]] (nopin: the same without thread_pin, to
 * tell scheduler problems from pinning ones). Prints TAP; exits 0 when
 * everything passed, 1 otherwise.
 */
#include <motor/handle.h>
#include <motor/ipc.h>

#include "rt.h"

#define MS 1000000l
#define SECOND (1000 * MS)
#define STACK (64 * 1024l)
#define PAIRS 4
#define THREADS (2 * PAIRS)
#define STALL (2 * SECOND) /* no single exchange may take this long */
#define STOP (~0ul)
#define DATA 64

enum phase { P_IPC, P_FUTEX, P_NOTIFY, P_FREE_IPC, NPHASES };
static const char *const phase_names[NPHASES] = { "IPC", "futex",
						  "notification", "unpinned IPC" };

struct pair {
	long ep;                /* the server's endpoint */
	long na, nb;            /* notifications: client -> server, server -> client */
	uint32_t turn;          /* futex ping-pong word */
	uint32_t pad;
	unsigned char cbuf[DATA], sbuf[DATA];
};

/* What one thread saw; the main thread checks it all afterwards. */
struct tstat {
	long done[NPHASES];       /* rounds completed */
	long stalled[NPHASES];    /* the round a wait timed out in, or -1 */
	long late[NPHASES];       /* the round the run's time budget ran out in, or -1 */
	long errors[NPHASES];     /* wrong replies, sequence numbers, data, failed calls */
	long last_error[NPHASES]; /* the last failing status, for the report */
	long wrong_cpu;           /* pinned, yet seen on another CPU */
	long pin_result;
	unsigned long cpus_pinned, cpus_free;
};

static struct pair pairs[PAIRS];
static struct tstat stats[THREADS];
static long ncpus, rounds;
static bool no_pin; /* argv[2] "nopin": the same run without thread_pin (for diagnosis) */
static long deadline;

static long now(void)
{
	return motor_clock_ns();
}

static void note_cpu(struct tstat *st, long pin, bool pinned)
{
	long cpu = motor_sys_info(MOTOR_INFO_CURRENT_CPU);

	if (cpu < 0 || cpu >= 64)
		return;
	if (pinned) {
		st->cpus_pinned |= 1ul << cpu;
		if (pin >= 0 && cpu != pin)
			st->wrong_cpu++;
	} else {
		st->cpus_free |= 1ul << cpu;
	}
}

static void error(struct tstat *st, enum phase ph, long status)
{
	st->errors[ph]++;
	st->last_error[ph] = status;
}

/* ---- the client's and the server's side of each phase ---- */

static void client_ipc(struct pair *p, struct tstat *st, enum phase ph, long pin)
{
	for (long r = 0; r < rounds; r++) {
		uint64_t w[4] = { (uint64_t)r, (uint64_t)(p - pairs), ~(uint64_t)r, 0 };
		struct motor_msg m = { 0 };

		m.timeout_ns = STALL;
		if (r % 8 == 0) { /* some rounds carry data both ways */
			memset(p->cbuf, (int)(r & 0xff), DATA);
			m.buf = (uint64_t)p->cbuf;
			m.len = DATA;
			m.rbuf = (uint64_t)p->cbuf;
			m.rlen = DATA;
		}
		long ret = motor_ipc(SYS_ipc_call, p->ep, w, &m, NULL);
		note_cpu(st, pin, ph != P_FREE_IPC);
		if (ret == -ETIMEDOUT) {
			st->stalled[ph] = r;
			break;
		}
		if (ret != 0) {
			error(st, ph, ret);
			break;
		}
		if (w[0] != (uint64_t)r + 1 || w[1] != (uint64_t)(p - pairs) || w[2] != (uint64_t)r)
			error(st, ph, -1000);
		if (r % 8 == 0 && (m.rlen != DATA || p->cbuf[DATA - 1] != (unsigned char)~r))
			error(st, ph, -1001);
		st->done[ph]++;
		if (now() > deadline) {
			st->late[ph] = r;
			break;
		}
	}
	uint64_t w[4] = { STOP, 0, 0, 0 };
	struct motor_msg m = { 0 };

	m.timeout_ns = STALL;
	motor_ipc(SYS_ipc_call, p->ep, w, &m, NULL);
}

static void server_ipc(struct pair *p, struct tstat *st, enum phase ph, long pin)
{
	uint64_t w[4] = { 0 }, badge = 0;
	struct motor_msg m = { 0 };
	long expect = 0;

	m.rbuf = (uint64_t)p->sbuf;
	m.rlen = DATA;
	m.timeout_ns = STALL;
	long ret = motor_ipc(SYS_ipc_recv, p->ep, w, &m, &badge);
	for (;;) {
		note_cpu(st, pin, ph != P_FREE_IPC);
		if (ret == -ETIMEDOUT) {
			/* After the client gave up on the time budget, silence is expected. */
			if (now() > deadline)
				st->late[ph] = expect;
			else
				st->stalled[ph] = expect;
			return;
		}
		if (ret != 0) {
			error(st, ph, ret);
			return;
		}
		if (w[0] == STOP)
			break;
		bool data = w[0] % 8 == 0;
		if (w[0] != (uint64_t)expect || w[1] != (uint64_t)(p - pairs) || w[2] != ~w[0] ||
		    badge != (uint64_t)(p - pairs) + 1 || m.rlen != (data ? DATA : 0) ||
		    (data && p->sbuf[0] != (unsigned char)(w[0] & 0xff)))
			error(st, ph, -1002);
		expect = (long)w[0] + 1;
		st->done[ph]++;
		uint64_t round = w[0];
		w[0] = round + 1;
		w[2] = round;
		m = (struct motor_msg){ 0 };
		if (data) {
			memset(p->sbuf, (int)(~round & 0xff), DATA);
			m.buf = (uint64_t)p->sbuf;
			m.len = DATA;
		}
		m.rbuf = (uint64_t)p->sbuf;
		m.rlen = DATA;
		m.timeout_ns = STALL;
		ret = motor_ipc(SYS_ipc_reply_recv, p->ep, w, &m, &badge);
	}
	w[0] = 0;
	motor_ipc(SYS_ipc_reply, 0, w, NULL, NULL);
}

/* Futex ping-pong: the client turns the word odd (2r+1), the server even (2r+2). */
static void futex_side(struct pair *p, struct tstat *st, long pin, bool client)
{
	for (long r = 0; r < rounds; r++) {
		uint32_t want = (uint32_t)(2 * r + (client ? 0 : 1)); /* my turn when it holds this */
		bool stalled = false;

		while (__atomic_load_n(&p->turn, __ATOMIC_ACQUIRE) != want) {
			uint32_t seen = __atomic_load_n(&p->turn, __ATOMIC_ACQUIRE);
			if (seen != want - 1 && seen != want) {
				error(st, P_FUTEX, (long)seen); /* someone skipped a turn */
				return;
			}
			long ret = motor_futex_wait((long)&p->turn, want - 1, STALL);
			if (ret == -ETIMEDOUT) {
				stalled = __atomic_load_n(&p->turn, __ATOMIC_ACQUIRE) != want;
				if (stalled)
					break;
			}
		}
		note_cpu(st, pin, true);
		if (stalled) {
			*(now() > deadline ? &st->late[P_FUTEX] : &st->stalled[P_FUTEX]) = r;
			return;
		}
		__atomic_store_n(&p->turn, want + 1, __ATOMIC_RELEASE);
		motor_futex_wake((long)&p->turn, 1);
		st->done[P_FUTEX]++;
		if (now() > deadline) {
			st->late[P_FUTEX] = r;
			return;
		}
	}
}

/* Notification ping-pong: bits carry the round number's low bits; half the signals hand off. */
static void notify_side(struct pair *p, struct tstat *st, long pin, bool client)
{
	long mine = client ? p->nb : p->na, theirs = client ? p->na : p->nb;

	for (long r = 0; r < rounds; r++) {
		uint64_t bits = 0;
		uint64_t token = 1ul << (r % 63);

		if (client)
			motor_notify_signal(theirs, (long)token, r % 2 ? MOTOR_NOTIFY_HANDOFF : 0);
		long ret = motor_notify_wait_bits(mine, STALL, &bits);
		note_cpu(st, pin, true);
		if (ret == -ETIMEDOUT) {
			*(now() > deadline ? &st->late[P_NOTIFY] : &st->stalled[P_NOTIFY]) = r;
			return;
		}
		if (ret != 0 || bits != token) {
			error(st, P_NOTIFY, ret ? ret : (long)bits);
			return;
		}
		if (!client)
			motor_notify_signal(theirs, (long)token, r % 2 ? MOTOR_NOTIFY_HANDOFF : 0);
		st->done[P_NOTIFY]++;
		if (now() > deadline) {
			st->late[P_NOTIFY] = r;
			return;
		}
	}
}

/* ---- the threads ---- */

static int phase_gate[NPHASES]; /* threads that finished each phase */
static int finished;            /* threads that finished all phases */

/* Waits until every thread finished phase ph, so phases never overlap. */
static void barrier(enum phase ph)
{
	__atomic_add_fetch(&phase_gate[ph], 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(&phase_gate[ph], __ATOMIC_ACQUIRE) < THREADS && now() < deadline)
		motor_sleep(1 * MS);
}

static long worker(long id)
{
	struct pair *p = &pairs[id / 2];
	struct tstat *st = &stats[id];
	bool client = id % 2 == 0;
	long pair = id / 2, pin = -1;

	if (ncpus > 1 && !no_pin) {
		/* Client i on CPU i, its server on CPU i+1: two per CPU, every exchange remote. */
		pin = (pair + (client ? 0 : 1)) % ncpus;
		st->pin_result = motor_thread_pin(pin);
	}
	note_cpu(st, pin, true);
	if (client)
		client_ipc(p, st, P_IPC, pin);
	else
		server_ipc(p, st, P_IPC, pin);
	barrier(P_IPC);
	futex_side(p, st, pin, client);
	barrier(P_FUTEX);
	notify_side(p, st, pin, client);
	barrier(P_NOTIFY);
	motor_thread_pin(-1);
	if (client)
		client_ipc(p, st, P_FREE_IPC, -1);
	else
		server_ipc(p, st, P_FREE_IPC, -1);
	__atomic_add_fetch(&finished, 1, __ATOMIC_RELEASE);
	return 0;
}

/* ---- the run ---- */

static char *stacks[THREADS];

/*
 * One run of all phases with n rounds; -> how many threads failed to start,
 * finish or join. A thread that never finishes is not joined (thread_join
 * has no timeout): the run is reported as failed and the process exits.
 */
static long run(long n)
{
	long tid[THREADS], bad = 0;

	rounds = n;
	finished = 0;
	memset(stats, 0, sizeof(stats));
	memset(phase_gate, 0, sizeof(phase_gate));
	for (int i = 0; i < PAIRS; i++)
		pairs[i].turn = 0;
	for (int i = 0; i < THREADS; i++) {
		for (int ph = 0; ph < NPHASES; ph++)
			stats[i].stalled[ph] = stats[i].late[ph] = -1;
	}
	int started = 0;
	for (int i = 0; i < THREADS; i++) {
		tid[i] = rt_thread_create(worker, i, stacks[i] + STACK);
		if (tid[i] > 0)
			started++;
		else
			bad++;
	}
	/* Past the deadline each of the 4 phases ends within one STALL. */
	long next_report = now() + SECOND;
	while (__atomic_load_n(&finished, __ATOMIC_ACQUIRE) < started && now() < deadline + 4 * STALL) {
		motor_sleep(5 * MS);
		if (now() > next_report) { /* progress, for a run the kernel never lets finish */
			next_report += SECOND;
			long d[NPHASES] = { 0 };
			for (int i = 0; i < THREADS; i++)
				for (int ph = 0; ph < NPHASES; ph++)
					d[ph] += stats[i].done[ph];
			diag("progress: rounds done %ld %ld %ld %ld of %ld per phase", d[0], d[1], d[2],
			     d[3], rounds * THREADS);
		}
	}
	if (__atomic_load_n(&finished, __ATOMIC_ACQUIRE) < started) {
		for (int i = 0; i < THREADS; i++)
			diag("thread %d: rounds done %ld %ld %ld %ld", i, stats[i].done[0],
			     stats[i].done[1], stats[i].done[2], stats[i].done[3]);
		return bad + started - finished;
	}
	for (int i = 0; i < THREADS; i++) {
		long value = -1;

		if (tid[i] > 0 && (motor_thread_join(tid[i], (long)&value) != 0 || value != 0))
			bad++;
	}
	return bad;
}

static void report(void)
{
	for (int ph = 0; ph < NPHASES; ph++) {
		long done = 0, errors = 0, stalls = 0;

		for (int i = 0; i < THREADS; i++) {
			done += stats[i].done[ph];
			errors += stats[i].errors[ph];
			if (stats[i].stalled[ph] >= 0) {
				stalls++;
				diag("%s: thread %d (%s of pair %d) stalled in round %ld of %ld "
				     "(a 2 s wait timed out)", phase_names[ph], i,
				     i % 2 ? "server" : "client", i / 2, stats[i].stalled[ph], rounds);
			}
			if (stats[i].late[ph] >= 0)
				diag("%s: thread %d (%s of pair %d) was in round %ld of %ld when the "
				     "run's time budget ran out", phase_names[ph], i,
				     i % 2 ? "server" : "client", i / 2, stats[i].late[ph], rounds);
			if (stats[i].errors[ph])
				diag("%s: thread %d: %ld errors, the last %ld", phase_names[ph], i,
				     stats[i].errors[ph], stats[i].last_error[ph]);
		}
		is(stalls, 0, tname("%s: no exchange stalled (no lost wake-up)", phase_names[ph]));
		is(errors, 0,
		   tname("%s: every reply, sequence number and byte right", phase_names[ph]));
		is(done, (long)THREADS * rounds,
		   tname("%s: %d threads x %ld rounds completed", phase_names[ph], THREADS, rounds));
	}
}

/*
 * thread_pin to CPU after CPU, 200 times: each time the thread must be on
 * the new CPU when the call returns, and stay there across yield and
 * sleep. A helper thread hops while the main thread watches the clock, so
 * a hopper the scheduler loses fails the check instead of hanging the run.
 */
static long hops_done = -1, hops_wrong, hops_first_bad = -1, hops_seen;

static long hopper(long unused)
{
	(void)unused;
	for (long i = 0; i < 200; i++) {
		long c = (i * 3 + 1) % ncpus, r = motor_thread_pin(c);
		long at = motor_sys_info(MOTOR_INFO_CURRENT_CPU);

		if (i % 2)
			motor_yield();
		else
			motor_sleep(100000);
		long later = motor_sys_info(MOTOR_INFO_CURRENT_CPU);
		if ((r != 0 || at != c || later != c) && !hops_wrong++) {
			hops_first_bad = i;
			hops_seen = c * 1000000 + at * 1000 + later;
		}
		__atomic_store_n(&hops_done, i + 1, __ATOMIC_RELEASE);
	}
	return 0;
}

static void test_pin_hops(void)
{
	if (ncpus < 2)
		return;
	long end = now() + 5 * SECOND;
	long tid = rt_thread_create(hopper, 0, stacks[0] + STACK);

	while (__atomic_load_n(&hops_done, __ATOMIC_ACQUIRE) < 200 && now() < end)
		motor_sleep(5 * MS);
	long done = __atomic_load_n(&hops_done, __ATOMIC_ACQUIRE);
	is(done, 200, "a thread makes 200 thread_pin hops within 5 s");
	is(hops_wrong, 0, "each hop: on the new CPU at once and after yield/sleep");
	if (hops_wrong)
		diag("first bad hop %ld: pinned to CPU %ld, on CPU %ld right after, %ld after "
		     "yield/sleep", hops_first_bad, hops_seen / 1000000, hops_seen / 1000 % 1000,
		     hops_seen % 1000);
	if (done == 200)
		is(motor_thread_join(tid, 0), 0, "the hopping thread joined");
}

/* Decimal argv[1], or def. */
static long arg_rounds(int argc, char **argv, long def)
{
	long n = 0;

	if (argc < 2)
		return def;
	for (const char *c = argv[1]; *c >= '0' && *c <= '9'; c++)
		n = n * 10 + (*c - '0');
	return n > 0 ? n : def;
}

int main(int argc, char **argv, char **envp)
{
	(void)envp;
	ncpus = motor_sys_info(MOTOR_INFO_CPUS);
	no_pin = argc > 2 && strcmp(argv[2], "nopin") == 0;
	diag("%ld CPU(s)", ncpus);
	is(motor_thread_pin(-2), -EINVAL, "thread_pin(-2): -EINVAL");
	is(motor_thread_pin(ncpus), -EINVAL, "thread_pin(CPUs): -EINVAL");
	is(motor_thread_pin(1000000), -EINVAL, "thread_pin(10^6): -EINVAL");

	/* Everything the runs use exists before the page count is taken. */
	for (int i = 0; i < THREADS; i++) {
		stacks[i] = (char *)motor_vm_map(0, STACK, MOTOR_PROT_READ | MOTOR_PROT_WRITE);
		if ((long)stacks[i] < 0)
			rt_die(1, "no stack: %ld", (long)stacks[i]);
		for (long off = 0; off < STACK; off += PAGE_SIZE)
			stacks[i][off] = 0;
	}
	for (int i = 0; i < PAIRS; i++) {
		long ep = motor_endpoint_create(0);
		/* The server tells its clients apart by badge: pair i calls with badge i + 1. */
		pairs[i].ep = motor_handle_dup(ep, MOTOR_RIGHTS_ALL, (long)i + 1);
		motor_handle_close(ep); /* the badged handle keeps RECEIVE: the server uses it too */
		pairs[i].na = motor_notification_create();
		pairs[i].nb = motor_notification_create();
	}
	deadline = now() + 3 * SECOND;
	if (!is(run(20), 0, "warm-up run: 8 threads started, finished and joined")) {
		report();
		return done_testing();
	}
	motor_sleep(20 * MS); /* dead threads' kernel stacks go at a later system call */
	motor_yield();
	long before = motor_sys_info(MOTOR_INFO_FREE_PAGES);

	long t0 = now();
	deadline = t0 + 15 * SECOND;
	long bad = run(arg_rounds(argc, argv, ncpus > 1 ? 500 : 3000));
	is(bad, 0, "stress run: 8 threads started, finished and joined");
	long took = now() - t0;
	report();

	long pin_errors = 0, wrong = 0;
	unsigned long all = 0, free_all = 0;
	int migrated = 0;
	for (int i = 0; i < THREADS; i++) {
		pin_errors += stats[i].pin_result != 0;
		wrong += stats[i].wrong_cpu;
		all |= stats[i].cpus_pinned | stats[i].cpus_free;
		free_all |= stats[i].cpus_free;
		migrated += __builtin_popcountl(stats[i].cpus_free) > 1;
		diag("thread %d: CPUs %#lx pinned, %#lx unpinned", i, stats[i].cpus_pinned,
		     stats[i].cpus_free);
	}
	is(pin_errors, 0, "every thread_pin succeeded");
	is(wrong, 0, "pinned threads ran only on their CPU, across blocking and waking");
	is((long)all, (long)((1ul << ncpus) - 1), "every CPU ran some of the threads");
	/* Unpinned, a call/reply pair may well settle on one CPU (that is what
	 * hand-off is for), and how far stealing spreads 4 pairs over the CPUs
	 * in a short phase depends on timing: at least half of them must work. */
	ok(__builtin_popcountl(free_all) >= (ncpus + 1) / 2,
	   "unpinned threads spread over at least half the CPUs", "CPUs %#lx", free_all);
	diag("%d of %d threads ran on more than one CPU when unpinned", migrated, THREADS);

	if (bad)
		return done_testing(); /* threads are still out there: no page count, no pin test */
	motor_sleep(20 * MS);
	motor_yield();
	long after = motor_sys_info(MOTOR_INFO_FREE_PAGES);
	is(after, before, "free pages after the run are back to their value before it");
	diag("%ld rounds of 4 kinds by 8 threads on %ld CPU(s) in %ld ms", rounds, ncpus, took / MS);
	for (int i = 0; i < PAIRS; i++) {
		motor_handle_close(pairs[i].ep);
		motor_handle_close(pairs[i].na);
		motor_handle_close(pairs[i].nb);
	}
	test_pin_hops(); /* last: a thread lost here may take others with it */
	return done_testing();
}
