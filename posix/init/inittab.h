/*
 * /etc/inittab: what init runs once the servers are up. The format is
 * sysvinit's and busybox's, one entry a line:
 *
 *     id:runlevels:action:command
 *
 *   id         the terminal the command gets as stdin, stdout, stderr and
 *              controlling terminal, a name under /dev ("console",
 *              "pts/0"); empty: the console as stdin, stdout and stderr
 *              only (a terminal is one session's: the shell's)
 *   runlevels  ignored (Motor has none); kept so other inittabs read
 *   action     sysinit   run before anything else, and waited for
 *              wait      run after the sysinit entries, and waited for
 *              once      started, not waited for
 *              respawn   started, and started again whenever it ends
 *              shutdown  run, and waited for, when the system goes down
 *   command    the rest of the line; a leading '-' makes argv[0] start
 *              with '-' (a login shell); with shell syntax in it
 *              (quotes, $, ;, |, &, <, >, ...) it runs under /bin/sh -c
 *
 * '#' starts a comment line. A bad line is reported and skipped; the
 * others still count. Pure logic: tests/unit/test_inittab.c runs it on the
 * host.
 */
#ifndef INIT_INITTAB_H
#define INIT_INITTAB_H

#include <stdbool.h>
#include <stddef.h>

#define INITTAB_MAX 32      /* entries */
#define INITTAB_TTY 32      /* bytes of an id, with its NUL */
#define INITTAB_COMMAND 256 /* bytes of a command, with its NUL */
#define INITTAB_ARGS 32     /* words of a command run without the shell */
#define INITTAB_BUF (2 * INITTAB_COMMAND + 8) /* inittab_argv's buffer */

enum inittab_action { IT_SYSINIT, IT_WAIT, IT_ONCE, IT_RESPAWN, IT_SHUTDOWN };

struct inittab_entry {
	char tty[INITTAB_TTY];
	enum inittab_action action;
	char command[INITTAB_COMMAND];
	int line; /* in the file, for messages */
};

struct inittab {
	struct inittab_entry entry[INITTAB_MAX];
	int n;
};

/* Called once per bad line: its number and what is wrong with it. */
typedef void inittab_warn_fn(int line, const char *why, void *ctx);

/* Parses len bytes of text into tab; -> the number of bad lines. */
int inittab_parse(const char *text, size_t len, struct inittab *tab, inittab_warn_fn *warn,
		  void *ctx);

/* The action's name, as the file spells it. */
const char *inittab_action_name(enum inittab_action a);

/*
 * The argument vector for command: its words split at blanks into buf
 * (INITTAB_BUF bytes), or, when it holds shell syntax,
 * {"/bin/sh", "-c", command}. A leading '-' is dropped from the program's
 * path and put before its base name in argv[0] ("-/bin/sh" -> path
 * "/bin/sh", argv[0] "-sh"). *path gets the program to run. -> argc, or -1
 * when there is no word or too many.
 */
int inittab_argv(const char *command, char *buf, char **argv, int max, const char **path);

#endif
