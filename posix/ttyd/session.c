/*
 * The session table (see session.h): a fixed array of slots, so a badge
 * is checked with one bounds test and one generation compare.
 */
#include <stddef.h>

#include <motor/errno.h>

#include "session.h"
#include "tty.h"

#define GEN_SHIFT 16
#define GEN_MASK 0x7fffffffu /* keeps bit 63 of a badge clear */

static struct session slots[SESSION_MAX];

static uint64_t badge_of(const struct session *s)
{
	return (uint64_t)s->gen << GEN_SHIFT | (uint64_t)(s - slots + 1);
}

int session_new(struct tty *tty, unsigned minor, int flags, uint64_t *badge)
{
	for (struct session *s = slots; s < slots + SESSION_MAX; s++) {
		if (s->holders)
			continue;
		s->tty = tty;
		s->minor = minor;
		s->flags = flags;
		s->holders = 1;
		s->gen = (s->gen + 1) & GEN_MASK;
		*badge = badge_of(s);
		return 0;
	}
	return -ENFILE;
}

struct session *session_get(uint64_t badge)
{
	uint64_t idx = (badge & ((1u << GEN_SHIFT) - 1));

	if (idx == 0 || idx > SESSION_MAX)
		return NULL;
	struct session *s = &slots[idx - 1];
	if (!s->holders || badge != badge_of(s))
		return NULL;
	return s;
}

int session_hold(struct session *s)
{
	if (s->holders == UINT32_MAX)
		return -EMFILE;
	s->holders++;
	return 0;
}

void session_release(struct session *s)
{
	if (s->holders && --s->holders == 0) {
		watch_drop_badge(&s->tty->watches, badge_of(s));
		s->tty = NULL;
	}
}
