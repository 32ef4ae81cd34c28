/*
 * libposix's own interface, for Motor's servers and tools (ordinary programs
 * use the POSIX calls). libposix is the layer newlib calls into: it keeps
 * the process's file descriptors and talks to the servers over IPC.
 */
#ifndef MOTOR_LIBPOSIX_H
#define MOTOR_LIBPOSIX_H

#include <stddef.h>
#include <stdint.h>

/* A value from the auxiliary vector the process started with, or 0. */
unsigned long motor_getauxval(unsigned long type);

/* The VFS endpoint handle (auxv MOTOR_AT_VFS); 0 when the process has none. */
long motor_vfs_handle(void);
/* Sets it (init does, once the VFS server runs). */
void motor_set_vfs_handle(long h);

/*
 * Installs a session handle as a new file descriptor (the lowest free one
 * at or above min_fd). -> the descriptor, or -1 with errno.
 */
int motor_fd_install(long handle, int min_fd);
/* The session handle behind fd, or -1 with errno EBADF. */
long motor_fd_handle(int fd);
/* A new handle to fd's open file description (for handing to a child). */
long motor_fd_clone(int fd);

/* This process's session with the process server (auxv MOTOR_AT_PROC), 0 if
 * none; init sets its own. */
long motor_proc_handle(void);
void motor_set_proc_handle(long h);
/* init: hands the process server its own kernel process (auxv MOTOR_AT_SELF)
 * and command line, so ps shows init's figures like any other's. -> 0, or
 * -1 with errno (the handle is closed then). */
int motor_proc_announce(long self, char *const argv[]);

/* The regular file at path, whole, in malloc'd memory with a NUL after it
 * (*len its size); NULL with errno (EACCES: not a regular file). */
void *motor_read_file(const char *path, size_t *len);

/* 0 if [p, p+len) may be read (write = 0) or written (write = 1), else -EFAULT. */
int motor_user_ok(const void *p, size_t len, int write);

/* The mount table, lines "source mountpoint type options\n", into buf
 * (cut at len bytes). -> the byte count or -errno. */
long motor_mounts(char *buf, size_t len);

/* Asks the process server to power off (MOTOR_POWER_OFF) or reboot
 * (MOTOR_POWER_REBOOT); returns only on failure: -1 with errno (EPERM). */
int motor_power_request(int how);

/* One call to a file server: w[0] = op in, result out (>= 0 or -errno). */
struct motor_msg;
long motor_file_call(long h, uint64_t w[4], struct motor_msg *m);

#endif
