/*
 * The process server (posix/procd/): pids, parents and children, exit
 * statuses and waiting for them. table.c keeps the processes, ops.c serves
 * the calls (abi/include/motor/proc.h), main.c receives them and learns of
 * processes that end (a notification every watched process signals).
 */
#ifndef PROCD_PROCD_H
#define PROCD_PROCD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <motor/proc.h>

#define PID_MAX 4096 /* pids 1..4095; also the limit on processes */

enum proc_state { PROC_FREE, PROC_STARTING, PROC_RUNNING, PROC_ZOMBIE };

/* A waitpid that waits: its kept call and what it waits for. */
struct waiter {
	struct waiter *next;
	long reply;
	int32_t pid; /* > 0 that child, -1 any */
	int options; /* WUNTRACED, WCONTINUED */
	bool usage;  /* an ended child's answer carries its struct motor_proc_usage */
};

struct proc {
	enum proc_state state;
	int32_t pid, ppid;
	uint32_t gen;        /* of the pid's slot: old sessions do not name a new process */
	long kproc;          /* the kernel's process handle (0 while starting) */
	long exec_kproc;     /* an exec while starting: the process that replaces it */
	bool exited;         /* PROC_EXIT came: a normal exit */
	int exit_code;       /* its status */
	int wstatus;         /* the wait status, once a zombie */
	int report;          /* a stop or continue to report (a wait status), or 0 */
	uint32_t events;     /* stops and continues seen so far (process_status) */
	bool nocldwait;      /* its children are freed as they end, not kept as zombies */
	struct waiter *waits;
	char name[48];
	int32_t pgid, sid;   /* process group and session (groups.c) */
	bool execed;         /* ran exec: its parent may no longer move it to a group */
	bool noctty;         /* gave its controlling terminal up (TIOCNOTTY, not a leader) */
	/* For ps and top (stat.c). */
	char cmdline[MOTOR_PROC_CMDLINE_MAX]; /* its arguments, each NUL-terminated */
	uint32_t cmdline_len;
	uint64_t start_ns;
	bool self; /* procd's own entry: the kernel's process 0 */
	/* Its own final figures once a zombie; children_*: its waited-for descendants. */
	struct motor_proc_usage usage;
};

/* table.c */
/* The process a session badge names, or NULL. */
struct proc *proc_by_badge(uint64_t badge);
struct proc *proc_by_pid(int32_t pid);
uint64_t proc_badge(const struct proc *p);
/* A free pid's slot, made STARTING with parent ppid. NULL: none free. */
struct proc *proc_alloc(int32_t ppid);
void proc_free(struct proc *p);
/* At most max processes at once (a fork bomb meets EAGAIN, not the memory's end). */
void proc_set_limit(int32_t max);
/* Calls fn on every process in use, in pid order. */
void proc_each(void (*fn)(struct proc *p, void *ctx), void *ctx);

/* signal.c: sends sig to p's process (sig 0: only checks) with SI_USER
 * and the sender's pid. -> 0, -EAGAIN not started yet, -EINVAL. */
int proc_signal_from(struct proc *p, int sig, int32_t sender);
int proc_signal(struct proc *p, int sig);
/* SIGCHLD to c's parent, with code (CLD_*) and status. */
void proc_notify_parent(struct proc *c, int code, int status);

/* ops.c */
struct request {
	uint64_t w[4];
	uint64_t badge;
	const char *data;
	size_t len;
	long handle; /* a handle that came with the call, or 0 */
};
/* Serves one call; answers it or keeps it. */
void serve(const struct request *rq);
/* A watched process ended: finds which, makes them zombies, wakes waiters. */
void reap_ended(void);

/* groups.c: process groups and sessions */
/* c (just made) joins parent's group and session; init (parent NULL) leads its own. */
void group_inherit(struct proc *c, const struct proc *parent);
/* p's slot is being freed: its group and session lose a member. */
void group_forget(const struct proc *p);
/* Whether pid still names a process group or session (not to be reused yet). */
bool group_pid_busy(int32_t pid);
/* Whether child c matches a wait for pid (> 0, -1, 0: group pgid, < -1: group -pid). */
bool group_wait_matches(const struct proc *c, int32_t pid, int32_t pgid);
/* PROC_KILL from me: pid > 0, 0, -1 or < -1. -> 0 or a negative errno. */
long group_kill(struct proc *me, int32_t pid, int sig);
/* Signals every live member of group pgid; -> how many there were (zombies too). */
int group_signal(int32_t pgid, int sig);
/* Whether group pgid is orphaned (POSIX) if `gone` (may be NULL) were gone. */
bool group_orphaned(int32_t pgid, const struct proc *gone);
/* dead has just ended: groups it orphans get SIGHUP and SIGCONT if they have
 * stopped members; a session leader's terminal is hung up. Before reparenting. */
void group_on_exit(struct proc *dead);
/* PROC_SETPGID, PROC_GETPGID, PROC_SETSID. */
long group_setpgid(struct proc *me, int32_t pid, int32_t pgid);
long group_getpgid(struct proc *me, int32_t pid, int32_t *pgid, int32_t *sid);
long group_setsid(struct proc *me);

/* ctty.c: controlling terminals, for the tty server (PROC_TTY_*) */
/* Serves a PROC_TTY_* call; w gets the answer's words. */
void ctty_serve(const uint64_t req[4], uint64_t w[4]);
/* The session led by leader ends its hold: hang its terminal up (SIGHUP to
 * the foreground group) and free it. */
void ctty_leader_exit(const struct proc *leader);
/* p's controlling terminal's device number, 0 none (ps's TTY column). */
uint32_t ctty_dev_of(const struct proc *p);

/* signal.c: the one place every signal goes through */
/* Delivers sig (1..64; 0 checks nothing) to p. -> 0 or a negative errno. */
int proc_signal(struct proc *p, int sig);
/* Whether p ignores or blocks sig (job control asks for SIGTTIN, SIGTTOU). */
bool proc_sig_ignored(const struct proc *p, int sig);
/* Whether p is stopped (orphaned groups with stopped members get SIGHUP). */
bool proc_stopped(const struct proc *p);
/* stat.c */
/* The name and command line a PROC_START or PROC_EXEC carries ("name\0arg\0..."). */
void stat_set_program(struct proc *p, const char *data, size_t len);
/* A process ended: keeps its kernel figures (call before its handle closes). */
void stat_ended(struct proc *p);
/* parent collected zombie c: adds c's usage to parent's children totals. */
void stat_collected(struct proc *parent, const struct proc *c);
void op_stat(struct proc *me, uint64_t pid);
void op_stats(struct proc *me, uint64_t from, uint64_t max);

/* main.c */
extern long proc_endpoint; /* RECEIVE + DUP: sessions are minted from it */
extern long proc_notify;   /* what watched processes signal when they end */

/* power.c: PROC_POWER, and the power handle init gives (MOTOR_AT_SERVER1). */
void power_init(void);
void op_power(struct proc *me, uint64_t how);

#endif
