/*
 * libposix internals shared between its files. Every call that can fail
 * returns a negative errno internally; the POSIX entry points turn that
 * into -1 and errno at the edge (posix_ret).
 */
#ifndef LIBPOSIX_INTERNAL_H
#define LIBPOSIX_INTERNAL_H

#include <errno.h>
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
 * tls.c: the thread control block, at the thread pointer (%fs). Its first
 * words follow the x86_64 ABI as gcc uses it: %fs:0 is the pointer itself,
 * %fs:0x28 the stack protector's canary.
 */
struct posix_tcb {
	struct posix_tcb *self; /* %fs:0 */
	void *unused[4];
	uintptr_t stack_guard;  /* %fs:0x28 */
	uintptr_t pointer_guard;
	void *block;            /* the allocation holding the TLS block and this */
};
int tls_create(struct posix_tcb **out);
void tls_destroy(struct posix_tcb *tcb);
void tls_init_main(void);

/* auxv.c: the auxiliary vector the process started with */
extern const unsigned long *posix_auxv;

/* process.c */
extern long posix_proc;
void process_init(const char *argv0);
void process_report_exit(int status);
/* One call to procd on this process's session (-ENOSYS without one). */
long process_call(uint64_t w[4], struct motor_msg *m);
/* Starts a program in a new kernel process with session, pid, ppid, the
 * working directory, umask, VFS and (pass_fds) the inheritable descriptors,
 * after the caller's extra items. -> the kernel process handle or -errno. */
struct motor_spawn_item;
long process_start_program(const char *path, const void *image, size_t len, char *const argv[],
			   char *const envp[], const struct motor_spawn_item *extra,
			   size_t nextra, long session, long pid, long ppid, int pass_fds);

/* start.c */
extern long posix_vfs;
extern pid_t posix_pid, posix_ppid;

#endif
