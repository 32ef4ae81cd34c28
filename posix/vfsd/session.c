/*
 * The description table: a growable array of slots; a badge is
 * SESSION_BADGE | generation << 24 | slot, so a badge of a closed and reused
 * slot no longer matches.
 */
#include "session.h"

#include <stdlib.h>

#include <fcntl.h>

#include "motor/errno.h"
#include "pipe.h"
#include "server/watch.h"

#define SLOT_BITS 24
#define MAX_SLOTS (1u << 20)

static struct desc *slots;
static uint32_t nslots, live;

static uint64_t badge_of(uint32_t i)
{
	return SESSION_BADGE | (uint64_t)slots[i].gen << SLOT_BITS | i;
}

int desc_new(enum desc_kind kind, struct mnode *node, int flags, uint64_t *badge)
{
	uint32_t i = 0;
	while (i < nslots && slots[i].used)
		i++;
	if (i == nslots) {
		if (nslots >= MAX_SLOTS)
			return -ENFILE;
		uint32_t n = nslots ? nslots * 2 : 64;
		struct desc *s = realloc(slots, n * sizeof(*s));
		if (!s)
			return -ENOMEM;
		for (uint32_t k = nslots; k < n; k++)
			s[k] = (struct desc){0};
		slots = s;
		nslots = n;
	}
	struct desc *d = &slots[i];
	uint32_t gen = (d->gen + 1) & 0xffffffu;
	*d = (struct desc){.kind = kind, .node = node, .flags = flags, .holders = 1,
			   .gen = gen ? gen : 1, .used = 1};
	live++;
	*badge = badge_of(i);
	return 0;
}

struct desc *desc_get(uint64_t badge)
{
	if (!(badge & SESSION_BADGE))
		return NULL;
	uint32_t i = (uint32_t)(badge & ((1u << SLOT_BITS) - 1));
	if (i >= nslots || !slots[i].used || badge_of(i) != badge)
		return NULL;
	return &slots[i];
}

void desc_release(uint64_t badge)
{
	struct desc *d = desc_get(badge);
	if (!d || --d->holders > 0)
		return;
	if (d->node)
		mnode_put(d->node);
	if (d->pipe) {
		watch_drop_badge(pipe_watches(d->pipe), badge);
		pipe_end_close(d->pipe, d->flags & O_ACCMODE);
	}
	d->used = 0;
	d->node = NULL;
	d->pipe = NULL;
	live--;
}

void desc_release_all(uint64_t badge)
{
	struct desc *d = desc_get(badge);
	if (d) {
		d->holders = 1;
		desc_release(badge);
	}
}

uint32_t desc_count(void)
{
	return live;
}
