/*
 * signals.c — signals: sigaction (handlers, SA_SIGINFO, SA_RESETHAND,
 * SA_NODEFER, sa_mask), the mask (sigprocmask, sigpending, delivery when
 * unblocked), default actions (terminate, ignore, stop and continue seen by
 * waitpid with WUNTRACED/WCONTINUED), SIGKILL and SIGSTOP, kill and raise,
 * SIGCHLD with its information, blocking calls interrupted with EINTR or
 * restarted (SA_RESTART), sigsuspend, sigwait and sigtimedwait, alarm,
 * setitimer and pause, faults offered to handlers (SIGSEGV fixed up and
 * retried, SIGFPE, SIGILL, a stack overflow on the alternate stack),
 * SIGPIPE, signals and threads (pthread_kill, a process signal taken by
 * the thread that does not block it), fork and exec inheritance, abort,
 * a storm of signals over floating-point work, and bad arguments.
 *
 * TAP on stdout; exit status 0 only if every check passed. On Linux the
 * same source passes against glibc.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifdef __motor__
#include <motor/usyscall.h>
#endif

#include "tap.h"

static char self[4096];

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static pid_t fork_run(int (*fn)(void))
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0)
		_exit(fn());
	return pid;
}

static int wait_status(pid_t pid)
{
	int st = -1;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return st;
}

static void set_handler(int sig, void (*fn)(int), int flags)
{
	struct sigaction a = {0};
	a.sa_handler = fn;
	a.sa_flags = flags;
	sigemptyset(&a.sa_mask);
	if (sigaction(sig, &a, NULL))
		bail_out("sigaction(%d): %s", sig, strerror(errno));
}

static sigset_t set_of(int sig)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, sig);
	return s;
}

static sigset_t current_mask(void)
{
	sigset_t s;
	sigprocmask(SIG_BLOCK, NULL, &s);
	return s;
}

/* ---- handlers and the mask ---- */

static volatile sig_atomic_t hits, last_sig, usr2_blocked_inside, self_blocked_inside;
static volatile sig_atomic_t raised, depth, max_depth;

static void count(int sig)
{
	hits++;
	last_sig = sig;
}

static void look_at_mask(int sig)
{
	sigset_t m = current_mask();
	self_blocked_inside = sigismember(&m, sig);
	usr2_blocked_inside = sigismember(&m, SIGUSR2);
	hits++;
}

static void recurse_once(int sig)
{
	depth++;
	if (depth > max_depth)
		max_depth = depth;
	if (!raised) {
		raised = 1;
		raise(sig); /* with SA_NODEFER it arrives at once, inside this handler */
	}
	depth--;
}

static void test_handlers(void)
{
	struct sigaction a = {0}, old;
	a.sa_handler = count;
	sigemptyset(&a.sa_mask);
	syscall_ok(sigaction(SIGUSR1, &a, &old), "sigaction installs a handler");
	ok(old.sa_handler == SIG_DFL, "the old action was SIG_DFL");
	hits = 0;
	syscall_ok(raise(SIGUSR1), "raise(SIGUSR1)");
	is_int(hits, 1, "the handler ran once, before raise returned");
	is_int(last_sig, SIGUSR1, "with the signal's number");
	syscall_ok(kill(getpid(), SIGUSR1), "kill(getpid(), SIGUSR1)");
	is_int(hits, 2, "and again for kill to oneself, before kill returned");
	sigaction(SIGUSR1, NULL, &old);
	ok(old.sa_handler == count, "sigaction reports the handler back");

	/* The mask while a handler runs: its own signal and sa_mask. */
	a.sa_handler = look_at_mask;
	sigaddset(&a.sa_mask, SIGUSR2);
	sigaction(SIGUSR1, &a, NULL);
	hits = 0;
	raise(SIGUSR1);
	ok(hits == 1 && self_blocked_inside, "the signal is blocked inside its handler");
	ok(usr2_blocked_inside, "sa_mask's signals are blocked inside the handler");
	sigset_t after = current_mask();
	ok(!sigismember(&after, SIGUSR1) && !sigismember(&after, SIGUSR2),
	   "the mask is restored after the handler");

	a.sa_handler = recurse_once;
	a.sa_flags = SA_NODEFER;
	sigemptyset(&a.sa_mask);
	sigaction(SIGUSR1, &a, NULL);
	depth = max_depth = raised = 0;
	raise(SIGUSR1);
	is_int(max_depth, 2, "SA_NODEFER: the signal interrupts its own handler");
	a.sa_flags = 0;
	sigaction(SIGUSR1, &a, NULL);
	depth = max_depth = raised = 0;
	raise(SIGUSR1);
	is_int(max_depth, 1, "without it, the second one waits for the first handler to end");

	a.sa_handler = count;
	a.sa_flags = SA_RESETHAND;
	sigaction(SIGUSR2, &a, NULL);
	hits = 0;
	raise(SIGUSR2);
	sigaction(SIGUSR2, NULL, &old);
	ok(hits == 1 && old.sa_handler == SIG_DFL, "SA_RESETHAND: the action is SIG_DFL after one");

	/* Blocked: pending, then delivered when unblocked. */
	set_handler(SIGUSR1, count, 0);
	sigset_t s = set_of(SIGUSR1), pend;
	hits = 0;
	sigprocmask(SIG_BLOCK, &s, NULL);
	raise(SIGUSR1);
	raise(SIGUSR1);
	is_int(hits, 0, "a blocked signal does not run its handler");
	sigpending(&pend);
	ok(sigismember(&pend, SIGUSR1), "sigpending shows it");
	sigprocmask(SIG_UNBLOCK, &s, NULL);
	is_int(hits, 1, "unblocking delivers it once (standard signals do not queue)");
	sigpending(&pend);
	ok(!sigismember(&pend, SIGUSR1), "and it is no longer pending");

	/* Ignoring a pending signal throws it away. */
	sigprocmask(SIG_BLOCK, &s, NULL);
	raise(SIGUSR1);
	signal(SIGUSR1, SIG_IGN);
	sigpending(&pend);
	ok(!sigismember(&pend, SIGUSR1), "setting SIG_IGN discards a pending signal");
	sigprocmask(SIG_UNBLOCK, &s, NULL);
	signal(SIGUSR1, SIG_DFL);

	/* SA_SIGINFO */
}

static volatile sig_atomic_t info_signo, info_code, info_pid, info_status;

static void with_info(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	info_signo = sig == si->si_signo ? sig : -1;
	info_code = si->si_code;
	info_pid = si->si_pid;
	info_status = si->si_status;
}

static void test_siginfo(void)
{
	struct sigaction a = {0};
	a.sa_sigaction = with_info;
	a.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &a, NULL);
	info_signo = 0;
	kill(getpid(), SIGUSR1);
	is_int(info_signo, SIGUSR1, "SA_SIGINFO: si_signo");
	is_int(info_code, SI_USER, "kill gives si_code SI_USER");
	is_int(info_pid, getpid(), "and si_pid the sender");
	raise(SIGUSR1);
	is_int(info_code, SI_TKILL, "raise gives SI_TKILL");

	/* SIGCHLD carries the child's pid and status. */
	sigaction(SIGCHLD, &a, NULL);
	info_signo = 0;
	fflush(stdout);
	pid_t c = fork();
	if (c == 0)
		_exit(42);
	for (int i = 0; i < 500 && !info_signo; i++)
		sleep_ms(10);
	is_int(info_signo, SIGCHLD, "SIGCHLD arrives when a child exits");
	is_int(info_code, CLD_EXITED, "with CLD_EXITED");
	is_int(info_pid, c, "the child's pid");
	is_int(info_status, 42, "and its exit status");
	int st = wait_status(c);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 42, "the child is still there to wait for");
	signal(SIGCHLD, SIG_DFL);
	signal(SIGUSR1, SIG_DFL);
}

/* ---- default actions ---- */

static int raise_usr1(void)
{
	raise(SIGUSR1);
	return 0;
}

static int raise_ignored(void)
{
	raise(SIGCHLD);
	raise(SIGURG);
	raise(SIGWINCH);
	raise(SIGCONT);
	signal(SIGTERM, SIG_IGN);
	raise(SIGTERM);
	return 9;
}

static int sleeper(void)
{
	for (;;)
		pause();
	return 0;
}

static int block_all_then_sleep(void)
{
	sigset_t all;
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	for (;;)
		sleep_ms(1000);
	return 0;
}

static void test_defaults(void)
{
	int st = wait_status(fork_run(raise_usr1));
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGUSR1, "SIGUSR1's default ends the process");
	st = wait_status(fork_run(raise_ignored));
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 9,
	   "SIGCHLD, SIGURG, SIGWINCH, SIGCONT are ignored by default; SIG_IGN ignores SIGTERM");

	pid_t c = fork_run(sleeper);
	sleep_ms(50);
	kill(c, SIGTERM);
	st = wait_status(c);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "kill(SIGTERM) ends a sleeping child");

	c = fork_run(block_all_then_sleep);
	sleep_ms(50);
	kill(c, SIGTERM); /* blocked: stays pending */
	sleep_ms(50);
	ok(waitpid(c, &st, WNOHANG) == 0, "a blocked SIGTERM leaves the child running");
	kill(c, SIGKILL);
	st = wait_status(c);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "SIGKILL cannot be blocked");

	struct sigaction a = {0};
	a.sa_handler = count;
	errno_is(sigaction(SIGKILL, &a, NULL), EINVAL, "SIGKILL cannot be caught");
	errno_is(sigaction(SIGSTOP, &a, NULL), EINVAL, "nor SIGSTOP");
	a.sa_handler = SIG_IGN;
	errno_is(sigaction(SIGKILL, &a, NULL), EINVAL, "nor ignored");
	errno_is(sigaction(0, &a, NULL), EINVAL, "signal 0: EINVAL");
	errno_is(sigaction(65, &a, NULL), EINVAL, "signal 65: EINVAL");
	errno_is(kill(getpid(), 65), EINVAL, "kill with signal 65: EINVAL");
	syscall_ok(kill(getpid(), 0), "kill with signal 0 checks only");
	sigset_t s = set_of(SIGUSR1);
	errno_is(sigprocmask(99, &s, NULL), EINVAL, "sigprocmask with a bad how: EINVAL");
	ok(signal(SIGKILL, count) == SIG_ERR, "signal(SIGKILL, handler) gives SIG_ERR");
}

static void test_stop_continue(void)
{
	pid_t c = fork_run(sleeper);
	sleep_ms(30);
	kill(c, SIGSTOP);
	int st = 0;
	pid_t r = waitpid(c, &st, WUNTRACED);
	ok(r == c && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP,
	   "waitpid(WUNTRACED) reports the stop by SIGSTOP");
	ok(waitpid(c, &st, WNOHANG | WUNTRACED) == 0, "a stop is reported once");
	kill(c, SIGUSR1); /* stays pending while stopped: default would end it */
	sleep_ms(50);
	ok(waitpid(c, &st, WNOHANG) == 0, "a stopped child does not act on other signals");
	kill(c, SIGCONT);
	st = wait_status(c);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGUSR1,
	   "after SIGCONT the pending SIGUSR1 ends it");

	c = fork_run(sleeper);
	sleep_ms(30);
	kill(c, SIGSTOP);
	waitpid(c, &st, WUNTRACED);
	kill(c, SIGCONT);
	r = waitpid(c, &st, WCONTINUED);
	ok(r == c && WIFCONTINUED(st), "waitpid(WCONTINUED) reports the continue");
	ok(waitpid(c, &st, WNOHANG | WCONTINUED) == 0, "once");
	kill(c, SIGKILL);
	wait_status(c);

	c = fork_run(sleeper);
	sleep_ms(30);
	kill(c, SIGTSTP);
	r = waitpid(c, &st, WUNTRACED);
	ok(r == c && WIFSTOPPED(st) && WSTOPSIG(st) == SIGTSTP, "SIGTSTP stops by default");
	kill(c, SIGKILL);
	st = wait_status(c);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "SIGKILL ends a stopped child");
}

/* ---- interrupted calls ---- */

static int pipe_fds[2];

static void write_a_byte(int sig)
{
	(void)sig;
	hits++;
	if (write(pipe_fds[1], "x", 1) != 1)
		hits = -100;
}

static void test_eintr(void)
{
	char b;
	if (pipe(pipe_fds))
		bail_out("pipe: %s", strerror(errno));
	/* Without SA_RESTART a read of an empty pipe fails with EINTR. */
	set_handler(SIGALRM, write_a_byte, 0);
	hits = 0;
	alarm(1);
	errno_is(read(pipe_fds[0], &b, 1), EINTR, "a blocked read is interrupted: EINTR");
	ok(hits == 1, "after the handler ran");
	is_int(read(pipe_fds[0], &b, 1), 1, "the handler's byte is there to read");

	/* With SA_RESTART the read goes on and gets the byte the handler wrote. */
	set_handler(SIGALRM, write_a_byte, SA_RESTART);
	hits = 0;
	alarm(1);
	ssize_t n = read(pipe_fds[0], &b, 1);
	ok(n == 1 && b == 'x' && hits == 1, "with SA_RESTART the read restarts and gets the byte");

	/* nanosleep: EINTR with the time left, SA_RESTART or not. */
	struct itimerval it = {{0, 0}, {0, 200000}};
	setitimer(ITIMER_REAL, &it, NULL);
	struct timespec ts = {5, 0}, left = {0, 0};
	long t0 = now_ms();
	errno_is(nanosleep(&ts, &left), EINTR, "nanosleep is interrupted: EINTR");
	ok(now_ms() - t0 < 4000 && left.tv_sec >= 1 && left.tv_sec <= 5,
	   "after a fraction of its time, with the rest in *rem (%lds)", (long)left.tv_sec);

	/* waitpid: EINTR, or restarted. */
	pid_t c = fork_run(sleeper);
	set_handler(SIGALRM, count, 0);
	hits = 0;
	alarm(1);
	int st;
	errno_is(waitpid(c, &st, 0), EINTR, "waitpid is interrupted: EINTR");
	set_handler(SIGALRM, count, SA_RESTART);
	struct itimerval kill_later = {{0, 0}, {0, 300000}};
	setitimer(ITIMER_REAL, &kill_later, NULL);
	/* The child is killed by a grandchild-free route: a second timer from our handler would
	 * need state, so a helper process kills it a little after the alarm. */
	fflush(stdout);
	pid_t killer = fork();
	if (killer == 0) {
		sleep_ms(700);
		kill(c, SIGTERM);
		_exit(0);
	}
	hits = 0;
	pid_t r = waitpid(c, &st, 0);
	ok(r == c && WIFSIGNALED(st) && hits == 1,
	   "with SA_RESTART, waitpid goes on after the handler and reaps the child");
	wait_status(killer);
	signal(SIGALRM, SIG_DFL);
	close(pipe_fds[0]);
	close(pipe_fds[1]);
}

/* ---- waiting for signals ---- */

static void test_waiting(void)
{
	set_handler(SIGUSR1, count, 0);
	sigset_t s = set_of(SIGUSR1), old;
	sigprocmask(SIG_BLOCK, &s, &old);
	pid_t parent = getpid();
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		sleep_ms(100);
		kill(parent, SIGUSR1);
		_exit(0);
	}
	hits = 0;
	sigset_t wait_mask = old;
	sigdelset(&wait_mask, SIGUSR1);
	errno_is(sigsuspend(&wait_mask), EINTR, "sigsuspend returns EINTR once the handler ran");
	is_int(hits, 1, "the handler ran during sigsuspend");
	sigset_t now = current_mask();
	ok(sigismember(&now, SIGUSR1), "the mask from before sigsuspend is back");
	wait_status(c);

	/* ppoll lets a blocked pending signal through for its wait only. */
	int pp[2];
	pipe(pp);
	struct pollfd pfd = {pp[0], POLLIN, 0};
	struct timespec long_wait = {10, 0};
	hits = 0;
	raise(SIGUSR1);
	long tp = now_ms();
	errno_is(ppoll(&pfd, 1, &long_wait, &wait_mask), EINTR,
		 "ppoll whose mask unblocks a pending signal: EINTR");
	ok(hits == 1 && now_ms() - tp < 5000, "at once, after the handler ran");
	now = current_mask();
	ok(sigismember(&now, SIGUSR1), "and the mask from before ppoll is back");
	close(pp[0]);
	close(pp[1]);

	/* sigwait takes a blocked signal without its handler. */
	hits = 0;
	raise(SIGUSR1);
	int got = 0;
	is_int(sigwait(&s, &got), 0, "sigwait");
	ok(got == SIGUSR1 && hits == 0, "took SIGUSR1 without running the handler");
	struct timespec ts = {0, 100000000};
	long t0 = now_ms();
	errno_is(sigtimedwait(&s, NULL, &ts), EAGAIN, "sigtimedwait with nothing pending: EAGAIN");
	ok(now_ms() - t0 >= 80, "after its timeout");
	siginfo_t si;
	kill(getpid(), SIGUSR1);
	is_int(sigtimedwait(&s, &si, &ts), SIGUSR1, "sigtimedwait takes a pending one at once");
	ok(si.si_signo == SIGUSR1 && si.si_code == SI_USER && si.si_pid == getpid(),
	   "with its siginfo");
	sigprocmask(SIG_SETMASK, &old, NULL);

	/* alarm + pause */
	set_handler(SIGALRM, count, 0);
	hits = 0;
	is_int((int)alarm(1), 0, "alarm(1) with none set returns 0");
	errno_is(pause(), EINTR, "pause returns EINTR after the alarm's handler");
	is_int(hits, 1, "SIGALRM's handler ran");
	alarm(10);
	unsigned left = alarm(0);
	ok(left >= 9 && left <= 10, "alarm(0) cancels and returns the seconds left (%u)", left);

	/* setitimer with an interval: it repeats. */
	struct itimerval it = {{0, 20000}, {0, 20000}}, cur;
	hits = 0;
	syscall_ok(setitimer(ITIMER_REAL, &it, NULL), "setitimer, 20 ms period");
	syscall_ok(getitimer(ITIMER_REAL, &cur), "getitimer");
	ok(cur.it_interval.tv_usec == 20000 && cur.it_value.tv_sec == 0,
	   "getitimer reads the interval back (%ld us)", (long)cur.it_interval.tv_usec);
	long t1 = now_ms();
	while (hits < 5 && now_ms() - t1 < 10000)
		pause();
	struct itimerval off = {{0, 0}, {0, 0}};
	setitimer(ITIMER_REAL, &off, NULL);
	ok(hits >= 5, "the timer fired repeatedly (%d times)", (int)hits);
	errno_is(setitimer(ITIMER_REAL + 99, &it, NULL), EINVAL, "setitimer with a bad timer: EINVAL");
	signal(SIGALRM, SIG_DFL);
	signal(SIGUSR1, SIG_DFL);
}

/* ---- faults ---- */

static volatile char *guarded;
static long page;
static volatile sig_atomic_t fault_code;
static volatile uintptr_t fault_addr;
static sigjmp_buf jump;

static void unprotect(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	hits++;
	last_sig = sig;
	fault_addr = (uintptr_t)si->si_addr;
	fault_code = si->si_code;
	mprotect((void *)guarded, (size_t)page, PROT_READ | PROT_WRITE); /* the access is retried */
}

static void jump_out(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	hits++;
	last_sig = sig;
	fault_code = si->si_code;
	siglongjmp(jump, 1);
}

static volatile int zero, hundred = 100;
static volatile int sink;
static volatile int *volatile unmapped = (volatile int *)16;
static volatile int forever = 1;

static int recurse(int n)
{
	volatile char pad[1024];
	pad[0] = (char)n;
	return forever ? recurse(n + 1) + pad[0] : 0;
}

static void test_faults(void)
{
	page = sysconf(_SC_PAGESIZE);
	guarded = mmap(NULL, (size_t)page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct sigaction a = {0};
	a.sa_sigaction = unprotect;
	a.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &a, NULL);
	hits = 0;
	guarded[10] = 7; /* faults, the handler opens the page, the store runs again */
	ok(hits == 1 && guarded[10] == 7, "SIGSEGV's handler fixes the page and the store is retried");
	ok(fault_addr == (uintptr_t)guarded + 10, "si_addr is the faulting address");
	is_int(fault_code, SEGV_ACCERR, "si_code SEGV_ACCERR for a protected page");
	munmap((void *)guarded, (size_t)page);

	a.sa_sigaction = jump_out;
	sigaction(SIGSEGV, &a, NULL);
	sigaction(SIGFPE, &a, NULL);
	sigaction(SIGILL, &a, NULL);
	hits = 0;
	if (!sigsetjmp(jump, 1))
		sink = *unmapped;
	ok(hits == 1 && last_sig == SIGSEGV && fault_code == SEGV_MAPERR,
	   "a read of an unmapped address: SIGSEGV with SEGV_MAPERR");
	if (!sigsetjmp(jump, 1))
		sink = hundred / zero;
	ok(hits == 2 && last_sig == SIGFPE && fault_code == FPE_INTDIV,
	   "an integer division by zero: SIGFPE with FPE_INTDIV");
	if (!sigsetjmp(jump, 1))
		__asm__ volatile("ud2");
	ok(hits == 3 && last_sig == SIGILL && fault_code == ILL_ILLOPN,
	   "an invalid instruction: SIGILL with ILL_ILLOPN");
	sigset_t m = current_mask();
	ok(!sigismember(&m, SIGSEGV) && !sigismember(&m, SIGILL),
	   "siglongjmp out of the handlers restored the mask");

	/* A stack overflow: only an alternate stack leaves room for the handler. */
	stack_t ss = {0}, old;
	ss.ss_size = 64 * 1024;
	ss.ss_sp = malloc(ss.ss_size);
	syscall_ok(sigaltstack(&ss, &old), "sigaltstack");
	ok(old.ss_flags & SS_DISABLE, "there was none before");
	a.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigaction(SIGSEGV, &a, NULL);
	hits = 0;
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		if (!sigsetjmp(jump, 1))
			sink = recurse(0);
		_exit(hits == 1 && last_sig == SIGSEGV ? 0 : 1);
	}
	int st = wait_status(c);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "a stack overflow's SIGSEGV runs its handler on the alternate stack");
	stack_t cur;
	sigaltstack(NULL, &cur);
	ok(cur.ss_sp == ss.ss_sp && cur.ss_size == ss.ss_size && !(cur.ss_flags & SS_DISABLE),
	   "sigaltstack reads it back");
	stack_t tiny = {.ss_sp = ss.ss_sp, .ss_size = 64, .ss_flags = 0};
	errno_is(sigaltstack(&tiny, NULL), ENOMEM, "a too small alternate stack: ENOMEM");
	ss.ss_flags = SS_DISABLE;
	sigaltstack(&ss, NULL);

	signal(SIGSEGV, SIG_DFL);
	signal(SIGFPE, SIG_DFL);
	signal(SIGILL, SIG_DFL);
	/* Blocked or defaulted, a fault ends the process. */
	c = fork();
	if (c == 0) {
		sigset_t all;
		sigfillset(&all);
		sigprocmask(SIG_SETMASK, &all, NULL);
		sink = *unmapped;
		_exit(0);
	}
	st = wait_status(c);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "a fault with SIGSEGV blocked ends the process");
	free(ss.ss_sp);
}

/* ---- SIGPIPE ---- */

static void test_sigpipe(void)
{
	int p[2];
	pipe(p);
	close(p[0]);
	set_handler(SIGPIPE, count, 0);
	hits = 0;
	errno_is(write(p[1], "x", 1), EPIPE, "a write with no reader: EPIPE");
	is_int(hits, 1, "after SIGPIPE's handler ran");
	signal(SIGPIPE, SIG_DFL);
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		ssize_t r = write(p[1], "x", 1);
		_exit(r < 0 ? 3 : 4);
	}
	int st = wait_status(c);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE, "by default SIGPIPE ends the writer");
	close(p[1]);
}

/* ---- threads ---- */

static volatile pthread_t handled_in;
static pthread_t worker_thread;

static void note_thread(int sig)
{
	(void)sig;
	handled_in = pthread_self();
	hits++;
}

static volatile int worker_stop;

static void *worker(void *arg)
{
	(void)arg;
	sigset_t s = set_of(SIGUSR1);
	pthread_sigmask(SIG_UNBLOCK, &s, NULL);
	while (!worker_stop)
		sleep_ms(5);
	return NULL;
}

static void test_threads(void)
{
	set_handler(SIGUSR1, note_thread, 0);
	sigset_t s = set_of(SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &s, NULL);
	worker_stop = 0;
	pthread_create(&worker_thread, NULL, worker, NULL);
	sleep_ms(50);
	hits = 0;
	kill(getpid(), SIGUSR1);
	for (int i = 0; i < 300 && !hits; i++)
		sleep_ms(10);
	ok(hits == 1 && pthread_equal(handled_in, worker_thread),
	   "a process signal goes to the thread that does not block it");
	hits = 0;
	pthread_kill(worker_thread, SIGUSR1);
	for (int i = 0; i < 300 && !hits; i++)
		sleep_ms(10);
	ok(hits == 1 && pthread_equal(handled_in, worker_thread), "pthread_kill reaches that thread");
	worker_stop = 1;
	pthread_join(worker_thread, NULL);
	hits = 0;
	pthread_kill(pthread_self(), SIGUSR1);
	is_int(hits, 0, "pthread_kill to oneself with the signal blocked: pending");
	pthread_sigmask(SIG_UNBLOCK, &s, NULL);
	ok(hits == 1 && pthread_equal(handled_in, pthread_self()), "and delivered when unblocked");
	is_int(pthread_sigmask(77, &s, NULL), EINVAL, "pthread_sigmask with a bad how: EINVAL");
	signal(SIGUSR1, SIG_DFL);
}

/* ---- fork and exec ---- */

static int check_inherited(void)
{
	struct sigaction a;
	sigaction(SIGUSR1, NULL, &a);
	sigset_t m = current_mask(), p;
	sigpending(&p);
	return a.sa_handler == count && sigismember(&m, SIGUSR2) && !sigismember(&p, SIGUSR2) ? 0 : 1;
}

static void test_inheritance(void)
{
	set_handler(SIGUSR1, count, 0);
	sigset_t s = set_of(SIGUSR2), old;
	sigprocmask(SIG_BLOCK, &s, &old);
	raise(SIGUSR2); /* pending here, not in the child */
	int st = wait_status(fork_run(check_inherited));
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "fork: the child has the handlers and mask, not the pending signals");

	signal(SIGINT, SIG_IGN);
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		execl(self, self, "exec-check", NULL);
		_exit(99);
	}
	st = wait_status(c);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "exec: ignored stays ignored, caught goes to default, the mask stays");
	signal(SIGINT, SIG_DFL);
	signal(SIGUSR1, SIG_DFL);
	sigset_t take = set_of(SIGUSR2);
	int got;
	sigwait(&take, &got); /* the pending SIGUSR2 */
	sigprocmask(SIG_SETMASK, &old, NULL);
}

static int exec_check(void)
{
	struct sigaction a;
	sigaction(SIGINT, NULL, &a);
	int bad = a.sa_handler != SIG_IGN;
	sigaction(SIGUSR1, NULL, &a);
	bad |= (a.sa_handler != SIG_DFL) << 1;
	sigset_t m = current_mask();
	bad |= !sigismember(&m, SIGUSR2) << 2;
	return bad;
}

static int do_abort(void)
{
	abort();
}

static void test_abort(void)
{
	int st = wait_status(fork_run(do_abort));
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT, "abort() ends the process with SIGABRT");
}

/* ---- a storm ---- */

static volatile sig_atomic_t storm_hits;

static void storm_handler(int sig)
{
	(void)sig;
	/* Floating-point work of its own, to clobber the registers if they were not saved. */
	volatile double x = 1.0;
	for (int i = 0; i < 10; i++)
		x = x * 1.5 + 0.25;
	storm_hits++;
}

static double fp_work(int n)
{
	double acc = 0;
	for (int i = 1; i <= n; i++)
		acc += 1.0 / ((double)i * (double)i);
	return acc;
}

static void test_storm(void)
{
	set_handler(SIGUSR1, storm_handler, SA_RESTART);
	set_handler(SIGUSR2, storm_handler, SA_RESTART);
	double expect = fp_work(20000);
	pid_t parent = getpid();
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		for (int i = 0; i < 5000; i++)
			if (kill(parent, i & 1 ? SIGUSR2 : SIGUSR1))
				_exit(1);
		_exit(0);
	}
	storm_hits = 0;
	int wrong = 0, rounds = 0;
	int st;
	while (waitpid(c, &st, WNOHANG) == 0) {
		if (fp_work(20000) != expect)
			wrong++;
		rounds++;
	}
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a child sent 5000 signals");
	ok(storm_hits > 0, "handlers ran %d times during %d rounds of work", (int)storm_hits, rounds);
	is_int(wrong, 0, "the interrupted floating-point work always gave the same result");

	/* Every signal counted: one at a time with an answer each. */
	int p[2];
	pipe(p);
	fflush(stdout);
	c = fork();
	if (c == 0) {
		close(p[0]);
		storm_hits = 0;
		sigset_t s = set_of(SIGUSR1), none;
		sigemptyset(&none);
		sigprocmask(SIG_BLOCK, &s, NULL);
		for (int i = 0; i < 1000; i++) {
			if (write(p[1], "r", 1) != 1) /* ready */
				_exit(2);
			sigsuspend(&none);
		}
		_exit(storm_hits == 1000 ? 0 : 1);
	}
	close(p[1]);
	char b;
	int sent = 0;
	while (read(p[0], &b, 1) == 1) {
		kill(c, SIGUSR1);
		sent++;
	}
	st = wait_status(c);
	ok(sent == 1000 && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "1000 signals sent one at a time were each handled once");
	close(p[0]);
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
}

#ifdef __motor__
/* Bad frames and arguments at the kernel's edge. */
static int bad_return(void)
{
	motor_signal_return(0x10);
	return 0;
}

static void test_hostile(void)
{
	int st = wait_status(fork_run(bad_return));
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "signal_return with a bad frame: SIGSEGV");
	is_int(motor_signal_action(0, 0, 0, 0), -EINVAL, "signal_action(0): EINVAL");
	is_int(motor_signal_action(SIGUSR1, 2, 0, -4096L), -EFAULT,
	       "signal_action with a kernel entry: EFAULT");
	is_int(motor_signal_action(SIGUSR1, 0x7fff, 0, 0), -EINVAL, "unknown action bits: EINVAL");
	is_int(motor_signal_mask(0, 0, 16), -EFAULT, "signal_mask to a bad address: EFAULT");
	is_int(motor_signal_send(0, 99999, SIGUSR1, 0, 0, 0), -ESRCH, "signal_send to no such thread: ESRCH");
	is_int(motor_signal_send(12345, 0, SIGUSR1, 0, 0, 0), -EBADF, "signal_send on a bad handle: EBADF");
	is_int(motor_signal_suspend(0, 1, 16, 0), -EFAULT, "signal_suspend to a bad address: EFAULT");
	is_int(motor_signal_stack(-4096L, 1 << 20, 0, 0), -EFAULT, "signal_stack in the kernel: EFAULT");
}
#endif

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "exec-check"))
		return exec_check();
	char *real = realpath(argv[0], NULL);
	if (real) {
		strncpy(self, real, sizeof(self) - 1);
		free(real);
	}
	test_handlers();
	test_siginfo();
	test_defaults();
	test_stop_continue();
	test_eintr();
	test_waiting();
	test_faults();
	test_sigpipe();
	test_threads();
	test_inheritance();
	test_abort();
	test_storm();
#ifdef __motor__
	test_hostile();
#endif
	return done_testing();
}
