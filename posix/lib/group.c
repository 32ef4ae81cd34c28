/*
 * The group database from /etc/group ("name:password:gid:member,member").
 * newlib's unix directory reads /etc/passwd already but has no group side.
 */
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MEMBERS 32

static FILE *db;
static char line[1024];
static char *members[MAX_MEMBERS + 1];
static struct group gr;

void setgrent(void)
{
	if (db)
		rewind(db);
}

void endgrent(void)
{
	if (db)
		fclose(db);
	db = NULL;
}

/* Splits one line in place; 0 if it is not a valid entry. */
static int parse(char *s)
{
	char *f[4];
	for (int i = 0; i < 4; i++) {
		f[i] = s;
		s = i < 3 ? strchr(s, ':') : NULL;
		if (i < 3 && !s)
			return 0;
		if (s)
			*s++ = '\0';
	}
	f[3][strcspn(f[3], "\n")] = '\0';
	char *end;
	long gid = strtol(f[2], &end, 10);
	if (end == f[2] || *end || gid < 0)
		return 0;
	int n = 0;
	for (char *m = strtok(f[3], ","); m && n < MAX_MEMBERS; m = strtok(NULL, ","))
		members[n++] = m;
	members[n] = NULL;
	gr = (struct group){.gr_name = f[0], .gr_passwd = f[1], .gr_gid = (gid_t)gid,
			    .gr_mem = members};
	return 1;
}

struct group *getgrent(void)
{
	if (!db && !(db = fopen("/etc/group", "r")))
		return NULL;
	while (fgets(line, sizeof(line), db))
		if (parse(line))
			return &gr;
	return NULL;
}

struct group *getgrnam(const char *name)
{
	struct group *g;
	setgrent();
	while ((g = getgrent()) && strcmp(g->gr_name, name) != 0)
		;
	endgrent();
	return g;
}

struct group *getgrgid(gid_t gid)
{
	struct group *g;
	setgrent();
	while ((g = getgrent()) && g->gr_gid != gid)
		;
	endgrent();
	return g;
}
