/*
 * Error numbers shared by the kernel, the servers and libposix.
 *
 * Kernel and server calls return a negative value of one of these on failure.
 * The numbers match Linux/newlib so libposix can hand them to errno unchanged.
 */
#ifndef MOTOR_ERRNO_H
#define MOTOR_ERRNO_H

#define EPERM 1         /* operation not permitted */
#define ENOENT 2        /* no such file or entry */
#define ESRCH 3         /* no such process */
#define EINTR 4         /* interrupted */
#define EIO 5           /* input/output error */
#define ENXIO 6         /* no such device or address */
#define E2BIG 7         /* argument list too long */
#define ENOEXEC 8       /* not an executable */
#define EBADF 9         /* bad handle or descriptor */
#define EAGAIN 11       /* try again */
#define ENOMEM 12       /* out of memory */
#define EACCES 13       /* permission denied */
#define EFAULT 14       /* bad address */
#define EBUSY 16        /* busy */
#define EEXIST 17       /* already exists */
#define ENODEV 19       /* no such device */
#define ENOTDIR 20      /* not a directory */
#define EISDIR 21       /* is a directory */
#define EINVAL 22       /* invalid argument */
#define EMFILE 24       /* too many handles or descriptors */
#define ENOSPC 28       /* no space left */
#define EPIPE 32        /* the other side is gone (server died, endpoint closed) */
#define ERANGE 34       /* result out of range */
#define ENAMETOOLONG 36 /* name too long */
#define ENOSYS 38       /* not implemented */
#define EMSGSIZE 90     /* message too long */
#define ENOTSUP 95      /* not supported */
#define ETIMEDOUT 110   /* timed out */
#define ECANCELED 125   /* cancelled by another thread (thread_cancel) */

#endif
