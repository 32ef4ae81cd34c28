/*
 * Motor's sizes for newlib's system types (<sys/_types.h> asks this header
 * first). newlib's defaults are from 16-bit days: a 16-bit ino_t would
 * wrap on any real ext2 (and readdir skips d_ino == 0), a 16-bit dev_t and
 * uid_t are too small for Linux-like values. Motor uses Linux's x86_64
 * sizes; struct stat and struct dirent follow from them.
 */
#ifndef _MACHINE__TYPES_H
#define _MACHINE__TYPES_H

#include <machine/_default_types.h>

#define __machine_dev_t_defined
typedef __uint64_t __dev_t;

#define __machine_ino_t_defined
typedef __uint64_t __ino_t;

#define __machine_uid_t_defined
typedef __uint32_t __uid_t;

#define __machine_gid_t_defined
typedef __uint32_t __gid_t;

#define __machine_fsfilcnt_t_defined
typedef __uint64_t __fsfilcnt_t;

/* struct sockaddr starts with a 16-bit family, as on Linux (no sa_len). */
#define __machine_sa_family_t_defined
typedef __uint16_t __sa_family_t;

#endif
