/*
 * Per-process handle tables (kernel/obj/handle.c). A handle value is
 * (generation << 16) | slot, so a closed and reused slot does not answer to
 * its old value. Every lookup checks the type and the rights the operation
 * needs and returns the object with a reference taken.
 */
#ifndef OBJ_HANDLE_H
#define OBJ_HANDLE_H

#include <stdint.h>

#include "lib/spinlock.h"
#include "obj/object.h"

struct handle_entry {
	struct kobject *obj; /* NULL when free */
	uint32_t rights;
	uint16_t gen;
	uint16_t next_free;
	uint64_t badge;
};

struct handle_table {
	struct spinlock lock;
	struct handle_entry *e;
	uint32_t cap, used;
	uint32_t free_head; /* slot index + 1, 0 = none */
};

void handle_table_init(struct handle_table *t);
/* Closes every handle. */
void handle_table_destroy(struct handle_table *t);

/* Installs obj (taking a new reference). -> handle, or -EMFILE/-ENOMEM. */
long handle_install(struct handle_table *t, struct kobject *o, uint32_t rights, uint64_t badge);
/*
 * Looks h up: type (0 = any) and every right in `need`. On success *o holds a
 * reference the caller puts. -EBADF no such handle, -EINVAL wrong type,
 * -EACCES missing rights.
 */
int handle_get(struct handle_table *t, long h, uint32_t type, uint32_t need, struct kobject **o,
	       uint32_t *rights, uint64_t *badge);
int handle_close(struct handle_table *t, long h);
/* Makes dst (empty) a copy of src: same values, same rights and badges (fork). */
int handle_table_clone(struct handle_table *dst, struct handle_table *src);
/* Makes h name o (a new reference) with rights and badge instead of what it
 * named, which is closed. -EBADF no such handle. */
int handle_replace(struct handle_table *t, long h, struct kobject *o, uint32_t rights,
		   uint64_t badge);
/* Installs a handle that handle_take removed from another table (a move:
 * the object sees neither a close nor an open; on failure, the close). */
long handle_install_moved(struct handle_table *t, struct kobject *o, uint32_t rights,
			  uint64_t badge);
/* Removes h and hands its object (reference included) to the caller, for transfer. */
int handle_take(struct handle_table *t, long h, uint32_t need, struct kobject **o,
		uint32_t *rights, uint64_t *badge);

#endif
