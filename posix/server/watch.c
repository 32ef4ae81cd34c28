/*
 * Readiness watches (see watch.h): a table of slots for lookups by id, and
 * per-object lists for wake-ups, so a change costs O(watches on that
 * object), whatever the number of watches in the server.
 */
#include "server/watch.h"

#include <stdlib.h>

#include <motor/errno.h>
#include <motor/fs.h>
#include <motor/usyscall.h>

#define SLOT_BITS 20
#define MAX_SLOTS (1u << SLOT_BITS)
#define ALWAYS (MOTOR_POLL_ERR | MOTOR_POLL_HUP) /* reported whatever was asked */

struct watch {
	struct watch *next; /* on its object's list */
	long notif;         /* the client's notification (SIGNAL) */
	uint64_t bits;      /* what to signal on it */
	uint64_t badge;     /* its description */
	uint32_t armed;     /* events it waits for; 0: not armed */
	uint32_t slot;
};

static struct {
	struct watch *w;
	uint32_t gen;
} *slots;
static uint32_t nslots, live;

static uint64_t id_of(uint32_t slot)
{
	return (uint64_t)slots[slot].gen << SLOT_BITS | (slot + 1);
}

static long slot_alloc(void)
{
	uint32_t i = 0;
	while (i < nslots && slots[i].w)
		i++;
	if (i == nslots) {
		if (nslots >= MAX_SLOTS - 1)
			return -ENFILE;
		uint32_t n = nslots ? nslots * 2 : 64;
		void *s = realloc(slots, n * sizeof(*slots));
		if (!s)
			return -ENOMEM;
		slots = s;
		for (uint32_t k = nslots; k < n; k++) {
			slots[k].w = NULL;
			slots[k].gen = 0;
		}
		nslots = n;
	}
	return i;
}

/* The live watch id names on description badge, or NULL. */
static struct watch *watch_get(uint64_t id, uint64_t badge)
{
	uint64_t slot = (id & (MAX_SLOTS - 1)) - 1;
	if (!id || slot >= nslots || !slots[slot].w || id_of((uint32_t)slot) != id)
		return NULL;
	struct watch *w = slots[slot].w;
	return w->badge == badge ? w : NULL;
}

static void signal_watch(struct watch *w)
{
	w->armed = 0;
	motor_notify_signal(w->notif, (long)w->bits, 0);
}

static void watch_free(struct watch_list *l, struct watch *w)
{
	for (struct watch **pp = &l->head; *pp; pp = &(*pp)->next) {
		if (*pp == w) {
			*pp = w->next;
			break;
		}
	}
	slots[w->slot].w = NULL;
	motor_handle_close(w->notif);
	free(w);
	live--;
}

/* Past the limit a description's oldest watch goes, told first so that a
 * client still waiting on it asks again (and registers again). */
static void evict_oldest(struct watch_list *l, uint64_t badge)
{
	struct watch *oldest = NULL;
	uint32_t n = 0;
	for (struct watch *w = l->head; w; w = w->next) {
		if (w->badge == badge) {
			oldest = w; /* new watches go to the front */
			n++;
		}
	}
	if (n < MOTOR_WATCH_PER_DESC)
		return;
	signal_watch(oldest);
	watch_free(l, oldest);
}

static long watch_add(struct watch_list *l, uint64_t badge, long notif, uint64_t bits)
{
	evict_oldest(l, badge);
	long slot = slot_alloc();
	struct watch *w = slot < 0 ? NULL : calloc(1, sizeof(*w));
	if (!w)
		return slot < 0 ? slot : -ENOMEM;
	uint32_t gen = (slots[slot].gen + 1) & 0x7ffffffu;
	slots[slot].gen = gen ? gen : 1;
	slots[slot].w = w;
	*w = (struct watch){.next = l->head, .notif = notif, .bits = bits, .badge = badge,
			    .slot = (uint32_t)slot};
	l->head = w;
	live++;
	return (long)id_of((uint32_t)slot);
}

static void arm(struct watch *w, uint32_t req, uint32_t revents)
{
	uint32_t events = req & MOTOR_POLL_EVENTS;
	if (!(req & MOTOR_POLL_ARM))
		return;
	if (!(req & MOTOR_POLL_EDGE) && (revents & (events | ALWAYS)))
		return; /* level: ready now, the client reports it */
	w->armed = events | ALWAYS;
}

void watch_serve(struct watch_list *l, uint64_t badge, uint32_t revents, const uint64_t rq[4],
		 long handle, bool *took, uint64_t w[4])
{
	uint64_t op = rq[0];
	uint64_t req = op == FILE_WATCH ? rq[2] : rq[1];
	struct watch *wt;
	long r = 0;

	*took = false;
	w[1] = w[2] = w[3] = 0;
	if (op != FILE_UNWATCH && (req & ~(uint64_t)(MOTOR_POLL_EVENTS | MOTOR_POLL_ARM | MOTOR_POLL_EDGE))) {
		w[0] = (uint64_t)-EINVAL;
		return;
	}
	switch (op) {
	case FILE_WATCH:
		if (handle <= 0 || !rq[1]) {
			r = -EINVAL; /* a notification and some bits to signal */
			break;
		}
		*took = true;
		if (!l) {
			motor_handle_close(handle); /* never changes: nothing to watch */
			r = 0;
		} else if ((r = watch_add(l, badge, handle, rq[1])) < 0) {
			motor_handle_close(handle);
		} else {
			arm(watch_get((uint64_t)r, badge), (uint32_t)req, revents);
		}
		w[1] = revents;
		break;
	case FILE_POLL:
		if (rq[2] && !(wt = l ? watch_get(rq[2], badge) : NULL)) {
			r = -ENOENT;
			break;
		}
		if (rq[2])
			arm(wt, (uint32_t)req, revents);
		r = revents;
		break;
	case FILE_UNWATCH:
		if (!(wt = l ? watch_get(rq[1], badge) : NULL))
			r = -ENOENT;
		else
			watch_free(l, wt);
		break;
	default:
		r = -ENOSYS;
	}
	w[0] = (uint64_t)r;
}

void watch_wake(struct watch_list *l, watch_revents_fn revents)
{
	for (struct watch *w = l->head; w; w = w->next)
		if (w->armed && (revents(w->badge) & w->armed))
			signal_watch(w);
}

void watch_drop_badge(struct watch_list *l, uint64_t badge)
{
	struct watch *w = l->head;
	while (w) {
		struct watch *next = w->next;
		if (w->badge == badge)
			watch_free(l, w);
		w = next;
	}
}

uint32_t watch_count(void)
{
	return live;
}
