/* The mount table, from the VFS server (libposix's motor_mounts), as records for mount and df. */
#include "cu.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <motor/libposix.h>

int cu_mounts(struct cu_mount **out)
{
	static char buf[16384];
	long n = motor_mounts(buf, sizeof(buf) - 1);
	if (n < 0) {
		errno = (int)-n;
		return -1;
	}
	buf[n] = 0;
	int count = 0, cap = 0;
	struct cu_mount *m = NULL;
	for (char *line = buf, *next; *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		else
			next = line + strlen(line);
		char *f[4], *save = NULL;
		int k = 0;
		for (char *w = strtok_r(line, " ", &save); w && k < 4; w = strtok_r(NULL, " ", &save))
			f[k++] = w;
		if (k < 4)
			continue;
		if (count == cap) {
			cap = cap ? cap * 2 : 8;
			struct cu_mount *more = realloc(m, (size_t)cap * sizeof(*m));
			if (!more) {
				free(m);
				errno = ENOMEM;
				return -1;
			}
			m = more;
		}
		m[count++] = (struct cu_mount){f[0], f[1], f[2], f[3]};
	}
	*out = m;
	return count;
}
