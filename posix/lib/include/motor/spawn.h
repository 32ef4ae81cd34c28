/*
 * motor_spawn: starts a program from an ELF image in memory in a new
 * process (libposix's loader; init uses it for the servers and the first
 * programs, the process server for exec).
 */
#ifndef MOTOR_SPAWN_H
#define MOTOR_SPAWN_H

#include <stddef.h>
#include <stdint.h>

/* An auxiliary vector entry for the child. With give_rights != 0, value is
 * a handle of the caller's that is given to the child with those rights, and
 * the child's auxv carries the child's handle value. With give_rights ==
 * MOTOR_SPAWN_STRING, value is a C string copied to the child's stack, and
 * the auxv carries its address there. */
#define MOTOR_SPAWN_STRING 0xffffffffu
struct motor_spawn_item {
	unsigned long type;
	long value;
	uint32_t give_rights;
};

/* -> the child's process handle, or a negative errno (-ENOEXEC: not a
 * Motor executable, -E2BIG: arguments too long). */
long motor_spawn(const char *name, const void *image, size_t len, char *const argv[],
		 char *const envp[], const struct motor_spawn_item *items, size_t nitems);

/*
 * Starts a program as a child POSIX process: a pid and a session from the
 * process server, the VFS, the descriptors not marked close-on-exec (if
 * pass_fds; the same descriptor numbers in the child) and, first, the
 * caller's own items. -> the child's pid (wait for it with waitpid), or -1
 * with errno.
 */
int motor_spawn_process(const char *path, const void *image, size_t len, char *const argv[],
			char *const envp[], const struct motor_spawn_item *extra, size_t nextra,
			int pass_fds);

/*
 * exec from an ELF image in memory: the caller's pid runs the program
 * (path names it) as execve would. Returns only on failure: -1 with errno.
 */
int motor_exec_image(const char *path, const void *image, size_t len, char *const argv[],
		     char *const envp[]);

#endif
