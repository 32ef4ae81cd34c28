/*
 * ttyd, the tty server: the serial console as a POSIX terminal.
 *
 * Started by init with two handles (auxv): MOTOR_AT_SERVER0, the device
 * resource (console input), and MOTOR_AT_SERVER1, its endpoint (RECEIVE).
 * One thread waits on a wait-set holding the endpoint (key 0) and a
 * notification that console input signals (KEY_CONSOLE). Input goes
 * through the line discipline (echo, editing, signals) to waiting readers;
 * calls are decoded in ops.c. The wait has a timeout only while a
 * non-canonical read runs a VTIME timer.
 *
 * If ttyd dies, sessions' calls fail with -EPIPE (libposix: -EIO) and the
 * kernel console still shows the kernel's own output.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <motor/errno.h>
#include <motor/fs.h>
#include <motor/ipc.h>
#include <motor/libposix.h>
#include <motor/usyscall.h>

#include "console.h"
#include "ops.h"
#include "tty.h"

#define KEY_ENDPOINT 0
#define KEY_CONSOLE 1
#define CONSOLE_BITS 1

static struct tty console_tty;
static char rbuf[MOTOR_IPC_MAX_DATA]; /* a request's data */

/* Handles a client sent along: the first may be taken (FILE_WATCH's
 * notification); the others go. -> the first, or 0. */
static long drop_handles(const struct motor_msg *m, bool keep_first)
{
	long first = 0;

	for (uint32_t i = 0; i < m->rnhandles && i < MOTOR_IPC_MAX_HANDLES; i++) {
		if (i == 0 && keep_first && m->rhandles[0] > 0)
			first = m->rhandles[0];
		else
			motor_handle_close(m->rhandles[i]);
	}
	return first;
}

/* The wait's timeout: until the first reader's VTIME timer, or none (0). */
static uint64_t timeout_ns(uint64_t now)
{
	uint64_t dl = console_tty.deadline;

	if (!dl)
		return 0;
	return dl > now ? dl - now : 1;
}

static int setup(long *ws_out, long *res_out)
{
	long res = (long)motor_getauxval(MOTOR_AT_SERVER0);
	long ep = (long)motor_getauxval(MOTOR_AT_SERVER1);
	long ws = motor_waitset_create();
	long nf = motor_notification_create();
	long err;

	if (res <= 0 || ep <= 0) {
		fprintf(stderr, "ttyd: started without the resource and endpoint handles\n");
		return -EINVAL;
	}
	if (ws < 0 || nf < 0) {
		fprintf(stderr, "ttyd: cannot create a wait-set or notification: %ld\n",
			ws < 0 ? ws : nf);
		return -ENOMEM;
	}
	if ((err = motor_waitset_add(ws, ep, KEY_ENDPOINT)) < 0 ||
	    (err = motor_waitset_add(ws, nf, KEY_CONSOLE)) < 0) {
		fprintf(stderr, "ttyd: cannot wait on the endpoint: %ld\n", err);
		return (int)err;
	}
	struct tty_device dev = {.write = console_write, .ctx = NULL};
	tty_init(&console_tty, &dev);
	ops_init(ep, &console_tty);
	if ((err = console_attach(res, nf, CONSOLE_BITS)) < 0) {
		fprintf(stderr, "ttyd: cannot take console input: %ld\n", err);
		return (int)err;
	}
	*ws_out = ws;
	*res_out = res;
	return 0;
}

int main(void)
{
	long ws = 0, res = 0;

	if (setup(&ws, &res) < 0)
		return 1;
	for (;;) {
		uint64_t now = (uint64_t)motor_clock_ns();
		uint64_t w[4] = {0}, badge = 0;
		struct motor_msg m = {0};
		uint64_t due = console_tty.deadline;

		tty_expire(&console_tty, now);
		if (due && now >= due)
			ops_wake(); /* a timed-out read took input */
		m.rbuf = (uint64_t)(uintptr_t)rbuf;
		m.rlen = sizeof(rbuf);
		m.timeout_ns = timeout_ns(now);
		long r = motor_ipc(SYS_ipc_recv, ws, w, &m, &badge);
		now = (uint64_t)motor_clock_ns();
		if (r == -ETIMEDOUT || r == -EINTR || r == -ECANCELED)
			continue;
		if (r < 0 && r != -EMSGSIZE) {
			fprintf(stderr, "ttyd: receive failed: %ld\n", r);
			return 1;
		}
		if (badge & MOTOR_WS_NOTIFICATION) {
			if ((r = console_drain(res, &console_tty, now)) < 0)
				fprintf(stderr, "ttyd: console input: %ld\n", r);
			ops_wake();
			continue;
		}
		long handle = drop_handles(&m, r == 0);
		if (r == -EMSGSIZE) {
			/* More data than any request carries: truncated, so refused. */
			uint64_t e[4] = {(uint64_t)-EMSGSIZE, 0, 0, 0};
			motor_ipc(SYS_ipc_reply, 0, e, NULL, NULL);
			continue;
		}
		struct request rq = {.badge = badge, .data = rbuf, .len = m.rlen, .now = now,
				     .handle = handle};
		for (int i = 0; i < 4; i++)
			rq.w[i] = w[i];
		ops_dispatch(&rq);
	}
}
