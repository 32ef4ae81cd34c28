/* What ps and top share: a process's terminal name and its command line. */
#include <stdio.h>
#include <string.h>

#include "procs.h"

/* Device numbers as the servers give them (motor/fs.h): 5,N the console and
 * /dev/tty; 136,N the pty slaves. */
const char *cu_tty_name(int32_t dev, char *buf, size_t cap)
{
	int major = dev >> 8, minor = dev & 0xff;
	if (dev <= 0)
		snprintf(buf, cap, "?");
	else if (major == 5 && minor == 1)
		snprintf(buf, cap, "console");
	else if (major == 136)
		snprintf(buf, cap, "pts/%d", minor);
	else
		snprintf(buf, cap, "%d,%d", major, minor);
	return buf;
}

const char *cu_cmdline(const struct motor_proc_stat *s, char *buf, size_t cap)
{
	size_t n = s->cmdline_len < sizeof(s->cmdline) ? s->cmdline_len : sizeof(s->cmdline);
	if (n == 0 || cap == 0) { /* a zombie, or procd's own start: the name in brackets */
		snprintf(buf, cap, "[%.*s]", (int)sizeof(s->name), s->name);
		return buf;
	}
	size_t k = 0;
	for (size_t i = 0; i < n && k + 1 < cap; i++)
		buf[k++] = s->cmdline[i] ? s->cmdline[i] : ' ';
	while (k && buf[k - 1] == ' ')
		k--;
	buf[k] = '\0';
	return buf;
}
