/*
 * Error numbers shared by the kernel, the servers and libposix.
 *
 * Kernel and server calls return a negative value of one of these on failure.
 * The numbers are newlib's (the C library of Motor's programs), so libposix
 * hands them to errno unchanged; 1-34 are also Linux's, the rest differ.
 */
#ifndef MOTOR_ERRNO_H
#define MOTOR_ERRNO_H

#define EPERM         1   /* operation not permitted */
#define ENOENT        2   /* no such file or entry */
#define ESRCH         3   /* no such process */
#define EINTR         4   /* interrupted */
#define EIO           5   /* input/output error */
#define ENXIO         6   /* no such device or address */
#define E2BIG         7   /* argument list too long */
#define ENOEXEC       8   /* not an executable */
#define EBADF         9   /* bad handle or descriptor */
#define ECHILD        10  /* no child process */
#define EAGAIN        11  /* try again */
#define ENOMEM        12  /* out of memory */
#define EACCES        13  /* permission denied */
#define EFAULT        14  /* bad address */
#define EBUSY         16  /* busy */
#define EEXIST        17  /* already exists */
#define EXDEV         18  /* cross-device link */
#define ENODEV        19  /* no such device */
#define ENOTDIR       20  /* not a directory */
#define EISDIR        21  /* is a directory */
#define EINVAL        22  /* invalid argument */
#define ENFILE        23  /* too many open files in the system */
#define EMFILE        24  /* too many handles or descriptors */
#define ENOTTY        25  /* not a terminal */
#define EFBIG         27  /* file too large */
#define ENOSPC        28  /* no space left */
#define ESPIPE        29  /* not seekable */
#define EROFS         30  /* read-only file system */
#define EMLINK        31  /* too many links */
#define EPIPE         32  /* the other side is gone (server died, endpoint closed) */
#define ERANGE        34  /* result out of range */
#define EDEADLK       45  /* deadlock */
#define ENOSYS        88  /* not implemented */
#define ENOTEMPTY     90  /* directory not empty */
#define ENAMETOOLONG  91  /* name too long */
#define ELOOP         92  /* too many symbolic links */
#define ETIMEDOUT     116 /* timed out */
#define EMSGSIZE      122 /* message too long */
#define ENOTSUP       134 /* not supported */
#define EILSEQ        138 /* illegal byte sequence */
#define EOVERFLOW     139 /* value too large */
#define ECANCELED     140 /* cancelled by another thread (thread_cancel) */

#endif
