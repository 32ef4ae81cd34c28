/*
 * Answering calls, now or later, for the servers (posix/server/: what the
 * tty and VFS servers share). A server's thread receives a call and must
 * answer it before it receives again, or keep it (reply_keep) to answer
 * once it can: a read that waits for input, a write held while output is
 * stopped or a pipe is full.
 */
#ifndef POSIX_SERVER_REPLY_H
#define POSIX_SERVER_REPLY_H

#include <stddef.h>
#include <stdint.h>

/*
 * Answers with result in w[0], len bytes of data and, if handle > 0, that
 * handle (moved to the caller). reply is 0 for the call just received, or
 * a handle from reply_keep (closed by this). A handle that did not reach
 * the caller is closed. -> 0, -ESRCH the caller gave up (timed out, was
 * killed), or another negative errno.
 */
long reply_send(long reply, long result, const void *data, size_t len, long handle);

/* The same with all four answer words (w[0] the result). */
long reply_words(long reply, const uint64_t w[4], const void *data, size_t len, long handle);

/* Keeps the call just received. -> a reply handle (> 0) or a negative errno. */
long reply_keep(void);

#endif
