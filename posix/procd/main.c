/*
 * procd, the process server: one thread that receives calls on its
 * endpoint and, on the same wait-set, the notification that every watched
 * process signals when it ends.
 *
 * Started by init with MOTOR_AT_SERVER0: its endpoint (RECEIVE, DUP), and
 * MOTOR_AT_SERVER1: the device-resource handle (MANAGE only) for power. init
 * is pid 1 from the start (MOTOR_PROC_INIT_BADGE).
 */
#include <stdio.h>
#include <string.h>

#include <motor/fs.h>
#include <motor/handle.h>
#include <motor/ipc.h>
#include <motor/libposix.h>
#include <motor/proc.h>
#include <motor/usyscall.h>

#include "motor/errno.h"
#include "procd.h"

#define KEY_CALLS 1
#define KEY_ENDED 2

long proc_endpoint, proc_notify;
static char rbuf[4096];

/* procd lists itself too (pid 2, init's child), with its own figures from the kernel. */
static void add_self(int argc, char **argv)
{
	struct proc *me = proc_alloc(1);
	if (!me)
		return;
	group_inherit(me, proc_by_pid(1)); /* init's session, with the other servers */
	me->state = PROC_RUNNING;
	me->self = true;
	char data[sizeof(me->name) + MOTOR_PROC_CMDLINE_MAX] = "procd";
	size_t n = sizeof("procd");
	for (int i = 0; i < argc && n < sizeof(data); i++) {
		size_t k = strnlen(argv[i], sizeof(data) - n - 1);
		memcpy(data + n, argv[i], k);
		n += k;
		data[n++] = '\0';
	}
	stat_set_program(me, data, n);
}

static int setup(long *ws, int argc, char **argv)
{
	proc_endpoint = (long)motor_getauxval(MOTOR_AT_SERVER0);
	power_init();
	proc_notify = motor_notification_create();
	*ws = motor_waitset_create();
	if (proc_endpoint <= 0 || proc_notify < 0 || *ws < 0 ||
	    motor_waitset_add(*ws, proc_endpoint, KEY_CALLS) < 0 ||
	    motor_waitset_add(*ws, proc_notify, KEY_ENDED) < 0) {
		fprintf(stderr, "procd: cannot set up its endpoint and notification\n");
		return -1;
	}
	/* A process costs some 80 KiB at least (tables, kernel stack, first
	 * pages): allow one per 256 KiB of memory, so memory outlasts them. */
	proc_set_limit((int32_t)(motor_sys_info(MOTOR_INFO_TOTAL_PAGES) / 64));
	struct proc *init = proc_alloc(0);
	if (!init || proc_badge(init) != MOTOR_PROC_INIT_BADGE) {
		fprintf(stderr, "procd: cannot make init's entry\n");
		return -1;
	}
	group_inherit(init, NULL); /* group and session 1: init and the servers */
	init->state = PROC_RUNNING;
	strcpy(init->name, "init");
	add_self(argc, argv);
	return 0;
}

int main(int argc, char **argv)
{
	long ws;
	if (setup(&ws, argc, argv) < 0)
		return 1;
	for (;;) {
		uint64_t w[4] = {0}, badge = 0;
		struct motor_msg m = {0};
		m.rbuf = (uint64_t)(uintptr_t)rbuf;
		m.rlen = sizeof(rbuf);
		long r = motor_ipc(SYS_ipc_recv, ws, w, &m, &badge);
		if (r == -ETIMEDOUT || r == -EINTR || r == -ECANCELED)
			continue;
		if (badge & MOTOR_WS_NOTIFICATION) {
			reap_ended();
			continue;
		}
		struct request rq = {.badge = badge, .data = rbuf, .len = m.rlen,
				     .handle = m.rnhandles ? m.rhandles[0] : 0};
		for (uint32_t i = 1; i < m.rnhandles; i++)
			motor_handle_close(m.rhandles[i]); /* no call carries more than one */
		memcpy(rq.w, w, sizeof(rq.w));
		if (r < 0) { /* -EMSGSIZE: more data than any call carries */
			uint64_t e[4] = {(uint64_t)r, 0, 0, 0};
			motor_ipc(SYS_ipc_reply, 0, e, NULL, NULL);
			if (rq.handle > 0)
				motor_handle_close(rq.handle);
			continue;
		}
		serve(&rq);
	}
}
