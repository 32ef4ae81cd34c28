/*
 * Open file descriptions (posix/vfsd/session.c): what a session handle's
 * badge names. A description holds its node (or a memory device), the
 * offset or directory cookie, the status flags and how many holders it has
 * (FILE_CLOSE drops one; FILE_CLONE adds one).
 */
#ifndef VFSD_SESSION_H
#define VFSD_SESSION_H

#include <stdint.h>

#include "memfs.h"

/* Badges with this bit are sessions; others are namespace clients. */
#define SESSION_BADGE (1ull << 62)

enum desc_kind { DESC_NODE, DESC_NULL, DESC_ZERO, DESC_FULL, DESC_RANDOM, DESC_PIPE };

struct pipe;

struct desc {
	enum desc_kind kind;
	struct mnode *node; /* referenced; also for devices (their /dev node, for stat) */
	struct pipe *pipe;  /* DESC_PIPE: its pipe, one end of it (O_RDONLY or O_WRONLY) */
	uint64_t off;       /* file offset, or directory cookie */
	int flags;          /* O_* status flags */
	uint32_t holders;
	uint32_t gen;
	int used;
};

/* A new description (holders 1) and its badge; the node reference moves in. */
int desc_new(enum desc_kind kind, struct mnode *node, int flags, uint64_t *badge);
/* The live description a badge names, or NULL (stale, forged, closed). */
struct desc *desc_get(uint64_t badge);
/* Drops one holder; frees the description at zero. */
void desc_release(uint64_t badge);
/* No handle to it is left anywhere (a close notice): frees it whatever its holders. */
void desc_release_all(uint64_t badge);
/* Live descriptions (for tests and statistics). */
uint32_t desc_count(void);

#endif
