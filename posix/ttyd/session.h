/*
 * Open file descriptions of terminals: what a session handle's badge names.
 * A description belongs to one terminal and keeps the status flags of its
 * open (O_ACCMODE, O_APPEND, O_NONBLOCK) and how many holders it has
 * (DEV_OPEN makes one, FILE_CLONE adds one, FILE_CLOSE drops one).
 *
 * A badge is the slot index + 1 in its low 16 bits and the slot's
 * generation above, so a handle kept after its description was freed (or a
 * made-up badge) names nothing: session_get gives NULL and the caller
 * -EBADF. Badges never have bit 63 (a wait-set's notification mark) set.
 */
#ifndef TTYD_SESSION_H
#define TTYD_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#define SESSION_MAX 1024

struct tty;

struct session {
	struct tty *tty;  /* a pty's master: its slave */
	uint32_t rdev;    /* the device it was opened as (stat's rdev) */
	bool master;      /* a pty's master side (/dev/ptmx) */
	int flags;        /* O_* status flags */
	uint32_t holders; /* 0: the slot is free */
	uint32_t gen;
};

/* A new description (one holder) and its badge. -> 0, -ENFILE no free slot. */
int session_new(struct tty *tty, uint32_t rdev, bool master, int flags, uint64_t *badge);
/* The live description a badge names, or NULL. */
struct session *session_get(uint64_t badge);
/* One more holder. -> 0, -EMFILE the count would overflow. */
int session_hold(struct session *s);
/* Drops one holder (all: every one); the slot is freed (its badges go
 * stale) at zero. -> whether it was. */
bool session_release(struct session *s, bool all);

#endif
