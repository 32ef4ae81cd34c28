/* Named pipes (posix/vfsd/fifo.c): opening a FIFO node. */
#ifndef VFSD_FIFO_H
#define VFSD_FIFO_H

#include "memfs.h"
#include "vfsd.h"

/* Opens FIFO node (its reference is taken) with flags; fills rp: the
 * session, an error in w[0], or kept (the open waits for the other side). */
void fifo_open(struct mnode *node, int flags, struct reply *rp);

#endif
