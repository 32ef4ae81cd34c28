/*
 * The file protocol: how libposix talks to the VFS server and to every
 * server that backs an open file (the VFS server itself for memfs files and
 * memory devices, the tty server for terminals, later the ext2 and network
 * servers). Messages are Motor IPC calls (motor/ipc.h):
 *
 *   request:  w[0] = operation, w[1..3] = arguments, data = path(s) or bytes
 *   reply:    w[0] = result (>= 0) or a negative errno (motor/errno.h),
 *             w[1..3] = extra results, data and handles as the operation says
 *
 * Namespace calls go to the VFS endpoint every process gets (auxv
 * MOTOR_AT_VFS). Paths are absolute (libposix joins relative ones with its
 * cwd), at most MOTOR_PATH_MAX bytes with the terminating NUL included in
 * the data. A successful open answers with one handle: the session of the
 * new open file description (offset, status flags), minted by the server
 * that backs the file. Every later call on that file goes straight to its
 * session; the description lives while its holders have not sent
 * FILE_CLOSE (FILE_CLONE adds a holder: the handle given to another process).
 *
 * Flags and modes use newlib's values (O_*, S_IF*, the permission bits).
 */
#ifndef MOTOR_FS_H
#define MOTOR_FS_H

#include <stdint.h>

#define MOTOR_PATH_MAX 4096
#define MOTOR_NAME_MAX 255

enum motor_vfs_op {
	/* w1 = O_* flags, w2 = mode for O_CREAT. -> 0, the session handle, and
	 * w1 = the file's type (S_IFMT bits). */
	VFS_OPEN = 1,
	/* w1 = 1 not to follow a final symlink (lstat). -> data: struct motor_stat. */
	VFS_STAT = 2,
	VFS_MKDIR = 3,    /* w1 = mode */
	VFS_RMDIR = 4,
	VFS_UNLINK = 5,
	VFS_RENAME = 6,   /* data: "old\0new\0" */
	VFS_LINK = 7,     /* data: "existing\0new\0" */
	VFS_SYMLINK = 8,  /* data: "target\0linkpath\0" */
	VFS_READLINK = 9, /* -> length; data: the target (no NUL) */
	VFS_ACCESS = 10,  /* w1 = R_OK|W_OK|X_OK or F_OK */
	VFS_CHMOD = 11,   /* w1 = mode */
	VFS_TRUNCATE = 12, /* w1 = length */
	VFS_STATFS = 13,  /* -> data: struct motor_statfs */
	VFS_MKNOD = 14,   /* w1 = mode (type and permissions), w2 = rdev */
	VFS_CHOWN = 15,   /* w1 = uid, w2 = gid (-1 keeps), w3 = 1: do not follow */
	VFS_UTIMES = 16,  /* w1 = atime ns, w2 = mtime ns (-1 keeps), w3 = 1: now */
	VFS_MOUNTS = 17,  /* -> data: lines "source mountpoint type options\n" */
	VFS_REALPATH = 18, /* -> data: the canonical path, NUL-terminated */
	/* No path. w1 = O_NONBLOCK or 0 -> 0 and two session handles: the
	 * pipe's read end, then its write end. */
	VFS_PIPE = 19,
};

enum motor_file_op {
	FILE_READ = 64,   /* w1 = max bytes -> bytes; data: them. 0 at the end. */
	FILE_WRITE = 65,  /* data: bytes -> bytes written */
	FILE_PREAD = 66,  /* w1 = max bytes, w2 = offset; the file offset stays */
	FILE_PWRITE = 67, /* data: bytes, w2 = offset */
	FILE_SEEK = 68,   /* w1 = offset, w2 = SEEK_SET/CUR/END -> the new offset */
	FILE_STAT = 69,   /* -> data: struct motor_stat */
	FILE_TRUNCATE = 70, /* w1 = length */
	FILE_GETDENTS = 71, /* w1 = max bytes -> bytes; data: struct motor_dirent records */
	FILE_SYNC = 72,
	FILE_CLOSE = 73,  /* drops the caller's hold on the description */
	FILE_CLONE = 74,  /* -> 0 and a new handle (one more holder) */
	FILE_GETFL = 75,  /* -> the status flags (O_ACCMODE, O_APPEND, O_NONBLOCK) */
	FILE_SETFL = 76,  /* w1 = O_APPEND|O_NONBLOCK to set; others are ignored */
	FILE_IOCTL = 77,  /* w1 = request; data in and out as the request says */
	FILE_CHMOD = 78,  /* w1 = mode */
	FILE_CHOWN = 79,  /* w1 = uid, w2 = gid */
	FILE_HOLD = 80,   /* one more holder through the same handle (a fork's child) */
	/* Readiness (poll, select, epoll); see "Readiness" below. */
	FILE_WATCH = 81,   /* handle: a notification (SIGNAL); w1 = its bits to signal,
			    * w2 = events | MOTOR_POLL_ARM/EDGE as FILE_POLL's w1 -> the watch
			    * id (> 0), or 0: readiness never changes, no watch kept (the
			    * handle is closed); w1 = revents now */
	FILE_POLL = 82,    /* w1 = events | MOTOR_POLL_ARM | MOTOR_POLL_EDGE, w2 = watch id
			    * (0: only ask) -> revents now. -ENOENT: not a watch of this
			    * description (stale, evicted: register again) */
	FILE_UNWATCH = 83, /* w1 = watch id -> 0. -ENOENT */
};

/*
 * Readiness. revents are poll(2)'s bits (Linux values, MOTOR_POLL_*):
 * IN/RDNORM data to read or end of file, OUT/WRNORM room to write,
 * PRI urgent data, HUP the other side is gone, ERR writes fail. A
 * description whose readiness can change keeps *watches*: a watch is a
 * notification handle the client gave with FILE_WATCH and the bits to
 * signal on it. FILE_POLL (and FILE_WATCH) answer the readiness now and,
 * with MOTOR_POLL_ARM, arm the watch in the same step, so nothing that
 * happens between the answer and the client's wait is missed:
 *   - level (ARM alone): armed only when none of events (nor HUP, ERR) holds
 *     now; the server signals once, when one of them comes to hold.
 *   - edge (ARM|EDGE): armed whatever holds now; the server signals at the
 *     next change of the description's state after which one of events holds
 *     (new data, room freed, the other side gone), even if it held before.
 * A signal disarms the watch; the client asks again (FILE_POLL), which
 * re-arms it. A signal is a hint: the client always asks before it reports.
 * Watches go with their description, with FILE_UNWATCH, or, past
 * MOTOR_WATCH_PER_DESC on one description, the oldest is signalled and
 * dropped (a client killed before it could unwatch); a client that finds
 * its watch gone (-ENOENT) registers again. Files that are always ready
 * (regular files, memory devices) keep no watch: FILE_WATCH answers 0.
 * Unknown bits in events give -EINVAL.
 */
#define MOTOR_POLL_IN 0x001
#define MOTOR_POLL_PRI 0x002
#define MOTOR_POLL_OUT 0x004
#define MOTOR_POLL_ERR 0x008
#define MOTOR_POLL_HUP 0x010
#define MOTOR_POLL_NVAL 0x020
#define MOTOR_POLL_RDNORM 0x040
#define MOTOR_POLL_RDBAND 0x080
#define MOTOR_POLL_WRNORM 0x100
#define MOTOR_POLL_WRBAND 0x200
#define MOTOR_POLL_EVENTS 0x3ff       /* the bits events may hold */
#define MOTOR_POLL_ARM (1u << 16)     /* FILE_POLL/FILE_WATCH: arm the watch */
#define MOTOR_POLL_EDGE (1u << 17)    /*   edge-triggered (with ARM) */
#define MOTOR_WATCH_PER_DESC 64

/* Device servers (tty, ...) are opened by the VFS server on a client's behalf. */
enum motor_dev_op {
	DEV_OPEN = 96, /* w1 = minor, w2 = O_* flags -> 0 and the session handle */
};

/* Device numbers (st_rdev = major << 8 | minor), Linux's where they exist. */
#define MOTOR_DEV_MEM 1     /* null 3, zero 5, full 7, random 8, urandom 9 */
#define MOTOR_DEV_TTY 5     /* tty 0 (the controlling terminal), console 1 */
#define MOTOR_DEV_MINOR_NULL 3
#define MOTOR_DEV_MINOR_ZERO 5
#define MOTOR_DEV_MINOR_FULL 7
#define MOTOR_DEV_MINOR_RANDOM 8
#define MOTOR_DEV_MINOR_URANDOM 9
#define MOTOR_DEV_MINOR_TTY 0
#define MOTOR_DEV_MINOR_CONSOLE 1

struct motor_stat {
	uint64_t dev, ino;
	uint32_t mode, nlink;
	uint32_t uid, gid;
	uint64_t rdev;
	int64_t size;
	int64_t blksize, blocks; /* blocks: 512-byte units */
	int64_t atime_ns, mtime_ns, ctime_ns;
};

struct motor_statfs {
	uint64_t bsize;
	uint64_t blocks, bfree, bavail; /* in bsize units */
	uint64_t files, ffree;
	uint64_t flags; /* 1: read-only */
	uint64_t namemax;
};

/* FILE_GETDENTS records: packed, each reclen bytes (a multiple of 8). */
struct motor_dirent {
	uint64_t ino;
	uint64_t next;    /* the cookie of the next entry (for telldir) */
	uint16_t reclen;
	uint8_t type;     /* DT_* (S_IFMT >> 12) */
	char name[];      /* NUL-terminated */
};

/* Auxiliary vector entries for processes the POSIX side starts. */
#define MOTOR_AT_VFS 0x1010    /* handle: the VFS endpoint (CALL) */
#define MOTOR_AT_PID 0x1011    /* the process id */
#define MOTOR_AT_PPID 0x1012   /* the parent's process id */
#define MOTOR_AT_FD0 0x1013    /* handles: sessions for descriptors 0, 1, 2 */
#define MOTOR_AT_FD1 0x1014
#define MOTOR_AT_FD2 0x1015
#define MOTOR_AT_CWD 0x1017   /* string: the working directory (exec keeps it) */
#define MOTOR_AT_UMASK 0x1018  /* the file mode creation mask + 1 (0: the default) */
#define MOTOR_AT_FD_BASE 0x2000 /* + fd (3..1023): handles, sessions for those descriptors */
#define MOTOR_AT_SERVER0 0x1020 /* servers: handles their starter gives them */
#define MOTOR_AT_SERVER1 0x1021
#define MOTOR_AT_SERVER2 0x1022
#define MOTOR_AT_SERVER3 0x1023

#endif
