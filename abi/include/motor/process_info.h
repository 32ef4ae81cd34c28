/*
 * What the kernel tells about a process (syscall process_info, 52), for
 * the POSIX server's ps/top data and for times()/getrusage(): state,
 * threads, CPU time, memory. The structure grows only at its end: a caller
 * passes the size it knows and gets min(that, the kernel's) bytes, and
 * `size` says how many the kernel filled.
 *
 * CPU time is measured, not sampled: the scheduler charges the running
 * thread with the TSC ticks since its last charge at every switch and every
 * timer tick (100 Hz), so another process's running thread is seen at most
 * one tick late. The split into user and system time is sampled, as on
 * Linux: each tick gives what the thread ran since the tick before to user
 * or system time by the mode it found the thread in. So all three only
 * grow, and user_ns + system_ns trails cpu_ns by less than a tick per
 * thread (a program shorter than a tick has cpu_ns but no user_ns).
 */
#ifndef MOTOR_PROCESS_INFO_H
#define MOTOR_PROCESS_INFO_H

#include <stdint.h>

enum motor_process_state {
	MOTOR_PROCESS_NEW = 0,      /* no thread has run in it yet */
	MOTOR_PROCESS_RUNNING = 1,  /* some thread runs or is ready to */
	MOTOR_PROCESS_BLOCKED = 2,  /* every thread waits (IPC, futex, sleep, join) */
	MOTOR_PROCESS_FINISHED = 3, /* every thread has exited */
};

struct motor_process_info {
	uint32_t size;     /* bytes the kernel filled in (its sizeof) */
	uint32_t state;    /* enum motor_process_state */
	uint32_t kpid;     /* the kernel's process number (not the POSIX pid) */
	uint32_t threads;  /* threads that have not exited */
	uint64_t cpu_ns;   /* CPU time of all its threads, ended ones included */
	uint64_t user_ns;  /* of cpu_ns, what ticks found in user mode */
	uint64_t system_ns; /* and in the kernel */
	uint64_t thread_cpu_ns;   /* proc 0: the calling thread's CPU time; else 0 */
	uint64_t resident_bytes;  /* pages mapped now (each has a frame), shared ones too */
	uint64_t peak_resident_bytes; /* the most it has had (ru_maxrss) */
	uint64_t virtual_bytes;   /* its regions, reserved ones too, guards not */
	uint64_t start_ns;        /* clock_ns when it was created */
};

/*
 * The whole measured time split in the sampled ratio, as Linux reports it
 * (user + system = cpu; all user before any sample): for rusage, times()
 * and ps. Fine for a process's life (the ratio may shift a little between
 * two calls); top's deltas should use cpu_ns.
 */
static inline void motor_cpu_split(uint64_t cpu, uint64_t user, uint64_t sys, uint64_t *out_user,
				   uint64_t *out_sys)
{
	uint64_t n = user + sys;
	*out_user = n ? (uint64_t)((unsigned __int128)cpu * user / n) : cpu;
	*out_sys = cpu - *out_user;
}

#endif
