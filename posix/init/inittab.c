/* /etc/inittab's parser and a command's argument vector (inittab.h). */
#include "inittab.h"

#include <stdio.h>
#include <string.h>

static const char *const action_names[] = {
	[IT_SYSINIT] = "sysinit", [IT_WAIT] = "wait",		[IT_ONCE] = "once",
	[IT_RESPAWN] = "respawn", [IT_SHUTDOWN] = "shutdown",
};

const char *inittab_action_name(enum inittab_action a)
{
	return (unsigned)a < sizeof(action_names) / sizeof(action_names[0]) ? action_names[a]
									       : "?";
}

static int action_by_name(const char *s, size_t len)
{
	for (size_t i = 0; i < sizeof(action_names) / sizeof(action_names[0]); i++)
		if (strlen(action_names[i]) == len && !memcmp(action_names[i], s, len))
			return (int)i;
	return -1;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Parses one line (no newline in it) into e; -> NULL, or what is wrong. */
static const char *parse_line(const char *s, size_t len, struct inittab_entry *e, char *why,
			      size_t whylen)
{
	const char *end = s + len, *field[3];
	size_t flen[3];
	for (int i = 0; i < 3; i++) {
		const char *colon = memchr(s, ':', (size_t)(end - s));
		if (!colon)
			return "not id:runlevels:action:command";
		field[i] = s;
		flen[i] = (size_t)(colon - s);
		s = colon + 1;
	}
	while (s < end && blank(*s))
		s++;
	while (end > s && blank(end[-1]))
		end--;
	if (flen[0] >= sizeof(e->tty))
		return "the id is too long";
	char id[INITTAB_TTY];
	memcpy(id, field[0], flen[0]);
	id[flen[0]] = '\0';
	if (id[0] == '/' || strstr(id, ".."))
		return "the id must name a terminal under /dev";
	int a = action_by_name(field[2], flen[2]);
	if (a < 0) {
		snprintf(why, whylen, "unknown action '%.*s'", (int)(flen[2] > 20 ? 20 : flen[2]),
			 field[2]);
		return why;
	}
	if (s == end)
		return "no command";
	if ((size_t)(end - s) >= sizeof(e->command))
		return "the command is too long";
	memcpy(e->tty, id, sizeof(id));
	e->action = (enum inittab_action)a;
	memcpy(e->command, s, (size_t)(end - s));
	e->command[end - s] = '\0';
	return NULL;
}

int inittab_parse(const char *text, size_t len, struct inittab *tab, inittab_warn_fn *warn,
		  void *ctx)
{
	int bad = 0, lineno = 0;
	const char *p = text, *end = text + len;
	tab->n = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		lineno++;
		const char *s = p;
		p = nl ? nl + 1 : end;
		while (s < eol && blank(*s))
			s++;
		size_t n = (size_t)(eol - s);
		if (n && s[n - 1] == '\r')
			n--;
		if (!n || *s == '#')
			continue;
		char why[64];
		const char *err = NULL;
		if (memchr(s, '\0', n))
			err = "a NUL byte in the line";
		else if (tab->n == INITTAB_MAX)
			err = "too many entries (the rest are ignored)";
		else
			err = parse_line(s, n, &tab->entry[tab->n], why, sizeof(why));
		if (err) {
			bad++;
			if (warn)
				warn(lineno, err, ctx);
			continue;
		}
		tab->entry[tab->n++].line = lineno;
	}
	return bad;
}

int inittab_argv(const char *command, char *buf, char **argv, int max, const char **path)
{
	bool login = command[0] == '-';
	if (login)
		command++;
	if (max < 4)
		return -1;
	size_t room = INITTAB_BUF;
	if (strpbrk(command, "\"'\\$`;|&<>()*?[]~#=\n{}")) {
		int n = snprintf(buf, room, "%ssh", login ? "-" : "");
		snprintf(buf + n + 1, room - (size_t)n - 1, "%s", command);
		argv[0] = buf;
		argv[1] = "-c";
		argv[2] = buf + n + 1;
		argv[3] = NULL;
		*path = "/bin/sh";
		return 3;
	}
	int len = snprintf(buf, room, "%s", command);
	int argc = 0;
	for (char *s = buf;;) {
		while (blank(*s))
			s++;
		if (!*s)
			break;
		if (argc == max - 1)
			return -1;
		argv[argc++] = s;
		while (*s && !blank(*s))
			s++;
		if (*s)
			*s++ = '\0';
	}
	if (!argc)
		return -1;
	argv[argc] = NULL;
	*path = argv[0];
	if (login) { /* argv[0]: '-' and the base name, after the words */
		const char *base = strrchr(argv[0], '/');
		char *name = buf + len + 1;
		snprintf(name, room - (size_t)len - 1, "-%s", base ? base + 1 : argv[0]);
		argv[0] = name;
	}
	return argc;
}
