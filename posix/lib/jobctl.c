/*
 * Process groups and sessions (procd keeps them: PROC_SETPGID,
 * PROC_GETPGID, PROC_SETSID in motor/proc.h): setsid, setpgid, setpgrp,
 * getpgid, getpgrp, getsid, killpg, and ctermid. Without procd these fail
 * with ENOSYS.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <motor/proc.h>

#include "internal.h"

pid_t setsid(void)
{
	uint64_t w[4] = {PROC_SETSID, 0, 0, 0};
	return (pid_t)posix_ret(process_call(w, NULL));
}

int setpgid(pid_t pid, pid_t pgid)
{
	uint64_t w[4] = {PROC_SETPGID, (uint64_t)(int64_t)pid, (uint64_t)(int64_t)pgid, 0};
	return (int)posix_ret(process_call(w, NULL));
}

int setpgrp(void)
{
	return setpgid(0, 0);
}

/* pid's group (which 1) or session (2). */
static pid_t group_id(pid_t pid, int which)
{
	if (pid < 0)
		return (pid_t)posix_ret(-ESRCH);
	uint64_t w[4] = {PROC_GETPGID, (uint64_t)(int64_t)pid, 0, 0};
	long r = process_call(w, NULL);
	return (pid_t)posix_ret(r < 0 ? r : (long)(int32_t)w[which]);
}

pid_t getpgid(pid_t pid)
{
	return group_id(pid, 1);
}

pid_t getpgrp(void)
{
	return group_id(0, 1);
}

pid_t getsid(pid_t pid)
{
	return group_id(pid, 2);
}

int killpg(pid_t pgrp, int sig)
{
	if (pgrp < 0)
		return (int)posix_ret(-EINVAL);
	return kill(-pgrp, sig);
}

char *ctermid(char *s)
{
	static char name[L_ctermid];
	return strcpy(s ? s : name, "/dev/tty");
}
