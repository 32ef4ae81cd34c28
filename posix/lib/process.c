/*
 * Processes through the process server (abi/include/motor/proc.h): starting
 * a program as a child (motor_spawn_process), fork, waitpid and its
 * family, getppid, kill (groups too: procd's groups.c), and telling the server about a normal exit.
 * Without a server (a process started by the kernel or before procd runs)
 * these answer ENOSYS or ECHILD, and getpid stays the auxv value.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <motor/handle.h>
#include <motor/proc.h>
#include <motor/spawn.h>

#include "internal.h"

#define SESSION_RIGHTS (MOTOR_RIGHT_DUP | MOTOR_RIGHT_TRANSFER | MOTOR_RIGHT_CALL)

long posix_proc;                   /* this process's session with procd, 0 if none */
static const char *program = "?"; /* argv[0], the name procd shows */

void process_init(const char *argv0)
{
	posix_proc = (long)motor_getauxval(MOTOR_AT_PROC);
	if (argv0)
		program = argv0;
}

long motor_proc_handle(void)
{
	return posix_proc;
}

void motor_set_proc_handle(long h)
{
	posix_proc = h;
}

long process_call(uint64_t w[4], struct motor_msg *m)
{
	if (!posix_proc)
		return -ENOSYS;
	return motor_file_call(posix_proc, w, m);
}

void process_report_exit(int status)
{
	uint64_t w[4] = {PROC_EXIT, (uint64_t)(status & 0xff), 0, 0};
	process_call(w, NULL);
}

/* A pid and a session for a child about to start. */
static long proc_new(long *session)
{
	uint64_t w[4] = {PROC_NEW, 0, 0, 0};
	struct motor_msg m = {0};
	long r = process_call(w, &m);
	if (r < 0)
		return r;
	if (m.rnhandles != 1)
		return -EIO;
	*session = m.rhandles[0];
	return (long)w[1];
}

static void proc_abort(long pid)
{
	uint64_t w[4] = {PROC_ABORT, (uint64_t)pid, 0, 0};
	process_call(w, NULL);
}

/*
 * What PROC_START and PROC_EXEC carry: the program's file name, then (with
 * argv) a NUL and the arguments, each NUL-terminated, cut to what procd
 * keeps. -> its length in buf.
 */
static size_t program_data(char *buf, size_t cap, const char *name, char *const argv[])
{
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	size_t n = strnlen(base, cap - 1);
	memcpy(buf, base, n);
	if (!argv)
		return n; /* fork: the child keeps its parent's command line */
	buf[n++] = '\0';
	for (size_t i = 0; argv[i] && n < cap; i++) {
		size_t k = strnlen(argv[i], cap - n - 1);
		memcpy(buf + n, argv[i], k);
		n += k;
		buf[n++] = '\0';
	}
	return n;
}

static long hand_over(uint64_t op, long pid, long kproc, const char *name, char *const argv[])
{
	uint64_t w[4] = {op, (uint64_t)pid, 0, 0};
	struct motor_msg m = {0};
	char data[48 + MOTOR_PROC_CMDLINE_MAX];
	m.buf = (uint64_t)data;
	m.len = program_data(data, sizeof(data), name, argv);
	m.handles[0] = (int32_t)kproc;
	m.nhandles = 1;
	return process_call(w, &m);
}

int motor_proc_announce(long self, char *const argv[])
{
	/* PROC_EXEC says "my pid runs in this kernel process": true of init's own. */
	long r = hand_over(PROC_EXEC, 0, self, argv && argv[0] ? argv[0] : "init", argv);
	if (r < 0)
		motor_handle_close(self);
	return (int)posix_ret(r);
}

long process_hand_over(uint64_t op, long pid, long kproc, const char *name, char *const argv[])
{
	long r = hand_over(op, pid, kproc, name, argv);
	if (r < 0) {
		/* Not taken (if the handle still is ours): the program must not run on. */
		motor_process_kill(kproc, 127);
		motor_handle_close(kproc);
	}
	return r;
}

long process_hand_over_and_go(uint64_t op, long pid, long kproc, const char *path,
			      char *const argv[], const struct spawn_entry *go)
{
	/* procd takes the handle: a copy of ours starts the thread after. */
	long mine = motor_handle_dup(kproc, MOTOR_RIGHT_MANAGE, 0);
	if (mine < 0) {
		motor_process_kill(kproc, 127);
		motor_handle_close(kproc);
		return mine;
	}
	long r = process_hand_over(op, pid, kproc, path, argv);
	if (r >= 0)
		r = spawn_go(mine, go);
	motor_handle_close(mine);
	return r;
}

/* ---- starting a program ---- */

/*
 * What a new program gets from the process that starts it: its session
 * with procd and its pid and parent, the VFS, the working directory and
 * umask, the blocked and ignored signals, and (if pass_fds) the descriptors not marked close-on-exec, each
 * a new hold on its open file. Items go after the `n` already in items;
 * *fds_from is where the descriptors' items begin. -> the new count.
 */
static size_t standard_items(struct motor_spawn_item *items, size_t n, long session, long pid,
			     long ppid, int pass_fds, const struct spawn_plan *plan,
			     size_t *fds_from)
{
	items[n++] = (struct motor_spawn_item){MOTOR_AT_PROC, session, SESSION_RIGHTS};
	items[n++] = (struct motor_spawn_item){MOTOR_AT_PID, pid, 0};
	items[n++] = (struct motor_spawn_item){MOTOR_AT_PPID, ppid, 0};
	items[n++] = (struct motor_spawn_item){MOTOR_AT_CWD, (long)posix_cwd(), MOTOR_SPAWN_STRING};
	items[n++] = (struct motor_spawn_item){MOTOR_AT_UMASK, (long)posix_umask_get() + 1, 0};
	if (posix_vfs)
		items[n++] = (struct motor_spawn_item){MOTOR_AT_VFS, posix_vfs, SESSION_RIGHTS};
	n = posix_signal_items(items, n, plan);
	*fds_from = n;
	for (int fd = 0; pass_fds && fd < FD_MAX; fd++) {
		/* The child's fd is the parent's `from` (posix_spawn's file actions), or itself. */
		int from = plan && plan->fdmap ? plan->fdmap[fd] : fd;
		if (from < 0 || !fd_get(from) || (!(plan && plan->fdmap) && fd_cloexec(fd) > 0))
			continue;
		long h = motor_fd_clone(from); /* one more holder: the new program's */
		if (h <= 0)
			continue; /* the kernel console fallback: the child gets its own */
		unsigned long type = fd < 3 ? MOTOR_AT_FD0 + (unsigned long)fd
					    : MOTOR_AT_FD_BASE + (unsigned long)fd;
		items[n++] = (struct motor_spawn_item){type, h, SESSION_RIGHTS};
	}
	return n;
}

/* After motor_spawn: the descriptors' holds moved to the new program, or go. */
static void settle_fd_items(struct motor_spawn_item *items, size_t from, size_t n, int started)
{
	for (size_t i = from; i < n; i++) {
		if (started)
			motor_handle_close(items[i].value); /* the program has its own now */
		else
			session_drop(items[i].value); /* it never ran: its holds go */
	}
}

long process_start_program(const char *path, const void *image, size_t len, char *const argv[],
			   char *const envp[], const struct motor_spawn_item *extra,
			   size_t nextra, long session, long pid, long ppid, int pass_fds,
			   const struct spawn_plan *plan, struct spawn_entry *go)
{
	size_t cap = nextra + 10 + (pass_fds ? FD_MAX : 0), n = 0, fds_from;
	struct motor_spawn_item *items = malloc(cap * sizeof(*items));
	if (!items)
		return -ENOMEM;
	/* The caller's items first: the child's lookups find them before ours. */
	for (size_t i = 0; i < nextra; i++)
		items[n++] = extra[i];
	n = standard_items(items, n, session, pid, ppid, pass_fds, plan, &fds_from);
	long kproc = spawn_build(path, image, len, argv, envp, items, n, go);
	settle_fd_items(items, fds_from, n, kproc >= 0);
	free(items);
	return kproc;
}

long process_spawn(const char *path, const void *image, size_t len, char *const argv[],
		   char *const envp[], const struct motor_spawn_item *extra, size_t nextra,
		   int pass_fds, const struct spawn_plan *plan)
{
	long session = 0;
	long pid = proc_new(&session);
	if (pid < 0)
		return pid;
	struct spawn_entry go;
	long kproc = process_start_program(path, image, len, argv, envp, extra, nextra, session, pid,
					   posix_pid, pass_fds, plan, &go);
	motor_handle_close(session);
	if (kproc < 0) {
		proc_abort(pid);
		return kproc;
	}
	long r = process_hand_over_and_go(PROC_START, pid, kproc, path, argv, &go);
	return r < 0 ? r : pid;
}

int motor_spawn_process(const char *path, const void *image, size_t len, char *const argv[],
			char *const envp[], const struct motor_spawn_item *extra, size_t nextra,
			int pass_fds)
{
	return (int)posix_ret(process_spawn(path, image, len, argv, envp, extra, nextra, pass_fds,
					    NULL));
}

/* ---- fork ---- */

/* Asks every server behind an open file to count one more holder (the child). */
static int hold_all(int undo)
{
	struct ofile *seen[FD_MAX];
	int nseen = 0;
	for (int fd = 0; fd < FD_MAX; fd++) {
		struct ofile *f = fd_get(fd);
		if (!f || f->kcons || f->epoll)
			continue; /* epoll: no server holds it */
		int dup = 0;
		for (int i = 0; i < nseen && !dup; i++)
			dup = seen[i] == f;
		if (dup)
			continue;
		seen[nseen++] = f;
		uint64_t w[4] = {undo ? FILE_CLOSE : FILE_HOLD, 0, 0, 0};
		long r = motor_file_call(f->handle, w, NULL);
		if (r < 0 && !undo) {
			/* Give back the holds taken so far. */
			for (int i = 0; i < nseen - 1; i++) {
				uint64_t c[4] = {FILE_CLOSE, 0, 0, 0};
				motor_file_call(seen[i]->handle, c, NULL);
			}
			return (int)r;
		}
	}
	return 0;
}

pid_t fork(void)
{
	long session = 0;
	long pid = proc_new(&session);
	if (pid < 0)
		return (pid_t)posix_ret(pid);
	posix_atfork_run(0);
	int err = hold_all(0);
	if (err) {
		posix_atfork_run(1);
		motor_handle_close(session);
		proc_abort(pid);
		return (pid_t)posix_ret(err);
	}
	/* The child gets `session` where we have ours: its own from its first instruction. */
	long kproc = motor_process_clone(session, posix_proc);
	if (kproc == 0) {
		posix_ppid = posix_pid;
		posix_pid = (pid_t)pid;
		posix_thread_fork_child();
		posix_atfork_run(2);
		return 0;
	}
	posix_atfork_run(1);
	motor_handle_close(session);
	if (kproc < 0) {
		hold_all(1);
		proc_abort(pid);
		return (pid_t)posix_ret(kproc);
	}
	long r = process_hand_over(PROC_START, pid, kproc, program, NULL);
	return r < 0 ? (pid_t)posix_ret(r) : (pid_t)pid;
}

/* ---- waiting ---- */

pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru)
{
	if (status && motor_user_ok(status, sizeof(*status), 1))
		return (pid_t)posix_ret(-EFAULT);
	if (ru && motor_user_ok(ru, sizeof(*ru), 1))
		return (pid_t)posix_ret(-EFAULT);
	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED))
		return (pid_t)posix_ret(-EINVAL);
	uint64_t w[4] = {PROC_WAIT, (uint64_t)(int64_t)pid, (uint64_t)options, !!ru};
	struct motor_proc_usage usage = {0};
	struct motor_msg m = {0};
	m.rbuf = (uint64_t)&usage;
	m.rlen = sizeof(usage);
	long r = process_call(w, ru ? &m : NULL);
	if (r == -ENOSYS)
		r = -ECHILD; /* no server: no children */
	if (r < 0)
		return (pid_t)posix_ret(r);
	if (w[1] && status)
		*status = (int)w[2];
	if (ru)
		posix_rusage_fill(ru, &usage, POSIX_RUSAGE_BOTH); /* as Linux: its children's too */
	return (pid_t)w[1];
}

pid_t waitpid(pid_t pid, int *status, int options)
{
	return wait4(pid, status, options, NULL);
}

pid_t wait(int *status)
{
	return wait4(-1, status, 0, NULL);
}

pid_t wait3(int *status, int options, struct rusage *ru)
{
	return wait4(-1, status, options, ru);
}

pid_t getppid(void)
{
	uint64_t w[4] = {PROC_IDS, 0, 0, 0};
	if (process_call(w, NULL) == 0)
		posix_ppid = (pid_t)w[2]; /* it changes when the parent ends */
	return posix_ppid;
}

int kill(pid_t pid, int sig)
{
	if (sig < 0 || sig >= NSIG)
		return (int)posix_ret(-EINVAL);
	if (!posix_proc && pid == posix_pid) /* no server: oneself only */
		return (int)posix_ret(motor_signal_send(0, 0, sig, SI_USER, posix_pid, 0));
	uint64_t w[4] = {PROC_KILL, (uint64_t)pid, (uint64_t)sig, 0};
	return (int)posix_ret(process_call(w, NULL));
}

void posix_proc_nocldwait(int on)
{
	uint64_t w[4] = {PROC_NOCLDWAIT, (uint64_t)(on != 0), 0, 0};
	process_call(w, NULL); /* without a server there are no children */
}
