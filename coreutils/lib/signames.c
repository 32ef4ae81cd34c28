/* Signal names and numbers (Linux's numbering, as Motor's <signal.h>) for kill. */
#include "cu.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const names[] = {
	[1] = "HUP",   [2] = "INT",     [3] = "QUIT",  [4] = "ILL",    [5] = "TRAP",
	[6] = "ABRT",  [7] = "BUS",     [8] = "FPE",   [9] = "KILL",   [10] = "USR1",
	[11] = "SEGV", [12] = "USR2",   [13] = "PIPE", [14] = "ALRM",  [15] = "TERM",
	[16] = "STKFLT", [17] = "CHLD", [18] = "CONT", [19] = "STOP",  [20] = "TSTP",
	[21] = "TTIN", [22] = "TTOU",   [23] = "URG",  [24] = "XCPU",  [25] = "XFSZ",
	[26] = "VTALRM", [27] = "PROF", [28] = "WINCH", [29] = "IO",   [30] = "PWR",
	[31] = "SYS",
};

const char *cu_signal_name(int sig)
{
	return sig > 0 && sig < CU_NSIG ? names[sig] : NULL;
}

int cu_signal_number(const char *s)
{
	if (isdigit((unsigned char)s[0])) {
		char *end;
		long v = strtol(s, &end, 10);
		return *end || v < 0 || v >= 65 ? -1 : (int)v;
	}
	if (!strncasecmp(s, "SIG", 3))
		s += 3;
	for (int i = 1; i < CU_NSIG; i++)
		if (!strcasecmp(s, names[i]))
			return i;
	return -1;
}
