/*
 * Readiness watches, for the servers that back open files (posix/server/:
 * shared by the VFS and tty servers, later the network server). The
 * protocol is FILE_WATCH, FILE_POLL and FILE_UNWATCH in motor/fs.h.
 *
 * A watch belongs to one description (its badge) and hangs on the list of
 * the object whose state decides that description's readiness (a pipe, a
 * terminal). When that object's state changes the server calls watch_wake
 * on its list, which asks the server (revents) for each armed watch and
 * signals the ones that are now due. Watches are found by id (a slot and a
 * generation, so a stale id names nothing) in one table for the server.
 */
#ifndef POSIX_SERVER_WATCH_H
#define POSIX_SERVER_WATCH_H

#include <stdbool.h>
#include <stdint.h>

struct watch;

struct watch_list {
	struct watch *head;
};

/* A description's readiness now (MOTOR_POLL_* bits), 0 if it is gone. */
typedef uint32_t (*watch_revents_fn)(uint64_t badge);

/*
 * FILE_WATCH, FILE_POLL and FILE_UNWATCH for the description badge, whose
 * readiness is revents now. l is the list its watches hang on, NULL when
 * its readiness never changes (no watch is kept). handle is the handle the
 * call carried (0 if none): *took tells whether it was taken (the caller
 * closes it otherwise). Fills w (w[0] the result, w[1] revents).
 */
void watch_serve(struct watch_list *l, uint64_t badge, uint32_t revents, const uint64_t rq[4],
		 long handle, bool *took, uint64_t w[4]);

/* After a change to the object of list l: signals (and disarms) each armed
 * watch whose description is now due, as revents says. */
void watch_wake(struct watch_list *l, watch_revents_fn revents);

/* The description badge is gone: its watches on l go too. */
void watch_drop_badge(struct watch_list *l, uint64_t badge);

/* Live watches (for tests). */
uint32_t watch_count(void);

#endif
