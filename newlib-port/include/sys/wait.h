/*
 * waitpid and its family (newlib's lacks wait3, wait4, WCONTINUED and
 * WCOREDUMP). Statuses are encoded as on Linux: exit code << 8, or the
 * killing signal (| 0x80 with a core dump), or signal << 8 | 0x7f for a
 * stopped child, 0xffff for a continued one.
 */
#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H

#include <sys/cdefs.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WNOHANG 1
#define WUNTRACED 2
#define WSTOPPED WUNTRACED
#define WCONTINUED 8

#define WEXITSTATUS(w) (((w) >> 8) & 0xff)
#define WTERMSIG(w) ((w) & 0x7f)
#define WSTOPSIG(w) WEXITSTATUS(w)
#define WIFEXITED(w) (WTERMSIG(w) == 0)
#define WIFSIGNALED(w) (((signed char)(((w) & 0x7f) + 1) >> 1) > 0)
#define WIFSTOPPED(w) (((w) & 0xff) == 0x7f)
#define WIFCONTINUED(w) ((w) == 0xffff)
#define WCOREDUMP(w) ((w) & 0x80)

struct rusage;

pid_t wait(int *status);
pid_t waitpid(pid_t pid, int *status, int options);
pid_t wait3(int *status, int options, struct rusage *ru);
pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru);

#ifdef __cplusplus
}
#endif

#endif
