/*
 * libposix internals shared between its files. Every call that can fail
 * returns a negative errno internally; the POSIX entry points turn that
 * into -1 and errno at the edge (posix_ret).
 */
#ifndef LIBPOSIX_INTERNAL_H
#define LIBPOSIX_INTERNAL_H

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <reent.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <motor/fs.h>
#include <motor/ipc.h>
#include <motor/libposix.h>
#include <motor/usyscall.h>

#define FD_MAX 1024

/* An open file as this process holds it: one session handle, shared by dup'ed fds. */
struct ofile {
	long handle;
	int refs;
	int flags;  /* O_ACCMODE and O_APPEND as opened (for checks without a call) */
	int kcons;  /* 1: the kernel console fallback (no server yet) */
	struct fdwatch *watches; /* readiness.c: watches at its server (poll, epoll) */
	struct epoll *epoll;     /* epoll.c: an epoll instance (no session: handle 0) */
};

static inline long posix_ret(long r)
{
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

/* fd.c */
struct ofile *fd_get(int fd);
int fd_alloc(struct ofile *f, int min_fd, int cloexec);
int fd_close(int fd);
/* Closes every descriptor (at exit: the servers learn of it now). */
void fd_close_all(void);
int fd_cloexec(int fd);
int fd_set_cloexec(int fd, int on);
struct ofile *ofile_new(long handle, int flags);
void ofile_put(struct ofile *f);
void fd_init_from_auxv(void);
/* Ends this process's hold on session h (FILE_CLOSE) and closes the handle. */
void session_drop(long h);
/* Puts session h (opened with flags) at the lowest free descriptor; on
 * failure the session is dropped. -> the descriptor or a negative errno. */
int fd_install_session(long h, int flags, int cloexec);

/*
 * readiness.c: what poll, select and epoll ask of a file's server
 * (FILE_WATCH, FILE_POLL; motor/fs.h). readiness_ask answers f's revents
 * now (POLL* bits; POLLNVAL for a stale session, POLLERR|POLLHUP when its
 * server is gone) for req (events and MOTOR_POLL_ARM/EDGE). With a
 * notification, the watch for it (registered at the first ask, for item's
 * epoll entry or, item NULL, a thread's poll) is armed in the same step;
 * *always (if not NULL) is set when the file is always ready and keeps no
 * watch. readiness_lock guards the watch lists and epoll items' files.
 */
struct epitem;
struct pollfd;
extern pthread_mutex_t readiness_lock;
uint32_t readiness_ask(struct ofile *f, uint32_t req, long notif, struct epitem *item,
		       int *always);
/* The calling thread's notification for poll and select (one per thread). */
long readiness_thread_notif(void);
/* Bits taken from it: the watches on those bits must be asked again. */
void readiness_bits_taken(uint64_t bits);
/* Every watch of the thread must be asked again (a server may have died). */
void readiness_forget_armed(void);
/* Drops item's watch on f (epoll_ctl DEL, the epoll closing). Takes the lock. */
void readiness_forget(struct ofile *f, struct epitem *item);
/* f's last descriptor closed: its watches go (epoll items lose their file). */
void readiness_release(struct ofile *f);
/* epoll.c: frees an epoll instance (its descriptor closed). */
void epoll_destroy(struct epoll *ep);
/* epoll.c: an epoll item's file closed (called with readiness_lock held). */
void epoll_item_orphan(struct epitem *item);
/* poll.c: poll with a timeout in ns (-1: none). -> ready count or -errno. */
long posix_poll(struct pollfd *fds, unsigned long nfds, int64_t timeout_ns);
/* A wait's timeout (NULL: none, *ns = -1) checked and in ns. -> 0, -EFAULT, -EINVAL. */
struct timespec;
long posix_timespec_ns(const struct timespec *ts, int64_t *ns);
/* The signal mask for a wait (ppoll, pselect, epoll_pwait): put in place
 * (NULL: none), then posix_wait_sigmask_end after the wait, whatever
 * happened. -> 0, -EFAULT, -EINTR a handler ran as the mask changed. */
long posix_wait_sigmask(const __sigset_t *sigmask);
void posix_wait_sigmask_end(void);
/* signal.c: handlers this thread has run (so a wait can tell one ran). */
extern __thread unsigned long posix_handlers_run;
/* io.c: ioctl() with a negative errno; arg is a pointer or, for requests
 * that take an integer (TCFLSH, TIOCSCTTY, ...), that integer. */
long posix_ioctl(int fd, unsigned long req, void *arg);

/* ttyname.c: name into buf (len bytes) -> 0, ERANGE, EINVAL (no buf); and
 * a name_r function into a static buf -> buf, or NULL with errno. */
int posix_copy_name(const char *name, char *buf, size_t len);
char *posix_static_name(int (*name_r)(int, char *, size_t), int fd, char *buf, size_t len);

/* path.c: makes an absolute, normalised-enough path of p (the cwd joined). */
long path_abs(const char *p, char *out, size_t cap);
long vfs_path_call(uint64_t w[4], const char *path, void *rbuf, size_t rlen);
long vfs_path2_call(uint64_t w[4], const char *a, const char *b);

mode_t posix_umask_get(void);
void posix_umask_init(unsigned long from_parent);
/* path.c: the working directory, and where a new program finds it. */
const char *posix_cwd(void);
void posix_cwd_init(const char *from_parent);

/* stat.c */
struct stat;
void stat_from_motor(struct stat *st, const struct motor_stat *ms);

/*
 * The thread control block, at the thread pointer (%fs). Its first words
 * follow the x86_64 ABI as gcc uses it: %fs:0 is the pointer itself,
 * %fs:0x28 the stack protector's canary. tls.c makes it (with the thread's
 * TLS block below it); the rest is the thread's pthread state, and a
 * pthread_t is its address.
 */
struct posix_tcb {
	struct posix_tcb *self; /* %fs:0 */
	void *unused[4];
	uintptr_t stack_guard;  /* %fs:0x28 */
	uintptr_t pointer_guard;
	void *block;            /* the allocation holding the TLS block and this */

	/* pthread_create.c */
	struct _reent *reent;   /* newlib's per-thread state: own_reent, or main's _impure_ptr */
	int tid;                /* kernel thread id; 0 until known, -1 while someone waits for it */
	int detach;             /* THREAD_JOINABLE, THREAD_DETACHED, THREAD_EXITED */
	void *(*start)(void *);
	void *arg;
	void *result;
	void *stack_map;        /* our mapping of its stack (guard included), or NULL */
	size_t stack_map_len;
	struct posix_tcb *reap_next;

	/* pthread_cancel.c */
	int cancel_disable;     /* PTHREAD_CANCEL_DISABLE */
	int cancel_async;       /* PTHREAD_CANCEL_ASYNCHRONOUS (acted on as deferred) */
	int cancel_pending;
	int cancel_wait;        /* futex: 1 blocked at a cancellation point, 2 and a canceller waits */
	struct _pthread_cleanup_context *cleanup;

	/* pthread_key.c: a value counts while seq is its key's */
	struct {
		void *value;
		unsigned int seq;
	} specific[PTHREAD_KEYS_MAX];
	char name[16];          /* pthread_setname_np */

	struct _reent own_reent;
};

enum { THREAD_JOINABLE, THREAD_DETACHED, THREAD_EXITED };

#define PTHREAD_STACK_DEFAULT (2ul << 20) /* address space: pages are backed when touched */

/* tls.c */
int tls_create(struct posix_tcb **out);
void tls_destroy(struct posix_tcb *tcb);
void tls_init_main(void);
extern int posix_tp_ready; /* %fs holds a control block: before, only main runs */

/* volatile: gcc must not hoist the load above a posix_tp_ready check. */
static inline struct posix_tcb *posix_self(void)
{
	struct posix_tcb *t;
	__asm__ volatile("movq %%fs:0, %0" : "=r"(t));
	return t;
}

/* pthread_create.c */
int posix_thread_tid(struct posix_tcb *t);
_Noreturn void posix_thread_finish(void *result);
/* In a fork's child: the calling thread is the only one. */
void posix_thread_fork_child(void);

/* pthread_key.c: runs the calling thread's destructors (at its exit). */
void keys_run_destructors(struct posix_tcb *self);

/*
 * pthread_cancel.c: a blocking call that is a cancellation point brackets
 * its wait with cancel_arm (which acts at once on a pending request, if
 * cancellation is enabled; -> whether it armed) and cancel_disarm (acts if
 * a request came meanwhile). Calls that must restore something first (the
 * condition variable's mutex) use cancel_leave, then cancel_act.
 */
int cancel_arm(void);
int cancel_leave(int armed);
_Noreturn void cancel_act(void);
static inline void cancel_disarm(int armed)
{
	if (cancel_leave(armed))
		cancel_act();
}
/* Waits until no pthread_cancel can still be reading a thread's control block. */
void cancel_quiesce(void);

/*
 * The setpshared attributes' one rule: futexes are per address space, so
 * no object is shared between processes. -> 0, ENOTSUP or EINVAL.
 */
static inline int pshared_check(int pshared)
{
	if (pshared == PTHREAD_PROCESS_SHARED)
		return ENOTSUP;
	return pshared == PTHREAD_PROCESS_PRIVATE ? 0 : EINVAL;
}

/* pthread_misc.c: fork's pthread_atfork handlers: 0 prepare, 1 parent, 2 child. */
void posix_atfork_run(int phase);

/* time.c */
int posix_clock_ns(clockid_t id, int64_t *ns);
/* rusage.c: the caller's CPU time (thread: its calling thread's) for the CPU-time clocks. */
int posix_cpu_clock_ns(int thread, int64_t *ns);
/* Fills *ru from u: RUSAGE_SELF its own figures, RUSAGE_CHILDREN the children_
 * ones, POSIX_RUSAGE_BOTH the two together (wait4's, as on Linux). */
#define POSIX_RUSAGE_BOTH (-2)
struct rusage;
struct motor_proc_usage;
void posix_rusage_fill(struct rusage *ru, const struct motor_proc_usage *u, int which);

/* auxv.c: the auxiliary vector the process started with */
extern const unsigned long *posix_auxv;

/* process.c */
extern long posix_proc;
void process_init(const char *argv0);
void process_report_exit(int status);
/* One call to procd on this process's session (-ENOSYS without one). */
long process_call(uint64_t w[4], struct motor_msg *m);
/* Moves kproc, the kernel process that runs pid's program (named by path,
 * started with argv; NULL for a fork, which keeps its parent's command line)
 * to procd with op (PROC_START, or PROC_EXEC for the caller's own pid); if
 * procd does not take it, that process is ended. -> 0 or -errno. */
long process_hand_over(uint64_t op, long pid, long kproc, const char *path, char *const argv[]);
/* Starts a program in a new kernel process with session, pid, ppid, the
 * working directory, umask, VFS and (pass_fds) the inheritable descriptors,
 * after the caller's extra items. -> the kernel process handle or -errno. */
struct motor_spawn_item;
/* What posix_spawn changes in what a child gets (NULL: nothing). */
struct spawn_plan {
	const int *fdmap;    /* FD_MAX entries: the child's fd -> the parent's (-1: none) */
	int set_mask;        /* the child's blocked signals are `mask`, not ours */
	uint64_t mask;
	uint64_t sigdefault; /* signals that go back to their default action */
};
/* spawn.c: motor_spawn in two steps. spawn_build makes the process, its
 * memory, stack and handles, and says in go where its thread is to start;
 * spawn_go starts it (on failure the process is killed). So a parent can
 * tell procd what the pid runs before the program can ask (ps would list
 * itself under the name of the shell that ran it). -> proc / 0, or -errno. */
struct spawn_entry {
	uint64_t entry, block;
};
long spawn_build(const char *name, const void *image, size_t len, char *const argv[],
		 char *const envp[], const struct motor_spawn_item *items, size_t nitems,
		 struct spawn_entry *go);
long spawn_go(long proc, const struct spawn_entry *go);
/* The program is built, not started: spawn_go starts it. */
long process_start_program(const char *path, const void *image, size_t len, char *const argv[],
			   char *const envp[], const struct motor_spawn_item *extra,
			   size_t nextra, long session, long pid, long ppid, int pass_fds,
			   const struct spawn_plan *plan, struct spawn_entry *go);
/* process_hand_over, then the program's start (spawn_go): -> 0 or -errno. */
long process_hand_over_and_go(uint64_t op, long pid, long kproc, const char *path,
			      char *const argv[], const struct spawn_entry *go);
/* exec.c: reads a program (a "#!" script: its interpreter, one level) and
 * calls fn with what to start; posix_search_program looks for file in
 * PATH first when it has no slash, as execvp. -> fn's result or -errno. */
typedef long (*posix_program_fn)(const char *path, const char *image, size_t len,
				 char *const argv[], char *const envp[], void *ctx);
long posix_run_program(const char *path, char *const argv[], char *const envp[],
		       posix_program_fn fn, void *ctx);
long posix_search_program(const char *file, char *const argv[], char *const envp[],
			  posix_program_fn fn, void *ctx);
/* Starts a program as our child (a pid from procd, the standard items as
 * plan changes them, extra items first). -> its pid or -errno. */
long process_spawn(const char *path, const void *image, size_t len, char *const argv[],
		   char *const envp[], const struct motor_spawn_item *extra, size_t nextra,
		   int pass_fds, const struct spawn_plan *plan);

/* signal.c, sigsend.c: what exec passes on, and its reading at start */
size_t posix_signal_items(struct motor_spawn_item *items, size_t n,
			  const struct spawn_plan *plan);
void posix_signal_init(void);
void posix_raise_sigpipe(void);
/* The kernel's struct motor_siginfo as a siginfo_t. */
struct motor_siginfo;
siginfo_t posix_siginfo(const struct motor_siginfo *ki);
/* process.c: whether the process server reaps our children itself (SIGCHLD ignored) */
void posix_proc_nocldwait(int on);

/* start.c */
extern long posix_vfs;
extern pid_t posix_pid, posix_ppid;

#endif
