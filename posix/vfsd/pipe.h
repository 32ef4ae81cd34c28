/*
 * Pipes (posix/vfsd/pipe.c): a 64 KiB ring between the descriptions of its
 * read end and its write end. Reads and writes that cannot finish now are
 * kept (their calls saved with reply_keep) and answered as the other side
 * moves: a blocked read returns as soon as some data arrives (or 0 once no
 * writer is left), a blocked write returns when all of it is in the ring
 * (or -EPIPE once no reader is left). Writes of at most PIPE_BUF bytes are
 * never split; O_NONBLOCK gives -EAGAIN instead of waiting.
 */
#ifndef VFSD_PIPE_H
#define VFSD_PIPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vfsd.h"

#define PIPE_RING (64u << 10)
#define PIPE_ATOMIC 4096u /* PIPE_BUF */

struct pipe;
struct desc;

/* A new pipe with no ends open. -ENOMEM. */
int pipe_create(struct pipe **out);
/* Frees a pipe that never had an end open. */
void pipe_destroy(struct pipe *p);
/* A description opened with access acc (O_RDONLY, O_WRONLY or O_RDWR: both
 * ends) / closed for good. The pipe is freed when its last end closes,
 * unless it has an owner (a FIFO): then its data is dropped and the
 * owner's idle(arg) is called instead. */
void pipe_end_open(struct pipe *p, int acc);
void pipe_end_close(struct pipe *p, int acc);
void pipe_set_owner(struct pipe *p, void (*idle)(void *arg), void *arg);
uint32_t pipe_readers(const struct pipe *p);
uint32_t pipe_writers(const struct pipe *p);

/* A description of p opened with flags and a session handle for it (the
 * end opened). On failure *badge is 0 or a description to release. */
int pipe_open_session(struct pipe *p, int flags, uint64_t *badge, long *handle);

/*
 * FILE_READ and FILE_WRITE on a pipe's description. Return true when the
 * call was kept (no answer now); otherwise *result is the answer (and a
 * read's data is in rp).
 */
bool pipe_read(struct desc *d, uint64_t len, struct reply *rp, long *result);
bool pipe_write(struct desc *d, const struct request *rq, long *result);
/* Bytes waiting in the ring (st_size, FIONREAD). */
size_t pipe_available(const struct pipe *p);
/* Readiness of the description badge, a pipe's end (MOTOR_POLL_* bits,
 * 0 if it is gone), and the list its watches hang on (server/watch.h). */
uint32_t pipe_revents(uint64_t badge);
struct watch_list *pipe_watches(struct pipe *p);
/* A number for st_ino, unique among live pipes. */
uint64_t pipe_ino(const struct pipe *p);

#endif
