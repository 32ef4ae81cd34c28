/*
 * IPC objects (kernel/ipc/): endpoints with synchronous call/receive/reply,
 * notifications (a word of bits) and wait-sets (many sources, one wait).
 * The user-visible contract is abi/include/motor/ipc.h.
 *
 * Lock order: a call's lock (call->wq.lock) -> an endpoint's or a
 * notification's lock -> a wait-set's lock -> address-space and handle-table
 * locks (leaves).
 */
#ifndef IPC_IPC_H
#define IPC_IPC_H

#include <stdbool.h>
#include <stdint.h>

#include "motor/ipc.h"
#include "obj/object.h"
#include "sched/waitq.h"

struct thread;
struct waitset;

/* How a source (endpoint, notification) sits in a wait-set's ready list. */
struct ws_link {
	struct waitset *ws; /* bound wait-set (a reference is held), or NULL */
	uint64_t key;
	bool queued;
	struct ws_link *next;
	struct kobject *owner;
};

struct waitset {
	struct kobject obj;
	struct waitq wq; /* its lock guards the ready list */
	struct ws_link *head, *tail;
};

struct ipc_call;

struct badge_count {
	uint64_t badge;
	uint32_t handles;
};

struct endpoint {
	struct kobject obj;
	struct waitq recv; /* receivers waiting; its lock is the endpoint's lock */
	struct ipc_call *send_head, *send_tail;
	volatile unsigned receivers; /* handles with the RECEIVE right */
	struct ws_link link;
	uint32_t flags;              /* MOTOR_EP_* */
	/* MOTOR_EP_CLOSE_NOTICES: handles per badge (endpoint lock) */
	struct badge_count *counts;
	uint32_t ncounts, capcounts;
};

struct notification {
	struct kobject obj;
	struct waitq wq; /* its lock guards bits */
	uint64_t bits;
	struct ws_link link;
};

/* What a thread keeps while it takes part in IPC. */
struct ipc_thread_state {
	struct ipc_call *pending_reply; /* the call it received and has not answered */
	bool has_rmsg;
	bool rmsg_dirty; /* a call filled rmsg: recv_on writes it back to rmsg_uaddr */
	uint64_t rmsg_uaddr;
	struct motor_msg rmsg; /* a receiver's message block while it waits */
	uint64_t notify_bits;
};

int endpoint_create(uint32_t flags, struct endpoint **out);
int notification_create(struct notification **out);
int waitset_create(struct waitset **out);

long ipc_call(struct endpoint *ep, uint64_t badge, const uint64_t w[4], uint64_t msg_uaddr);
long ipc_recv(struct kobject *src, uint64_t msg_uaddr);
long ipc_reply(const uint64_t w[4], uint64_t msg_uaddr);
/* Turns the call this thread owes a reply into an object (*out, one reference). */
int ipc_reply_save(struct kobject **out);
/* Answers a saved call; -EINVAL when it was answered already. */
long ipc_reply_saved(struct kobject *reply, const uint64_t w[4], uint64_t msg_uaddr);
/* A thread that exits or receives again fails the call it still owes a reply. */
void ipc_abandon_reply(struct thread *t);

long notify_signal(struct notification *n, uint64_t bits, uint32_t flags);
long notify_wait(struct notification *n, uint64_t deadline, uint64_t *bits);

int waitset_add(struct waitset *ws, struct kobject *src, uint64_t key);

/* "get unless zero": a reference to an object that may be mid-destruction. */
bool kobject_tryget(struct kobject *o);

#endif
