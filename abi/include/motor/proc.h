/*
 * The process server's protocol (posix/procd/). Every POSIX process holds a
 * session with it (auxv MOTOR_AT_PROC: a CALL handle whose badge names the
 * process); w[0] is the operation, w[1..3] its arguments, and the answer's
 * w[0] the result (a negative errno on failure), w[1..3] more results.
 *
 * Starting a child (spawn, fork): PROC_NEW gives its pid and a session
 * handle for it; the parent passes that handle to the child (auxv, or
 * process_clone's give) and then moves the child's kernel process handle
 * over with PROC_START, or gives the pid back with PROC_ABORT. The server
 * watches every started process; when one ends, stops or continues, its
 * parent gets SIGCHLD and can wait for it. A process that ends without
 * PROC_EXIT was killed: its kernel status (MOTOR_STATUS_SIGNALED | signal)
 * becomes a "terminated by signal" wait status.
 */
#ifndef MOTOR_PROC_H
#define MOTOR_PROC_H

#include <stdint.h>

#define MOTOR_AT_PROC 0x1016 /* handle: this process's session with the process server */
#define MOTOR_AT_PGROUP 0x101b /* posix_spawn's POSIX_SPAWN_SETPGROUP: the group + 1 to join */

/* init is pid 1 from the server's start; it mints its own session with this
 * badge on the endpoint it created for the server. */
#define MOTOR_PROC_INIT_BADGE ((1ull << 32) | 1)

/* The tty server's handle (init mints it like its own): the only caller of
 * the PROC_TTY_* operations. Names no process (pid 0). */
#define MOTOR_PROC_TTY_BADGE (1ull << 62)

enum motor_proc_op {
	/* -> w1 = the new pid; handle: its session. -EAGAIN no pid free. */
	PROC_NEW = 128,
	/* w1 = pid from PROC_NEW; handle moved in: the child's process handle; data: its
	 * name (the program), then optionally a NUL and its command line (each argument
	 * NUL-terminated, as /proc/PID/cmdline; cut at MOTOR_PROC_CMDLINE_MAX). Without
	 * one the child keeps its parent's, which it has from PROC_NEW (fork). -> 0. */
	PROC_START = 129,
	/* w1 = pid from PROC_NEW that will not start. -> 0. */
	PROC_ABORT = 130,
	/* w1 = pid (> 0 that child, -1 any, 0 any in the caller's process group,
	 * < -1 any in group -pid), w2 = WNOHANG, WUNTRACED, WCONTINUED, w3 = 1:
	 * also send its usage -> w1 = pid, w2 = the wait status (as <sys/wait.h>
	 * decodes it: ended, stopped or continued); 0 with WNOHANG and nothing to
	 * report; with w3 = 1 and an ended child, data: the struct motor_proc_usage
	 * of the child (and of its waited-for descendants, in the children_
	 * fields). -ECHILD no such child. -EINVAL other w3. Waits otherwise. */
	PROC_WAIT = 131,
	/* -> w1 = pid, w2 = parent pid. */
	PROC_IDS = 132,
	/* w1 = status (0..255): the caller is exiting by itself. -> 0. */
	PROC_EXIT = 133,
	/* -> data: struct motor_proc_info records of every process (the short form;
	 * PROC_STATS has everything ps and top show). */
	PROC_LIST = 134,
	/* w1 = pid, w2 = signal (0: only check) -> 0. pid 0: the caller's process
	 * group; -1: every process but init's session (init and the servers) and
	 * the caller; < -1: the group -pid. Each target goes through procd's
	 * proc_signal (posix/procd/signal.c): the kernel delivers it (signal_send)
	 * with SI_USER and the caller's pid. -ESRCH nobody, -EINVAL signal. */
	PROC_KILL = 135,
	/* handle moved in: the kernel process that now runs the caller's pid (a
	 * new program, exec); data: as PROC_START's. The caller then ends without
	 * PROC_EXIT, and its end is not the pid's. -> 0. */
	PROC_EXEC = 136,
	/* w1 = 1: the caller's children are not kept as zombies (SIGCHLD
	 * ignored, SA_NOCLDWAIT); 0: they are again. -> 0. */
	PROC_NOCLDWAIT = 137,
	/* w1 = pid (0: the caller) -> data: its struct motor_proc_stat. -ESRCH. */
	PROC_STAT = 140,
	/* w1 = the lowest pid wanted (>= 1), w2 = at most that many records (1 ..
	 * MOTOR_PROC_STATS_MAX) -> w1 = how many came, w2 = the pid to ask from next
	 * (0: that was all); data: the records, in pid order. -EINVAL. Each answer is
	 * a snapshot of its own; ps asks until w2 is 0. */
	PROC_STATS = 141,
	/* w1 = MOTOR_POWER_OFF or MOTOR_POWER_REBOOT (motor/syscall.h): ends the
	 * machine through procd's power handle (init gives it MANAGE on the device
	 * resource), if the caller may: root only, and today every process is root.
	 * Does not return on success. -EINVAL, -EPERM. (Numbered apart from the
	 * list above so that other new calls do not collide with it.) */
	PROC_POWER = 152,

	/*
	 * Process groups and sessions (posix/procd/groups.c). A process starts in
	 * its parent's group and session; exec keeps both.
	 */
	/* w1 = pid (0: the caller), w2 = pgid (0: that pid) -> 0. -EINVAL pgid < 0;
	 * -ESRCH not the caller nor its child; -EPERM a session leader, a child in
	 * another session, or no group pgid in the caller's session; -EACCES a child
	 * that has run exec. */
	PROC_SETPGID = 144,
	/* w1 = pid (0: the caller) -> w1 = its process group, w2 = its session. -ESRCH. */
	PROC_GETPGID = 145,
	/* -> the new session's id (the caller's pid): the caller leads a new session
	 * and group, without a controlling terminal. -EPERM it leads a group. */
	PROC_SETSID = 146,

	/*
	 * Controlling terminals (posix/procd/ctty.c), from the tty server only
	 * (MOTOR_PROC_TTY_BADGE; others get -EPERM). A terminal is named by its
	 * device number (major << 8 | minor); pid is the process that made the
	 * tty call (libposix puts it in the file call's w3). procd keeps which
	 * session a terminal controls and its foreground process group.
	 */
	/* w1 = pid, w2 = tty -> w1 = pid's controlling terminal (0 none), w2 = tty's
	 * foreground group, w3 = tty's session (0 when it controls none). */
	PROC_TTY_QUERY = 147,
	/* w1 = pid, w2 = tty, w3 = PROC_CTTY_* -> 0, or 1 when an open made tty the
	 * controlling terminal. -EPERM (SET: not a session leader, another
	 * terminal, tty taken), -ENOTTY (DROP: not pid's terminal). */
	PROC_TTY_CTTY = 148,
	/* w1 = pid, w2 = tty, w3 = pgid: tcsetpgrp. -> 0. -ENOTTY not pid's
	 * controlling terminal, -EINVAL pgid < 0, -ESRCH no such group, -EPERM a
	 * group of another session; from a background group as PROC_TTY_CHECK
	 * with SIGTTOU says. */
	PROC_TTY_SETPGRP = 149,
	/* w1 = pid, w2 = tty, w3 = SIGTTIN (a read) or SIGTTOU (a write with TOSTOP, a
	 * change of settings) -> 0 go ahead (not pid's controlling terminal, pid in
	 * its foreground group, or SIGTTOU ignored); -EIO (SIGTTIN ignored or
	 * blocked, or pid's group is orphaned); -EINTR: the signal was sent to
	 * pid's group, the call should be made again. */
	PROC_TTY_CHECK = 150,
	/* w1 = tty, w2 = signal, w3 = 1 hang up -> 0: the signal to tty's
	 * foreground group (ISIG characters, SIGWINCH). Hang-up: SIGHUP and SIGCONT
	 * to the foreground group and the session leader; tty then controls no
	 * session. */
	PROC_TTY_SIGNAL = 151,
};

/* PROC_TTY_CTTY's w3 */
enum motor_proc_ctty {
	PROC_CTTY_OPEN = 0,  /* an open without O_NOCTTY: a leader without one gets it */
	PROC_CTTY_SET = 1,   /* TIOCSCTTY 0 */
	PROC_CTTY_STEAL = 2, /* TIOCSCTTY 1: even from another session */
	PROC_CTTY_DROP = 3,  /* TIOCNOTTY */
};

#define MOTOR_PROC_CMDLINE_MAX 256
#define MOTOR_PROC_STATS_MAX 32

/* PROC_LIST records. */
struct motor_proc_info {
	int32_t pid, ppid;
	uint32_t state; /* 'R' running, 'Z' ended and not yet waited for, 'S' starting */
	uint32_t pad;
	char name[48];  /* the program, as PROC_START or exec named it */
};

/*
 * What procd knows of a process for ps, top and /proc: its own table (pid,
 * parent, command line, start time) and the kernel's process_info (state,
 * threads, CPU time, memory). Grows only at its end; `size` says how much
 * the server filled. Times are nanoseconds, on the clock of clock_ns.
 */
struct motor_proc_stat {
	uint32_t size;
	int32_t pid, ppid;
	int32_t pgid, sid; /* process group and session */
	int32_t tty;       /* the controlling terminal's device number, 0 none */
	uint32_t uid, gid;
	uint32_t state;    /* 'R' running or ready, 'S' waiting, 'T' stopped, 'Z' ended and
			    * not yet waited for */
	uint32_t threads;
	uint64_t resident_bytes, peak_resident_bytes, virtual_bytes;
	uint64_t cpu_ns, user_ns, system_ns; /* user + system = cpu (motor_cpu_split) */
	/* Waited-for children and their waited-for descendants (RUSAGE_CHILDREN). */
	uint64_t children_cpu_ns, children_user_ns, children_system_ns;
	uint64_t children_peak_resident_bytes;
	uint64_t start_ns; /* clock_ns when the pid was given (fork or spawn) */
	uint32_t cmdline_len; /* bytes used in cmdline (0: none, see name) */
	char name[48];        /* the program's file name (no directory) */
	char cmdline[MOTOR_PROC_CMDLINE_MAX]; /* its arguments, each NUL-terminated */
};

/* PROC_WAIT's usage of the child it collected (user + system = cpu, as above). */
struct motor_proc_usage {
	uint64_t cpu_ns, user_ns, system_ns, peak_resident_bytes;
	uint64_t children_cpu_ns, children_user_ns, children_system_ns;
	uint64_t children_peak_resident_bytes;
};

#endif
