/* Some programs include <sys/syslog.h>; it is <syslog.h>. */
#include <syslog.h>
