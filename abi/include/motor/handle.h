/*
 * Handles and rights. A handle is a small positive integer naming a kernel
 * object in one process's handle table, with rights that say what the holder
 * may do with it. Rights only shrink: handle_dup and IPC transfer can drop
 * rights, never add them. Objects live while some handle (or the kernel)
 * refers to them.
 */
#ifndef MOTOR_HANDLE_H
#define MOTOR_HANDLE_H

enum motor_object_type {
	MOTOR_OBJ_PROCESS = 1,
	MOTOR_OBJ_THREAD = 2,
	MOTOR_OBJ_ENDPOINT = 3,
	MOTOR_OBJ_NOTIFICATION = 4,
	MOTOR_OBJ_MEMORY = 5,
	MOTOR_OBJ_WAITSET = 6,
	MOTOR_OBJ_RESOURCE = 7, /* device resources: IRQs and physical memory (init gets it) */
	MOTOR_OBJ_REPLY = 8,    /* a received call kept to be answered later (ipc_reply_save) */
};

#define MOTOR_RIGHT_DUP (1u << 0)      /* may be duplicated */
#define MOTOR_RIGHT_TRANSFER (1u << 1) /* may be sent in a message */
#define MOTOR_RIGHT_READ (1u << 2)     /* memory: map readable */
#define MOTOR_RIGHT_WRITE (1u << 3)    /* memory: map writable */
#define MOTOR_RIGHT_EXEC (1u << 4)     /* memory: map executable */
#define MOTOR_RIGHT_WAIT (1u << 5)     /* process/notification: wait on it */
#define MOTOR_RIGHT_SIGNAL (1u << 6)   /* notification: signal; process: kill */
#define MOTOR_RIGHT_CALL (1u << 7)     /* endpoint: call */
#define MOTOR_RIGHT_RECEIVE (1u << 8)  /* endpoint: receive and reply */
#define MOTOR_RIGHT_MANAGE (1u << 9)   /* process: map memory and start threads in it; waitset: bind */
#define MOTOR_RIGHTS_ALL 0x3ffu

#define MOTOR_MAX_HANDLES 65535

#endif
