/*
 * init, the first process. It starts the servers from the initrd (the tty
 * server, then the VFS server over the initrd), wires them together with
 * endpoints it creates, opens the console for itself, and runs the program
 * its arguments name with the console as stdin, stdout and stderr; its exit
 * status becomes init's, and so the machine's (the kernel powers off when
 * init ends). The process server (issue 5) will take over the spawning.
 *
 * Usage (kernel command line): run=init init=/sbin/init initargs="PROGRAM ARGS..."
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <motor/fs.h>
#include <motor/handle.h>
#include <motor/ipc.h>
#include <motor/libposix.h>
#include <motor/spawn.h>
#include <motor/syscall.h>
#include <motor/usyscall.h>

#include "boot/cpio.h"

#define EP_ALL (MOTOR_RIGHT_DUP | MOTOR_RIGHT_TRANSFER | MOTOR_RIGHT_CALL | MOTOR_RIGHT_RECEIVE)
#define EP_CLIENT (MOTOR_RIGHT_DUP | MOTOR_RIGHT_TRANSFER | MOTOR_RIGHT_CALL)

static const void *initrd;
static size_t initrd_len;
static long next_pid = 2;

static char *const env[] = {"PATH=/bin:/sbin", "HOME=/", "TERM=vt100", "USER=root",
			    "SHELL=/bin/sh", NULL};

static long start_server(const char *path, const struct motor_spawn_item *items, size_t n)
{
	struct cpio_entry e;
	if (cpio_find(initrd, initrd_len, path, &e) != 0) {
		fprintf(stderr, "init: %s is not in the initrd\n", path);
		return -ENOENT;
	}
	char *argv[] = {(char *)path, NULL};
	long proc = motor_spawn(path, e.data, e.size, argv, env, items, n);
	if (proc < 0)
		fprintf(stderr, "init: cannot start %s: error %ld\n", path, proc);
	return proc;
}

/* Reads a whole file through the VFS. */
static void *slurp(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	char *buf = malloc((size_t)st.st_size + 1);
	size_t got = 0;
	while (buf && got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (!buf || got != (size_t)st.st_size) {
		free(buf);
		return NULL;
	}
	*len = got;
	return buf;
}

/* Runs argv[0] with the console as its stdio; -> its exit status. */
static int run(char *const argv[], long vfs)
{
	size_t len;
	void *image = slurp(argv[0], &len);
	if (!image) {
		fprintf(stderr, "init: %s: %s\n", argv[0], strerror(errno));
		return 127;
	}
	/* Without a console session the child falls back to the kernel console. */
	long fds[3];
	for (int i = 0; i < 3; i++)
		fds[i] = motor_fd_clone(i);
	const uint32_t give = EP_CLIENT;
	struct motor_spawn_item items[] = {
		{MOTOR_AT_VFS, vfs, give},    {MOTOR_AT_PID, next_pid++, 0},
		{MOTOR_AT_PPID, 1, 0},        {MOTOR_AT_FD0, fds[0], give},
		{MOTOR_AT_FD1, fds[1], give}, {MOTOR_AT_FD2, fds[2], give},
	};
	size_t nitems = fds[0] > 0 && fds[1] > 0 && fds[2] > 0 ? 6 : 3;
	long proc = motor_spawn(argv[0], image, len, argv, env, items, nitems);
	free(image);
	for (int i = 0; i < 3; i++)
		if (fds[i] > 0)
			motor_handle_close(fds[i]); /* the child has its own now */
	if (proc < 0) {
		fprintf(stderr, "init: cannot run %s: error %ld\n", argv[0], proc);
		return 126;
	}
	long status = motor_process_wait(proc, (long)MOTOR_FOREVER);
	motor_handle_close(proc);
	return status < 0 ? 127 : (int)status;
}

int main(int argc, char **argv)
{
	long res = (long)motor_getauxval(MOTOR_AT_RESOURCE);
	long mem = (long)motor_getauxval(MOTOR_AT_INITRD);
	uint64_t off = motor_getauxval(MOTOR_AT_INITRD_OFFSET);
	initrd_len = motor_getauxval(MOTOR_AT_INITRD_SIZE);
	long va = motor_mem_map(0, mem, 0, (long)((off + initrd_len + 4095) & ~4095ull),
				MOTOR_PROT_READ, 0);
	if (res <= 0 || va < 0) {
		fprintf(stderr, "init: started without the resource or initrd handles\n");
		return 1;
	}
	initrd = (const char *)va + off;

	long tty_ep = motor_endpoint_create(), vfs_ep = motor_endpoint_create();
	struct motor_spawn_item tty_items[] = {
		{MOTOR_AT_SERVER0, res, MOTOR_RIGHT_MANAGE | MOTOR_RIGHT_DUP},
		{MOTOR_AT_SERVER1, tty_ep, EP_ALL},
		{MOTOR_AT_PID, next_pid++, 0},
	};
	struct motor_spawn_item vfs_items[] = {
		{MOTOR_AT_SERVER0, mem, MOTOR_RIGHT_READ | MOTOR_RIGHT_DUP},
		{MOTOR_AT_INITRD_OFFSET, (long)off, 0},
		{MOTOR_AT_INITRD_SIZE, (long)initrd_len, 0},
		{MOTOR_AT_SERVER1, vfs_ep, EP_ALL},
		{MOTOR_AT_SERVER2, tty_ep, EP_CLIENT},
		{MOTOR_AT_PID, next_pid++, 0},
	};
	if (tty_ep < 0 || vfs_ep < 0 || start_server("sbin/vfsd", vfs_items, 6) < 0)
		return 1;
	if (start_server("sbin/ttyd", tty_items, 3) < 0)
		fprintf(stderr, "init: going on without a terminal: the kernel console it is\n");
	long vfs = motor_handle_dup(vfs_ep, EP_CLIENT, 1);
	motor_set_vfs_handle(vfs);

	int con = open("/dev/console", O_RDWR);
	if (con < 0)
		fprintf(stderr, "init: cannot open /dev/console: %s\n", strerror(errno));
	for (int fd = 0; con >= 0 && fd < 3; fd++)
		if (con != fd)
			dup2(con, fd);
	if (con > 2)
		close(con);
	if (argc < 2) {
		printf("init: nothing to run (initargs=\"PROGRAM ARGS...\")\n");
		return 0;
	}
	fflush(stdout);
	int status = run(argv + 1, vfs);
	return status;
}
