/*
 * init, the first process (pid 1): what its files share. init.c starts
 * the system and picks the mode, servers.c starts and wires the servers,
 * spawn.c starts a program on a terminal, supervise.c runs /etc/inittab,
 * shutdown.c takes the system down.
 */
#ifndef INIT_INIT_H
#define INIT_INIT_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

#include "inittab.h"

/* The environment every program init starts gets. */
extern char *const init_env[];

/* servers.c: starts procd, vfsd and ttyd from the initrd and makes init
 * their client; -> 0, or -1 when the system cannot run (said why). */
int servers_start(char **argv);

/* spawn.c: the console's settings as init found them, for each new session. */
void spawn_save_console(void);

/*
 * spawn.c: starts argv (path: the program) in a session of its own whose
 * stdin, stdout and stderr are /dev/TTY ("" or "console": the console),
 * and with ctty its controlling terminal too. -> its pid, or -1 with errno.
 */
pid_t spawn_on_tty(const char *tty, bool ctty, const char *path, char *const argv[]);

/* spawn.c: an inittab entry's command, on its terminal; -> pid or -1 (said why). */
pid_t spawn_entry(const struct inittab_entry *e);

/* shutdown.c: the request a signal made (0: none yet). SIGUSR1 and SIGUSR2
 * ask to power off, SIGTERM to reboot (busybox's init's signals, which its
 * poweroff and reboot send, and so do Motor's). */
enum { SHUTDOWN_OFF = 1, SHUTDOWN_REBOOT = 2 };
extern volatile sig_atomic_t shutdown_requested;

/* shutdown.c: catches the signals above and SIGCHLD (so init wakes for orphans). */
void shutdown_catch_signals(void);

/*
 * shutdown.c: runs the inittab's shutdown entries (tab may be NULL), ends
 * every process outside init's session (SIGTERM, then SIGKILL after 2 s),
 * writes out the file servers' data and asks procd to power off or reboot
 * (request: SHUTDOWN_*). -> only if that fails: the status init should end
 * with.
 */
int shutdown_system(int request, const struct inittab *tab);

/* shutdown.c: waits for pid, reaping whatever else ends meanwhile; a
 * shutdown request cuts it short. -> its wait status, or -1. */
int wait_for(pid_t pid);

/* supervise.c: runs /etc/inittab (path), forever; -> init's status only
 * after a shutdown that could not power off. */
int supervise(const char *path);

#endif
