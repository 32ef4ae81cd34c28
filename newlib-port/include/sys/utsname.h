/* uname() (Linux field sizes). */
#ifndef _SYS_UTSNAME_H
#define _SYS_UTSNAME_H

#include <sys/cdefs.h>

#define _UTSNAME_LENGTH 65

struct utsname {
	char sysname[_UTSNAME_LENGTH];   /* "Motor" */
	char nodename[_UTSNAME_LENGTH];
	char release[_UTSNAME_LENGTH];
	char version[_UTSNAME_LENGTH];
	char machine[_UTSNAME_LENGTH];   /* "x86_64" */
	char domainname[_UTSNAME_LENGTH];
};

__BEGIN_DECLS
int uname(struct utsname *buf);
__END_DECLS

#endif
