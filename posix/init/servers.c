/*
 * The servers init starts from the initrd and wires together with
 * endpoints it creates: the process server first (every later process is
 * its child), then the VFS server over the initrd, then the tty server.
 * Their endpoints are made here, so this is code, not an inittab entry.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <motor/fs.h>
#include <motor/handle.h>
#include <motor/ipc.h>
#include <motor/libposix.h>
#include <motor/proc.h>
#include <motor/spawn.h>
#include <motor/syscall.h>
#include <motor/usyscall.h>

#include "boot/cpio.h"
#include "init.h"

#define EP_ALL (MOTOR_RIGHT_DUP | MOTOR_RIGHT_TRANSFER | MOTOR_RIGHT_CALL | MOTOR_RIGHT_RECEIVE)
#define EP_CLIENT (MOTOR_RIGHT_DUP | MOTOR_RIGHT_TRANSFER | MOTOR_RIGHT_CALL)

static const void *initrd;
static size_t initrd_len;

/* Starts a server from the initrd: a child process (the process server's
 * pid and session) once that runs, a bare process before. -> > 0 or -errno. */
static long start_server(const char *path, const struct motor_spawn_item *items, size_t n)
{
	struct cpio_entry e;
	if (cpio_find(initrd, initrd_len, path, &e) != 0) {
		fprintf(stderr, "init: %s is not in the initrd\n", path);
		return -ENOENT;
	}
	char *argv[] = {(char *)path, NULL};
	long r;
	if (motor_proc_handle())
		r = motor_spawn_process(path, e.data, e.size, argv, init_env, items, n, 0) < 0
			    ? -errno
			    : 1;
	else
		r = motor_spawn(path, e.data, e.size, argv, init_env, items, n);
	if (r < 0)
		fprintf(stderr, "init: cannot start %s: error %ld\n", path, r);
	return r;
}

int servers_start(char **argv)
{
	long res = (long)motor_getauxval(MOTOR_AT_RESOURCE);
	long mem = (long)motor_getauxval(MOTOR_AT_INITRD);
	uint64_t off = motor_getauxval(MOTOR_AT_INITRD_OFFSET);
	initrd_len = motor_getauxval(MOTOR_AT_INITRD_SIZE);
	long va = motor_mem_map(0, mem, 0, (long)((off + initrd_len + 4095) & ~4095ull),
				MOTOR_PROT_READ, 0);
	if (res <= 0 || va < 0) {
		fprintf(stderr, "init: started without the resource or initrd handles\n");
		return -1;
	}
	initrd = (const char *)va + off;

	/* The process server first: every other process is its child. */
	long proc_ep = motor_endpoint_create(0);
	/* procd powers the machine off or reboots it for whom it allows (PROC_POWER). */
	struct motor_spawn_item proc_items[] = {{MOTOR_AT_SERVER0, proc_ep, EP_ALL},
						{MOTOR_AT_SERVER1, res, MOTOR_RIGHT_MANAGE}};
	if (proc_ep < 0 || start_server("sbin/procd", proc_items, 2) < 0)
		return -1;
	motor_set_proc_handle(motor_handle_dup(proc_ep, EP_CLIENT, (long)MOTOR_PROC_INIT_BADGE));
	long self = (long)motor_getauxval(MOTOR_AT_SELF);
	if (self > 0 && motor_proc_announce(self, argv) < 0)
		fprintf(stderr, "init: procd does not know init's process: %s\n", strerror(errno));

	/* The VFS server hears of sessions whose last handle closed (a killed process's). */
	long tty_ep = motor_endpoint_create(MOTOR_EP_CLOSE_NOTICES),
	     vfs_ep = motor_endpoint_create(MOTOR_EP_CLOSE_NOTICES);
	/* The tty server asks procd about sessions with a badge of its own. */
	long tty_proc = motor_handle_dup(proc_ep, EP_CLIENT, (long)MOTOR_PROC_TTY_BADGE);
	struct motor_spawn_item tty_items[] = {
		{MOTOR_AT_SERVER0, res, MOTOR_RIGHT_MANAGE | MOTOR_RIGHT_DUP},
		{MOTOR_AT_SERVER1, tty_ep, EP_ALL},
		{MOTOR_AT_SERVER2, tty_proc, EP_CLIENT},
	};
	struct motor_spawn_item vfs_items[] = {
		{MOTOR_AT_SERVER0, mem, MOTOR_RIGHT_READ | MOTOR_RIGHT_DUP},
		{MOTOR_AT_INITRD_OFFSET, (long)off, 0},
		{MOTOR_AT_INITRD_SIZE, (long)initrd_len, 0},
		{MOTOR_AT_SERVER1, vfs_ep, EP_ALL},
		{MOTOR_AT_SERVER2, tty_ep, EP_CLIENT},
	};
	if (tty_ep < 0 || vfs_ep < 0 || start_server("sbin/vfsd", vfs_items, 5) < 0)
		return -1;
	if (start_server("sbin/ttyd", tty_items, tty_proc > 0 ? 3 : 2) < 0)
		fprintf(stderr, "init: going on without a terminal: the kernel console it is\n");
	motor_set_vfs_handle(motor_handle_dup(vfs_ep, EP_CLIENT, 1));
	return 0;
}
