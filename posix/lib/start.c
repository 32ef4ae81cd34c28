/*
 * Process start: crt0 hands over the System V start block (argc, argv,
 * NULL, envp, NULL, auxv); this sets up the C library's view of it and
 * runs main.
 */
#include <stdlib.h>
#include <unistd.h>

#include <motor/proc.h>

#include "internal.h"

extern const unsigned long *posix_auxv;
extern char **environ;
extern void __libc_init_array(void);
extern void __libc_fini_array(void);
int main(int argc, char **argv, char **envp);
void posix_heap_init(void);

long posix_vfs;
pid_t posix_pid = 1, posix_ppid;

__attribute__((noreturn)) void __motor_start(uint64_t *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);
	char **envp = argv + argc + 1;
	char **e = envp;
	while (*e)
		e++;
	posix_auxv = (const unsigned long *)(e + 1);
	environ = envp;
	posix_vfs = (long)motor_getauxval(MOTOR_AT_VFS);
	if (motor_getauxval(MOTOR_AT_PID))
		posix_pid = (pid_t)motor_getauxval(MOTOR_AT_PID);
	posix_ppid = (pid_t)motor_getauxval(MOTOR_AT_PPID);
	process_init(argc > 0 ? argv[0] : NULL);
	setprogname(argc > 0 ? argv[0] : NULL);
	posix_cwd_init((const char *)motor_getauxval(MOTOR_AT_CWD));
	posix_umask_init(motor_getauxval(MOTOR_AT_UMASK));
	posix_heap_init();
	tls_init_main(); /* before any constructor: they may use thread-locals */
	posix_signal_init(); /* errno is thread-local: after the TLS */
	unsigned long pgroup = motor_getauxval(MOTOR_AT_PGROUP);
	if (pgroup && setpgid(0, (pid_t)(pgroup - 1)) < 0)
		_exit(127); /* posix_spawn's POSIX_SPAWN_SETPGROUP could not be met */
	fd_init_from_auxv();
	atexit(__libc_fini_array);
	__libc_init_array();
	exit(main(argc, argv, envp));
}

long motor_vfs_handle(void)
{
	return posix_vfs;
}

void motor_set_vfs_handle(long h)
{
	posix_vfs = h;
}
