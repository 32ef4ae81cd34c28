/*
 * User-mode test of IPC within one process, servers on threads: endpoint
 * call/reply with words, data of every interesting size (checked byte by
 * byte) and handles; badges of minted handles; -EMSGSIZE; reply_recv loops;
 * timeouts; -EPIPE when the last RECEIVE handle goes or a server abandons a
 * call; notifications; wait-sets with both kinds of sources; and hostile
 * use: bad, stale and wrong-type handles, stripped rights, bad message
 * pointers, huge counts, and closing handles other threads are waiting on.
 * Every blocking call a broken kernel could leave hanging has a timeout, so
 * a lost wake-up fails a check instead of hanging the run.
 * Prints TAP; exits 0 when everything passed, 1 otherwise.
 */
#include <motor/handle.h>
#include <motor/ipc.h>

#include "lib/string.h"
#include "rt.h"

#define MS 1000000l
#define STACK (64 * 1024l)
#define KERNEL_ADDR 0xffffffff80100000l
#define NONCANON 0x0000800000000000l
#define RW (MOTOR_PROT_READ | MOTOR_PROT_WRITE)
#define MAXDATA ((long)MOTOR_IPC_MAX_DATA)
#define SECOND (1000 * MS)

/* ---- helpers ---- */

static long now(void)
{
	return motor_clock_ns();
}

static void *map(long len)
{
	long p = motor_vm_map(0, len, RW);

	if (p < 0)
		rt_die(1, "vm_map(%ld) failed: %ld", len, p);
	return (void *)p;
}

struct thr {
	long tid;
	char *stack;
};

static struct thr spawn(long (*fn)(long), long arg)
{
	struct thr t = { 0, map(STACK) };

	t.tid = rt_thread_create(fn, arg, t.stack + STACK);
	if (t.tid <= 0)
		rt_die(1, "thread_create failed: %ld", t.tid);
	return t;
}

/* The thread's return value, or -9999 if it could not be joined. */
static long join(struct thr t)
{
	long value = -9999;

	if (motor_thread_join(t.tid, (long)&value) != 0)
		value = -9999;
	motor_vm_unmap((long)t.stack, STACK);
	return value;
}

static long call(long h, uint64_t w[4], struct motor_msg *m)
{
	return motor_ipc(SYS_ipc_call, h, w, m, NULL);
}

static long recv(long h, uint64_t w[4], struct motor_msg *m, uint64_t *badge)
{
	return motor_ipc(SYS_ipc_recv, h, w, m, badge);
}

static long reply(uint64_t w[4], struct motor_msg *m)
{
	return motor_ipc(SYS_ipc_reply, 0, w, m, NULL);
}

static long reply_recv(long h, uint64_t w[4], struct motor_msg *m, uint64_t *badge)
{
	return motor_ipc(SYS_ipc_reply_recv, h, w, m, badge);
}

/* A call with no data and a timeout, so that a broken kernel fails instead of hanging. */
static long call_to(long h, uint64_t w[4], long timeout)
{
	struct motor_msg m = { 0 };

	m.timeout_ns = (uint64_t)timeout;
	return call(h, w, &m);
}

static long new_endpoint(void)
{
	long h = motor_endpoint_create(0);

	if (h <= 0)
		rt_die(1, "endpoint_create failed: %ld", h);
	return h;
}

static long new_notification(void)
{
	long h = motor_notification_create();

	if (h <= 0)
		rt_die(1, "notification_create failed: %ld", h);
	return h;
}

static long dup(long h, unsigned rights, uint64_t badge)
{
	return motor_handle_dup(h, rights, (long)badge);
}

/*
 * A server thread that answers n calls on h (or stops at the first receive
 * error), logging each; it replies with w[0] + 1 and w[1] = its receive
 * status, so a caller sees what the server saw.
 */
struct served {
	long status;
	uint64_t badge, msg_badge, w[4], rlen;
	uint32_t rnhandles;
};

struct server {
	long h;
	int n;
	int count;
	long timeout;
	struct served log[8];
};

static long logging_server(long arg)
{
	struct server *s = (struct server *)arg;
	static char rbuf[64];

	for (s->count = 0; s->count < s->n; s->count++) {
		struct served *e = &s->log[s->count];
		struct motor_msg m = { 0 };
		uint64_t w[4] = { 0 };

		m.rbuf = (uint64_t)rbuf;
		m.rlen = sizeof(rbuf);
		m.timeout_ns = (uint64_t)s->timeout;
		e->status = recv(s->h, w, &m, &e->badge);
		memcpy(e->w, w, sizeof(w));
		e->msg_badge = m.badge;
		e->rlen = m.rlen;
		e->rnhandles = m.rnhandles;
		if (e->status != 0 && e->status != -EMSGSIZE && e->status != -EFAULT)
			return e->status; /* nothing to answer */
		for (uint32_t i = 0; i < m.rnhandles && i < MOTOR_IPC_MAX_HANDLES; i++)
			motor_handle_close(m.rhandles[i]);
		uint64_t r[4] = { w[0] + 1, (uint64_t)e->status, w[2], w[3] };
		reply(r, NULL);
	}
	return 0;
}

static struct thr start_server(struct server *s, long h, int n)
{
	memset(s, 0, sizeof(*s));
	s->h = h;
	s->n = n;
	s->timeout = 5 * SECOND;
	return spawn(logging_server, (long)s);
}

/* ---- creation ---- */

static void test_create(void)
{
	long ep = motor_endpoint_create(0), n = motor_notification_create();
	long ws = motor_waitset_create();

	ok(ep > 0, "endpoint_create returns a handle", "got %ld", ep);
	ok(n > 0, "notification_create returns a handle", "got %ld", n);
	ok(ws > 0, "waitset_create returns a handle", "got %ld", ws);
	ok(ep != n && n != ws && ep != ws, "the three handles differ", "%ld %ld %ld", ep, n, ws);
	is(motor_handle_close(ep), 0, "handle_close of an endpoint");
	is(motor_handle_close(n), 0, "handle_close of a notification");
	is(motor_handle_close(ws), 0, "handle_close of a wait-set");
	is(motor_handle_close(ep), -EBADF, "handle_close twice: -EBADF");
}

/* ---- words and badges ---- */

static uint64_t seen_w[4], seen_badge;
static long seen_status;

static long words_server(long h)
{
	uint64_t w[4] = { 0 };

	seen_status = recv(h, w, NULL, &seen_badge);
	memcpy(seen_w, w, sizeof(w));
	uint64_t r[4] = { w[0] + 1, ~w[1], w[2] * 3, w[3] ^ 0x5555 };
	return reply(r, NULL);
}

static void test_words(void)
{
	long ep = new_endpoint();
	uint64_t w[4] = { 1, 0x8000000000000000ul, 0xdeadbeefcafebabeul, 42 };
	struct thr t = spawn(words_server, ep);
	long r = call(ep, w, NULL);

	is(r, 0, "ipc_call with 4 words returns 0");
	is(join(t), 0, "the server's ipc_reply returned 0");
	is(seen_status, 0, "the server's ipc_recv returned 0");
	ok(seen_w[0] == 1 && seen_w[1] == 0x8000000000000000ul && seen_w[2] == 0xdeadbeefcafebabeul &&
		   seen_w[3] == 42,
	   "the server got the 4 words", "expected 1 0x8000000000000000 0xdeadbeefcafebabe 42, got "
	   "%#lx %#lx %#lx %#lx", seen_w[0], seen_w[1], seen_w[2], seen_w[3]);
	ok(w[0] == 2 && w[1] == 0x7ffffffffffffffful && w[2] == 0xdeadbeefcafebabeul * 3 &&
		   w[3] == (42 ^ 0x5555),
	   "the caller got the 4 reply words", "got %#lx %#lx %#lx %#lx", w[0], w[1], w[2], w[3]);
	is((long)seen_badge, 0, "an unminted handle's badge is 0");

	/* A minted client handle: the server learns its badge, in rdi and in the message. */
	long c = dup(ep, MOTOR_RIGHT_CALL | MOTOR_RIGHT_DUP | MOTOR_RIGHT_TRANSFER, 0xb00b);
	ok(c > 0, "handle_dup with a badge mints a client handle", "got %ld", c);
	struct server s;
	t = start_server(&s, ep, 2);
	uint64_t w2[4] = { 10, 0, 0, 0 };
	is(call_to(c, w2, 5 * SECOND), 0, "ipc_call through the minted handle");
	is((long)w2[0], 11, "its reply");
	long c2 = dup(c, MOTOR_RIGHTS_ALL, 0);
	ok(c2 > 0, "handle_dup of a badged handle with badge 0", "got %ld", c2);
	w2[0] = 20;
	is(call_to(c2, w2, 5 * SECOND), 0, "ipc_call through the copy of the minted handle");
	is(join(t), 0, "the logging server served 2 calls");
	is((long)s.log[0].badge, 0xb00b, "ipc_recv returns the minted badge in rdi");
	is((long)s.log[0].msg_badge, 0xb00b, "ipc_recv returns the minted badge in msg.badge");
	is((long)s.log[1].badge, 0xb00b, "a copy of a minted handle keeps the badge");
	is(dup(c, MOTOR_RIGHTS_ALL, 0x1), -EINVAL, "re-badging a badged handle: -EINVAL");
	long n = new_notification();
	is(dup(n, MOTOR_RIGHTS_ALL, 0x1), -EINVAL, "a badge on a notification handle: -EINVAL");
	motor_handle_close(n);
	motor_handle_close(c);
	motor_handle_close(c2);
	motor_handle_close(ep);
}

/* ---- data ---- */

struct size_case {
	long size, soff, doff;
};

static const struct size_case sizes[] = {
	{ 0, 0, 0 },     { 1, 0, 0 },          { 4095, 0, 0 },     { 4096, 0, 0 },
	{ 65536, 0, 0 }, { MAXDATA, 0, 0 }, { 10000, 3, 5 }, { 4097, 4095, 1 },
};
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))
#define DATA_ROOM (MAXDATA + 2 * 4096)

static unsigned char *srv_in, *srv_out, *cli_in, *cli_out;

static unsigned char pat_req(long i, long size)
{
	return (unsigned char)(i * 131 + size * 7 + 1);
}

static unsigned char pat_rep(long i, long size)
{
	return (unsigned char)(i * 37 + size + 0x55);
}

/*
 * Bytes of buf[0..size) that differ from pat(i, psize), the pattern of a
 * psize-byte message, plus any byte written past size (buffers start 0xee).
 */
static long mismatches(const unsigned char *buf, long size, unsigned char (*pat)(long, long),
		       long psize, long room)
{
	long bad = 0;

	for (long i = 0; i < size; i++)
		bad += buf[i] != pat(i, psize);
	for (long i = size; i < room && i < size + 64; i++)
		bad += buf[i] != 0xee;
	return bad;
}

static long data_server(long h)
{
	for (unsigned k = 0; k < NSIZES; k++) {
		const struct size_case *c = &sizes[k];
		struct motor_msg m = { 0 };
		uint64_t w[4] = { 0 };

		memset(srv_in, 0xee, DATA_ROOM);
		m.rbuf = (uint64_t)(srv_in + c->doff);
		m.rlen = (uint64_t)MAXDATA;
		m.timeout_ns = 5 * SECOND;
		long r = recv(h, w, &m, NULL);
		if (r != 0)
			return r;
		long bad = (long)m.rlen != c->size ? -1
						   : mismatches(srv_in + c->doff, c->size, pat_req,
								c->size, DATA_ROOM - c->doff);
		for (long i = 0; i < c->size; i++)
			srv_out[c->soff + i] = pat_rep(i, c->size);
		struct motor_msg rm = { 0 };
		rm.buf = (uint64_t)(srv_out + c->soff);
		rm.len = (uint64_t)c->size;
		uint64_t rw[4] = { m.rlen, (uint64_t)bad, w[0], 0 };
		r = reply(rw, &rm);
		if (r != 0)
			return r;
	}
	return 0;
}

static void test_data(void)
{
	long ep = new_endpoint();

	srv_in = map(DATA_ROOM);
	srv_out = map(DATA_ROOM);
	cli_in = map(DATA_ROOM);
	cli_out = map(DATA_ROOM);
	struct thr t = spawn(data_server, ep);
	for (unsigned k = 0; k < NSIZES; k++) {
		const struct size_case *c = &sizes[k];
		struct motor_msg m = { 0 };
		uint64_t w[4] = { (uint64_t)c->size, 0, 0, 0 };

		for (long i = 0; i < c->size; i++)
			cli_out[c->soff + i] = pat_req(i, c->size);
		memset(cli_in, 0xee, DATA_ROOM);
		m.buf = (uint64_t)(cli_out + c->soff);
		m.len = (uint64_t)c->size;
		m.rbuf = (uint64_t)(cli_in + c->doff);
		m.rlen = (uint64_t)MAXDATA;
		m.timeout_ns = 10 * SECOND;
		const char *what = tname("%ld bytes (offsets %ld, %ld)", c->size, c->soff, c->doff);
		long r = call(ep, w, &m);
		if (!is(r, 0, tname("data %s: ipc_call returns 0", what)))
			break;
		is((long)w[0], c->size, tname("data %s: the server's rlen", what));
		is((long)w[1], 0,
		   tname("data %s: the server got every byte right, nothing more", what));
		is((long)m.rlen, c->size, tname("data %s: the reply's rlen", what));
		is(mismatches(cli_in + c->doff, c->size, pat_rep, c->size, DATA_ROOM - c->doff), 0,
		   tname("data %s: the reply's bytes, nothing more", what));
	}
	is(join(t), 0, "the data server finished cleanly");
	motor_handle_close(ep);
}

/* -EMSGSIZE both ways: the receiver's buffer is the limit, rlen says how much came. */
static long small_buffer_server(long h)
{
	struct motor_msg m = { 0 };
	uint64_t w[4] = { 0 };

	memset(srv_in, 0xee, 4096);
	m.rbuf = (uint64_t)srv_in;
	m.rlen = 100;
	m.timeout_ns = 5 * SECOND;
	long r = recv(h, w, &m, NULL);
	long bad = mismatches(srv_in, 100, pat_req, 1000, 200);
	for (long i = 0; i < 50; i++)
		srv_out[i] = pat_rep(i, 50);
	struct motor_msg rm = { 0 };
	rm.buf = (uint64_t)srv_out;
	rm.len = 50;
	uint64_t rw[4] = { (uint64_t)r, m.rlen, (uint64_t)bad, 0 };
	return reply(rw, &rm);
}

static long no_msg_server(long h)
{
	uint64_t w[4] = { 0 };
	long r = recv(h, w, NULL, NULL);

	if (r != 0 && r != -EMSGSIZE)
		return r;
	uint64_t rw[4] = { (uint64_t)r, 0, 0, 0 };
	return reply(rw, NULL);
}

static void test_msgsize(void)
{
	long ep = new_endpoint();
	struct thr t = spawn(small_buffer_server, ep);
	struct motor_msg m = { 0 };
	uint64_t w[4] = { 0 };

	for (long i = 0; i < 1000; i++)
		cli_out[i] = pat_req(i, 1000);
	memset(cli_in, 0xee, 4096);
	m.buf = (uint64_t)cli_out;
	m.len = 1000;
	m.rbuf = (uint64_t)cli_in;
	m.rlen = 10;
	m.timeout_ns = 5 * SECOND;
	long r = call(ep, w, &m);
	is(r, -EMSGSIZE, "a reply larger than the caller's buffer: ipc_call returns -EMSGSIZE");
	is((long)m.rlen, 10, "the caller's rlen says 10 bytes (its buffer) arrived");
	is(mismatches(cli_in, 10, pat_rep, 50, 100), 0, "those 10 bytes are the reply's first 10");
	is((long)w[0], -EMSGSIZE, "a request larger than the server's buffer: ipc_recv -EMSGSIZE");
	is((long)w[1], 100, "the server's rlen says 100 bytes (its buffer) arrived");
	is((long)w[2], 0, "those 100 bytes are the request's first 100, nothing past them");
	is(join(t), 0, "the server's reply after -EMSGSIZE returned 0");

	/* A receiver without a message block has room for no data at all. */
	t = spawn(no_msg_server, ep);
	m = (struct motor_msg){ 0 };
	m.buf = (uint64_t)cli_out;
	m.len = 16;
	m.timeout_ns = 5 * SECOND;
	w[0] = 0;
	is(call(ep, w, &m), 0, "a call with data to a receiver without a buffer completes");
	is((long)w[0], -EMSGSIZE, "the receiver without a buffer got -EMSGSIZE");
	is(join(t), 0, "and could reply");
	motor_handle_close(ep);
}

/* ---- handles ---- */

/*
 * Receives one call carrying a notification handle, signals 0x40 through it
 * and, if w[1] asks, sends it back with the reply (else closes it).
 */
static long probe_nh = -1, probe_signal = 1, probe_after = 1;

static long handle_server(long h)
{
	struct motor_msg m = { 0 };
	uint64_t w[4] = { 0 };

	m.timeout_ns = 5 * SECOND;
	long r = recv(h, w, &m, NULL);
	if (r != 0)
		return r;
	probe_nh = m.rnhandles;
	if (m.rnhandles != 1) {
		reply(w, NULL);
		return -1;
	}
	long got = m.rhandles[0];
	probe_signal = motor_notify_signal(got, 0x40, 0);
	struct motor_msg rm = { 0 };
	if (w[1] == 1) {
		rm.handles[0] = (int32_t)got;
		rm.nhandles = 1;
	}
	r = reply(w, &rm);
	/* Sent back: it must have left this table. Kept: close it. */
	probe_after = w[1] == 1 ? motor_notify_signal(got, 0x1, 0) : motor_handle_close(got);
	return r;
}

/* Replies with a handle it may not transfer; if that is refused, replies plainly. */
static long stuck_reply_handle, stuck_reply_result = 1;

static long stuck_reply_server(long h)
{
	struct motor_msg m = { 0 };
	uint64_t w[4] = { 0x1ee, 0, 0, 0 };

	m.timeout_ns = 5 * SECOND;
	long r = recv(h, w, &m, NULL);
	if (r != 0)
		return r;
	struct motor_msg rm = { 0 };
	rm.handles[0] = (int32_t)stuck_reply_handle;
	rm.nhandles = 1;
	w[0] = 0x1ee;
	stuck_reply_result = reply(w, &rm);
	if (stuck_reply_result != 0) {
		w[0] = 0x2ee;
		reply(w, NULL);
	}
	return 0;
}

static void test_handles(void)
{
	long ep = new_endpoint(), n = new_notification();
	struct thr t = spawn(handle_server, ep);
	struct motor_msg m = { 0 };
	uint64_t w[4] = { 0, 1, 0, 0 }, bits = 0;

	m.handles[0] = (int32_t)n;
	m.nhandles = 1;
	m.timeout_ns = 5 * SECOND;
	is(call(ep, w, &m), 0, "ipc_call carrying a notification handle");
	is(join(t), 0, "the server replied carrying it back");
	is(probe_nh, 1, "the server received 1 handle");
	is(probe_signal, 0, "the server could signal through the handle it received");
	is(probe_after, -EBADF, "after sending it back the server's handle is gone: -EBADF");
	is(motor_notify_signal(n, 1, 0), -EBADF, "the sender's handle is gone after the call: -EBADF");
	is((long)m.rnhandles, 1, "the reply carried 1 handle");
	long back = m.rnhandles == 1 ? m.rhandles[0] : 0;
	is(motor_notify_wait_bits(back, SECOND, &bits), 0, "notify_wait on the handle that came back");
	is((long)bits, 0x40, "it is the same notification: the server's bits are there");

	/* Rights travel with a handle: one without SIGNAL cannot signal at the other end. */
	long weak = dup(back, MOTOR_RIGHT_TRANSFER | MOTOR_RIGHT_WAIT, 0);
	t = spawn(handle_server, ep);
	m = (struct motor_msg){ 0 };
	m.handles[0] = (int32_t)weak;
	m.nhandles = 1;
	m.timeout_ns = 5 * SECOND;
	w[1] = 0;
	is(call(ep, w, &m), 0, "ipc_call carrying a handle without SIGNAL");
	is(join(t), 0, "the server replied");
	is(probe_signal, -EACCES, "the received handle has no more rights than the sent one: -EACCES");
	is(probe_after, 0, "the server could close it");

	/* Without the TRANSFER right nothing is sent, and the handles stay with the sender. */
	struct server s;
	long keep = dup(back, MOTOR_RIGHTS_ALL, 0);
	long stuck = dup(back, MOTOR_RIGHTS_ALL & ~MOTOR_RIGHT_TRANSFER, 0);
	t = start_server(&s, ep, 1);
	m = (struct motor_msg){ 0 };
	m.handles[0] = (int32_t)stuck;
	m.nhandles = 1;
	m.timeout_ns = 5 * SECOND;
	w[0] = 0x666;
	is(call(ep, w, &m), -EACCES, "sending a handle without TRANSFER: -EACCES");
	m.handles[0] = (int32_t)keep;
	m.handles[1] = (int32_t)stuck;
	m.nhandles = 2;
	is(call(ep, w, &m), -EACCES, "sending a good handle and one without TRANSFER: -EACCES");
	m.handles[1] = 0x7fffffff;
	is(call(ep, w, &m), -EBADF, "sending a good handle and a bad one: -EBADF");
	m.nhandles = 5;
	is(call(ep, w, &m), -EINVAL, "nhandles 5: -EINVAL");
	m.nhandles = 0xffffffffu;
	is(call(ep, w, &m), -EINVAL, "nhandles 2^32-1: -EINVAL");
	is(motor_notify_signal(stuck, 2, 0), 0, "the handle without TRANSFER still works");
	is(motor_notify_signal(keep, 4, 0), 0, "the good handle of the refused call was not moved");
	w[0] = 0x1234;
	is(call_to(ep, w, 5 * SECOND), 0, "a plain call after the refused ones");
	is(join(t), 0, "the server served it");
	is((long)s.log[0].w[0], 0x1234,
	   "the server's first message is the plain call: nothing of the refused ones arrived");
	is((long)s.log[0].rnhandles, 0, "and it carried no handle");
	is(motor_notify_wait_bits(back, SECOND, &bits), 0, "notify_wait after the refused calls");
	is((long)bits, 6, "the signals through both kept handles arrived");
	/* The same rule for a reply: a handle without TRANSFER is refused, not dropped. */
	long n4 = new_notification();
	stuck_reply_handle = dup(n4, MOTOR_RIGHTS_ALL & ~MOTOR_RIGHT_TRANSFER, 0);
	t = spawn(stuck_reply_server, ep);
	m = (struct motor_msg){ 0 };
	m.timeout_ns = 5 * SECOND;
	w[0] = 0;
	long r = call(ep, w, &m);
	is(join(t), 0, "the server answered after its refused reply");
	is(stuck_reply_result, -EACCES, "ipc_reply carrying a handle without TRANSFER: -EACCES");
	ok(r == 0 && m.rnhandles == 0 && w[0] == (stuck_reply_result ? 0x2eeul : 0x1eeul),
	   "the caller got one reply, without the handle",
	   "status %ld, %u handles, word %#lx", r, m.rnhandles, w[0]);
	is(motor_notify_signal(stuck_reply_handle, 1, 0), 0,
	   "the server kept the handle it could not send");
	motor_handle_close(stuck_reply_handle);
	motor_handle_close(n4);
	motor_handle_close(keep);
	motor_handle_close(stuck);
	motor_handle_close(back);
	motor_handle_close(ep);
}

/* ---- reply_recv ---- */

#define LOOP_CALLS 1000
#define STOP 0x5709

static long loop_server(long h)
{
	uint64_t w[4] = { 0 };
	struct motor_msg m = { 0 };
	long expect = 0, wrong = 0;

	m.timeout_ns = 5 * SECOND;
	long r = recv(h, w, &m, NULL);
	while (r == 0 && w[0] != STOP) {
		wrong += (long)w[0] != expect++;
		w[1] = w[0] ^ 0xffff;
		w[0] += 1;
		m.timeout_ns = 5 * SECOND;
		r = reply_recv(h, w, &m, NULL);
	}
	uint64_t rw[4] = { (uint64_t)wrong, (uint64_t)expect, 0, 0 };
	if (r == 0)
		reply(rw, NULL);
	return r;
}

static void test_reply_recv(void)
{
	long ep = new_endpoint(), bad = 0, failed = 0, t0 = now();
	struct thr t = spawn(loop_server, ep);

	for (long i = 0; i < LOOP_CALLS; i++) {
		uint64_t w[4] = { (uint64_t)i, 0, 0, 0 };

		if (call_to(ep, w, 5 * SECOND) != 0) {
			failed++;
			break;
		}
		bad += w[0] != (uint64_t)i + 1 || w[1] != ((uint64_t)i ^ 0xffff);
	}
	uint64_t w[4] = { STOP, 0, 0, 0 };
	is(call_to(ep, w, 5 * SECOND), 0, "the stop call after the reply_recv loop");
	is(failed, 0, "1000 calls to a reply_recv server all completed");
	is(bad, 0, "each got its own answer");
	is((long)w[0], 0, "the server saw the calls in order, none twice or missing");
	is((long)w[1], LOOP_CALLS, "the server counted 1000 calls");
	is(join(t), 0, "the reply_recv server ended cleanly");
	diag("1000 call/reply_recv round trips in %ld ms", (now() - t0) / MS);
	motor_handle_close(ep);
}

/* ---- saved replies ---- */

/*
 * Receives two calls, saving the first, and answers them out of order: the
 * second directly, the first through its saved handle with data. A third
 * call's saved reply is closed unanswered (its caller gets -EPIPE).
 */
static long saving_server(long h)
{
	uint64_t w[4] = { 0 };
	struct motor_msg m = { 0 };
	m.timeout_ns = 5 * SECOND;
	if (recv(h, w, &m, NULL) != 0)
		return -1;
	long first = motor_ipc_reply_save();
	if (first <= 0)
		return -2;
	if (motor_ipc_reply_save() != -EINVAL)
		return -3; /* nothing pending any more */
	if (recv(h, w, &m, NULL) != 0)
		return -4;
	w[0] = 200;
	if (reply(w, NULL) != 0)
		return -5;
	static const char text[] = "saved";
	struct motor_msg out = { 0 };
	out.buf = (uint64_t)text;
	out.len = sizeof(text);
	uint64_t w1[4] = { 100, 0, 0, 0 };
	if (motor_ipc(SYS_ipc_reply, first, w1, &out, NULL) != 0)
		return -6;
	if (motor_ipc(SYS_ipc_reply, first, w1, NULL, NULL) != -EBADF)
		return -7; /* answering closed the handle */
	if (recv(h, w, &m, NULL) != 0)
		return -8;
	long third = motor_ipc_reply_save();
	if (third <= 0 || motor_handle_close(third) != 0)
		return -9;
	return 0;
}

static long saved_caller_result;
static char saved_caller_buf[16];

static long saved_caller(long h)
{
	uint64_t w[4] = { 1, 0, 0, 0 };
	struct motor_msg m = { 0 };
	m.rbuf = (uint64_t)saved_caller_buf;
	m.rlen = sizeof(saved_caller_buf);
	m.timeout_ns = 5 * SECOND;
	long r = call(h, w, &m);
	saved_caller_result = r == 0 ? (long)w[0] : r;
	return 0;
}

static void test_saved_reply(void)
{
	long ep = new_endpoint();
	is(motor_ipc_reply_save(), -EINVAL, "ipc_reply_save with no call pending");
	uint64_t w[4] = { 0 };
	is(motor_ipc(SYS_ipc_reply, ep, w, NULL, NULL), -EINVAL,
	   "ipc_reply through a handle that is not a saved reply");
	struct thr srv = spawn(saving_server, ep);
	struct thr first = spawn(saved_caller, ep);
	motor_sleep(50 * MS); /* the first call is received and saved before the second */
	uint64_t w2[4] = { 2, 0, 0, 0 };
	is(call_to(ep, w2, 5 * SECOND), 0, "a second call is answered while the first waits");
	is((long)w2[0], 200, "with its own answer");
	is(join(first), 0, "the first caller returned");
	is(saved_caller_result, 100, "the saved call got its answer later");
	is(strcmp(saved_caller_buf, "saved"), 0, "with the data sent through the saved reply");
	uint64_t w3[4] = { 3, 0, 0, 0 };
	is(call_to(ep, w3, 5 * SECOND), -EPIPE, "a saved reply closed unanswered fails its caller");
	is(join(srv), 0, "the saving server checked its side");
	motor_handle_close(ep);
}

/* ---- timeouts ---- */

static long late_reply_result = 1;

static long late_server(long h)
{
	uint64_t w[4] = { 0 };
	struct motor_msg m = { 0 };

	m.timeout_ns = 5 * SECOND;
	long r = recv(h, w, &m, NULL);
	if (r != 0)
		return r;
	motor_sleep((long)w[0] * MS);
	late_reply_result = reply(w, NULL);
	return 0;
}

static void test_timeouts(void)
{
	long ep = new_endpoint(), t0, t1, r;
	uint64_t w[4] = { 0 };
	struct motor_msg m = { 0 };

	t0 = now();
	r = call_to(ep, w, 50 * MS);
	t1 = now();
	is(r, -ETIMEDOUT, "ipc_call on an endpoint nobody serves: -ETIMEDOUT");
	ok(t1 - t0 >= 50 * MS, "the call waited its 50 ms", "took %ld ns", t1 - t0);
	m.timeout_ns = 20 * MS;
	t0 = now();
	r = recv(ep, w, &m, NULL);
	t1 = now();
	is(r, -ETIMEDOUT, "ipc_recv afterwards: the timed-out call is gone (-ETIMEDOUT)");
	ok(t1 - t0 >= 20 * MS, "ipc_recv waited its 20 ms", "took %ld ns", t1 - t0);

	/* The server takes the call but answers after the caller gave up. */
	struct thr t = spawn(late_server, ep);
	w[0] = 150;
	t0 = now();
	r = call_to(ep, w, 50 * MS);
	t1 = now();
	is(r, -ETIMEDOUT, "ipc_call to a server that answers too late: -ETIMEDOUT");
	ok(t1 - t0 < 150 * MS, "the caller did not wait for the late answer", "took %ld ns", t1 - t0);
	is(join(t), 0, "the late server finished");
	ok(late_reply_result < 0, "ipc_reply to a caller that gave up fails",
	   "expected an error (the kernel says -ESRCH), got %ld", late_reply_result);

	/* A timeout of nearly 2^64 ns is as good as forever: the answer after 50 ms arrives. */
	t = spawn(late_server, ep);
	w[0] = 50;
	m = (struct motor_msg){ 0 };
	m.timeout_ns = ~0ull - 1;
	r = call(ep, w, &m);
	is(r, 0, "ipc_call with timeout 2^64-2 ns gets a reply sent after 50 ms");
	is(join(t), 0, "that server finished");
	if (r != 0)
		diag("a huge timeout must not wrap around to a deadline in the past");

	r = motor_notify_wait_bits(ep, 10 * MS, NULL);
	is(r, -EINVAL, "notify_wait on an endpoint: -EINVAL");
	motor_handle_close(ep);
}

/* ---- -EPIPE ---- */

static long pipe_caller(long h)
{
	uint64_t w[4] = { 0 };

	return call_to(h, w, 5 * SECOND);
}

static long abandoning_server(long h)
{
	uint64_t w[4] = { 0 };
	struct motor_msg m = { 0 };

	m.timeout_ns = 5 * SECOND;
	long r = recv(h, w, &m, NULL);
	if (r != 0)
		return r;
	if (w[0] == 1) /* take a second call without answering the first... */
		return recv(h, w, &m, NULL); /* ...and exit owing that one */
	motor_thread_exit(7); /* ends with the call unanswered */
	return 0;
}

static long delayed_caller(long h)
{
	uint64_t w[4] = { 2, 0, 0, 0 };

	motor_sleep(100 * MS);
	return call_to(h, w, 5 * SECOND);
}

static void test_epipe(void)
{
	long ep = new_endpoint(), c = dup(ep, MOTOR_RIGHT_CALL, 0), t0, t1, r;
	uint64_t w[4] = { 0 };

	struct thr t = spawn(pipe_caller, c);
	motor_sleep(100 * MS); /* the call is queued: nobody receives */
	t0 = now();
	is(motor_handle_close(ep), 0, "closing the only RECEIVE handle while a caller waits");
	long v = join(t);
	t1 = now();
	is(v, -EPIPE, "the waiting caller gets -EPIPE");
	ok(t1 - t0 < 2 * SECOND, "at once, not by its timeout", "took %ld ns", t1 - t0);
	t0 = now();
	r = call_to(c, w, 5 * SECOND);
	t1 = now();
	is(r, -EPIPE, "a later call gets -EPIPE");
	ok(t1 - t0 < 2 * SECOND, "at once", "took %ld ns", t1 - t0);
	motor_handle_close(c);

	/* Another RECEIVE handle keeps the endpoint served. */
	ep = new_endpoint();
	c = dup(ep, MOTOR_RIGHT_CALL, 0);
	long e2 = dup(ep, MOTOR_RIGHTS_ALL, 0);
	motor_handle_close(ep);
	is(call_to(c, w, 30 * MS), -ETIMEDOUT,
	   "with a second RECEIVE handle left the endpoint lives: -ETIMEDOUT, not -EPIPE");
	motor_handle_close(e2);
	is(call_to(c, w, 30 * MS), -EPIPE, "once that one closes too: -EPIPE");
	motor_handle_close(c);

	/* A server thread that exits owing a reply fails its caller. */
	ep = new_endpoint();
	t = spawn(abandoning_server, ep);
	w[0] = 0;
	t0 = now();
	r = call_to(ep, w, 5 * SECOND);
	t1 = now();
	is(r, -EPIPE, "a server thread that exits without replying: the caller gets -EPIPE");
	ok(t1 - t0 < 2 * SECOND, "at once", "took %ld ns", t1 - t0);
	is(join(t), 7, "that server thread exited");

	/* A server that receives again without replying fails the earlier caller. */
	t = spawn(abandoning_server, ep);
	struct thr second = spawn(delayed_caller, ep);
	w[0] = 1;
	r = call_to(ep, w, 5 * SECOND);
	is(r, -EPIPE, "a server that receives again without replying: the first caller gets -EPIPE");
	is(join(t), 0, "the server's second receive got the second call");
	is(join(second), -EPIPE, "the server exited owing it: the second caller gets -EPIPE");
	motor_handle_close(ep);
}

/* ---- notifications ---- */

struct nwait {
	long h, timeout, result;
	uint64_t bits;
};

static long notify_waiter(long arg)
{
	struct nwait *a = (struct nwait *)arg;

	a->result = motor_notify_wait_bits(a->h, (uint64_t)a->timeout, &a->bits);
	return 0;
}

static void test_notifications(void)
{
	long n = new_notification(), ep = new_endpoint(), t0, t1, r;
	uint64_t bits = 0;

	is(motor_notify_signal(n, 0x1, 0), 0, "notify_signal 0x1");
	is(motor_notify_signal(n, 0x4, 0), 0, "notify_signal 0x4");
	is(motor_notify_wait_bits(n, SECOND, &bits), 0, "notify_wait with bits pending");
	is((long)bits, 0x5, "the bits OR together: 0x5");
	t0 = now();
	r = motor_notify_wait_bits(n, 20 * MS, &bits);
	t1 = now();
	is(r, -ETIMEDOUT, "notify_wait again: the bits were taken (-ETIMEDOUT)");
	ok(t1 - t0 >= 20 * MS, "notify_wait waited its 20 ms", "took %ld ns", t1 - t0);
	/* Timeout 0 polls: ten tries, and (allowing for a preemption or two) none waits. */
	long slow = 0, wrong = 0;
	for (int i = 0; i < 10; i++) {
		t0 = now();
		wrong += motor_notify_wait_bits(n, 0, &bits) != -ETIMEDOUT;
		slow += now() - t0 >= 1 * MS;
	}
	is(wrong, 0, "notify_wait with timeout 0 and no bits: -ETIMEDOUT (10 tries)");
	ok(slow <= 2, "notify_wait with timeout 0 does not wait (for a tick)",
	   "%ld of 10 tries took 1 ms or more", slow);
	is(motor_notify_signal(n, 0x2, 0), 0, "notify_signal 0x2");
	is(motor_notify_wait_bits(n, 0, &bits), 0, "notify_wait with timeout 0 takes pending bits");
	is((long)bits, 0x2, "the pending bits");
	is(motor_notify_signal(n, 0, 0), 0, "notify_signal with no bits");
	is(motor_notify_wait_bits(n, 10 * MS, &bits), -ETIMEDOUT, "no bits signalled: nothing to take");
	is(motor_notify_signal(n, ~0l, 0), 0, "notify_signal all 64 bits");
	is(motor_notify_wait_bits(n, SECOND, &bits), 0, "notify_wait");
	is((long)bits, -1l, "all 64 bits arrive");
	is(motor_notify_signal(n, 1, 2), -EINVAL, "notify_signal with an unknown flag: -EINVAL");

	/* A blocked waiter is woken, with and without hand-off. */
	static struct nwait a, b;
	a = (struct nwait){ n, 2 * SECOND, 1, 0 };
	struct thr t = spawn(notify_waiter, (long)&a);
	motor_sleep(50 * MS);
	is(motor_notify_signal(n, 0x100, 0), 0, "notify_signal wakes a waiter");
	join(t);
	is(a.result, 0, "the waiter's notify_wait returned 0");
	is((long)a.bits, 0x100, "the waiter got the bits");
	a = (struct nwait){ n, 2 * SECOND, 1, 0 };
	t = spawn(notify_waiter, (long)&a);
	motor_sleep(50 * MS);
	is(motor_notify_signal(n, 0x200, MOTOR_NOTIFY_HANDOFF), 0, "notify_signal with HANDOFF");
	join(t);
	is(a.result, 0, "the handed-off waiter's notify_wait returned 0");
	is((long)a.bits, 0x200, "it got the bits");

	/* Two waiters, two signals: one each. */
	a = (struct nwait){ n, 2 * SECOND, 1, 0 };
	b = (struct nwait){ n, 2 * SECOND, 1, 0 };
	t = spawn(notify_waiter, (long)&a);
	struct thr t2 = spawn(notify_waiter, (long)&b);
	motor_sleep(50 * MS);
	motor_notify_signal(n, 0x10, 0);
	motor_sleep(50 * MS);
	motor_notify_signal(n, 0x20, 0);
	join(t);
	join(t2);
	ok(a.result == 0 && b.result == 0 && (a.bits | b.bits) == 0x30 && (a.bits & b.bits) == 0,
	   "two waiters, two signals: each waiter gets one signal's bits",
	   "results %ld %ld, bits %#lx %#lx", a.result, b.result, a.bits, b.bits);

	/* Rights and types. */
	long nosig = dup(n, MOTOR_RIGHTS_ALL & ~MOTOR_RIGHT_SIGNAL, 0);
	long nowait = dup(n, MOTOR_RIGHTS_ALL & ~MOTOR_RIGHT_WAIT, 0);
	is(motor_notify_signal(nosig, 1, 0), -EACCES, "notify_signal without SIGNAL: -EACCES");
	is(motor_notify_wait_bits(nowait, 10 * MS, &bits), -EACCES,
	   "notify_wait without WAIT: -EACCES");
	is(motor_notify_wait_bits(n, 10 * MS, &bits), -ETIMEDOUT,
	   "the refused signal set no bits");
	is(motor_notify_signal(ep, 1, 0), -EINVAL, "notify_signal on an endpoint: -EINVAL");
	motor_handle_close(nosig);
	motor_handle_close(nowait);
	motor_handle_close(n);
	motor_handle_close(ep);
}

/* ---- wait-sets ---- */

struct ws_event {
	long status;
	uint64_t rdi, w[4];
};

static struct ws_event events[4];

static long ws_server(long ws)
{
	for (int i = 0; i < 2; i++) {
		struct motor_msg m = { 0 };
		uint64_t w[4] = { 0 };

		m.timeout_ns = 5 * SECOND;
		events[i].status = recv(ws, w, &m, &events[i].rdi);
		memcpy(events[i].w, w, sizeof(w));
		if (events[i].status != 0)
			return events[i].status;
		if (!(events[i].rdi & MOTOR_WS_NOTIFICATION)) {
			w[0] += 1;
			reply(w, NULL);
		}
	}
	return 0;
}

static void test_waitset(void)
{
	long ws = motor_waitset_create(), ws2 = motor_waitset_create();
	long ep = new_endpoint(), n = new_notification();
	long c = dup(ep, MOTOR_RIGHT_CALL, 0xbad);
	long proc = motor_process_create((long)"ws-test", 7), mem = motor_mem_create(4096);
	uint64_t w[4] = { 0 }, rdi = 0;
	struct motor_msg m = { 0 };

	is(motor_waitset_add(ws, ep, 0x11), 0, "waitset_add of an endpoint");
	is(motor_waitset_add(ws, n, 0x22), 0, "waitset_add of a notification");
	is(motor_waitset_add(ws, ep, 0x33), -EBUSY, "binding the endpoint twice: -EBUSY");
	is(motor_waitset_add(ws2, n, 0x33), -EBUSY, "binding the notification to a second set: -EBUSY");
	is(motor_waitset_add(ws, proc, 1), -EINVAL, "binding a process handle: -EINVAL");
	is(motor_waitset_add(ws, mem, 1), -EINVAL, "binding a memory handle: -EINVAL");
	is(motor_waitset_add(ws, ws2, 1), -EINVAL, "binding a wait-set to a wait-set: -EINVAL");
	is(motor_waitset_add(ws, ws, 1), -EINVAL, "binding a wait-set to itself: -EINVAL");
	is(motor_waitset_add(n, ep, 1), -EINVAL, "waitset_add on a notification: -EINVAL");
	is(motor_waitset_add(ws, 0x7fffffff, 1), -EBADF, "binding a bad handle: -EBADF");
	long nomanage = dup(ws2, MOTOR_RIGHTS_ALL & ~MOTOR_RIGHT_MANAGE, 0);
	long ep2 = new_endpoint(), n2 = new_notification();
	long norecv = dup(ep2, MOTOR_RIGHTS_ALL & ~MOTOR_RIGHT_RECEIVE, 0);
	long nowait = dup(n2, MOTOR_RIGHTS_ALL & ~MOTOR_RIGHT_WAIT, 0);
	is(motor_waitset_add(nomanage, ep2, 1), -EACCES, "waitset_add without MANAGE: -EACCES");
	is(motor_waitset_add(ws2, norecv, 1), -EACCES, "binding an endpoint without RECEIVE: -EACCES");
	is(motor_waitset_add(ws2, nowait, 1), -EACCES, "binding a notification without WAIT: -EACCES");

	m.timeout_ns = 20 * MS;
	is(recv(ws, w, &m, NULL), -ETIMEDOUT, "ipc_recv on a wait-set with nothing ready: -ETIMEDOUT");

	/* One notification event (two signals, coalesced) and one call. */
	motor_notify_signal(n, 0x10, 0);
	motor_notify_signal(n, 0x20, 0);
	struct thr t = spawn(ws_server, ws);
	w[0] = 77;
	is(call_to(c, w, 5 * SECOND), 0, "a call to an endpoint bound to a wait-set is served");
	is((long)w[0], 78, "its reply");
	is(join(t), 0, "the wait-set server took 2 events");
	int ni = (events[0].rdi & MOTOR_WS_NOTIFICATION) ? 0 : 1, ci = 1 - ni;
	is(events[ni].status, 0, "wait-set: the notification event's status");
	is((long)events[ni].rdi, (long)(0x22 | MOTOR_WS_NOTIFICATION),
	   "wait-set: a notification event has rdi = key | MOTOR_WS_NOTIFICATION");
	is((long)events[ni].w[0], 0x30, "wait-set: its first word holds both signals' bits");
	is(events[ci].status, 0, "wait-set: the call event's status");
	is((long)events[ci].rdi, 0xbad, "wait-set: a call event has rdi = the caller's badge");
	is((long)events[ci].w[0], 77, "wait-set: the call's words");
	is(motor_notify_wait_bits(n, 10 * MS, NULL), -ETIMEDOUT,
	   "the wait-set took the notification's bits");

	/* Several calls queued at once are all delivered through the set. */
	enum { N = 3 };
	struct thr callers[N];
	for (int i = 0; i < N; i++)
		callers[i] = spawn(pipe_caller, c);
	motor_sleep(50 * MS);
	long served = 0;
	for (int i = 0; i < N; i++) {
		m = (struct motor_msg){ 0 };
		m.timeout_ns = 2 * SECOND;
		if (recv(ws, w, &m, &rdi) == 0 && rdi == 0xbad) {
			served++;
			reply(w, NULL);
		}
	}
	is(served, N, "three queued calls arrive through the wait-set one by one");
	long ok_callers = 0;
	for (int i = 0; i < N; i++)
		ok_callers += join(callers[i]) == 0;
	is(ok_callers, N, "all three callers got their replies");

	/* A bound notification closed while it is ready must not leave a dangling event. */
	long n3 = new_notification();
	is(motor_waitset_add(ws, n3, 0x44), 0, "binding a third source");
	motor_notify_signal(n3, 1, 0);
	is(motor_handle_close(n3), 0, "closing it while its event is pending");
	m = (struct motor_msg){ 0 };
	m.timeout_ns = 30 * MS;
	long r = recv(ws, w, &m, &rdi);
	ok(r == -ETIMEDOUT || (r == 0 && rdi == (0x44 | MOTOR_WS_NOTIFICATION)),
	   "the closed source's event is dropped (or delivered once), nothing worse",
	   "got %ld, rdi %#lx", r, rdi);
	long nows = dup(ws, MOTOR_RIGHTS_ALL & ~MOTOR_RIGHT_WAIT, 0);
	m.timeout_ns = 10 * MS;
	is(recv(nows, w, &m, NULL), -EACCES, "ipc_recv on a wait-set without WAIT: -EACCES");

	long hs[] = { nomanage, ep2, n2, norecv, nowait, nows, c, ep, n, ws, ws2, proc, mem };
	for (unsigned i = 0; i < sizeof(hs) / sizeof(hs[0]); i++)
		motor_handle_close(hs[i]);
}

/* ---- hostile use ---- */

static void test_bad_handles(void)
{
	long closed = new_notification();
	uint64_t w[4] = { 0 };
	struct motor_msg m = { 0 };

	motor_handle_close(closed);
	long fresh = new_notification(); /* likely reuses the slot, with a new generation */
	ok(fresh != closed, "a reused handle slot gets a new value", "both %ld", fresh);
	const struct {
		long h;
		const char *what;
	} bad[] = {
		{ 0, "0" }, { -1, "-1" }, { 0x7fffffff, "0x7fffffff" }, { closed, "a closed handle" },
		{ 1l << 40, "2^40" }, { (long)0x8000000000000000ul, "INT64_MIN" },
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		long h = bad[i].h;
		const char *s = bad[i].what;

		m = (struct motor_msg){ 0 };
		m.timeout_ns = 10 * MS;
		is(call(h, w, &m), -EBADF, tname("ipc_call on %s: -EBADF", s));
		is(recv(h, w, &m, NULL), -EBADF, tname("ipc_recv on %s: -EBADF", s));
		is(motor_notify_signal(h, 1, 0), -EBADF, tname("notify_signal on %s: -EBADF", s));
		is(motor_notify_wait_bits(h, 10 * MS, NULL), -EBADF,
		   tname("notify_wait on %s: -EBADF", s));
		is(motor_handle_dup(h, MOTOR_RIGHTS_ALL, 0), -EBADF,
		   tname("handle_dup of %s: -EBADF", s));
		is(motor_handle_close(h), -EBADF, tname("handle_close of %s: -EBADF", s));
	}
	is(motor_notify_signal(fresh, 1, 0), 0, "the handle in the reused slot still works");
	motor_handle_close(fresh);
}

static void test_wrong_types_and_rights(void)
{
	long ep = new_endpoint(), n = new_notification(), ws = motor_waitset_create();
	long proc = motor_process_create((long)"t", 1), mem = motor_mem_create(4096);
	uint64_t w[4] = { 0 };
	struct motor_msg m = { 0 };

	m.timeout_ns = 10 * MS;
	is(call(n, w, &m), -EINVAL, "ipc_call on a notification: -EINVAL");
	is(call(ws, w, &m), -EINVAL, "ipc_call on a wait-set: -EINVAL");
	is(call(proc, w, &m), -EINVAL, "ipc_call on a process: -EINVAL");
	is(recv(n, w, &m, NULL), -EINVAL, "ipc_recv on a notification: -EINVAL");
	is(recv(proc, w, &m, NULL), -EINVAL, "ipc_recv on a process: -EINVAL");
	is(recv(mem, w, &m, NULL), -EINVAL, "ipc_recv on a memory object: -EINVAL");
	is(motor_notify_wait_bits(ws, 10 * MS, NULL), -EINVAL, "notify_wait on a wait-set: -EINVAL");
	is(motor_notify_signal(mem, 1, 0), -EINVAL, "notify_signal on a memory object: -EINVAL");

	long nocall = dup(ep, MOTOR_RIGHTS_ALL & ~MOTOR_RIGHT_CALL, 0);
	long norecv = dup(ep, MOTOR_RIGHTS_ALL & ~MOTOR_RIGHT_RECEIVE, 0);
	long nodup = dup(ep, MOTOR_RIGHTS_ALL & ~MOTOR_RIGHT_DUP, 0);
	long callonly = dup(ep, MOTOR_RIGHT_CALL | MOTOR_RIGHT_DUP, 0);
	long widened = dup(callonly, MOTOR_RIGHTS_ALL, 0);
	is(call(nocall, w, &m), -EACCES, "ipc_call without CALL: -EACCES");
	is(recv(norecv, w, &m, NULL), -EACCES, "ipc_recv without RECEIVE: -EACCES");
	is(dup(nodup, MOTOR_RIGHTS_ALL, 0), -EACCES, "handle_dup without DUP: -EACCES");
	ok(widened > 0, "handle_dup asking for more rights succeeds", "got %ld", widened);
	is(recv(widened, w, &m, NULL), -EACCES, "but the rights only shrink: ipc_recv -EACCES");
	is(call(widened, w, &m), -ETIMEDOUT, "and CALL is kept: the call times out unserved");
	is(reply(w, NULL), -EINVAL, "ipc_reply with no call received: -EINVAL");

	long hs[] = { nocall, norecv, nodup, callonly, widened, ep, n, ws, proc, mem };
	for (unsigned i = 0; i < sizeof(hs) / sizeof(hs[0]); i++)
		motor_handle_close(hs[i]);
}

/*
 * After a call the kernel refused: a plain call, so a logging server
 * waiting for one ends; its first message must be that plain one.
 */
static void release_server(long ep, struct server *s)
{
	uint64_t w[4] = { 0x9e1, 0, 0, 0 };

	call_to(ep, w, 5 * SECOND);
	is((long)s->log[0].w[0], 0x9e1, "nothing of the refused call reached the server");
}

/*
 * After a receive that may or may not have taken a call: answer it if it
 * was taken, else take it properly and answer, so its caller ends.
 */
static void answer_owed(long ep)
{
	uint64_t w[4] = { 0 };

	if (reply(w, NULL) == 0)
		return;
	struct motor_msg m = { 0 };

	m.timeout_ns = SECOND;
	if (recv(ep, w, &m, NULL) == 0)
		reply(w, NULL);
}

static void test_bad_messages(void)
{
	long ep = new_endpoint();
	uint64_t w[4] = { 0 };
	char *page = map(2 * 4096);
	struct motor_msg *m = (struct motor_msg *)(page + 4096 - sizeof(struct motor_msg) / 2);

	is(motor_vm_unmap((long)page + 4096, 4096), 0, "unmap the page after a message block");
	const struct {
		long p;
		const char *what;
	} bad[] = {
		{ 8, "in page 0" }, { KERNEL_ADDR, "in the kernel" }, { NONCANON, "non-canonical" },
		{ (long)page + 4096, "unmapped" }, { (long)m, "straddling into an unmapped page" },
		{ -64l, "wrapping past 2^64" },
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		is(motor_ipc(SYS_ipc_call, ep, w, (void *)bad[i].p, NULL), -EFAULT,
		   tname("ipc_call with the message block %s: -EFAULT", bad[i].what));
		is(motor_ipc(SYS_ipc_recv, ep, w, (void *)bad[i].p, NULL), -EFAULT,
		   tname("ipc_recv with the message block %s: -EFAULT", bad[i].what));
		is(motor_ipc(SYS_ipc_reply_recv, ep, w, (void *)bad[i].p, NULL), -EFAULT,
		   tname("ipc_reply_recv with the message block %s: -EFAULT", bad[i].what));
	}

	/* A message block at an odd address is fine. */
	struct motor_msg *odd = (struct motor_msg *)(page + 1);
	memset(odd, 0, sizeof(*odd));
	odd->timeout_ns = 10 * MS;
	is(call(ep, w, odd), -ETIMEDOUT,
	   "a message block at an odd address is read (the call times out)");

	struct motor_msg mm = { 0 };
	mm.timeout_ns = 10 * MS;
	mm.len = (uint64_t)MAXDATA + 1;
	mm.buf = (uint64_t)page;
	is(call(ep, w, &mm), -EINVAL, "len MOTOR_IPC_MAX_DATA + 1: -EINVAL");
	mm.len = ~0ull;
	is(call(ep, w, &mm), -EINVAL, "len 2^64-1: -EINVAL");

	/* Bad data pointers: the caller's own, and the receiver's. */
	struct server s;
	struct thr t = start_server(&s, ep, 1);
	mm = (struct motor_msg){ 0 };
	mm.timeout_ns = 5 * SECOND;
	mm.buf = KERNEL_ADDR;
	mm.len = 16;
	w[0] = 1;
	long r = call(ep, w, &mm);
	is(r, -EFAULT, "ipc_call with its data buffer in the kernel: -EFAULT for the caller");
	if (r == 0)
		diag("the server's ipc_recv got %ld for the caller's bad buffer", s.log[0].status);
	else
		release_server(ep, &s);
	is(join(t), 0, "the server ended cleanly");

	t = spawn(pipe_caller, ep); /* a call with no data */
	mm = (struct motor_msg){ 0 };
	mm.timeout_ns = 5 * SECOND;
	mm.rbuf = KERNEL_ADDR;
	mm.rlen = 16;
	r = recv(ep, w, &mm, NULL);
	ok(r == 0 || r == -EFAULT, "ipc_recv with its buffer in the kernel and no data coming",
	   "expected 0 or -EFAULT, got %ld", r);
	answer_owed(ep);
	is(join(t), 0, "that caller was answered");

	/* The kernel writes the message block back: a read-only one must be refused. */
	struct motor_msg *ro = (struct motor_msg *)page;
	memset(ro, 0, sizeof(*ro));
	ro->timeout_ns = 2 * SECOND;
	is(motor_vm_protect((long)page, 4096, MOTOR_PROT_READ), 0, "a read-only message block");
	t = start_server(&s, ep, 1);
	w[0] = 5;
	r = call(ep, w, ro);
	is(r, -EFAULT, "ipc_call with a read-only message block (the reply is written back): -EFAULT");
	if (r != 0)
		release_server(ep, &s);
	join(t);
	t = spawn(pipe_caller, ep);
	motor_sleep(20 * MS);
	r = recv(ep, w, ro, NULL);
	is(r, -EFAULT, "ipc_recv with a read-only message block: -EFAULT");
	answer_owed(ep);
	is(join(t), 0, "that caller was answered");
	motor_vm_unmap((long)page, 4096);
	motor_handle_close(ep);
}

/* Fills the handle table to its limit: -EMFILE, and everything still works after. */
static void test_handle_limit(void)
{
	long n = new_notification(), made = 0, r = 0, t0 = now();
	long *hs = map(MOTOR_MAX_HANDLES * (long)sizeof(long));

	while (made < MOTOR_MAX_HANDLES) {
		r = dup(n, MOTOR_RIGHTS_ALL, 0);
		if (r < 0)
			break;
		hs[made++] = r;
	}
	is(r, -EMFILE, "handle_dup until the table is full: -EMFILE");
	ok(made > MOTOR_MAX_HANDLES - 64, "the table holds (almost) MOTOR_MAX_HANDLES handles",
	   "made %ld", made);
	is(motor_notify_signal(hs[made - 1], 1, 0), 0, "the last handle made works");
	is(motor_endpoint_create(0), -EMFILE, "endpoint_create with a full table: -EMFILE");
	long bad = 0;
	for (long i = 0; i < made; i++)
		bad += motor_handle_close(hs[i]) != 0;
	is(bad, 0, "all of them close");
	long ep = motor_endpoint_create(0);
	ok(ep > 0, "a handle can be made again", "got %ld", ep);
	motor_handle_close(ep);
	motor_handle_close(n);
	motor_vm_unmap((long)hs, MOTOR_MAX_HANDLES * (long)sizeof(long));
	diag("handle table filled and emptied in %ld ms", (now() - t0) / MS);
}

/* ---- closing what another thread waits on ---- */

static long recv_waiter(long h)
{
	uint64_t w[4] = { 0 };
	struct motor_msg m = { 0 };

	m.timeout_ns = 300 * MS;
	return recv(h, w, &m, NULL);
}

static void test_close_while_waiting(void)
{
	static struct nwait a;
	long n = new_notification(), n2 = dup(n, MOTOR_RIGHTS_ALL, 0), r;

	a = (struct nwait){ n, 2 * SECOND, 1, 0 };
	struct thr t = spawn(notify_waiter, (long)&a);
	motor_sleep(50 * MS);
	is(motor_handle_close(n), 0, "closing the handle a waiter waits on");
	is(motor_notify_signal(n2, 0x8, 0), 0, "signalling through a second handle");
	join(t);
	is(a.result, 0, "the waiter is woken normally");
	is((long)a.bits, 0x8, "with the bits");

	a = (struct nwait){ n2, 300 * MS, 1, 0 };
	t = spawn(notify_waiter, (long)&a);
	motor_sleep(50 * MS);
	is(motor_handle_close(n2), 0, "closing the last handle of a notification a thread waits on");
	join(t);
	ok(a.result == -ETIMEDOUT || a.result == -EBADF || a.result == -EPIPE,
	   "that waiter ends with an error, the process lives", "got %ld", a.result);

	long ep = new_endpoint();
	t = spawn(recv_waiter, ep);
	motor_sleep(50 * MS);
	is(motor_handle_close(ep), 0, "closing the only handle of an endpoint a receiver waits on");
	r = join(t);
	ok(r == -ETIMEDOUT || r == -EBADF || r == -EPIPE, "that receiver ends with an error",
	   "got %ld", r);

	long ws = motor_waitset_create(), n3 = new_notification();
	motor_waitset_add(ws, n3, 1);
	t = spawn(recv_waiter, ws);
	motor_sleep(50 * MS);
	is(motor_handle_close(ws), 0, "closing the only handle of a wait-set a receiver waits on");
	is(motor_notify_signal(n3, 1, 0), 0, "signalling a source bound to the closed wait-set");
	r = join(t);
	ok(r == -ETIMEDOUT || r == -EBADF || r == -EPIPE ||
		   r == 0, "that receiver ends with an error or the event", "got %ld", r);
	motor_handle_close(n3);

	/* The caller's own handle closed (by another thread) while its call waits. */
	ep = new_endpoint();
	long c = dup(ep, MOTOR_RIGHT_CALL, 0);
	struct server s;
	t = spawn(pipe_caller, c);
	motor_sleep(50 * MS);
	is(motor_handle_close(c), 0, "closing the handle a caller is calling through");
	struct thr srv = start_server(&s, ep, 1);
	r = join(t);
	ok(r == 0 || r == -EBADF || r == -EPIPE, "that call is served or fails cleanly", "got %ld", r);
	motor_handle_close(ep);
	join(srv);
}

/* After everything, plain IPC still works. */
static void test_still_alive(void)
{
	long ep = new_endpoint();
	struct server s;
	struct thr t = start_server(&s, ep, 1);
	uint64_t w[4] = { 41, 0, 0, 0 };

	is(call_to(ep, w, 5 * SECOND), 0, "after all that, a call still works");
	is((long)w[0], 42, "and is answered");
	join(t);
	motor_handle_close(ep);
}

/* ---- close notices ---- */

/* Receives one call on box, answers it, returns the handle it brought. */
static long take_handle(long box)
{
	uint64_t w[4] = { 0 };
	struct motor_msg m = { 0 };

	m.timeout_ns = 2 * SECOND;
	long r = recv(box, w, &m, NULL);
	long h = r >= 0 && m.rnhandles == 1 ? m.rhandles[0] : -1;
	reply(w, NULL);
	return h;
}

/* Receives one call with a short timeout; -> its w[0] (or the error), *badge. */
static long recv_one(long ep, uint64_t *badge, long timeout)
{
	uint64_t w[4] = { 0 };
	struct motor_msg m = { 0 };

	m.timeout_ns = (uint64_t)timeout;
	long r = recv(ep, w, &m, badge);
	return r < 0 ? r : (long)w[0];
}

static void test_close_notices(void)
{
	uint64_t badge = 0;

	is(motor_endpoint_create(2), -EINVAL, "endpoint_create with an unknown flag: -EINVAL");
	long plain = new_endpoint();
	long a = dup(plain, MOTOR_RIGHT_CALL | MOTOR_RIGHT_DUP, 7);
	motor_handle_close(a);
	is(recv_one(plain, &badge, 30 * MS), -ETIMEDOUT, "without the flag: no notice");
	motor_handle_close(plain);

	long ep = motor_endpoint_create(MOTOR_EP_CLOSE_NOTICES);
	ok(ep > 0, "endpoint_create(MOTOR_EP_CLOSE_NOTICES)", "got %ld", ep);
	long s1 = dup(ep, MOTOR_RIGHT_CALL | MOTOR_RIGHT_DUP | MOTOR_RIGHT_TRANSFER, 0x51);
	long s2 = dup(s1, MOTOR_RIGHT_CALL | MOTOR_RIGHT_TRANSFER, 0);
	is(motor_handle_close(s1), 0, "one of a badge's two handles closes");
	is(recv_one(ep, &badge, 30 * MS), -ETIMEDOUT, "no notice while another is open");
	is(motor_handle_close(s2), 0, "the last one closes");
	is(recv_one(ep, &badge, SECOND), (long)MOTOR_IPC_CLOSED, "a notice arrives: MOTOR_IPC_CLOSED");
	is((long)badge, 0x51, "with the badge");
	uint64_t w[4] = { 1, 0, 0, 0 };
	is(reply(w, NULL), -ESRCH, "answering a notice goes nowhere (-ESRCH)");

	/* A badge held by a child that dies (its handles close with it). */
	long s3 = dup(ep, MOTOR_RIGHT_CALL | MOTOR_RIGHT_TRANSFER, 0x52);
	long c = motor_process_clone(0, 0);
	if (c == 0) {
		motor_sleep(20 * MS);
		motor_process_exit(0);
	}
	is(motor_handle_close(s3), 0, "the parent closes its handle; the child still has its copy");
	is(recv_one(ep, &badge, 5 * MS), -ETIMEDOUT, "no notice while the child lives");
	is(recv_one(ep, &badge, 5 * SECOND), (long)MOTOR_IPC_CLOSED, "the child's end brings the notice");
	is((long)badge, 0x52, "for its badge");
	motor_process_wait(c, SECOND);
	motor_handle_close(c);

	/* A handle moved by a call is neither closed nor opened: no notice. */
	long s4 = dup(ep, MOTOR_RIGHT_CALL | MOTOR_RIGHT_TRANSFER, 0x53);
	long box = new_endpoint();
	struct thr t = spawn(take_handle, box);
	uint64_t bw[4] = { 0 };
	struct motor_msg m = { 0 };
	m.handles[0] = (int32_t)s4;
	m.nhandles = 1;
	m.timeout_ns = 2 * SECOND;
	is(call(box, bw, &m), 0, "a call moves the badge's handle to another thread's receive");
	long moved = join(t);
	ok(moved > 0 && moved != s4, "it arrived as a new handle", "got %ld", moved);
	is(recv_one(ep, &badge, 20 * MS), -ETIMEDOUT, "moving a badge's handle brings no notice");
	is(motor_handle_close(moved), 0, "closing it where it went");
	is(recv_one(ep, &badge, SECOND), (long)MOTOR_IPC_CLOSED, "does");
	is((long)badge, 0x53, "for its badge");
	motor_handle_close(box);
	motor_handle_close(ep);
}

int main(int argc, char **argv, char **envp)
{
	(void)argc;
	(void)argv;
	(void)envp;
	test_create();
	test_words();
	test_data();
	test_msgsize();
	test_handles();
	test_reply_recv();
	test_saved_reply();
	test_timeouts();
	test_epipe();
	test_notifications();
	test_waitset();
	test_bad_handles();
	test_wrong_types_and_rights();
	test_bad_messages();
	test_handle_limit();
	test_close_while_waiting();
	test_close_notices();
	test_still_alive();
	return done_testing();
}
