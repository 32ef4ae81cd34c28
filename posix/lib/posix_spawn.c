/*
 * posix_spawn without fork: the child's descriptors are worked out here,
 * in the parent, by playing its file actions on a map (the child's fd ->
 * one of ours; an addopen opens the file here first), and the program
 * starts straight in a new process with them (process_spawn), as
 * motor_spawn does. A failing action or a program that cannot be started
 * is posix_spawn's error; nothing has run then.
 *
 * Attributes: POSIX_SPAWN_SETSIGMASK and POSIX_SPAWN_SETSIGDEF travel with
 * the signal items, POSIX_SPAWN_RESETIDS changes nothing (everyone is
 * root), POSIX_SPAWN_SETPGROUP has the child's start join the group
 * before main (setpgid(0, pgroup)), the scheduling ones give ENOSYS (one
 * policy). newlib's
 * posix_spawn.o (fork based) is dropped from libc.a.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <motor/proc.h>
#include <motor/spawn.h>

#include "internal.h"

extern char **environ;

enum action_kind { ACT_OPEN, ACT_DUP2, ACT_CLOSE };

struct action {
	enum action_kind kind;
	int fd, newfd; /* newfd: dup2's target */
	int oflag;
	mode_t mode;
	char *path;
};

struct __posix_spawn_file_actions {
	struct action *acts;
	size_t n, cap;
};

struct __posix_spawnattr {
	short flags;
	pid_t pgroup;
	sigset_t mask, sigdefault;
};

/* ---- file actions ---- */

int posix_spawn_file_actions_init(posix_spawn_file_actions_t *fa)
{
	*fa = calloc(1, sizeof(**fa));
	return *fa ? 0 : ENOMEM;
}

int posix_spawn_file_actions_destroy(posix_spawn_file_actions_t *fa)
{
	if (!fa || !*fa)
		return EINVAL;
	for (size_t i = 0; i < (*fa)->n; i++)
		free((*fa)->acts[i].path);
	free((*fa)->acts);
	free(*fa);
	*fa = NULL;
	return 0;
}

static int add(posix_spawn_file_actions_t *fa, struct action a)
{
	if (!fa || !*fa)
		return EINVAL;
	if (a.fd < 0 || a.fd >= FD_MAX || a.newfd < 0 || a.newfd >= FD_MAX)
		return EBADF;
	struct __posix_spawn_file_actions *f = *fa;
	if (f->n == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 8;
		struct action *acts = realloc(f->acts, cap * sizeof(*acts));
		if (!acts)
			return ENOMEM;
		f->acts = acts;
		f->cap = cap;
	}
	f->acts[f->n++] = a;
	return 0;
}

int posix_spawn_file_actions_addopen(posix_spawn_file_actions_t *fa, int fd, const char *path,
				     int oflag, mode_t mode)
{
	char *copy = strdup(path);
	if (!copy)
		return ENOMEM;
	int r = add(fa, (struct action){ACT_OPEN, fd, 0, oflag, mode, copy});
	if (r)
		free(copy);
	return r;
}

int posix_spawn_file_actions_adddup2(posix_spawn_file_actions_t *fa, int fd, int newfd)
{
	return add(fa, (struct action){ACT_DUP2, fd, newfd, 0, 0, NULL});
}

int posix_spawn_file_actions_addclose(posix_spawn_file_actions_t *fa, int fd)
{
	return add(fa, (struct action){ACT_CLOSE, fd, 0, 0, 0, NULL});
}

/* ---- attributes ---- */

int posix_spawnattr_init(posix_spawnattr_t *a)
{
	*a = calloc(1, sizeof(**a));
	return *a ? 0 : ENOMEM;
}

int posix_spawnattr_destroy(posix_spawnattr_t *a)
{
	if (!a || !*a)
		return EINVAL;
	free(*a);
	*a = NULL;
	return 0;
}

#define ALL_FLAGS \
	(POSIX_SPAWN_RESETIDS | POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSCHEDPARAM | \
	 POSIX_SPAWN_SETSCHEDULER | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)

int posix_spawnattr_setflags(posix_spawnattr_t *a, short flags)
{
	if (flags & ~ALL_FLAGS)
		return EINVAL;
	(*a)->flags = flags;
	return 0;
}

int posix_spawnattr_getflags(const posix_spawnattr_t *a, short *flags)
{
	*flags = (*a)->flags;
	return 0;
}

int posix_spawnattr_setpgroup(posix_spawnattr_t *a, pid_t pgroup)
{
	(*a)->pgroup = pgroup;
	return 0;
}

int posix_spawnattr_getpgroup(const posix_spawnattr_t *a, pid_t *pgroup)
{
	*pgroup = (*a)->pgroup;
	return 0;
}

int posix_spawnattr_setsigmask(posix_spawnattr_t *a, const sigset_t *mask)
{
	(*a)->mask = *mask;
	return 0;
}

int posix_spawnattr_getsigmask(const posix_spawnattr_t *a, sigset_t *mask)
{
	*mask = (*a)->mask;
	return 0;
}

int posix_spawnattr_setsigdefault(posix_spawnattr_t *a, const sigset_t *set)
{
	(*a)->sigdefault = *set;
	return 0;
}

int posix_spawnattr_getsigdefault(const posix_spawnattr_t *a, sigset_t *set)
{
	*set = (*a)->sigdefault;
	return 0;
}

int posix_spawnattr_setschedparam(posix_spawnattr_t *a, const struct sched_param *p)
{
	(void)a;
	(void)p;
	return ENOSYS; /* one scheduling policy, without priorities */
}

int posix_spawnattr_getschedparam(const posix_spawnattr_t *a, struct sched_param *p)
{
	(void)a;
	memset(p, 0, sizeof(*p));
	return 0;
}

int posix_spawnattr_setschedpolicy(posix_spawnattr_t *a, int policy)
{
	(void)a;
	(void)policy;
	return ENOSYS;
}

int posix_spawnattr_getschedpolicy(const posix_spawnattr_t *a, int *policy)
{
	(void)a;
	*policy = SCHED_OTHER;
	return 0;
}

/* ---- spawning ---- */

struct spawn {
	int fdmap[FD_MAX];
	int opened[FD_MAX]; /* our descriptors the addopen actions made, to close after */
	int nopened;
	struct spawn_plan plan;
	struct motor_spawn_item *items;
	size_t nitems;
};

/* Plays the file actions on the map of the child's descriptors. -> 0 or -errno. */
static long play_actions(struct spawn *s, const struct __posix_spawn_file_actions *fa)
{
	int cloexec[FD_MAX];
	for (int fd = 0; fd < FD_MAX; fd++) {
		s->fdmap[fd] = fd_get(fd) ? fd : -1;
		cloexec[fd] = s->fdmap[fd] >= 0 && fd_cloexec(fd) > 0;
	}
	for (size_t i = 0; fa && i < fa->n; i++) {
		const struct action *a = &fa->acts[i];
		switch (a->kind) {
		case ACT_OPEN: {
			int fd = open(a->path, a->oflag | O_CLOEXEC, a->mode);
			if (fd < 0)
				return -errno;
			s->opened[s->nopened++] = fd;
			s->fdmap[a->fd] = fd;
			cloexec[a->fd] = (a->oflag & O_CLOEXEC) != 0;
			break;
		}
		case ACT_DUP2:
			if (s->fdmap[a->fd] < 0)
				return -EBADF;
			s->fdmap[a->newfd] = s->fdmap[a->fd];
			cloexec[a->newfd] = 0; /* dup2 to itself clears it too (POSIX 2017) */
			break;
		case ACT_CLOSE:
			s->fdmap[a->fd] = -1; /* closing a closed one is no error here */
			break;
		}
	}
	for (int fd = 0; fd < FD_MAX; fd++)
		if (cloexec[fd])
			s->fdmap[fd] = -1;
	return 0;
}

static long start(const char *path, const char *image, size_t len, char *const argv[],
		  char *const envp[], void *ctx)
{
	struct spawn *s = ctx;
	return process_spawn(path, image, len, argv, envp, s->items, s->nitems, 1, &s->plan);
}

static int spawn(pid_t *pid, const char *file, int search,
		 const posix_spawn_file_actions_t *fa, const posix_spawnattr_t *attr,
		 char *const argv[], char *const envp[])
{
	const struct __posix_spawnattr *a = attr && *attr ? *attr : NULL;
	if (a && (a->flags & (POSIX_SPAWN_SETSCHEDPARAM | POSIX_SPAWN_SETSCHEDULER)))
		return ENOSYS;
	struct spawn *s = calloc(1, sizeof(*s));
	if (!s)
		return ENOMEM;
	long r = play_actions(s, fa ? *fa : NULL);
	if (a && (a->flags & POSIX_SPAWN_SETSIGMASK)) {
		s->plan.set_mask = 1;
		s->plan.mask = (uint64_t)a->mask;
	}
	if (a && (a->flags & POSIX_SPAWN_SETSIGDEF))
		s->plan.sigdefault = (uint64_t)a->sigdefault;
	struct motor_spawn_item pgroup = {MOTOR_AT_PGROUP, a ? a->pgroup + 1L : 0, 0};
	if (a && (a->flags & POSIX_SPAWN_SETPGROUP)) {
		s->items = &pgroup; /* the child joins it before main */
		s->nitems = 1;
	}
	s->plan.fdmap = s->fdmap;
	if (r == 0)
		r = search ? posix_search_program(file, argv, envp ? envp : environ, start, s)
			   : posix_run_program(file, argv, envp ? envp : environ, start, s);
	for (int i = 0; i < s->nopened; i++)
		close(s->opened[i]);
	free(s);
	if (r < 0)
		return (int)-r;
	if (pid)
		*pid = (pid_t)r;
	return 0;
}

int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *fa,
		const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	return spawn(pid, path, 0, fa, attr, argv, envp);
}

int posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *fa,
		 const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	return spawn(pid, file, 1, fa, attr, argv, envp);
}
