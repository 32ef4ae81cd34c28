/*
 * Process identity and limits: the pid from the auxiliary vector, everyone
 * root, the host name, uname, sysconf. Children, fork and waiting are in
 * process.c, exec in exec.c.
 */
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

pid_t getpid(void)
{
	return posix_pid;
}

uid_t getuid(void) { return 0; }
uid_t geteuid(void) { return 0; }
gid_t getgid(void) { return 0; }
gid_t getegid(void) { return 0; }

/* Everyone is root and stays root: becoming root again is all that works. */
static int become(long id)
{
	return (int)posix_ret(id == 0 ? 0 : id < 0 ? -EINVAL : -EPERM);
}

int setuid(uid_t id) { return become((long)id); }
int seteuid(uid_t id) { return become((long)id); }
int setgid(gid_t id) { return become((long)id); }
int setegid(gid_t id) { return become((long)id); }

/* The supplementary groups: root's own group, 0, alone. */
int getgroups(int size, gid_t list[])
{
	if (size < 0)
		return (int)posix_ret(-EINVAL);
	if (size == 0)
		return 1;
	if (motor_user_ok(list, sizeof(gid_t), 1))
		return (int)posix_ret(-EFAULT);
	list[0] = 0;
	return 1;
}

__attribute__((noreturn)) void _exit(int status)
{
	/*
	 * The servers count the holders of each open file: a pipe's reader
	 * sees end of file only when the last writer lets go. Until the kernel
	 * tells servers about handles of dead processes, an exit says so itself.
	 */
	process_report_exit(status); /* so procd reports an exit, not a kill */
	fd_close_all();
	motor_process_exit(status & 0xff);
	__builtin_unreachable();
}

static void copy_field(char *dst, size_t cap, const char *src)
{
	strncpy(dst, src, cap - 1);
	dst[cap - 1] = '\0';
}

int gethostname(char *name, size_t len)
{
	char host[64] = "motor";
	int fd = open("/etc/hostname", 0);
	if (fd >= 0) {
		ssize_t n = read(fd, host, sizeof(host) - 1);
		close(fd);
		host[n > 0 ? n : 0] = '\0';
		host[strcspn(host, "\n")] = '\0';
		if (!host[0])
			strcpy(host, "motor");
	}
	if (motor_user_ok(name, len, 1))
		return (int)posix_ret(-EFAULT);
	if (strlen(host) + 1 > len)
		return (int)posix_ret(-ENAMETOOLONG);
	strcpy(name, host);
	return 0;
}

int uname(struct utsname *u)
{
	if (motor_user_ok(u, sizeof(*u), 1))
		return (int)posix_ret(-EFAULT);
	memset(u, 0, sizeof(*u));
	copy_field(u->sysname, sizeof(u->sysname), "Motor");
	if (gethostname(u->nodename, sizeof(u->nodename)) != 0)
		copy_field(u->nodename, sizeof(u->nodename), "motor");
	copy_field(u->release, sizeof(u->release), MOTOR_RELEASE);
	copy_field(u->version, sizeof(u->version), "Motor microkernel");
	copy_field(u->machine, sizeof(u->machine), "x86_64");
	return 0;
}

long sysconf(int name)
{
	switch (name) {
	case _SC_PAGESIZE:
		return 4096;
	case _SC_CLK_TCK:
		return CLK_TCK;
	case _SC_NPROCESSORS_ONLN:
	case _SC_NPROCESSORS_CONF:
		return motor_sys_info(MOTOR_INFO_CPUS);
	case _SC_PHYS_PAGES:
		return motor_sys_info(MOTOR_INFO_TOTAL_PAGES);
#ifdef _SC_AVPHYS_PAGES
	case _SC_AVPHYS_PAGES:
		return motor_sys_info(MOTOR_INFO_FREE_PAGES);
#endif
	case _SC_OPEN_MAX:
		return FD_MAX;
	case _SC_ARG_MAX:
		return 128 * 1024;
	case _SC_CHILD_MAX:
		return 256;
	case _SC_HOST_NAME_MAX:
		return 64;
	case _SC_LINE_MAX:
		return 2048;
	case _SC_NGROUPS_MAX:
		return 16;
	case _SC_GETPW_R_SIZE_MAX:
	case _SC_GETGR_R_SIZE_MAX:
		return 1024;
	default:
		return posix_ret(-EINVAL);
	}
}

int getpagesize(void)
{
	return 4096;
}

/* The size of the descriptor table (BSD; sysconf(_SC_OPEN_MAX) in POSIX). */
int getdtablesize(void)
{
	return FD_MAX;
}
